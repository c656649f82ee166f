/**
 * An access request made through the issue form, judged against the base mesh: either the grant
 * file to propose, or what to fix, field by field, or the grant (or open request) that already
 * gives the same access. Pure: the GitHub adapter fetches the mesh and acts on the answer.
 */
import { stringify } from 'yaml';
import type { AccessGrant } from '../kinds/access-grant.ts';
import { loadEntityFile } from '../load/mesh.ts';
import type { AnyEntity, Entity, Finding, MeshSnapshot } from '../model.ts';
import { evaluatePolicies } from '../policies/engine.ts';
import { validateMesh } from '../validate/mesh.ts';
import { REQUEST_FIELDS, type RequestAnswers, type RequestField } from './form.ts';
import { addDays } from './end-date.ts';
import { describeRole, grantTarget } from './grant-target.ts';
import { isPrincipal } from '../principals.ts';
import { isRecord } from '../shapes.ts';

export type AnswerField = Exclude<RequestField, 'roles'>;

export interface RequestProblem {
  /** The form field to fix; `request` for what no single field explains. */
  field: AnswerField | 'request';
  message: string;
  hint?: string;
}

export interface ProposedGrant {
  grant: AccessGrant;
  /** Repository path of the new file, in the product's `access/` folder. */
  path: string;
  text: string;
  /** The branch the pull request comes from; one per access asked for, so two requests meet there. */
  branch: string;
}

export type RequestPlan =
  | ({ status: 'valid'; warnings: Finding[] } & ProposedGrant)
  | { status: 'invalid'; problems: RequestProblem[] }
  | { status: 'granted'; existing: Entity<'AccessGrant'> };

