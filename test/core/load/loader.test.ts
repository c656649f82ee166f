import { describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/mesh.ts';
import { isValid, validEntities } from '../../../bot/core/model.ts';
import { smallMesh, withEdit, withFiles } from '../../fixtures/meshes/small.ts';

const load = (files: Record<string, string>) => loadMesh(fromRecord(files));

describe('loadMesh', () => {
  it('loads every kind of the small mesh without findings', () => {
    const mesh = load(smallMesh);
    expect(mesh.findings).toEqual([]);
    expect(Object.fromEntries(Object.entries(mesh.byKind).map(([k, m]) => [k, [...m.keys()]]))).toEqual({
      Domain: ['checkout', 'marketing'],
      DataProduct: ['checkout-orders', 'marketing-audiences'],
      DataContract: ['checkout-orders-v1', 'marketing-audiences-v1'],
      AccessGrant: ['marketing-checkout-orders'],
      Policy: ['products-have-tags'],
      Governance: ['governance'],
    });
  });

  it('identifies an entity by its kind, not its file name', () => {
    const mesh = load(withFiles({
      'catalog/checkout/orders/orders-v1.contract.yaml': null,
      'catalog/checkout/orders/anything.yml': smallMesh['catalog/checkout/orders/orders-v1.contract.yaml'],
    }));
    expect(mesh.byKind.DataContract.get('checkout-orders-v1')?.file).toBe('catalog/checkout/orders/anything.yml');
  });

  it('keeps unquoted dates as strings', () => {
    const mesh = load(withEdit('catalog/checkout/orders/access/marketing.yaml', (t) => t.replace('"2027-06-30"', '2027-06-30')));
    expect(mesh.byKind.AccessGrant.get('marketing-checkout-orders')?.doc.validUntil).toBe('2027-06-30');
    expect(mesh.findings).toEqual([]);
  });

  it('gives an access grant the domain of the product it reaches', () => {
    expect(load(smallMesh).byKind.AccessGrant.get('marketing-checkout-orders')?.domain).toBe('checkout');
  });

  it('reports a schema error at the line and column of the field', () => {
    const mesh = load(withEdit('catalog/checkout/domain.yaml', (t) => t.replace('type: source-aligned', 'type: source')));
    expect(mesh.findings).toMatchObject([
      { file: 'catalog/checkout/domain.yaml', line: 5, column: 1, severity: 'error', code: 'schema', path: '/type' },
    ]);
    expect(mesh.findings[0].message).toBe('type must be one of "source-aligned", "aggregate", "consumer-aligned"');
  });

  it('says how to fix every schema error, even one the kind has no special hint for', () => {
    const mesh = load({
      ...withEdit('catalog/checkout/domain.yaml', (t) => t.replace('type: source-aligned', 'type: source')),
      'catalog/marketing/domain.yaml': smallMesh['catalog/marketing/domain.yaml'].replace('owners:\n  - "@acme/marketing"\n', ''),
      'policies/governance.yaml': smallMesh['policies/governance.yaml'].replace('quorum: 2', 'quorum: two'),
    });
    expect(mesh.findings.map((f) => [f.file, f.message, f.hint])).toEqual([
      ['catalog/checkout/domain.yaml', 'type must be one of "source-aligned", "aggregate", "consumer-aligned"', 'write one of "source-aligned", "aggregate", "consumer-aligned"'],
      ['catalog/marketing/domain.yaml', '(document) is missing required field "owners"', 'add owners: to the document (see bot/core/kinds/domain.schema.json)'],
      ['policies/governance.yaml', 'quorum must be of type integer', 'write quorum as integer (see bot/core/kinds/governance.schema.json)'],
    ]);
  });

  it('says how to fix a YAML syntax error, at its line', () => {
    const mesh = load(withFiles({ 'catalog/checkout/broken.yaml': 'apiVersion: meshgate/v1\nkind: Domain\ntags: [a, b\n' }));
    expect(mesh.findings).toMatchObject([{ file: 'catalog/checkout/broken.yaml', line: 4, code: 'yaml.syntax' }]);
    expect(mesh.findings[0].hint).toBe('check the brackets, quotes and indentation around this line; every [ { and quote must be closed');
  });

  it('still registers an entity that fails its schema, marked invalid', () => {
    const mesh = load(withEdit('catalog/checkout/domain.yaml', (t) => t.replace('type: source-aligned', 'type: source')));
    expect(mesh.byKind.Domain.get('checkout')?.valid).toBe(false);
  });

  it('lists only the valid entities of a kind through validEntities and isValid, in the same order', () => {
    const mesh = load(withEdit('catalog/checkout/domain.yaml', (t) => t.replace('type: source-aligned', 'type: source')));
    const all = [...mesh.byKind.Domain.values()];
    expect(all.some((d) => !d.valid)).toBe(true);
    expect(validEntities(mesh, 'Domain')).toEqual(all.filter((d) => d.valid));
    expect(all.filter(isValid)).toEqual(validEntities(mesh, 'Domain'));
    expect(validEntities(mesh, 'Domain').map((d) => d.id)).not.toContain('checkout');
    const small = load(smallMesh);
    expect(validEntities(small, 'DataProduct')).toEqual([...small.byKind.DataProduct.values()]);
  });

  it('points an unknown field at its key', () => {
    const mesh = load(withEdit('catalog/checkout/orders/orders-v1.contract.yaml', (t) => t.replace('        unique: true\n', '        unique: true\n        isNullable: false\n')));
    const finding = mesh.findings.find((f) => f.path.endsWith('/isNullable'));
    expect(finding).toMatchObject({ line: 21, column: 9, severity: 'error', code: 'schema' });
  });

  it('reports a duplicate id at the second file and keeps the first', () => {
    const mesh = load(withFiles({ 'catalog/checkout/orders/zz-copy.contract.yaml': smallMesh['catalog/checkout/orders/orders-v1.contract.yaml'] }));
    expect(mesh.findings).toMatchObject([{ file: 'catalog/checkout/orders/zz-copy.contract.yaml', line: 3, code: 'entity.duplicate-id' }]);
    expect(mesh.byKind.DataContract.get('checkout-orders-v1')?.file).toBe('catalog/checkout/orders/orders-v1.contract.yaml');
  });

  it('loads the files next to a broken one', () => {
    const mesh = load(withFiles({ 'catalog/checkout/broken.yaml': 'kind: [unclosed' }));
    expect(mesh.findings.map((f) => f.file)).toEqual(['catalog/checkout/broken.yaml']);
    expect(mesh.entities).toHaveLength(load(smallMesh).entities.length);
  });

  it('ignores YAML outside catalog/ and policies/ but remembers every path', () => {
    const mesh = load(withFiles({ '.github/workflows/ci.yaml': 'on: push', 'bot/x.ts': 'export {}' }));
    expect(mesh.findings).toEqual([]);
    expect(mesh.paths).toContain('.github/workflows/ci.yaml');
    expect(mesh.paths).toContain('bot/x.ts');
  });

  it('keeps product READMEs as docs', () => {
    const mesh = load(withFiles({ 'catalog/checkout/orders/README.md': '# Orders\n' }));
    expect(mesh.docs.get('catalog/checkout/orders/README.md')).toBe('# Orders\n');
  });

  it('gives the same content the same digest and different content another', () => {
    const a = load(smallMesh);
    const b = load(withEdit('catalog/checkout/domain.yaml', (t) => t.replace('Orders placed', 'Orders taken')));
    expect(a.digests.get('catalog/marketing/domain.yaml')).toBe(b.digests.get('catalog/marketing/domain.yaml'));
    expect(a.digests.get('catalog/checkout/domain.yaml')).not.toBe(b.digests.get('catalog/checkout/domain.yaml'));
  });
});

describe('loadMesh with a previous snapshot', () => {
  it('reuses the parsed documents of unchanged files', () => {
    const base = load(smallMesh);
    const head = loadMesh(fromRecord(withEdit('catalog/checkout/domain.yaml', (t) => t.replace('Orders placed', 'Orders taken'))), { previous: base });
    expect(head.byKind.DataContract.get('checkout-orders-v1')?.doc).toBe(base.byKind.DataContract.get('checkout-orders-v1')?.doc);
    expect(head.byKind.Domain.get('checkout')?.doc).not.toBe(base.byKind.Domain.get('checkout')?.doc);
    expect(head.byKind.Domain.get('checkout')?.doc.description).toBe('Orders taken in the shop.');
  });

  it('gives the same findings as a load from scratch', () => {
    const broken = withEdit('catalog/checkout/domain.yaml', (t) => t.replace('type: source-aligned', 'type: source'));
    const base = load(broken);
    const head = loadMesh(fromRecord(withFiles({ ...broken, 'catalog/checkout/orders/zz.contract.yaml': smallMesh['catalog/checkout/orders/orders-v1.contract.yaml'] })), { previous: base });
    const fresh = load({ ...broken, 'catalog/checkout/orders/zz.contract.yaml': smallMesh['catalog/checkout/orders/orders-v1.contract.yaml'] });
    expect(head.findings).toEqual(fresh.findings);
    expect(head.findings.map((f) => f.code)).toEqual(['schema', 'entity.duplicate-id']);
  });

  it('resolves a reused grant\'s domain from the new snapshot', () => {
    const base = load(smallMesh);
    const moved = withEdit('catalog/checkout/orders/product.yaml', (t) => t.replace('domain: checkout', 'domain: marketing'));
    const head = loadMesh(fromRecord(moved), { previous: base });
    expect(head.byKind.AccessGrant.get('marketing-checkout-orders')?.domain).toBe('marketing');
    expect(base.byKind.AccessGrant.get('marketing-checkout-orders')?.domain).toBe('checkout');
  });
});
