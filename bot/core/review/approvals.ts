/**
 * Who must approve a pull request, and whether they have.
 *
 * Requirements are read from the BASE mesh: its domain owners, contract roles, policies and
 * governance. A pull request that adds its author as an owner, rewrites a role's approvers or
 * weakens a policy is judged by the rules it wants to change, never by the ones it proposes.
 * The one reading of the head is additive: a grant also needs the approvers of the role it
 * reaches as the head defines it (a new port, a copied role, a repointed port), so that it never
 * needs fewer approvals than the strictest reading of base and head.
 *
 * Approvals are GitHub reviews: the latest review of each reviewer counts, only when it is
 * APPROVED on the current head commit and not by the author. A latest CHANGES_REQUESTED from
 * someone the requirement names blocks it until they approve or their review is dismissed.
 */
import type { Entity, Kind, MeshSnapshot } from '../model.ts';
import { compilePolicy, evaluateEntity, POLICY_TARGET_KINDS, type CompiledPolicy } from '../policies/engine.ts';
import { buildView } from '../policies/view.ts';
import { affectedFiles, isPlatformPath, pathDomain } from './changes.ts';
import { locationClaims, type LocationClaim } from './location-claims.ts';
import { describeLocation } from '../locations.ts';
import type { ApprovalRequirement, Change, PullContext, PullReview } from './types.ts';
import { asArray, isRecord, stableJson } from '../shapes.ts';
import type { RoleRecord } from '../relations.ts';
import { governanceInForce } from '../validate/mesh.ts';
import { parsePrincipal, principalsIn, principalsOf } from '../principals.ts';

export { principalsIn } from '../principals.ts';

/** A requirement before it is checked against the reviews. */
export type Requirement = Omit<ApprovalRequirement, 'satisfied' | 'by'>;

export interface RequirementOptions {
  now?: Date;
  /** Changed paths, for platform and policy paths; from the pull request or the trees. */
  paths?: readonly string[];
  /** Consumers of breaking changes, by contract id: asked to review, not blocking. */
  consumers?: Map<string, string[]>;
  /** Head files whose policy view may differ from the base's (changes.ts affectedFiles); computed when absent. */
  affected?: ReadonlySet<string>;
  /** Data locations the pull request's contracts claim from other domains; computed when absent. */
  claims?: readonly LocationClaim[];
}

class Requirements {
  private readonly byId = new Map<string, Requirement & { reasons: string[] }>();

  add(id: string, from: string[], count: number, reason: string, extra: { informational?: boolean; distinctFrom?: string } = {}): void {
    const existing = this.byId.get(id);
    if (existing) {
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
      existing.count = Math.max(existing.count, count);
      return;
    }
    this.byId.set(id, {
      id, from: [...new Set(from)], count, reason, reasons: [reason],
      ...(extra.informational ? { informational: true } : {}),
      ...(extra.distinctFrom ? { distinctFrom: extra.distinctFrom } : {}),
    });
  }

  /** The principals of a requirement already added. */
  fromOf(id: string): string[] | undefined {
    return this.byId.get(id)?.from;
  }

  list(): Requirement[] {
    return [...this.byId.values()].map(({ reasons, ...r }) => ({
      ...r,
      reason: reasons.length <= 3 ? reasons.join('; ') : `${reasons.slice(0, 3).join('; ')}; and ${reasons.length - 3} more`,
    }));
  }
}

function quorum(base: MeshSnapshot, requirements: Requirements, reason: string): void {
  const governance = governanceInForce(base);
  if (!governance || !isRecord(governance.doc.members)) {
    requirements.add('governance-quorum', [], 1, `${reason} (the base has no policies/governance.yaml, so no one can approve it: add one first)`);
    return;
  }
  const members = Object.values(governance.doc.members).flatMap(principalsOf);
  const count = typeof governance.doc.quorum === 'number' && governance.doc.quorum >= 1 ? governance.doc.quorum : 1;
  requirements.add('governance-quorum', members, count, reason);
}

