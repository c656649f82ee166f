/**
 * The entity view a policy sees: the entity's own document plus its resolved references under
 * `$`-keys, so that a rule can look across an entity's neighbours without code.
 *
 * | kind         | extra keys                                                                 |
 * | ------------ | -------------------------------------------------------------------------- |
 * | every kind   | `$domain` (the Domain document; not for a Domain itself)                   |
 * | DataProduct  | `$contracts`: the contracts of its output ports, in port order             |
 * | DataContract | `$product`: the product whose output port serves it, when one does;        |
 * |              | `$expectedIdPrefix` (`<domain>-`), `$expectedIdSuffix` (`-v<major>` of its  |
 * |              | version) and `$idName`: the id between the two, present only when the id   |
 * |              | starts with the one and ends with the other                                |
 * | AccessGrant  | `$product`, `$contract` (the output port's contract), `$consumer`          |
 * |              | (`{ team, domain?, dataProduct? }`, resolved), `$validDays` (days from     |
 * |              | today to validUntil)                                                       |
 *
 * A reference that does not resolve is simply absent: the built-in checks report it.
 */
import type { Entity, MeshSnapshot } from '../model.ts';
import { isRecord } from '../shapes.ts';

export type EntityView = Record<string, unknown>;

/**
 * The `$`-keys a view of each kind may hold, and whether a valid mesh always resolves them (a
 * reference that resolves is present; `$product` of a contract only when a product serves it).
 */
export const VIEW_KEYS: Record<'Domain' | 'DataProduct' | 'DataContract' | 'AccessGrant', Record<string, { always: boolean }>> = {
  Domain: {},
  DataProduct: { $domain: { always: true }, $contracts: { always: true } },
  DataContract: {
    $domain: { always: true },
    $product: { always: false },
    $expectedIdPrefix: { always: true },
    $expectedIdSuffix: { always: true },
    $idName: { always: false },
  },
  AccessGrant: { $domain: { always: true }, $product: { always: true }, $contract: { always: true }, $consumer: { always: true }, $validDays: { always: true } },
};

const DAY_MS = 86_400_000;

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
    case '$idName':
    case '$expectedIdPrefix':
    case '$expectedIdSuffix':
      return '/id';
    case '$contracts': {
      if (index === undefined) return '/outputPorts';
      return `/outputPorts/${snapshot.relations.contractsServed(entity as Entity<'DataProduct'>)[index]?.portIndex ?? index}/contractId`;
    }
    default:
      return '';
  }
}

/**
 * The computed fields that let a policy say what a contract id must read: JSON Schema cannot compare
 * one field with another, so the view does the comparison and the policy requires its result.
 */
function idConvention(doc: Record<string, unknown>): EntityView {
  const out: EntityView = {};
  if (typeof doc.domain === 'string') out.$expectedIdPrefix = `${doc.domain}-`;
  const major = typeof doc.version === 'string' ? /^v?(\d+)(?:\.|$)/.exec(doc.version)?.[1] : undefined;
  if (major !== undefined) out.$expectedIdSuffix = `-v${Number(major)}`;
  const { $expectedIdPrefix: prefix, $expectedIdSuffix: suffix } = out as { $expectedIdPrefix?: string; $expectedIdSuffix?: string };
  const id = doc.id;
  if (typeof id === 'string' && prefix !== undefined && suffix !== undefined && id.length >= prefix.length + suffix.length && id.startsWith(prefix) && id.endsWith(suffix)) {
    out.$idName = id.slice(prefix.length, id.length - suffix.length);
  }
  return out;
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
      view.$contracts = snapshot.relations.contractsServed(entity as Entity<'DataProduct'>).map((served) => served.contract.doc);
      break;
    }
    case 'DataContract': {
      const productId = (doc as { dataProduct?: unknown }).dataProduct;
      const product = (typeof productId === 'string' ? snapshot.byKind.DataProduct.get(productId) : undefined) ?? snapshot.relations.servedBy(entity.id);
      if (product) view.$product = product.doc;
      Object.assign(view, idConvention(doc));
      break;
    }
    case 'AccessGrant': {
      const grant = doc as { dataProduct?: unknown; outputPort?: unknown; consumer?: unknown; validUntil?: unknown };
      const { product, contract } = snapshot.relations.grantTarget(entity as Entity<'AccessGrant'>);
      if (product) view.$product = product.doc;
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
