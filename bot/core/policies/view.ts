/**
 * The entity view a policy sees: the entity's own document plus its resolved references under
 * `$`-keys, so that a rule can look across an entity's neighbours without code.
 *
 * | kind         | extra keys                                                                 |
 * | ------------ | -------------------------------------------------------------------------- |
 * | every kind   | `$domain` (the Domain document; not for a Domain itself)                   |
 * | DataProduct  | `$contracts`: the contracts of its output ports, in port order             |
 * | DataContract | `$product`: the product whose output port serves it, when one does         |
 * | AccessGrant  | `$product`, `$contract` (the output port's contract), `$consumer`          |
 * |              | (`{ team, domain?, dataProduct? }`, resolved), `$validDays` (days from     |
 * |              | today to validUntil)                                                       |
 *
 * A reference that does not resolve is simply absent: the built-in checks report it.
 */
import type { Entity, MeshSnapshot } from '../model.ts';
import { isRecord } from '../shapes.ts';

export type EntityView = Record<string, unknown>;

const DAY_MS = 86_400_000;

function outputPorts(product: Entity<'DataProduct'> | undefined): { name?: unknown; contractId?: unknown }[] {
  const ports = product?.doc.outputPorts;
  return Array.isArray(ports) ? ports.filter(isRecord) : [];
}

/** Where each `$`-key of a view comes from in the entity's own document, to place findings. */
export function referencingPath(snapshot: MeshSnapshot, entity: Entity, key: string, index?: number): string {
  switch (key) {
    case '$domain':
      if (entity.kind === 'AccessGrant') return '/dataProduct';
      return isRecord(entity.doc) && 'domain' in entity.doc ? '/domain' : '';
    case '$product':
      return entity.kind === 'AccessGrant' ? '/dataProduct' : isRecord(entity.doc) && 'dataProduct' in entity.doc ? '/dataProduct' : '';
    case '$contract':
      return '/outputPort';
    case '$consumer':
      return '/consumer';
    case '$validDays':
      return '/validUntil';
    case '$contracts': {
      if (index === undefined) return '/outputPorts';
      return `/outputPorts/${contractPortIndexes(snapshot, entity as Entity<'DataProduct'>)[index] ?? index}/contractId`;
    }
    default:
      return '';
  }
}

/** The output-port index behind each element of a product's `$contracts`. */
function contractPortIndexes(snapshot: MeshSnapshot, product: Entity<'DataProduct'>): number[] {
  const indexes: number[] = [];
  outputPorts(product).forEach((port, i) => {
    if (typeof port.contractId === 'string' && snapshot.byKind.DataContract.has(port.contractId)) indexes.push(i);
  });
  return indexes;
}

const serving = new WeakMap<MeshSnapshot, Map<string, Entity<'DataProduct'>>>();

/**
 * Contract id → the first product (in path order) whose output port serves it, built once per
 * snapshot: `dataProduct` is optional in ODCS, and scanning every product for every contract that
 * lacks it made a whole-mesh evaluation quadratic (10,000 products: 3 s → 100 s).
 */
function servingProducts(snapshot: MeshSnapshot): Map<string, Entity<'DataProduct'>> {
  let index = serving.get(snapshot);
  if (!index) {
    index = new Map();
    for (const product of snapshot.byKind.DataProduct.values()) {
      for (const port of outputPorts(product)) {
        if (typeof port.contractId === 'string' && !index.has(port.contractId)) index.set(port.contractId, product);
      }
    }
    serving.set(snapshot, index);
  }
  return index;
}

/**
 * The view of `entity` in `snapshot`. `now` fixes "today" for `$validDays`, so that reviews are
 * reproducible.
 */
export function buildView(snapshot: MeshSnapshot, entity: Entity, options: { now?: Date } = {}): EntityView {
  const doc = isRecord(entity.doc) ? entity.doc : {};
  const view: EntityView = { ...doc };
  const domainId = entity.kind === 'Domain' ? undefined : entity.domain;
  const domain = domainId === undefined ? undefined : snapshot.byKind.Domain.get(domainId);
  if (domain) view.$domain = domain.doc;
  switch (entity.kind) {
    case 'DataProduct': {
      const product = entity as Entity<'DataProduct'>;
      // The ports filtered once, not once per contract: this runs for every product of the mesh.
      const ports = outputPorts(product);
      view.$contracts = contractPortIndexes(snapshot, product).map((i) => snapshot.byKind.DataContract.get(ports[i].contractId as string)!.doc);
      break;
    }
    case 'DataContract': {
      const productId = (doc as { dataProduct?: unknown }).dataProduct;
      const product = (typeof productId === 'string' ? snapshot.byKind.DataProduct.get(productId) : undefined) ?? servingProducts(snapshot).get(entity.id);
      if (product) view.$product = product.doc;
      break;
    }
    case 'AccessGrant': {
      const grant = doc as { dataProduct?: unknown; outputPort?: unknown; consumer?: unknown; validUntil?: unknown };
      const product = typeof grant.dataProduct === 'string' ? snapshot.byKind.DataProduct.get(grant.dataProduct) : undefined;
      if (product) view.$product = product.doc;
      const port = outputPorts(product).find((p) => p.name === grant.outputPort);
      const contract = typeof port?.contractId === 'string' ? snapshot.byKind.DataContract.get(port.contractId) : undefined;
      if (contract) view.$contract = contract.doc;
      if (isRecord(grant.consumer)) {
        const consumer: Record<string, unknown> = { team: grant.consumer.team };
        const consumingProduct = typeof grant.consumer.dataProduct === 'string' ? snapshot.byKind.DataProduct.get(grant.consumer.dataProduct) : undefined;
        if (consumingProduct) consumer.dataProduct = consumingProduct.doc;
        const consumerDomainId = typeof grant.consumer.domain === 'string' ? grant.consumer.domain : consumingProduct?.domain;
        const consumerDomain = consumerDomainId === undefined ? undefined : snapshot.byKind.Domain.get(consumerDomainId);
        if (consumerDomain) consumer.domain = consumerDomain.doc;
        view.$consumer = consumer;
      }
      if (typeof grant.validUntil === 'string') {
        const until = Date.parse(`${grant.validUntil}T00:00:00Z`);
        const today = Date.parse(`${(options.now ?? new Date()).toISOString().slice(0, 10)}T00:00:00Z`);
        if (!Number.isNaN(until)) view.$validDays = Math.round((until - today) / DAY_MS);
      }
      break;
    }
    default:
      break;
  }
  return view;
}
