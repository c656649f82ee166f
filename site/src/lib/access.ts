/**
 * Access as the catalog shows it: grants sorted by expiry, and the "Request access" link that opens
 * GitHub's new-file page with a valid AccessGrant already filled in.
 */
import { Document, isScalar, type YAMLMap } from 'yaml';
import type { AccessGrant } from '../../../bot/core/kinds/access-grant.ts';
import { REQUEST_TEMPLATE } from '../../../bot/core/requests/form.ts';
import { describeRole, type OfferedRole } from '../../../bot/core/requests/grant-target.ts';
import { safeWebUrl } from './urls.ts';

export interface RepositoryRef {
  /** Web URL of the mesh repository, without a trailing slash: https://github.com/acme/mesh. */
  url: string;
  branch: string;
}

export interface RepositorySources {
  governance?: { repository?: string; branch?: string };
  env?: { repository?: string; branch?: string };
  /** `git remote get-url origin`, any form git accepts. */
  gitRemote?: string;
  /** The branch checked out, used when nothing names one. */
  gitBranch?: string;
}

/**
 * Where "Request access" sends people: `policies/governance.yaml` first (the mesh's own word),
 * then the environment, then the git remote. Only an https: or http: URL counts (a `javascript:`
 * repository in a merged governance file would otherwise be a link on every product page); the
 * next source is asked instead. Undefined when none is known.
 */
export function resolveRepository(sources: RepositorySources): RepositoryRef | undefined {
  const url = [sources.governance?.repository, sources.env?.repository, sources.gitRemote ? remoteToHttps(sources.gitRemote) : undefined]
    .map((candidate) => safeWebUrl(candidate))
    .find((candidate) => candidate !== undefined);
  if (!url) return undefined;
  const branch = sources.governance?.branch ?? sources.env?.branch ?? sources.gitBranch ?? 'main';
  return { url: url.replace(/\/+$/, '').replace(/\.git$/, ''), branch };
}

/**
 * A git remote as the repository's web URL. Credentials in the remote (`https://token@host/…`)
 * are dropped so a CI token never ends up in a published page.
 */
