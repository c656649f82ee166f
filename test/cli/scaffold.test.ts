/**
 * `meshgate new` as a user walks it: scaffold, replace the placeholders, validate. On the demo
 * mesh the scaffolds carry every field its policies require, so once the TODO and your-… values
 * are replaced with plain ones, validate reports no error; until then each placeholder is one.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDirectory } from '../../bot/sources/directory.ts';
import { smallMesh } from '../fixtures/meshes/small.ts';
import { meshgate, writeTree } from './cli-helpers.ts';

const REPO = join(import.meta.dirname, '../..');
let demo: Record<string, string | Uint8Array>;

beforeAll(async () => {
  demo = {};
  for (const file of await readDirectory(REPO, ['catalog', 'policies'])) if (file.content !== undefined) demo[file.path] = file.content;
});

/** What an author does with a scaffold: write plain values where the placeholders are. */
function replacePlaceholders(text: string): string {
  return text
    .replace(/TODO:[^"\n]*/g, 'Written by the author: a plain sentence that says what this is for.')
    .replace(/your-([a-z0-9-]+)/g, 'acme-$1');
}

async function fill(root: string, paths: string[]): Promise<void> {
  for (const path of paths) await writeFile(join(root, path), replacePlaceholders(await readFile(join(root, path), 'utf8')));
}

const created = (stdout: string): string[] => [...stdout.matchAll(/^(?:created|updated) (\S+)/gm)].map((m) => m[1]);

async function errors(root: string): Promise<string[]> {
  const { stdout } = await meshgate(root, 'validate', '--format', 'json');
  return JSON.parse(stdout)
    .findings.filter((f: { severity: string }) => f.severity === 'error')
    .map((f: { file: string; line: number; code: string; message: string }) => `${f.file}:${f.line} ${f.code} ${f.message}`);
}

describe('meshgate new on the demo mesh: filled in, every scaffold passes validate', () => {
  it('a domain', async () => {
    const root = await writeTree(demo);
    const { stdout } = await meshgate(root, 'new', 'domain', 'loyalty', '--owner', '@acme-shop/loyalty-data');
    await fill(root, created(stdout));
    expect(await errors(root)).toEqual([]);
  });

  it('a product with its first contract', async () => {
    const root = await writeTree(demo);
    const { stdout } = await meshgate(root, 'new', 'product', 'checkout-refunds', '--domain', 'checkout');
    expect(created(stdout)).toEqual(['catalog/checkout/refunds/product.yaml', 'catalog/checkout/refunds/checkout-refunds-v1.contract.yaml']);
    await fill(root, created(stdout));
    expect(await errors(root)).toEqual([]);
  });

  it('a second contract of an existing product, with the output port that serves it', async () => {
    const root = await writeTree(demo);
    const { stdout } = await meshgate(root, 'new', 'contract', 'refunds', '--product', 'checkout-orders');
    expect(created(stdout)).toEqual(['catalog/checkout/orders/checkout-refunds-v1.contract.yaml', 'catalog/checkout/orders/product.yaml']);
    await fill(root, created(stdout));
    expect(await errors(root)).toEqual([]);
  });

  it('an access grant for a product of the consumer (--for)', async () => {
    const root = await writeTree(demo);
    const { stdout } = await meshgate(root, 'new', 'grant', '--product', 'checkout-orders', '--port', 'orders', '--for', 'shipping-returns');
    expect(created(stdout)).toEqual(['catalog/checkout/orders/access/shipping-returns-checkout-orders-orders.yaml']);
    await fill(root, created(stdout));
    expect(await errors(root)).toEqual([]);
  });
});

describe('meshgate new', () => {
  it('left as scaffolded, a product fails validate at each placeholder and nothing else', async () => {
    const root = await writeTree(demo);
    await meshgate(root, 'new', 'product', 'checkout-refunds', '--domain', 'checkout');
    const found = await errors(root);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((e) => !/ placeholder\.(todo|your) /.test(e))).toEqual([]);
    expect(found).toContainEqual(expect.stringMatching(/^catalog\/checkout\/refunds\/product\.yaml:9 placeholder\.todo `description\.purpose` is still a TODO placeholder/));
  });

  it('writes what the policies of the mesh it runs in require, and nothing they do not', async () => {
    const policy = `apiVersion: meshgate/v1
kind: Policy
id: products-state-limitations
title: Products state their limitations and their lifecycle
principle: documentation-and-discovery
rationale: Consumers must know what a product is not for.
severity: error
appliesTo: DataProduct
require:
  required: [description, customProperties]
  properties:
    description: { required: [limitations] }
    customProperties:
      contains: { required: [property, value], properties: { property: { const: lifecycle-review } } }
`;
    const root = await writeTree({ ...smallMesh, 'policies/products-state-limitations.yaml': policy });
    await meshgate(root, 'new', 'product', 'checkout-parcels', '--domain', 'checkout');
    const product = await readFile(join(root, 'catalog/checkout/parcels/product.yaml'), 'utf8');
    expect(product).toMatch(/^  limitations: "TODO: /m);
    expect(product).toMatch(/^customProperties:\n  - property: lifecycle-review\n    value: your-value$/m);
    // The demo's contract policies (support, SLAs, servers) are not this mesh's: none is written.
    const contract = await readFile(join(root, 'catalog/checkout/parcels/checkout-parcels-v1.contract.yaml'), 'utf8');
    expect(contract).not.toMatch(/^(support|slaProperties|servers):/m);
  });

  it('names contracts <domain>-<name>-v1 whatever the product id', async () => {
    const root = await writeTree(smallMesh);
    const { stdout } = await meshgate(root, 'new', 'product', 'parcels', '--domain', 'checkout');
    expect(stdout).toContain('created catalog/checkout/parcels/checkout-parcels-v1.contract.yaml');
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

  it('refuses a contract for a product that does not exist', async () => {
    const root = await writeTree(smallMesh);
    const { code, stderr } = await meshgate(root, 'new', 'contract', 'refunds', '--product', 'nowhere');
    expect(code).toBe(2);
    expect(stderr).toContain('data product "nowhere" does not exist');
  });
});

describe('meshgate new with a policy it cannot complete', () => {
  it('still writes the scaffold when a policy refers to its own definitions', async () => {
    const policy = `apiVersion: meshgate/v1
kind: Policy
id: tagged
title: Products are tagged
principle: other
rationale: Search.
severity: warning
appliesTo: DataProduct
require:
  $defs:
    tag: { const: orders }
  properties:
    tags: { contains: { $ref: "#/$defs/tag" } }
`;
    const root = await writeTree({ ...smallMesh, 'policies/tagged.yaml': policy });
    const { code, stdout } = await meshgate(root, 'new', 'product', 'checkout-parcels', '--domain', 'checkout');
    expect(code).toBe(0);
    expect(stdout).toContain('created catalog/checkout/parcels/product.yaml');
  });
});
