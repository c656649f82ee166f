/**
 * What a product page and a contract page show, computed from the catalog: ports with their
 * fields and access requests, service levels, quality rules, verdicts, consumers.
 */
import type { DataQuality } from '../../../bot/core/kinds/data-contract.ts';
import type { Kind } from '../../../bot/core/model.ts';
import { latestEndDate } from '../../../bot/core/requests/end-date.ts';
import { grantTarget } from '../../../bot/core/requests/grant-target.ts';
import { accessRequest, addDays, PLACEHOLDERS, requestFormUrl, type AccessRequest } from './access.ts';
import { safeWebUrl } from './urls.ts';
import type { Catalog, ContractView, GrantView, OutputPortView, ProductView } from './catalog.ts';
import { verdictsFor } from './compliance.ts';
import { describeSla, flattenProperties, type PropertyRow } from './contract.ts';

export interface OutputPortDetails {
  view: OutputPortView;
  contract: ContractView | undefined;
  /** Roles the contract offers; a request asks for the first. */
  roles: string[];
  /** Undefined when no repository is configured or the contract offers no role. */
  request: AccessRequest | undefined;
  fields: (PropertyRow & { object: string })[];
}

export function outputPortDetails(catalog: Catalog, product: ProductView): OutputPortDetails[] {
  return product.outputPorts.map((view) => {
    const contract = view.contract;
    const roles = (contract?.doc.roles ?? []).map((role) => role.role);
    const request = catalog.repository ? portRequest(catalog, product, view.port.name) : undefined;
    const fields = (contract?.doc.schema ?? []).flatMap((object) => flattenProperties(object).map((row) => ({ object: object.name, ...row })));
    return { view, contract, roles, request, fields };
  });
}

/** Latest end dates by catalog, product, port and role: the product and contract pages ask for the same ones. */
const endDates = new WeakMap<Catalog, Map<string, string | undefined>>();

/**
 * The latest end date the mesh's governance and policies accept for a grant of `role` on the port
 * (bot/core/requests/end-date.ts), computed once per build.
 */
function portEndDate(catalog: Catalog, product: ProductView, port: string, role: string): string | undefined {
  let dates = endDates.get(catalog);
  if (!dates) endDates.set(catalog, (dates = new Map()));
  const key = `${product.id}\u0000${port}\u0000${role}`;
  if (dates.has(key)) return dates.get(key);
  const draft = {
    apiVersion: 'meshgate/v1' as const,
    kind: 'AccessGrant' as const,
    id: 'request',
    consumer: { team: PLACEHOLDERS.team },
    dataProduct: product.id,
    outputPort: port,
    role,
    purpose: PLACEHOLDERS.purpose,
    requestedBy: PLACEHOLDERS.requestedBy,
  };
  const date = latestEndDate(catalog.snapshot, draft, product.file, catalog.today);
  dates.set(key, date);
  return date;
}

/**
 * The Request access prefill of one port: its roles with what each exposes, and the latest end
 * date the mesh's governance and policies accept for a grant on it.
 */
export function portRequest(catalog: Catalog, product: ProductView, port: string): AccessRequest | undefined {
  if (!catalog.repository) return undefined;
  const { roles } = grantTarget(catalog.snapshot, product.id, port);
  if (roles.length === 0) return undefined;
  const validUntil = portEndDate(catalog, product, port, roles[0].role);
  return accessRequest({ repository: catalog.repository, product, port, roles, today: catalog.today, validUntil });
}

/** The issue form of an access request with the role picked, and the end date it proposes. */
export interface RoleRequest {
  formUrl: string;
  validUntil: string;
}

/**
 * A Request access link per role of a contract that an output port serves: the issue form with
 * the role filled in and the latest end date the policies accept for that role. Empty when no
 * port serves it or no repository is configured.
 */
export function roleRequests(catalog: Catalog, contract: ContractView): Map<string, RoleRequest> {
  const requests = new Map<string, RoleRequest>();
  const repository = safeWebUrl(catalog.repository?.url)?.replace(/\/+$/, '');
  if (!repository || !contract.product || !contract.port) return requests;
  const { product, port } = contract;
  const { roles } = grantTarget(catalog.snapshot, product.id, port);
  for (const { role } of roles) {
    const validUntil = portEndDate(catalog, product, port, role) ?? addDays(catalog.today, 365);
    requests.set(role, { formUrl: requestFormUrl(repository, product.id, port, roles, validUntil, role), validUntil });
  }
  return requests;
}

/** Every quality rule of a contract, with where it applies: `orders` or `orders.order_id`. */
export function qualityRules(contract: ContractView): { where: string; rule: DataQuality }[] {
  return (contract.doc.schema ?? []).flatMap((object) => [
    ...(object.quality ?? []).map((rule) => ({ where: object.name, rule })),
    ...flattenProperties(object).flatMap((row) => (row.property.quality ?? []).map((rule) => ({ where: `${object.name}.${row.path}`, rule }))),
  ]);
}

/** SLA properties of all the product's contracts, one line each. */
export function serviceLevels(product: ProductView): { contract: ContractView; text: string }[] {
  return product.contracts.flatMap((contract) => (contract.doc.slaProperties ?? []).map((sla) => ({ contract, text: describeSla(sla) })));
}

/** Policy verdicts on the product, its contracts and its grants, failures first. */
export function productVerdicts(catalog: Catalog, product: ProductView) {
  const keys: { kind: Kind; id: string }[] = [
    { kind: 'DataProduct', id: product.id },
    ...product.contracts.map((c) => ({ kind: 'DataContract' as const, id: c.id })),
    ...product.grants.map((g) => ({ kind: 'AccessGrant' as const, id: g.id })),
  ];
  return verdictsFor(catalog.compliance, keys);
}

/** Consumers to list on the page (a hub product can have thousands; the JSON API has them all). */
export function downstream(product: ProductView, limit = 50): { consumers: ProductView['consumers']; grants: GrantView[]; more: number } {
  const consumers = product.consumers.slice(0, limit);
  const grants = product.grants.slice(0, limit);
  return { consumers, grants, more: product.consumers.length - consumers.length + product.grants.length - grants.length };
}