function domainOwners(base: MeshSnapshot, domain: string | undefined, requirements: Requirements, reason: string): void {
  const d = domain === undefined ? undefined : base.byKind.Domain.get(domain);
  if (!d) {
    // No owners in the base to ask: a new domain is admitted by the governance group.
    quorum(base, requirements, `${reason}, in ${domain === undefined ? 'no domain' : `domain \`${domain}\``}, which the base does not have`);
    return;
  }
  const owners = principalsOf(d.doc.owners);
  requirements.add(`domain-owners:${d.id}`, owners, 1, reason);
}

/** Domains a change touches: the entity's own and its folder's, in case a pull request makes them differ. */
function domainsOf(change: Change, base: MeshSnapshot, head: MeshSnapshot): string[] {
  const out = new Set<string>();
  for (const file of [change.file, change.previousFile]) {
    const d = file === undefined ? undefined : pathDomain(file);
    if (d !== undefined) out.add(d);
  }
  const entity = change.kind === 'File' ? undefined : (change.type === 'removed' ? base : head).byKind[change.kind].get(change.id);
  if (entity?.domain !== undefined && change.kind !== 'AccessGrant') out.add(entity.domain);
  const before = change.kind === 'File' || change.type === 'added' ? undefined : base.byKind[change.kind].get(change.id);
  if (before?.domain !== undefined && change.kind !== 'AccessGrant') out.add(before.domain);
  return [...out];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));

/** One reading of whose approval a grant needs: a contract, as one side defines it, and the roles that decide. */
interface RoleReading {
  side: 'base' | 'head';
  contract: Entity<'DataContract'>;
  /** The role the grant names, or (when the base contract lacks it) every role the base contract has. */
  roles: RoleRecord[];
  /** Whether the grant's role is missing from this contract (a role the pull request adds). */
  roleAdded: boolean;
  /** The domain whose owners approve when a role names no GitHub approver. */
  domain?: string;
}

/**
 * What a grant asks for, read in the base and in the head. Base readings: the contract the base's
 * port names and the contract the head's port names, each as the base defines it; a role the base
 * contract does not have reads as every role it does have (the data is the same, only the name is
 * new). Head reading: the contract and role the grant reaches once merged.
 */
function roleReadings(base: MeshSnapshot, head: MeshSnapshot, entity: Entity<'AccessGrant'>): RoleReading[] {
  const grant = entity.doc; // possibly invalid: its fields are only compared and shown
  const readings: RoleReading[] = [];
  const inBase = base.relations.portTarget(grant.dataProduct, grant.outputPort);
  const inHead = head.relations.grantTarget(entity);
  const contractIds = new Set([inBase.port?.contractId, inHead.port?.contractId].filter((id): id is string => typeof id === 'string'));
  for (const id of contractIds) {
    const contract = base.byKind.DataContract.get(id);
    if (!contract) continue;
    const roles = asArray<unknown>(contract.doc.roles).filter((r): r is RoleRecord => isRecord(r) && typeof r.role === 'string');
    const named = roles.find((r) => r.role === grant.role);
    if (!named && roles.length === 0) continue;
    readings.push({ side: 'base', contract, roles: named ? [named] : roles, roleAdded: !named, domain: base.relations.servedBy(id)?.domain ?? contract.domain });
  }
  const { contract, role } = inHead;
  // The head's reading adds something only when its role's approvers differ from the base's.
  const approvers = (r: RoleRecord) => [principalsIn(r.firstLevelApprovers), principalsIn(r.secondLevelApprovers)];
  const asInBase = (r: RoleRecord) => readings.some((b) => b.contract.id === contract?.id && !b.roleAdded && b.roles[0].role === r.role && approvers(b.roles[0]).every((list, i) => sameSet(list, approvers(r)[i])));
  if (contract && role && !asInBase(role)) readings.push({ side: 'head', contract, roles: [role], roleAdded: false, domain: inHead.product?.domain });
  return readings;
}

/**
 * Role approvers for a grant: product → output port → contract → role, resolved in the base AND in
 * the head, and every reading required (the union of requirements, not of approvers). A pull
 * request that adds a port aliasing a contract, copies a role under a new name or points a port at
 * another contract never needs fewer approvals than the base asks for that data, nor fewer than the
 * roles it proposes name. Only when the base has no reading at all do its domain owners decide
 * (the governance quorum for a product the base does not have).
 */
function grantApprovers(base: MeshSnapshot, head: MeshSnapshot, entity: Entity<'AccessGrant'>, requirements: Requirements, reason: string): void {
  const grant = entity.doc; // possibly invalid: its fields are only compared and shown
  const readings = roleReadings(base, head, entity);
  if (!readings.some((r) => r.side === 'base')) {
    const { product, contract } = base.relations.portTarget(grant.dataProduct, grant.outputPort);
    const missing = !product ? `product \`${grant.dataProduct}\`` : !contract ? `the contract of port \`${grant.outputPort}\`` : `role \`${grant.role}\``;
    domainOwners(base, product?.domain, requirements, `${reason}: ${missing} is not in the base, so its domain's owners decide`);
  }
  for (const reading of readings) {
    for (const role of reading.roles) {
      const name = String(role.role);
      const whose = `role \`${name}\` of \`${reading.contract.id}\`${reading.side === 'head' ? ' as this pull request defines it' : ''}`;
      const why = reading.roleAdded ? `${reason}: role \`${grant.role}\` is not in the base's \`${reading.contract.id}\`, so the approvers of its ${whose} decide too` : `${reason}: ${whose}`;
      const first = principalsIn(role.firstLevelApprovers);
      const second = principalsIn(role.secondLevelApprovers);
      // The head's approvers of a role the base also has get keys of their own (`…@head:first`)
      // when they differ, so that neither list replaces the other.
      const key = `role:${reading.contract.id}/${name}`;
      const keyFor = (level: 'first' | 'second', from: string[]) => {
        const existing = requirements.fromOf(`${key}:${level}`);
        return existing !== undefined && !sameSet(existing, from) ? `${key}@head:${level}` : `${key}:${level}`;
      };
      const firstKey = keyFor('first', first);
      if (first.length > 0) requirements.add(firstKey, first, 1, reading.roleAdded ? why : `${why.replace(whose, `first-level approvers of ${whose}`)}`);
      else domainOwners(base, reading.domain, requirements, `${why}: it names no GitHub first-level approvers, so the product's domain owners approve`);
      if (second.length > 0) {
        const distinctFrom = first.length > 0 ? firstKey : undefined;
        requirements.add(keyFor('second', second), second, 1, reading.roleAdded ? `${why} (second level)` : why.replace(whose, `second-level approvers of ${whose}`), { distinctFrom });
      }
    }
  }
}

