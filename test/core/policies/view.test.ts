import { describe, expect, it } from 'vitest';
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
