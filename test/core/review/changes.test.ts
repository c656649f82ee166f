import { describe, expect, it } from 'vitest';
import { affectedFiles, categorize, changedFields, diffMeshes } from '../../../bot/core/review/changes.ts';
import { baseFiles, changed, edit, load, newGrant, PATHS } from './pull.ts';

const diff = (changes: Record<string, string | null>) => {
  const base = load(baseFiles);
  const head = load(changed(changes));
  const list = diffMeshes(base, head);
  return { list, categories: categorize(list, base, head) };
};

const NEW_PRODUCT = `apiVersion: v1.0.0
kind: DataProduct
id: checkout-carts
name: Carts
version: 1.0.0
status: draft
domain: checkout
tags: [carts]
`;

describe('diffMeshes', () => {
  it('finds no change between identical trees', () => {
    expect(diff({}).list).toEqual([]);
  });

  it('reports an added entity with its domain', () => {
    expect(diff({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT }).list).toEqual([
      { type: 'added', kind: 'DataProduct', id: 'checkout-carts', file: 'catalog/checkout/carts/product.yaml', domain: 'checkout' },
    ]);
  });

  it('reports a modified entity with the top-level fields that differ', () => {
    const { list } = diff(edit(PATHS.ordersProduct, 'tags: [orders]', 'tags: [orders, sales]'));
    expect(list).toEqual([{ type: 'modified', kind: 'DataProduct', id: 'checkout-orders', file: PATHS.ordersProduct, domain: 'checkout', fields: ['tags'] }]);
  });

  it('reports a reformatted file as modified with no fields', () => {
    const { list } = diff({ [PATHS.ordersProduct]: `# owned by checkout\n${baseFiles[PATHS.ordersProduct]}` });
    expect(list).toEqual([expect.objectContaining({ type: 'modified', fields: [] })]);
  });

  it('reports a removed entity', () => {
    expect(diff({ [PATHS.grant]: null }).list).toEqual([
      { type: 'removed', kind: 'AccessGrant', id: 'marketing-checkout-orders', file: PATHS.grant, domain: 'checkout' },
    ]);
  });

  it('reports a renamed file as one moved entity', () => {
    const { list } = diff({ [PATHS.grant]: null, 'catalog/checkout/orders/access/mkt.yaml': baseFiles[PATHS.grant] });
    expect(list).toEqual([
      { type: 'moved', kind: 'AccessGrant', id: 'marketing-checkout-orders', file: 'catalog/checkout/orders/access/mkt.yaml', previousFile: PATHS.grant, domain: 'checkout', fields: [] },
    ]);
  });

  it('reports files that hold no entity as File changes', () => {
    expect(diff({ '.github/workflows/ci.yml': 'on: push\n', 'catalog/checkout/orders/README.md': '# Orders\n' }).list).toEqual([
      { type: 'added', kind: 'File', id: '.github/workflows/ci.yml', file: '.github/workflows/ci.yml', domain: undefined },
      { type: 'added', kind: 'File', id: 'catalog/checkout/orders/README.md', file: 'catalog/checkout/orders/README.md', domain: 'checkout' },
    ]);
  });

  it('reports an entity whose YAML broke as removed', () => {
    const { list } = diff({ [PATHS.grant]: 'kind: [' });
    expect(list).toEqual([expect.objectContaining({ type: 'removed', kind: 'AccessGrant', file: PATHS.grant })]);
  });
});

describe('changedFields', () => {
  it('compares values regardless of key order', () => {
    expect(changedFields({ a: { x: 1, y: 2 }, b: 1 }, { a: { y: 2, x: 1 }, b: 2, c: 3 })).toEqual(['b', 'c']);
  });
});

describe('categorize', () => {
  it('calls an added product a new product', () => {
    expect(diff({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT }).categories).toEqual(['new-product']);
  });
  it('calls a changed product a product change', () => {
    expect(diff(edit(PATHS.ordersProduct, 'tags: [orders]', 'tags: [sales]')).categories).toEqual(['product-change']);
  });
  it('calls a changed contract a contract change', () => {
    expect(diff(edit(PATHS.ordersContract, 'description: Order identifier.', 'description: The order id.')).categories).toEqual(['contract-change']);
  });
  it('calls changed role approvers an ownership change', () => {
    expect(diff(edit(PATHS.ordersContract, 'firstLevelApprovers: "@acme/checkout-data"', 'firstLevelApprovers: "@eve"')).categories).toEqual([
      'contract-change',
      'ownership-change',
    ]);
  });
  it('calls an added grant an access request', () => {
    expect(diff({ 'catalog/checkout/orders/access/ml.yaml': newGrant() }).categories).toEqual(['access-request']);
  });
  it('calls a removed grant an access revocation', () => {
    expect(diff({ [PATHS.grant]: null }).categories).toEqual(['access-revocation']);
  });
  it('calls changed domain owners a domain and ownership change', () => {
    expect(diff(edit(PATHS.marketingDomain, '"@acme/marketing"', '"@acme/growth"')).categories).toEqual(['domain-change', 'ownership-change']);
  });
  it('calls a changed domain description a domain change only', () => {
    expect(diff(edit(PATHS.checkoutDomain, 'Orders placed in the shop.', 'Orders.')).categories).toEqual(['domain-change']);
  });
  it('calls anything under policies/ a policy change', () => {
    expect(diff({ 'policies/README.md': 'How we govern.\n' }).categories).toEqual(['policy-change']);
    expect(diff(edit(PATHS.governance, 'quorum: 2', 'quorum: 1')).categories).toEqual(['policy-change']);
  });
  it('calls bot/, site/, .github/, package.json and lock files platform changes', () => {
    for (const path of ['bot/cli/main.ts', 'site/src/pages/index.astro', '.github/workflows/ci.yml', 'package.json', 'package-lock.json']) {
      expect(diff({ [path]: 'x' }).categories).toEqual(['platform-change']);
    }
  });
});

describe('affectedFiles', () => {
  const affected = (changes: Record<string, string | null>) => {
    const base = load(baseFiles);
    const head = load(changed(changes));
    return [...affectedFiles(base, head, diffMeshes(base, head))].sort();
  };
  it('includes the grants and products that see a changed contract', () => {
    expect(affected(edit(PATHS.ordersContract, 'description: Order identifier.', 'description: Id.'))).toEqual([
      PATHS.grant,
      PATHS.ordersContract,
      PATHS.ordersProduct,
    ]);
  });
  it('includes every entity of a changed domain and the grants whose consumer is in it', () => {
    expect(affected(edit(PATHS.marketingDomain, 'name: Marketing', 'name: Growth'))).toEqual([
      PATHS.grant,
      PATHS.audiencesContract,
      PATHS.audiencesProduct,
      PATHS.marketingDomain,
    ]);
  });
  it('includes the contracts a changed product serves', () => {
    expect(affected(edit(PATHS.audiencesProduct, 'tags: [marketing]', 'tags: [growth]'))).toEqual([
      PATHS.grant,
      PATHS.audiencesContract,
      PATHS.audiencesProduct,
    ]);
  });
});
