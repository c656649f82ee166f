import { describe, expect, it } from 'vitest';
import { smallMesh } from '../fixtures/meshes/small.ts';
import { meshgate, writeTree } from './cli-helpers.ts';

describe('meshgate new', () => {
  it('scaffolds a domain, a product with its contract, and a grant that all validate', async () => {
    const root = await writeTree(smallMesh);
    expect((await meshgate(root, 'new', 'domain', 'shipping', '--owner', '@acme/shipping', '--type', 'source-aligned')).code).toBe(0);
    const product = await meshgate(root, 'new', 'product', 'shipping-parcels', '--domain', 'shipping');
    expect(product.stdout).toContain('created catalog/shipping/parcels/product.yaml');
    expect(product.stdout).toContain('created catalog/shipping/parcels/shipping-parcels-v1.contract.yaml');
    const grant = await meshgate(root, 'new', 'grant', '--product', 'shipping-parcels', '--port', 'parcels', '--team', '@acme/marketing');
    expect(grant.stdout).toContain('created catalog/shipping/parcels/access/marketing-shipping-parcels-parcels.yaml');
    const validate = await meshgate(root, 'validate', '--format', 'json', '--no-policies');
    expect(JSON.parse(validate.stdout).findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
  });

  it('refuses to overwrite an existing file', async () => {
    const root = await writeTree(smallMesh);
    const { code, stderr } = await meshgate(root, 'new', 'domain', 'checkout', '--owner', '@acme/x');
    expect(code).toBe(1);
    expect(stderr).toContain('catalog/checkout/domain.yaml already exists');
  });

  it('refuses a product in a domain that does not exist', async () => {
    const root = await writeTree(smallMesh);
    const { code, stderr } = await meshgate(root, 'new', 'product', 'x-y', '--domain', 'nowhere');
    expect(code).toBe(2);
    expect(stderr).toContain('domain "nowhere" does not exist');
  });
});
