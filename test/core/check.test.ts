import { describe, expect, it } from 'vitest';
import { checkMesh, fromRecord } from '../../bot/core/index.ts';
import { smallMesh, withEdit, withFiles } from '../fixtures/meshes/small.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const untagged = () => withEdit('catalog/checkout/orders/product.yaml', (t) => t.replace('tags: [orders]\n', ''));

describe('checkMesh', () => {
  it('finds nothing in a valid mesh', () => {
    expect(checkMesh(fromRecord(smallMesh), { now: NOW }).findings).toEqual([]);
  });

  it('reports built-in and policy findings together, sorted by file', () => {
    const files = withFiles({ ...untagged(), 'catalog/checkout/orders/access/marketing.yaml': smallMesh['catalog/checkout/orders/access/marketing.yaml'].replace('role: analyst', 'role: admin') });
    const { findings } = checkMesh(fromRecord(files), { now: NOW });
    expect(findings.map((f) => [f.file, f.code])).toEqual([
      ['catalog/checkout/orders/access/marketing.yaml', 'reference.role'],
      ['catalog/checkout/orders/product.yaml', 'policy:products-have-tags'],
    ]);
  });

  it('leaves policies out when asked', () => {
    expect(checkMesh(fromRecord(untagged()), { now: NOW, policies: false }).findings).toEqual([]);
  });

  it('keeps every evaluation only when asked for them', () => {
    const files = fromRecord(smallMesh);
    expect(checkMesh(files, { now: NOW }).evaluations).toEqual([]);
    expect(checkMesh(files, { now: NOW, evaluations: true }).evaluations.map((e) => [e.policy.id, e.results.length])).toEqual([['products-have-tags', 2]]);
  });
});
