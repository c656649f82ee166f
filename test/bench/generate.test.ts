import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { generateMesh, writeMesh } from '../../bench/generate.ts';
import { loadMesh } from '../../bot/core/load/mesh.ts';
import { validateMesh } from '../../bot/core/validate/mesh.ts';

const parse = (text: string) => yaml.load(text, { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
const count = (files: Map<string, string>, pattern: RegExp) => [...files.keys()].filter((p) => pattern.test(p)).length;

describe('generateMesh', () => {
  const N = 250;
  let mesh: Map<string, string>;
  beforeAll(() => {
    mesh = generateMesh({ products: N, seed: 7 });
  });

  it('is deterministic for a seed', () => {
    const again = generateMesh({ products: N, seed: 7 });
    expect([...again]).toEqual([...mesh]);
  });

  it('differs for another seed', () => {
    const other = generateMesh({ products: N, seed: 8 });
    expect([...other.keys()].length).toBeGreaterThan(0);
    expect([...other]).not.toEqual([...mesh]);
  });

  it('writes one product.yaml per product', () => {
    expect(count(mesh, /^catalog\/[^/]+\/[^/]+\/product\.yaml$/)).toBe(N);
  });

  it('writes about one contract per product', () => {
    const contracts = count(mesh, /\.contract\.yaml$/);
    expect(contracts).toBeGreaterThanOrEqual(N);
    expect(contracts).toBeLessThanOrEqual(Math.ceil(N * 1.15));
  });

  it('writes N/5 access grants', () => {
    expect(count(mesh, /\/access\/[^/]+\.yaml$/)).toBe(N / 5);
  });

  it('writes N/50 domains of all three types', () => {
    const domains = [...mesh].filter(([p]) => /^catalog\/[^/]+\/domain\.yaml$/.test(p)).map(([, text]) => parse(text));
    expect(domains).toHaveLength(N / 50);
    expect(new Set(domains.map((d) => d.type))).toEqual(new Set(['source-aligned', 'aggregate', 'consumer-aligned']));
  });

  it('gives every contract 10 to 40 properties with logical and physical types', () => {
    for (const [path, text] of mesh) {
      if (!path.endsWith('.contract.yaml')) continue;
      const properties = (parse(text).schema as { properties: Record<string, unknown>[] }[]).flatMap((o) => o.properties);
      expect(properties.length, path).toBeGreaterThanOrEqual(10);
      expect(properties.length, path).toBeLessThanOrEqual(40);
      for (const p of properties) expect(p, path).toMatchObject({ logicalType: expect.any(String), physicalType: expect.any(String) });
    }
  });

  it('tags restricted personal data as pii', () => {
    const properties = [...mesh]
      .filter(([p]) => p.endsWith('.contract.yaml'))
      .flatMap(([, text]) => (parse(text).schema as { properties: Record<string, any>[] }[]).flatMap((o) => o.properties));
    const pii = properties.filter((p) => p.tags?.includes('pii'));
    expect(pii.length).toBeGreaterThan(0);
    expect(pii.every((p) => p.classification === 'restricted')).toBe(true);
  });

  it('draws lineage edges between domains', () => {
    const products = [...mesh].filter(([p]) => p.endsWith('/product.yaml')).map(([, text]) => parse(text));
    const domainOf = new Map<string, string>();
    for (const p of products) for (const port of p.outputPorts ?? []) domainOf.set(port.contractId, p.domain);
    const crossDomain = products.flatMap((p) => (p.inputPorts ?? []).filter((port: any) => domainOf.get(port.contractId) !== p.domain));
    expect(crossDomain.length).toBeGreaterThan(N / 2);
  });
});

describe('the generated mesh', () => {
  it('validates with zero errors at N=50', () => {
    const files = generateMesh({ products: 50, seed: 42 });
    const snapshot = loadMesh([...files].map(([path, content]) => ({ path, content })));
    const errors = validateMesh(snapshot).filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });
});

describe('writeMesh', () => {
  let out: string;
  const mesh = generateMesh({ products: 20, seed: 3 });
  beforeEach(() => {
    out = join(mkdtempSync(join(tmpdir(), 'meshgate-generate-')), 'mesh');
  });
  afterEach(() => rmSync(join(out, '..'), { recursive: true, force: true }));

  it('writes every file of the mesh', () => {
    writeMesh(mesh, out);
    for (const [path, text] of mesh) expect(readFileSync(join(out, path), 'utf8')).toBe(text);
  });

  it('leaves a file whose text is already right untouched when it writes the mesh again', () => {
    writeMesh(mesh, out);
    const [path] = mesh.keys();
    const before = statSync(join(out, path), { bigint: true });
    writeMesh(mesh, out);
    const after = statSync(join(out, path), { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
  });

  it('rewrites a changed file and removes one the mesh no longer has', () => {
    writeMesh(mesh, out);
    const [first, second] = mesh.keys();
    writeFileSync(join(out, first), 'edited');
    writeFileSync(join(out, 'catalog/leftover.yaml'), 'id: old');
    writeMesh(mesh, out);
    expect(readFileSync(join(out, first), 'utf8')).toBe(mesh.get(first));
    expect(readFileSync(join(out, second), 'utf8')).toBe(mesh.get(second));
    expect(existsSync(join(out, 'catalog/leftover.yaml'))).toBe(false);
  });

  it('refuses a folder it did not write', () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(() => writeMesh(mesh, out)).toThrow(/was not written by the generator/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