export interface RequestContext {
  /** The GitHub login of whoever opened the issue: the grant's requestedBy. */
  requester: string;
  /** The issue, named in the file so the grant leads back to its request. */
  issue: { number: number; url: string };
  /** YYYY-MM-DD. */
  today: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Which form field a finding at an instance path of the grant belongs to. */
function fieldOf(path: string): AnswerField | 'request' {
  const top = path.split('/')[1] ?? '';
  switch (top) {
    case 'consumer':
    case 'id':
      return 'team';
    case 'dataProduct':
      return 'product';
    case 'outputPort':
      return 'port';
    case 'role':
      return 'role';
    case 'purpose':
      return 'purpose';
    case 'validUntil':
    case '$validDays':
      return 'until';
    default:
      return 'request';
  }
}

const slug = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');

/** `@acme/marketing` → `marketing`; `@alice` → `alice`. */
export const teamSlug = (team: string) => slug(team.replace(/^@/, '').split('/').pop() ?? '');

const sameTeam = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** An existing grant of the base that gives the same team the same role on the same port. */
export function existingGrant(base: MeshSnapshot, grant: Pick<AccessGrant, 'consumer' | 'dataProduct' | 'outputPort' | 'role'>): Entity<'AccessGrant'> | undefined {
  for (const entity of base.byKind.AccessGrant.values()) {
    const doc = entity.doc;
    const consumer: unknown = doc.consumer;
    if (sameTeam(isRecord(consumer) ? consumer.team : undefined, grant.consumer.team) && doc.dataProduct === grant.dataProduct && doc.outputPort === grant.outputPort && doc.role === grant.role) return entity;
  }
  return undefined;
}

/** The grant file's text: the grant as YAML (serialised by the YAML library) under a comment naming its request. */
export function grantText(grant: AccessGrant, issue: RequestContext['issue']): string {
  return `# Requested in ${issue.url} (issue form); reviewed like any access request.\n${stringify(grant, { lineWidth: 0 })}`;
}

/** The base snapshot with one more entity file, everything else shared. */
export function withEntityFile(base: MeshSnapshot, path: string, text: string): MeshSnapshot {
  const load = loadEntityFile({ path, content: text });
  const head: MeshSnapshot = {
    ...base,
    entities: [...base.entities],
    byKind: { ...base.byKind },
    findings: [...base.findings, ...load.findings],
    paths: [...base.paths, path],
    texts: new Map(base.texts),
    digests: new Map(base.digests),
  };
  if (load.text !== undefined) head.texts.set(path, load.text);
  head.digests.set(path, load.digest);
  const entity = load.entity ? ({ ...load.entity } as AnyEntity) : undefined;
  if (!entity) return head;
  const map = new Map(base.byKind[entity.kind] as Map<string, Entity>);
  if (map.has(entity.id)) {
    head.findings.push({ severity: 'error', code: 'entity.duplicate-id', message: `${entity.kind} id "${entity.id}" is already used by ${map.get(entity.id)!.file}`, file: path, line: 1, column: 1, path: '/id' });
    return head;
  }
  if (entity.kind === 'AccessGrant') {
    const productId = entity.doc.dataProduct; // valid or not
    entity.domain = typeof productId === 'string' ? base.byKind.DataProduct.get(productId)?.domain : undefined;
  }
  map.set(entity.id, entity);
  (head.byKind as Record<string, Map<string, Entity>>)[entity.kind] = map;
  head.entities.push(entity);
  return head;
}

/**
 * Judges the form's answers against the base mesh. Every field is checked even when another is
 * missing or malformed (a stand-in takes its place, and findings on stand-ins are dropped), so one
 * comment lists everything to fix.
 */
export function planAccessRequest(base: MeshSnapshot, answers: RequestAnswers, context: RequestContext): RequestPlan {
  const problems: RequestProblem[] = [];
  const standIns = new Set<AnswerField>();
  const answer = (field: AnswerField): string | undefined => {
    const value = answers[field]?.trim();
    if (!value) {
      problems.push({ field, message: 'is empty', hint: `fill in "${REQUEST_FIELDS[field]}"` });
      standIns.add(field);
    }
    return value || undefined;
  };
  const productId = answer('product') ?? 'meshgate-stand-in';
  const portName = answer('port') ?? 'meshgate-stand-in';
  const target = grantTarget(base, productId, portName);
  let role = answer('role');
  if (role === undefined) {
    role = target.roles[0]?.role ?? 'meshgate-stand-in';
    const problem = problems.find((p) => p.field === 'role')!;
    if (target.roles.length) problem.hint = `choose one of the roles the contract offers: ${target.roles.map(describeRole).join('; ')}`;
  }
  let team = answer('team') ?? '@meshgate-stand-in';
  if (!standIns.has('team')) {
    if (!team.startsWith('@')) team = `@${team}`;
    if (!isPrincipal(team)) {
      problems.push({ field: 'team', message: `"${answers.team!.trim()}" is not a GitHub team or user`, hint: 'write the team as @org/team (or a user as @login)' });
      standIns.add('team');
      team = '@meshgate-stand-in';
    }
  }
  const purpose = answer('purpose') ?? 'a stand-in purpose';
  let until = answer('until') ?? addDays(context.today, 1);
  if (!standIns.has('until')) {
    if (!DATE.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)) || new Date(`${until}T00:00:00Z`).toISOString().slice(0, 10) !== until) {
      problems.push({ field: 'until', message: `"${until}" is not a date`, hint: 'write it as YYYY-MM-DD, e.g. 2027-03-31' });
      standIns.add('until');
      until = addDays(context.today, 1);
    } else if (until <= context.today) {
      problems.push({ field: 'until', message: `${until} is not after today (${context.today})`, hint: 'access ends on a future date' });
      standIns.add('until');
      until = addDays(context.today, 1);
    }
  }

  const productFolder = target.product ? target.product.file.replace(/\/[^/]+$/, '') : 'catalog/unknown';
  const grant: AccessGrant = {
    apiVersion: 'meshgate/v1',
    kind: 'AccessGrant',
    id: '',
    consumer: { team },
    dataProduct: productId,
    outputPort: portName,
    role,
    purpose: purpose.replace(/\s+/g, ' '),
    requestedBy: `@${context.requester}`,
    validUntil: until,
  };
  const baseId = slug(`${teamSlug(team)}-${productId}-${portName}`).slice(0, 100);
  grant.id = base.byKind.AccessGrant.has(baseId) ? slug(`${baseId}-${role}`).slice(0, 128) : baseId;

  const standInFree = standIns.size === 0 || ['team', 'product', 'port', 'role'].every((f) => !standIns.has(f as AnswerField));
  if (standInFree) {
    const existing = existingGrant(base, grant);
    if (existing) return { status: 'granted', existing };
  }

  const path = `${productFolder}/access/${grant.id}.yaml`;
  const text = grantText(grant, context.issue);
  const head = withEntityFile(base, path, text);
  const now = new Date(`${context.today}T00:00:00Z`);
  const findings = [
    ...validateMesh(head, { now }).filter((f) => f.file === path),
    ...evaluatePolicies(base, head, { files: new Set([path]), findingsOnly: true, now }).findings.filter((f) => f.file === path),
  ];
  const warnings: Finding[] = [];
  for (const finding of findings) {
    // A product that is not in the mesh has no folder: the layout follows from that problem.
    if (finding.code.startsWith('layout.') && !target.product) continue;
    const field = fieldOf(finding.path);
    if (field !== 'request' && standIns.has(field)) continue;
    if (finding.severity === 'warning') {
      warnings.push(finding);
      continue;
    }
    let hint = finding.hint;
    if (field === 'role' && target.roles.length) hint = `choose one of the roles the contract offers: ${target.roles.map(describeRole).join('; ')}`;
    problems.push({ field, message: finding.message, ...(hint ? { hint } : {}) });
  }
  if (problems.length) return { status: 'invalid', problems: sortProblems(problems) };
  return { status: 'valid', grant, path, text, branch: `access-request/${grant.id}`, warnings };
}

const ORDER: Array<AnswerField | 'request'> = ['product', 'port', 'role', 'team', 'purpose', 'until', 'request'];

function sortProblems(problems: RequestProblem[]): RequestProblem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => ORDER.indexOf(a.p.field) - ORDER.indexOf(b.p.field) || a.i - b.i).map(({ p }) => p);
}
