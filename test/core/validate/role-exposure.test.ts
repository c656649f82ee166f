import { describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/mesh.ts';
import { validateMesh } from '../../../bot/core/validate/mesh.ts';
import { provisioningMesh } from '../../fixtures/meshes/provisioning.ts';

const CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';

function roleFindings(edit: (contract: string) => string): string[] {
  const files = provisioningMesh('');
  files[CONTRACT] = edit(files[CONTRACT]);
  return validateMesh(loadMesh(fromRecord(files)))
    .filter((f) => f.code.startsWith('role.'))
    .map((f) => `${f.line}:${f.column} ${f.code} ${f.message}`);
}

describe('contract roles that promise less than they give', () => {
  it('the fixture flags nothing', () => {
    expect(roleFindings((c) => c)).toEqual([]);
  });

  it('a description that excludes a column the role exposes is flagged at the description', () => {
    expect(roleFindings((c) => c.replace('description: Every column.', 'description: Every column except customer_email.'))).toEqual([
      '54:5 role.exposes role "orders_reader" says "Every column except customer_email.", but it exposes customer_email',
    ]);
  });

  it('the same description is not flagged when maxClassification holds the column back', () => {
    expect(
      roleFindings((c) =>
        c.replace('description: Every column.', 'description: Every column except customer_email.\n    customProperties:\n      - property: maxClassification\n        value: confidential'),
      ),
    ).toEqual([]);
  });

  it('a role that promises no personal data but exposes a pii column is flagged', () => {
    expect(roleFindings((c) => c.replace('description: Every column.', 'description: Order facts, no personal data.'))).toEqual([
      '54:5 role.exposes role "orders_reader" says "Order facts, no personal data.", but it exposes customer_email',
    ]);
  });

  it('a maxClassification that is not one of governance\'s levels is flagged: the role would be granted nothing', () => {
    expect(roleFindings((c) => c.replace('value: internal', 'value: secret'))).toEqual([
      '49:5 role.max-classification the role orders_pseudonymous has maxClassification "secret", which is not one of governance\'s classification levels, so provisioning grants it nothing',
    ]);
  });
});