/**
 * The approvals of base policies whose `when` matches an added or changed entity. `when` is tried
 * on the head entity's view with its references resolved in the head and in the base, and on the
 * base version of a changed entity: a pull request that removes what made the entity match (a
 * contract's `pii` tag), or edits what it points at (the contract next to a grant to it), must not
 * talk its way out of an approval. A policy that cannot be evaluated cannot say
 * its approvals do not apply, so they are asked for every change of the kind it names.
 */
function policyApprovals(base: MeshSnapshot, head: MeshSnapshot, changes: Change[], requirements: Requirements, now: Date | undefined): void {
  const touched = changes.filter((c) => c.kind !== 'File' && c.type !== 'removed');
  if (touched.length === 0) return;
  for (const { policy, matcher, appliesTo } of approvalPolicies(base)) {
    for (const change of touched) {
      if (appliesTo !== undefined ? change.kind !== appliesTo : !POLICY_TARGET_KINDS.includes(change.kind as Kind)) continue;
      const entity = head.byKind[change.kind as Kind].get(change.id) as Entity | undefined;
      if (!entity) continue;
      const before = change.type === 'added' ? undefined : (base.byKind[change.kind as Kind].get(change.id) as Entity | undefined);
      const views = [buildView(head, entity, { now }), buildView(base, entity, { now }), ...(before ? [buildView(base, before, { now })] : [])];
      if (matcher && !views.some((view) => evaluateEntity(head, matcher, entity, view))) continue;
      addPolicyApprovals(policy, requirements, `${change.kind} \`${change.id}\``, !matcher);
    }
  }
}

/** Base policies that name approvals, each with its `when` alone (undefined when it cannot be evaluated). */
function approvalPolicies(base: MeshSnapshot): { policy: Entity<'Policy'>; matcher?: CompiledPolicy; appliesTo?: Kind }[] {
  const out: { policy: Entity<'Policy'>; matcher?: CompiledPolicy; appliesTo?: Kind }[] = [];
  for (const policy of base.byKind.Policy.values()) {
    const approvals = policy.doc.approvals;
    if (!Array.isArray(approvals) || approvals.length === 0) continue;
    const { compiled } = compilePolicy(base, policy);
    // Only `when` decides whether the approvals apply; `require` is the engine's business.
    const matcher = compiled && { ...compiled, require: undefined };
    const declared = policy.doc.appliesTo;
    const appliesTo = compiled?.appliesTo ?? POLICY_TARGET_KINDS.find((kind) => kind === declared);
    out.push({ policy, matcher, appliesTo });
  }
  return out;
}

