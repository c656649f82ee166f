/**
 * Lineage implies access: a data product whose input port consumes a contract reads that
 * contract's data, so an active access grant must say its team may. Without this rule the mesh map
 * would draw data flowing where no one approved it.
 *
 * A grant covers the input port when it reaches the consumed contract, has not expired, and names
 * the consuming product (`consumer.dataProduct`) or, naming no product, the product's team
 * (`consumer.team` `@org/<team.name>`). Severity comes from governance
 * (`defaults.lineageWithoutGrant`): by default an error for a contract holding data at the highest
 * classification level, a warning otherwise.
 */
import type { Governance, LineageSeverity } from '../kinds/governance.ts';
import { type Issue, pointer } from '../findings/finding.ts';
import { validEntities, type Entity, type MeshSnapshot } from '../model.ts';
import { asArray, isRecord } from '../shapes.ts';

export interface LineageAccessIssue {
  entity: Entity<'DataProduct'>;
  issue: Issue;
}

/** The last segment of a team handle, lower case: `@acme-shop/Marketing` → `marketing`. */
const teamSlug = (team: unknown): string | undefined => (typeof team === 'string' ? team.replace(/^@/, '').split('/').pop()?.toLowerCase() : undefined);

/** Whether any property of the contract (a document valid or not) is classified at `level`. */
function holds(contract: Entity<'DataContract'>['doc'], level: string): boolean {
  return asArray(contract.schema).some((object) => isRecord(object) && asArray(object.properties).some((p) => isRecord(p) && p.classification === level));
}

/** The product's team name, lower case, as a grant's `@org/<team>` names it. */
function teamName(product: Entity<'DataProduct'>): string | undefined {
  const team = product.doc.team;
  return isRecord(team) && typeof team.name === 'string' ? team.name.toLowerCase() : undefined;
}

/** Whether a grant is in force on `today` (YYYY-MM-DD): it ends today or later. */
const active = (grant: { validUntil?: unknown }, today: string): boolean => typeof grant.validUntil === 'string' && grant.validUntil >= today;

/** One issue per input port whose product holds no active grant on the contract it consumes. */
export function checkLineageAccess(
  snapshot: MeshSnapshot,
  now: Date = new Date(),
  // The governance in force (a review passes the base's, so a pull request cannot turn the rule off for itself).
  governance: Governance | undefined = validEntities(snapshot, 'Governance')[0]?.doc,
): LineageAccessIssue[] {
  const edges = snapshot.relations.lineage();
  if (edges.length === 0) return [];
  const levels = governance?.classification?.levels;
  const top = levels && levels.length > 0 ? levels[levels.length - 1] : 'restricted';
  const severities = governance?.defaults?.lineageWithoutGrant;
  const today = now.toISOString().slice(0, 10);
  // Who may read each contract, from the active grants, once: `product:<id>` or `team:<slug>`.
  const readers = new Map<string, Set<string>>();
  for (const grant of snapshot.byKind.AccessGrant.values()) {
    const doc = grant.doc; // valid or not
    if (!active(doc, today)) continue;
    const contract = snapshot.relations.grantTarget(grant).contract;
    if (!contract) continue;
    const consumer: Record<string, unknown> = isRecord(doc.consumer) ? doc.consumer : {};
    const key = typeof consumer.dataProduct === 'string' ? `product:${consumer.dataProduct}` : `team:${teamSlug(consumer.team)}`;
    let set = readers.get(contract.id);
    if (!set) readers.set(contract.id, (set = new Set()));
    set.add(key);
  }
  const restrictedCache = new Map<string, boolean>();
  const out: LineageAccessIssue[] = [];
  for (const edge of edges) {
    const contract = snapshot.byKind.DataContract.get(edge.contractId);
    if (!contract) continue;
    let restricted = restrictedCache.get(contract.id);
    if (restricted === undefined) restrictedCache.set(contract.id, (restricted = holds(contract.doc, top)));
    const severity: LineageSeverity = (restricted ? severities?.restricted : severities?.other) ?? (restricted ? 'error' : 'warning');
    if (severity === 'off') continue;
    const allowed = readers.get(contract.id);
    if (allowed && (allowed.has(`product:${edge.product.id}`) || allowed.has(`team:${teamName(edge.product)}`))) continue;
    const port = asArray(edge.product.doc.inputPorts)[edge.inputPortIndex];
    const portName = isRecord(port) && typeof port.name === 'string' ? port.name : String(edge.inputPortIndex);
    const served = asArray(edge.upstream.doc.outputPorts).find((p) => isRecord(p) && p.contractId === edge.contractId);
    const upstreamPort = isRecord(served) && typeof served.name === 'string' ? served.name : '<port>';
    out.push({
      entity: edge.product,
      issue: {
        severity,
        code: 'lineage.no-grant',
        message: `input port "${portName}" consumes "${edge.contractId}"${restricted ? `, which holds ${top} data,` : ''} but no active access grant lets data product "${edge.product.id}" read it`,
        path: pointer('inputPorts', edge.inputPortIndex, 'contractId'),
        hint: `request access: \`npx meshgate new grant --product ${edge.upstream.id} --port ${upstreamPort} --for ${edge.product.id}\` and have the contract's approvers merge it`,
      },
    });
  }
  return out;
}
