/**
 * The mesh's relations, resolved once per snapshot: which product serves a contract, what an
 * access grant reaches (product → output port → contract → role), a contract's grants, a product's
 * contracts served and consumed, lineage edges, and which contracts describe a data location.
 *
 * Every reader asks this index instead of walking raw documents again. It is built lazily, on the
 * first question about a snapshot, and kept on the snapshot itself (`snapshot.relations`).
 * Documents that failed their schema take part as far as their shape allows: an output port that
 * is not a mapping, or a contractId that is not a string, simply relates nothing.
 */
import type { Entity, MeshSnapshot } from './model.ts';
import { contractLocations } from './locations.ts';
import { asArray, isRecord } from './shapes.ts';

/** An output port as read from a product document that may be invalid. */
export type PortRecord = Record<string, unknown> & { name?: unknown; contractId?: unknown };
/** A contract role as read from a contract document that may be invalid. */
export type RoleRecord = Record<string, unknown> & { role?: unknown };

/** What an access grant reaches, as far as it resolves. */
export interface GrantTarget {
  /** The product named by `dataProduct`. */
  product?: Entity<'DataProduct'>;
  /** The first output port (a mapping) of that product whose name is the grant's `outputPort`. */
  port?: PortRecord;
  portIndex?: number;
  /** The contract that port names, when it exists. */
  contract?: Entity<'DataContract'>;
  /** The first role (a mapping) of that contract named by the grant's `role`. */
  role?: RoleRecord;
}

/** A data product consumes a contract served by another: upstream → product. */
export interface LineageEdge {
  /** The consuming product. */
  product: Entity<'DataProduct'>;
  /** The producing product. */
  upstream: Entity<'DataProduct'>;
  contractId: string;
  inputPortIndex: number;
}

/** A port of a product and the contract it names, when that contract exists. */
export interface PortContract {
  portIndex: number;
  port: PortRecord;
  contract: Entity<'DataContract'>;
}

export interface Relations {
  /** Every product (path order) with an output port naming `contractId`, whether or not the contract exists. */
  productsServing(contractId: string): readonly Entity<'DataProduct'>[];
  /** The first of them: the product that serves the contract. */
  servedBy(contractId: string): Entity<'DataProduct'> | undefined;
  /** What a grant reaches. */
  grantTarget(grant: Entity<'AccessGrant'>): GrantTarget;
  /** What a grant naming `productId` and `portName` would reach, role aside (a request not yet a grant). */
  portTarget(productId: unknown, portName: unknown): Omit<GrantTarget, 'role'>;
  /** The grants (path order) whose output port names `contractId`. */
  grantsOf(contractId: string): readonly Entity<'AccessGrant'>[];
  /** The existing contracts a product's output ports name, in port order. */
  contractsServed(product: Entity<'DataProduct'>): readonly PortContract[];
  /** The existing contracts a product's input ports consume, in port order. */
  contractsConsumed(product: Entity<'DataProduct'>): readonly PortContract[];
  /** Every lineage edge upstream → product, in product order then input-port order. */
  lineage(): readonly LineageEdge[];
  /** The contracts (path order) whose servers and schema objects describe `location`. */
  contractsAt(location: string): readonly Entity<'DataContract'>[];
  /** The data locations a contract describes, one per server and schema object. */
  locationsOf(contract: Entity<'DataContract'>): readonly string[];
}

const NO_PRODUCTS: readonly Entity<'DataProduct'>[] = [];
const NO_GRANTS: readonly Entity<'AccessGrant'>[] = [];
const NO_CONTRACTS: readonly Entity<'DataContract'>[] = [];

/** A product's output ports that are mappings, with their index in the document. */
export function outputPortsOf(product: Entity<'DataProduct'> | undefined): { port: PortRecord; index: number }[] {
  const out: { port: PortRecord; index: number }[] = [];
  asArray<unknown>(product?.doc.outputPorts).forEach((port, index) => {
    if (isRecord(port)) out.push({ port, index });
  });
  return out;
}

export { dataLocation } from './locations.ts';