function addPolicyApprovals(policy: Entity<'Policy'>, requirements: Requirements, subject: string, unevaluable: boolean): void {
  const approvals = Array.isArray(policy.doc.approvals) ? policy.doc.approvals : [];
  approvals.forEach((rule, i) => {
    if (!isRecord(rule) || !Array.isArray(rule.from)) return;
    const from = principalsOf(rule.from);
    const count = typeof rule.count === 'number' && rule.count >= 1 ? rule.count : 1;
    const why = typeof rule.reason === 'string' ? rule.reason : policy.doc.title;
    const unevaluated = unevaluable ? '; the policy cannot be evaluated, so its approvals are asked for regardless' : '';
    requirements.add(`policy:${policy.id}${approvals.length > 1 ? `:${i + 1}` : ''}`, from, count, `${why} (policy \`${policy.id}\`, ${subject}${unevaluated})`);
  });
}

/**
 * The head contract document narrowed to what it gained over the base one: its schema objects
 * holding only the properties that are new or changed (an object the base lacks keeps all of
 * them). Undefined when the contract gained no property.
 */
export function contractGain(before: unknown, after: unknown): Record<string, unknown> | undefined {
  if (!isRecord(after)) return undefined;
  const objects = (doc: unknown) => new Map(asArray<unknown>(isRecord(doc) ? doc.schema : undefined).filter(isRecord).map((o) => [String(o.physicalName ?? o.name), o]));
  const props = (object: Record<string, unknown> | undefined) => new Map(asArray<unknown>(object?.properties).filter(isRecord).map((p) => [String(p.physicalName ?? p.name), p]));
  const was = objects(before);
  const schema: Record<string, unknown>[] = [];
  for (const [name, object] of objects(after)) {
    const old = props(was.get(name));
    const gained = [...props(object)].filter(([key, p]) => stableJson(old.get(key)) !== stableJson(p)).map(([, p]) => p);
    if (gained.length > 0) schema.push({ ...object, properties: gained });
  }
  return schema.length > 0 ? { ...after, schema } : undefined;
}

/** A view without what differs by the day alone. */
const viewKey = (view: Record<string, unknown>) => stableJson({ ...view, $validDays: undefined });

/**
 * Grants the pull request does not touch but whose view it changes (their contract, product or
 * domain): a contract that gains a property a policy's `when` matches (a pii column) widens every
 * grant that already reaches it. Such a grant needs the policy's approvals and its own approvers
 * again, as if it were asked for today. A policy applies when its `when` matches the grant's new
 * view and either did not match the old one or matches what the contract gained; a policy that
 * cannot be evaluated applies whenever the contract gained a property. A grant whose output port
 * the pull request points at another contract needs that contract's role approvers as well.
 */
function widenedGrantApprovals(base: MeshSnapshot, head: MeshSnapshot, changes: Change[], requirements: Requirements, options: RequirementOptions): void {
  const { now } = options;
  const policies = approvalPolicies(base).filter((p) => p.appliesTo === undefined || p.appliesTo === 'AccessGrant');
  const changed = new Set(changes.filter((c) => c.kind === 'AccessGrant').map((c) => c.id));
  const affected = options.affected ?? affectedFiles(base, head, changes);
  for (const grant of head.byKind.AccessGrant.values()) {
    if (changed.has(grant.id) || !affected.has(grant.file)) continue;
    const before = base.byKind.AccessGrant.get(grant.id);
    if (!before) continue;
    const oldView = buildView(base, before, { now });
    const newView = buildView(head, grant, { now });
    if (viewKey(oldView) === viewKey(newView)) continue;
    const { contract } = head.relations.grantTarget(grant);
    const gain = contract && contractGain(base.byKind.DataContract.get(contract.id)?.doc, contract.doc);
    const gainView = gain && { ...newView, $contract: gain };
    const what = contract ? `\`${contract.id}\`` : 'its contract';
    const previous = base.relations.grantTarget(before).contract;
    if (contract && previous?.id !== contract.id) {
      // Its port now serves another contract: the grant reaches data its approvers never saw.
      grantApprovers(base, head, grant, requirements, `access grant \`${grant.id}\` now reaches ${what}${previous ? ` instead of \`${previous.id}\`` : ''} (its output port changed)`);
    }
    for (const { policy, matcher } of policies) {
      const matches = (view: Record<string, unknown>) => evaluateEntity(head, matcher!, grant, view) !== undefined;
      const applies = matcher ? matches(newView) && (!matches(oldView) || (gainView !== undefined && matches(gainView))) : gain !== undefined;
      if (!applies) continue;
      addPolicyApprovals(policy, requirements, `access grant \`${grant.id}\`, which this pull request widens: ${what} changed under it`, !matcher);
      grantApprovers(base, head, grant, requirements, `access grant \`${grant.id}\` widened by this pull request (policy \`${policy.id}\` matches what ${what} gained)`);
    }
  }
}

