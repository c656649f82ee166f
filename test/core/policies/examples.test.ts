/**
 * The policy examples of the README are policies: each loads,
 * compiles and runs against a mesh without a `policy.invalid` finding.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/mesh.ts';
import { evaluatePolicies } from '../../../bot/core/policies/engine.ts';
import { lintPolicies } from '../../../bot/core/policies/lint.ts';
import { validateMesh } from '../../../bot/core/validate/mesh.ts';
import { reviewMesh } from '../../fixtures/meshes/review/mesh.ts';

const root = new URL('../../../', import.meta.url);
const sources = ['README.md'].map((f) => new URL(f, root)).filter((u) => existsSync(u));
const examples = new Map<string, string>();
for (const url of sources) {
  for (const match of readFileSync(url, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const id = /^kind: Policy$/m.test(match[1]) ? /^id: (.+)$/m.exec(match[1])?.[1] : undefined;
    if (id) examples.set(id, match[1]);
  }
}

describe('README policy examples', () => {
  it('has one example for each principle', () => {
    const principles = new Set([...examples.values()].map((text) => /^principle: (.+)$/m.exec(text)?.[1]));
    expect([...principles].sort()).toEqual(['access-and-security', 'documentation-and-discovery', 'interoperability', 'other', 'privacy-and-compliance']);
  });

  for (const [id, text] of examples) {
    it(`${id} is a valid policy that runs`, () => {
      const mesh = loadMesh(fromRecord({ ...reviewMesh, [`policies/${id}.yaml`]: text }));
      expect(validateMesh(mesh).filter((f) => f.file === `policies/${id}.yaml`)).toEqual([]);
      const report = evaluatePolicies(mesh, mesh, { now: new Date('2026-11-24T00:00:00Z') });
      expect(report.findings.filter((f) => f.code === 'policy.invalid')).toEqual([]);
      expect(report.evaluations.some((e) => e.policy.id === id)).toBe(true);
      expect(lintPolicies(mesh).filter((f) => f.file === `policies/${id}.yaml`)).toEqual([]);
    });
  }
});
