/**
 * Access as the catalog shows it: grants sorted by expiry, and the "Request access" link that opens
 * GitHub's new-file page with a valid AccessGrant already filled in.
 */
import { Document, isMap, isScalar } from 'yaml';
import type { AccessGrant } from '../../../bot/core/kinds/access-grant.ts';
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
  /** Roles offered by the port's contract; the first is proposed. */
  roles: readonly string[];
  /** YYYY-MM-DD; the grant is proposed for a year from then. */
  today: string;
  validDays?: number;
}

export interface AccessRequest {
  id: string;
  /** Repository-relative path of the new grant, in the product's `access/` folder. */
  filename: string;
  grant: AccessGrant;
  yaml: string;
  url: string;
}

/**
 * The grant a consumer starts from. Placeholders are valid values (the id, team and user match
 * the schema's patterns) so a request that is only partly edited still loads; the reviewers see
 * `your-team` and ask for the real one.
 */
export function accessRequest(input: AccessRequestInput): AccessRequest | undefined {
  const role = input.roles[0];
  const repository = safeWebUrl(input.repository.url)?.replace(/\/+$/, '');
  if (!role || !repository) return undefined;
  const id = `your-team-${toIdPart(input.product.id)}-${toIdPart(input.port)}`.slice(0, 128).replace(/-+$/, '');
  const folder = input.product.file.includes('/') ? input.product.file.slice(0, input.product.file.lastIndexOf('/')) : '.';
  const filename = `${folder}/access/${id}.yaml`;
  const grant: AccessGrant = {
    apiVersion: 'meshgate/v1',
    kind: 'AccessGrant',
    id,
    consumer: { team: '@your-org/your-team' },
    dataProduct: input.product.id,
    outputPort: input.port,
    role,
    purpose: 'Describe what your team will use this data for.',
    requestedBy: '@your-github-user',
    validUntil: addDays(input.today, input.validDays ?? 365),
  };
  const yaml = grantYaml(grant, input.roles);
  const query = `filename=${encodeURIComponent(filename)}&value=${encodeURIComponent(yaml)}`;
  const url = `${repository}/new/${encodeURIComponent(input.repository.branch)}?${query}`;
  return { id, filename, grant, yaml, url };
}

/**
 * The grant as YAML, with comments telling the requester what to change. Every value, and the
 * roles named in a comment, is written by the YAML library: a role or port name holding a newline
 * stays one quoted value instead of adding keys to the file the consumer submits.
 */
export function grantYaml(grant: AccessGrant, roles: readonly string[]): string {
  const doc = new Document(grant);
  doc.commentBefore =
    ' Access request: replace the placeholders (your-team, @your-org/your-team, @your-github-user,\n' +
    ' the purpose), then commit to a new branch and open a pull request. Meshgate asks the approvers.';
  const root = doc.contents;
  const quote = (value: unknown) => {
    if (isScalar(value) && typeof value.value === 'string') value.type = 'QUOTE_DOUBLE';
  };
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key !== 'apiVersion' && key !== 'kind') quote(pair.value);
      if (key === 'role' && roles.length > 1 && isScalar(pair.key)) {
        pair.key.commentBefore = ` roles offered by the contract: ${roles.map((r) => (/^[\w.@/-]+$/.test(r) ? r : JSON.stringify(r))).join(', ')}`;
      }
    }
    const consumer = doc.get('consumer', true);
    if (isMap(consumer)) {
      for (const pair of consumer.items) quote(pair.value);
      consumer.comment = ' dataProduct: the id of your data product, when the data feeds one';
    }
  }
  return doc.toString({ lineWidth: 0, doubleQuotedAsJSON: true });
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