/** Every approval the pull request needs, from the base mesh. */
export function requiredApprovals(base: MeshSnapshot, head: MeshSnapshot, changes: Change[], options: RequirementOptions = {}): Requirement[] {
  const requirements = new Requirements();
  for (const change of changes) {
    const what = `${change.kind === 'File' ? 'file' : change.kind} \`${change.id}\` ${change.type}`;
    switch (change.kind) {
      case 'DataProduct':
      case 'DataContract':
      case 'File':
        if (change.kind === 'File' && (change.file.startsWith('policies/') || isPlatformPath(change.file))) break;
        for (const d of domainsOf(change, base, head)) domainOwners(base, d, requirements, what);
        if (change.kind === 'File' && pathDomain(change.file) === undefined) quorum(base, requirements, `${what} outside any domain folder`);
        break;
      case 'AccessGrant': {
        const grant = (change.type === 'removed' ? base : head).byKind.AccessGrant.get(change.id);
        if (change.type === 'removed') {
          domainOwners(base, grant?.domain ?? pathDomain(change.file), requirements, `access grant \`${change.id}\` revoked`);
          break;
        }
        if (grant && isRecord(grant.doc)) grantApprovers(base, head, grant, requirements, `access grant \`${change.id}\` ${change.type === 'added' ? 'requested' : change.type}`);
        const before = base.byKind.AccessGrant.get(change.id);
        if (before && isRecord(before.doc) && (change.type === 'moved' || before.doc.dataProduct !== grant?.doc.dataProduct)) {
          // Moving a grant takes it out of the old product's folder: its owners must agree too.
          domainOwners(base, before.domain ?? pathDomain(before.file), requirements, `access grant \`${change.id}\` moved away from \`${before.doc.dataProduct}\``);
        }
        break;
      }
      case 'Domain':
        if (change.type === 'added') quorum(base, requirements, `domain \`${change.id}\` added`);
        else {
          const before = base.byKind.Domain.get(change.id);
          const after = head.byKind.Domain.get(change.id);
          if (change.type === 'removed' || JSON.stringify(before?.doc.owners) !== JSON.stringify(after?.doc.owners)) {
            quorum(base, requirements, change.type === 'removed' ? `domain \`${change.id}\` removed` : `owners of domain \`${change.id}\` changed`);
          }
          domainOwners(base, change.id, requirements, `domain \`${change.id}\` ${change.type}`);
        }
        break;
      case 'Policy':
      case 'Governance':
        break;
    }
  }
  const paths = options.paths ?? changes.flatMap((c) => [c.file, ...(c.previousFile ? [c.previousFile] : [])]);
  const policyPaths = paths.filter((p) => p.startsWith('policies/'));
  if (policyPaths.length > 0) quorum(base, requirements, `policies changed (${summarize(policyPaths)})`);
  const platformPaths = paths.filter(isPlatformPath);
  if (platformPaths.length > 0) {
    const governance = governanceInForce(base);
    const approvers = principalsOf(governance?.doc.platformApprovers);
    requirements.add('platform-approvers', approvers, 1, `platform paths changed (${summarize(platformPaths)})`);
  }
  policyApprovals(base, head, changes, requirements, options.now);
  widenedGrantApprovals(base, head, changes, requirements, options);
  for (const claim of options.claims ?? locationClaims(base, head, changes)) {
    domainOwners(base, claim.owner.domain, requirements, `contract \`${claim.contract.id}\` describes ${describeLocation(claim.location)}, which \`${claim.owner.id}\` declared first`);
  }
  for (const [contractId, teams] of options.consumers ?? []) {
    if (teams.length > 0) requirements.add(`consumers:${contractId}`, teams, 1, `breaking change to \`${contractId}\`: consumers with active grants are asked to review`, { informational: true });
  }
  return requirements.list();
}

