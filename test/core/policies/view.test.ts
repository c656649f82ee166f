import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePolicies } from '../../../bot/core/policies/engine.ts';
import { fromRecord, loadMesh } from '../../../bot/core/load/mesh.ts';
import { buildView } from '../../../bot/core/policies/view.ts';
import { reviewMesh } from '../../fixtures/meshes/review/mesh.ts';

const CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';
const viewOf = (edit: (text: string) => string = (t) => t) => {
  const mesh = loadMesh(fromRecord({ ...reviewMesh, [CONTRACT]: edit(reviewMesh[CONTRACT]) }));
  const contract = mesh.entities.find((e) => e.file === CONTRACT)!;
  return buildView(mesh, contract);
};

describe('the view of a contract computes its id parts', () => {
  it('holds the expected prefix (domain) and suffix (major version), and the name between them', () => {
    expect(viewOf()).toMatchObject({ $expectedIdPrefix: 'checkout-', $expectedIdSuffix: '-v1', $idName: 'orders' });
  });

  it('has no $idName when the major version is not the one the id ends with', () => {
    const view = viewOf((t) => t.replace(/^version: .*$/m, 'version: 2.0.0'));
    expect(view.$expectedIdSuffix).toBe('-v2');
    expect(view).not.toHaveProperty('$idName');
  });
});

describe('contract-id-naming on a contract', () => {
  it('names the part of the id between domain and major version when that part breaks the pattern', () => {
    const naming = readFileSync(new URL('../../../policies/contract-id-naming.yaml', import.meta.url), 'utf8');
    const files = { ...reviewMesh, 'policies/contract-id-naming.yaml': naming, [CONTRACT]: reviewMesh[CONTRACT].replace('id: checkout-orders-v1', 'id: checkout-Orders-v1') };
    const mesh = loadMesh(fromRecord(files));
    const messages = evaluatePolicies(mesh, mesh).findings.filter((f) => f.code === 'policy:contract-id-naming').map((f) => [f.file, f.line, f.message]);
    expect(messages).toEqual([
      [CONTRACT, 3, 'Contract ids follow <domain>-<name>-v<major>: the name "Orders" in `id` "checkout-Orders-v1" (between checkout- and -v1) must match pattern "^[a-z0-9]+(-[a-z0-9]+)*$"'],
    ]);
  });
});