export function remoteToHttps(remote: string): string | undefined {
  const trimmed = remote.trim();
  // scp-like syntax: git@github.com:acme/mesh.git
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(trimmed);
  if (scp && !/^[a-z]+:\/\//i.test(trimmed)) return `https://${scp[1]}/${scp[2]}`;
  try {
    const parsed = new URL(trimmed);
    if (!['http:', 'https:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
    const path = parsed.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
    if (!path || path === '/') return undefined;
    return `https://${parsed.hostname}${path}`;
  } catch {
    return undefined;
  }
}

/** YYYY-MM-DD of `date` plus `days`, in UTC. */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

const toIdPart = (value: string): string =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');

export interface AccessRequestInput {
  repository: RepositoryRef;
  product: { id: string; file: string };
  port: string;
  /** Roles offered by the port's contract, with what each exposes when known. */
  roles: readonly (string | OfferedRole)[];
  /** YYYY-MM-DD. */
  today: string;
  /**
   * The latest end date the mesh's governance and policies accept for this port
   * (bot/core/requests/end-date.ts); without it, today + `validDays` (365).
   */
  validUntil?: string;
  validDays?: number;
}

export interface AccessRequest {
  id: string;
  /** Repository-relative path of the new grant, in the product's `access/` folder. */
  filename: string;
  grant: AccessGrant;
  yaml: string;
  /** GitHub's new-file page with the grant filled in: the YAML way. */
  url: string;
  /** The access-request issue form, prefilled: the way without YAML. */
  formUrl: string;
}

/**
 * Placeholders for what only the requester knows. They match the schema's patterns, so a
 * half-edited file still loads, and they are `your-…`/`TODO` values, which the mesh's checks
 * report until they are replaced; the role too, so it is chosen, never defaulted.
 */
export const PLACEHOLDERS = {
  team: '@your-org/your-team',
  role: 'your-role',
  purpose: 'TODO: what your team will use this data for.',
  requestedBy: '@your-github-user',
} as const;

const roleOf = (role: string | OfferedRole): OfferedRole => (typeof role === 'string' ? { role } : role);

/**
 * The grant a consumer starts from, and the two ways to ask with it: the new-file page (YAML)
 * and the issue form (no YAML), both prefilled with the port, its roles and the end date.
 */
export function accessRequest(input: AccessRequestInput): AccessRequest | undefined {
  const roles = input.roles.map(roleOf);
  // Only a web URL becomes the link (a javascript: repository would run on click).
  const repository = safeWebUrl(input.repository.url)?.replace(/\/+$/, '');
  if (roles.length === 0 || !repository) return undefined;
  const id = `your-team-${toIdPart(input.product.id)}-${toIdPart(input.port)}`.slice(0, 128).replace(/-+$/, '');
  const folder = input.product.file.includes('/') ? input.product.file.slice(0, input.product.file.lastIndexOf('/')) : '.';
  const filename = `${folder}/access/${id}.yaml`;
  const grant: AccessGrant = {
    apiVersion: 'meshgate/v1',
    kind: 'AccessGrant',
    id,
    consumer: { team: PLACEHOLDERS.team },
    dataProduct: input.product.id,
    outputPort: input.port,
    role: PLACEHOLDERS.role,
    purpose: PLACEHOLDERS.purpose,
    requestedBy: PLACEHOLDERS.requestedBy,
    validUntil: input.validUntil ?? addDays(input.today, input.validDays ?? 365),
  };
  const yaml = grantYaml(grant, roles);
  const query = `filename=${encodeURIComponent(filename)}&value=${encodeURIComponent(yaml)}`;
  const url = `${repository}/new/${encodeURIComponent(input.repository.branch)}?${query}`;
  const formUrl = requestFormUrl(repository, input.product.id, input.port, roles, grant.validUntil);
  return { id, filename, grant, yaml, url, formUrl };
}

/**
 * The access-request issue form prefilled with the port, its roles and the end date, and with
 * `role` when the requester picked one (the contract page's per-role buttons). `repository` is a
 * web URL already checked.
 */
export function requestFormUrl(repository: string, product: string, port: string, roles: readonly (string | OfferedRole)[], until: string, role?: string): string {
  const form = new URLSearchParams({
    template: REQUEST_TEMPLATE,
    title: `Access request: ${product} · ${port}`,
    product,
    port,
    roles: roles.map(roleOf).map(describeRole).join('\n'),
    ...(role ? { role } : {}),
    until,
  });
  return `${repository}/issues/new?${form.toString().replace(/\+/g, '%20')}`;
}

/**
 * The grant as YAML, serialised by the YAML library (never by joining strings: a role name or
 * description holding a newline stays inside its comment or scalar), with comments telling the
 * requester what to replace and which roles the contract offers.
 */
export function grantYaml(grant: AccessGrant, roles: readonly (string | OfferedRole)[]): string {
  const doc = new Document(grant);
  doc.commentBefore = [
    ' Access request: replace every your-… and TODO value (the team, the role, the purpose, your',
    ' GitHub user, and your-team in the id), then commit to a new branch and open a pull request.',
    ` validUntil is the latest end date the mesh's policies allow; an earlier one is fine.`,
  ].join('\n');
  const role = (doc.contents as YAMLMap).items.find((pair) => isScalar(pair.key) && pair.key.value === 'role');
  if (role && isScalar(role.key)) role.key.commentBefore = [' Roles the contract offers (choose one):', ...roles.map((r) => `   ${describeRole(roleOf(r))}`)].join('\n');
  const consumer = (doc.contents as YAMLMap).items.find((pair) => isScalar(pair.key) && pair.key.value === 'consumer');
  if (consumer && isScalar(consumer.key)) consumer.key.commentBefore = ' The team that gets access; add dataProduct: <id> under it when the data feeds one of your products.';
  return doc.toString({ lineWidth: 0 });
}

/** Grants per access page; the soonest-expiring come first, so page one is the one people need. */
export const GRANTS_PER_PAGE = 500;

/** The access page (1-based) that lists the grant at `index` of the expiry-sorted list. */
export function grantPage(index: number, perPage = GRANTS_PER_PAGE): number {
  return Math.floor(Math.max(0, index) / perPage) + 1;
}

export type GrantState = 'expired' | 'expiring' | 'active';

/** expired before today; expiring within `soonDays` (inclusive); active otherwise. */
export function grantState(validUntil: string, today: string, soonDays: number): GrantState {
  if (validUntil < today) return 'expired';
  return validUntil <= addDays(today, soonDays) ? 'expiring' : 'active';
}

/** Soonest expiry first; ties by id so the page is stable between builds. */
export function sortByExpiry<T extends { validUntil: string; id: string }>(grants: readonly T[]): T[] {
  return [...grants].sort((a, b) => (a.validUntil === b.validUntil ? a.id.localeCompare(b.id) : a.validUntil < b.validUntil ? -1 : 1));
}
