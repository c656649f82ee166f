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
import type { AccessGrant } from '../kinds/access-grant.ts';
import type { DataContract } from '../kinds/data-contract.ts';
import type { DataProduct } from '../kinds/data-product.ts';
import type { Governance, LineageSeverity } from '../kinds/governance.ts';
import { type Issue, pointer } from '../findings/finding.ts';
import type { Entity, MeshSnapshot } from '../model.ts';
import { asArray, isRecord } from '../shapes.ts';

export interface LineageAccessIssue {
  entity: Entity<'DataProduct'>;
  issue: Issue;
}

/** The last segment of a team handle, lower case: `@acme-shop/Marketing` → `marketing`. */
const teamSlug = (team: unknown): string | undefined => (typeof team === 'string' ? team.replace(/^@/, '').split('/').pop()?.toLowerCase() : undefined);

/** Whether any property of the contract is classified at `level`. */
function holds(contract: DataContract, level: string): boolean {
  return asArray(contract.schema).some((object) => isRecord(object) && asArray(object.properties).some((p) => isRecord(p) && p.classification === level));
}

/** Whether `grant` lets `product` read: it names the product, or (naming none) the product's team. */
function covers(grant: AccessGrant, product: Entity<'DataProduct'>): boolean {
  const consumer: Record<string, unknown> = isRecord(grant.consumer) ? grant.consumer : {};
  if (typeof consumer.dataProduct === 'string') return consumer.dataProduct === product.id;
  const team = (product.doc as DataProduct).team;
  const name = isRecord(team) && typeof team.name === 'string' ? team.name.toLowerCase() : undefined;
  return name !== undefined && teamSlug(consumer.team) === name;
}

/** Whether a grant is in force on `today` (YYYY-MM-DD): it ends today or later. */
const active = (grant: AccessGrant, today: string): boolean => typeof grant.validUntil === 'string' && grant.validUntil >= today;

/** One issue per input port whose product holds no active grant on the contract it consumes. */
export function checkLineageAccess(
  snapshot: MeshSnapshot,
  now: Date = new Date(),
  // The governance in force (a review passes the base's, so a pull request cannot turn the rule off for itself).
  governance: Governance | undefined = [...snapshot.byKind.Governance.values()].find((g) => g.valid)?.doc as Governance | undefined,
): LineageAccessIssue[] {
  const levels = governance?.classification?.levels;
  const top = levels && levels.length > 0 ? levels[levels.length - 1] : 'restricted';
  const severities = governance?.defaults?.lineageWithoutGrant;
  const today = now.toISOString().slice(0, 10);
  const out: LineageAccessIssue[] = [];
  for (const edge of snapshot.relations.lineage()) {
    const contract = snapshot.byKind.DataContract.get(edge.contractId);
    if (!contract) continue;
    const restricted = holds(contract.doc, top);
    const severity: LineageSeverity = (restricted ? severities?.restricted : severities?.other) ?? (restricted ? 'error' : 'warning');
    if (severity === 'off') continue;
    const granted = snapshot.relations.grantsOf(edge.contractId).some((grant) => {
      const doc = grant.doc as AccessGrant;
      return snapshot.relations.grantTarget(grant).contract === contract && active(doc, today) && covers(doc, edge.product);
    });
    if (granted) continue;
    const port = asArray((edge.product.doc as DataProduct).inputPorts)[edge.inputPortIndex];
    const portName = isRecord(port) && typeof port.name === 'string' ? port.name : String(edge.inputPortIndex);
    const served = snapshot.relations.contractsServed(edge.upstream).find((c) => c.contract === contract);
    const upstreamPort = typeof served?.port.name === 'string' ? served.port.name : '<port>';
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
