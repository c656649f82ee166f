import { describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/mesh.ts';
import { validateMesh } from '../../../bot/core/validate/mesh.ts';
import { smallMesh, withEdit, withFiles } from '../../fixtures/meshes/small.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const validate = (files: Record<string, string>, now = NOW) => validateMesh(loadMesh(fromRecord(files)), { now });
const errors = (files: Record<string, string>) => validate(files).filter((f) => f.severity === 'error');

const PRODUCT = 'catalog/marketing/audiences/product.yaml';
const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const ORDERS = 'catalog/checkout/orders/orders-v1.contract.yaml';

describe('validateMesh', () => {
  it('finds nothing wrong with the small mesh', () => {
    expect(validate(smallMesh)).toEqual([]);
  });

  it('reports a product whose domain does not exist, at the domain field', () => {
    const files = withFiles({ 'catalog/marketing/domain.yaml': null });
    expect(errors(files)).toContainEqual(expect.objectContaining({ file: PRODUCT, line: 7, code: 'reference.domain' }));
  });

  it('reports an output port whose contract does not exist', () => {
    const files = withEdit(PRODUCT, (t) => t.replace('contractId: marketing-audiences-v1', 'contractId: marketing-audiences-v9'));
    expect(errors(files)).toEqual([
      expect.objectContaining({ file: PRODUCT, line: 18, column: 5, code: 'reference.contract', message: 'output port "audiences" names contract "marketing-audiences-v9", which does not exist' }),
    ]);
  });

  it('reports an input port whose contract does not exist', () => {
    const files = withEdit(PRODUCT, (t) => t.replace('contractId: checkout-orders-v1', 'contractId: checkout-orders-v2'));
    expect(errors(files)).toEqual([expect.objectContaining({ file: PRODUCT, line: 14, code: 'reference.contract' })]);
  });

  it('reports an input port that consumes the product\'s own contract', () => {
    const files = withEdit(PRODUCT, (t) => t.replace('contractId: checkout-orders-v1', 'contractId: marketing-audiences-v1'));
    expect(errors(files)).toEqual([expect.objectContaining({ code: 'reference.input-own-contract', line: 14 })]);
  });

  it('reports a grant to a product that does not exist', () => {
    const files = withEdit(GRANT, (t) => t.replace('dataProduct: checkout-orders', 'dataProduct: checkout-order'));
    expect(errors(files)).toContainEqual(expect.objectContaining({ file: GRANT, line: 8, code: 'reference.product' }));
  });

  it('reports a grant to an output port the product does not have, naming the ones it has', () => {
    const files = withEdit(GRANT, (t) => t.replace('outputPort: orders', 'outputPort: order'));
    // (the consuming product's input port then has no grant either: lineage.no-grant, at the product)
    expect(errors(files).filter((f) => f.file === GRANT)).toEqual([expect.objectContaining({ file: GRANT, line: 9, code: 'reference.output-port', hint: 'use one of: orders' })]);
  });

  it('reports a grant for a role the contract does not offer', () => {
    const files = withEdit(GRANT, (t) => t.replace('role: analyst', 'role: admin'));
    expect(errors(files)).toEqual([expect.objectContaining({ file: GRANT, line: 10, code: 'reference.role', hint: 'use one of: analyst' })]);
  });

  it('reports a grant whose consuming product does not exist', () => {
    const files = withEdit(GRANT, (t) => t.replace('dataProduct: marketing-audiences', 'dataProduct: marketing-nothing'));
    expect(errors(files).filter((f) => f.file === GRANT)).toEqual([expect.objectContaining({ file: GRANT, line: 7, code: 'reference.product' })]);
  });

  it('reports an entity whose domain differs from its folder', () => {
    const files = withEdit(ORDERS, (t) => t.replace('domain: checkout', 'domain: marketing'));
    expect(errors(files)).toContainEqual(expect.objectContaining({ file: ORDERS, line: 7, code: 'layout.domain-folder' }));
  });

  it('reports a contract whose domain differs from its product\'s', () => {
    const files = withEdit(ORDERS, (t) => t.replace('domain: checkout', 'domain: marketing'));
    expect(errors(files)).toContainEqual(expect.objectContaining({ file: ORDERS, code: 'reference.domain-mismatch' }));
  });

  it('reports a policy placed under catalog/', () => {
    const files = withFiles({ 'policies/products-have-tags.yaml': null, 'catalog/checkout/policy.yaml': smallMesh['policies/products-have-tags.yaml'] });
    expect(errors(files)).toEqual([expect.objectContaining({ file: 'catalog/checkout/policy.yaml', code: 'layout.folder' })]);
  });

  it('warns about a contract that no output port serves', () => {
    const files = withFiles({ 'catalog/checkout/orders/orphan.contract.yaml': smallMesh[ORDERS].replace('id: checkout-orders-v1', 'id: checkout-orphan-v1') });
    expect(validate(files)).toEqual([expect.objectContaining({ severity: 'warning', code: 'contract.unserved' })]);
  });

  it('reports a lineage cycle once, at an input port', () => {
    const files = withEdit('catalog/checkout/orders/product.yaml', (t) =>
      t.replace('outputPorts:', 'inputPorts:\n  - name: audiences\n    version: 1.0.0\n    contractId: marketing-audiences-v1\noutputPorts:'));
    const cycles = errors(files).filter((f) => f.code === 'lineage.cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0].message).toMatch(/lineage cycle: (checkout-orders → marketing-audiences|marketing-audiences → checkout-orders)/);
  });

  it('warns about an expired access grant', () => {
    expect(validate(smallMesh, new Date('2027-07-01T00:00:00Z')).filter((f) => f.file === GRANT)).toEqual([
      expect.objectContaining({ file: GRANT, line: 13, severity: 'warning', code: 'grant.expired', message: 'access grant expired on 2027-06-30' }),
    ]);
  });

  it('reports a grant that runs longer than governance allows', () => {
    const files = withEdit('policies/governance.yaml', (t) => `${t}defaults:\n  grantMaxDays: 90\n`);
    expect(errors(files)).toEqual([
      expect.objectContaining({ file: GRANT, line: 13, code: 'grant.too-long', message: 'access grant runs 218 days, until 2027-06-30; governance allows at most 90', hint: expect.stringContaining('on or before 2027-02-22') }),
    ]);
  });

  it('sorts findings by file and line', () => {
    const files = withEdit(GRANT, (t) => t.replace('role: analyst', 'role: admin').replace('dataProduct: marketing-audiences', 'dataProduct: nothing'));
    const lines = errors(files).map((f) => f.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