/** The relations of `snapshot`, built on first use. Prefer `snapshot.relations`. */
export function buildRelations(snapshot: MeshSnapshot): Relations {
  const { DataProduct: products, DataContract: contracts, AccessGrant: grants } = snapshot.byKind;

  let serving: Map<string, Entity<'DataProduct'>[]> | undefined;
  const servingIndex = (): Map<string, Entity<'DataProduct'>[]> => {
    if (serving) return serving;
    serving = new Map();
    for (const product of products.values()) {
      for (const { port } of outputPortsOf(product)) {
        if (typeof port.contractId !== 'string') continue;
        const list = serving.get(port.contractId);
        if (!list) serving.set(port.contractId, [product]);
        else if (list[list.length - 1] !== product) list.push(product);
      }
    }
    return serving;
  };

  const portTarget = (productId: unknown, portName: unknown): GrantTarget => {
    const target: GrantTarget = {};
    const product = typeof productId === 'string' ? products.get(productId) : undefined;
    if (!product) return target;
    target.product = product;
    const found = outputPortsOf(product).find(({ port }) => port.name === portName);
    if (!found) return target;
    target.port = found.port;
    target.portIndex = found.index;
    const contract = typeof found.port.contractId === 'string' ? contracts.get(found.port.contractId) : undefined;
    if (contract) target.contract = contract;
    return target;
  };

  const targets = new Map<Entity<'AccessGrant'>, GrantTarget>();
  const grantTarget = (grant: Entity<'AccessGrant'>): GrantTarget => {
    let target = targets.get(grant);
    if (target) return target;
    const doc: Record<string, unknown> = isRecord(grant.doc) ? grant.doc : {};
    target = portTarget(doc.dataProduct, doc.outputPort);
    const role = asArray<unknown>(target.contract?.doc.roles).find((r): r is RoleRecord => isRecord(r) && r.role === doc.role);
    if (role) target.role = role;
    targets.set(grant, target);
    return target;
  };

  let byContract: Map<string, Entity<'AccessGrant'>[]> | undefined;
  const grantsIndex = (): Map<string, Entity<'AccessGrant'>[]> => {
    if (byContract) return byContract;
    byContract = new Map();
    for (const grant of grants.values()) {
      const contractId = grantTarget(grant).port?.contractId;
      if (typeof contractId !== 'string') continue;
      const list = byContract.get(contractId);
      if (list) list.push(grant);
      else byContract.set(contractId, [grant]);
    }
    return byContract;
  };

  const portContracts = (ports: unknown): PortContract[] => {
    const out: PortContract[] = [];
    asArray<unknown>(ports).forEach((port, portIndex) => {
      if (!isRecord(port) || typeof port.contractId !== 'string') return;
      const contract = contracts.get(port.contractId);
      if (contract) out.push({ portIndex, port, contract });
    });
    return out;
  };

  let edges: LineageEdge[] | undefined;
  const lineage = (): LineageEdge[] => {
    if (edges) return edges;
    edges = [];
    for (const product of products.values()) {
      asArray<unknown>(product.doc.inputPorts).forEach((port, inputPortIndex) => {
        if (!isRecord(port) || typeof port.contractId !== 'string') return;
        const upstream = servingIndex().get(port.contractId)?.[0];
        if (upstream && upstream !== product) edges!.push({ product, upstream, contractId: port.contractId, inputPortIndex });
      });
    }
    return edges;
  };

  const locations = new Map<Entity<'DataContract'>, string[]>();
  const locationsOf = (contract: Entity<'DataContract'>): string[] => {
    let list = locations.get(contract);
    if (list) return list;
    list = contractLocations(contract.doc);
    locations.set(contract, list);
    return list;
  };
  let atLocation: Map<string, Entity<'DataContract'>[]> | undefined;
  const locationIndex = (): Map<string, Entity<'DataContract'>[]> => {
    if (atLocation) return atLocation;
    atLocation = new Map();
    for (const contract of contracts.values()) {
      for (const key of locationsOf(contract)) {
        const list = atLocation.get(key);
        if (list) list.push(contract);
        else atLocation.set(key, [contract]);
      }
    }
    return atLocation;
  };

  return {
    productsServing: (contractId) => servingIndex().get(contractId) ?? NO_PRODUCTS,
    servedBy: (contractId) => servingIndex().get(contractId)?.[0],
    grantTarget,
    portTarget,
    grantsOf: (contractId) => grantsIndex().get(contractId) ?? NO_GRANTS,
    contractsServed: (product) => portContracts(product.doc.outputPorts),
    contractsConsumed: (product) => portContracts(product.doc.inputPorts),
    lineage,
    contractsAt: (location) => locationIndex().get(location) ?? NO_CONTRACTS,
    locationsOf,
  };
}