function summarize(paths: string[]): string {
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The latest deciding review of each reviewer. COMMENTED and PENDING reviews do not change a
 * decision (GitHub keeps an approval through later comments).
 */
export function latestReviews(reviews: PullReview[]): Map<string, PullReview> {
  const latest = new Map<string, PullReview>();
  const ordered = reviews.map((r, i) => ({ r, i })).sort((a, b) => a.r.submittedAt.localeCompare(b.r.submittedAt) || a.i - b.i);
  for (const { r } of ordered) {
    if (r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    latest.set(r.user.toLowerCase(), r);
  }
  return latest;
}

/**
 * The people who asked for the access a pull request adds or changes (its grants' `requestedBy`
 * users, without `@`). When the app opens the pull request for an issue-form request, the app is
 * the pull request's author and the requester is only named here; they wrote the change all the
 * same, so their approval never counts for it.
 */
export function grantRequesters(head: MeshSnapshot, changes: readonly Change[]): string[] {
  const out = new Set<string>();
  for (const change of changes) {
    if (change.kind !== 'AccessGrant' || change.type === 'removed') continue;
    const requestedBy = head.byKind.AccessGrant.get(change.id)?.doc.requestedBy;
    const requester = parsePrincipal(requestedBy);
    if (requester?.kind === 'user') out.add(requester.login);
  }
  return [...out];
}

/**
 * Checks each requirement against the reviews of the pull request. Neither the author nor anyone
 * in `alsoWrittenBy` (the grants' requesters) counts as an approver.
 */
export async function checkApprovals(requirements: Requirement[], pr: PullContext, alsoWrittenBy: readonly string[] = []): Promise<ApprovalRequirement[]> {
  const latest = latestReviews(await pr.reviews());
  const wrote = (login: string) => same(login, pr.author) || alsoWrittenBy.some((w) => same(login, w));
  const approvers = [...latest.values()].filter((r) => r.state === 'APPROVED' && r.commitId === pr.headSha && !wrote(r.user)).map((r) => r.user);
  const objectors = [...latest.values()].filter((r) => r.state === 'CHANGES_REQUESTED').map((r) => r.user);
  const teams = new Map<string, string[]>();
  const membersOf = async (team: string) => {
    let members = teams.get(team);
    if (!members) teams.set(team, (members = await pr.teamMembers(team)));
    return members;
  };
  // Users named directly first: a team is looked up (one API request in the app) only when no
  // named user settles it.
  const named = async (principals: string[], login: string) => {
    const parsed = principals.map(parsePrincipal);
    if (parsed.some((p) => p?.kind === 'user' && same(p.login, login))) return true;
    for (const p of parsed) {
      if (p?.kind === 'team' && (await membersOf(`${p.org}/${p.slug}`)).some((m) => same(m, login))) return true;
    }
    return false;
  };
  const out: ApprovalRequirement[] = [];
  for (const r of requirements) {
    const by: string[] = [];
    for (const login of approvers) if (await named(r.from, login)) by.push(login);
    const blockers: string[] = [];
    for (const login of objectors) if (!same(login, pr.author) && (await named(r.from, login))) blockers.push(login);
    const satisfied = by.length >= r.count && blockers.length === 0;
    const reason = blockers.length > 0 ? `${r.reason} — changes requested by ${blockers.map((b) => `@${b}`).join(', ')}` : r.reason;
    out.push({ ...r, reason, satisfied, by: by.sort() });
  }
  // Four eyes: two requirements that must be met by different people are met together only when
  // enough distinct approvers cover both (for two groups, that is exactly Hall's condition).
  for (const r of out) {
    const other = r.distinctFrom === undefined ? undefined : out.find((o) => o.id === r.distinctFrom);
    if (!other || !r.satisfied || !other.satisfied) continue;
    const distinct = new Set([...r.by, ...other.by].map((l) => l.toLowerCase())).size;
    if (distinct < r.count + other.count) {
      r.satisfied = false;
      r.reason = `${r.reason} — needs someone other than the approver of the first level`;
    }
  }
  return out;
}

/** Whom to ask: the principals of unmet requirements, never the author (nor those who also wrote it). */
export function reviewersToRequest(approvals: ApprovalRequirement[], author: string, alsoWrittenBy: readonly string[] = []): { users: string[]; teams: string[] } {
  const users = new Set<string>();
  const teams = new Set<string>();
  for (const a of approvals) {
    if (a.satisfied) continue;
    for (const p of a.from.map(parsePrincipal)) {
      if (p?.kind === 'team') teams.add(`${p.org}/${p.slug}`);
      else if (p?.kind === 'user' && !same(p.login, author) && !alsoWrittenBy.some((w) => same(p.login, w))) users.add(p.login);
    }
  }
  return { users: [...users].sort(), teams: [...teams].sort() };
}
