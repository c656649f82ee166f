import { describe, expect, it } from 'vitest';
import type { Entity, Finding } from '../../bot/core/model.ts';
import { passRate, summarizeCompliance, verdictsFor, type PolicyEvaluation } from '../../site/src/lib/compliance.ts';

const policy = (id: string, severity: 'error' | 'warning' = 'error') =>
  ({ kind: 'Policy', id, apiVersion: 'meshgate/v1', file: `policies/${id}.yaml`, valid: true,
    doc: { apiVersion: 'meshgate/v1', kind: 'Policy', id, title: `Title of ${id}`, principle: 'other', rationale: 'r', severity, appliesTo: 'DataProduct' } }) as Entity<'Policy'>;
const finding: Finding = { severity: 'error', code: 'policy:tags', message: 'tags missing', file: 'catalog/b/p2/product.yaml', line: 1, column: 1, path: '' };

const evaluations = (): PolicyEvaluation[] => [
  {
    policy: policy('tags', 'warning'),
    results: [
      { kind: 'DataProduct', id: 'p1', file: 'catalog/a/p1/product.yaml', domain: 'a', status: 'pass', findings: [] },
      { kind: 'DataProduct', id: 'p2', file: 'catalog/b/p2/product.yaml', domain: 'b', status: 'fail', findings: [finding] },
      { kind: 'DataProduct', id: 'p3', file: 'catalog/b/p3/product.yaml', domain: 'b', status: 'pass', findings: [] },
    ],
  },
  { policy: policy('unused'), results: [] },
];

describe('summarizeCompliance', () => {
  it('computes each policy’s pass rate over the entities it applied to', () => {
    const [tags] = summarizeCompliance(evaluations()).policies;
    expect(tags).toMatchObject({ id: 'tags', tally: { pass: 2, fail: 1 }, passRate: 66 });
  });

  it('leaves the pass rate undefined for a policy that applied to nothing', () => {
    expect(summarizeCompliance(evaluations()).policies[1]).toMatchObject({ id: 'unused', passRate: undefined });
  });

  it('lists the failing entities of each policy', () => {
    expect(summarizeCompliance(evaluations()).policies[0].failing).toEqual([{ kind: 'DataProduct', id: 'p2', domain: 'b' }]);
  });

  it('tallies results per domain and policy', () => {
    const byDomain = summarizeCompliance(evaluations()).byDomain;
    expect(byDomain.get('a')!.get('tags')).toEqual({ pass: 1, fail: 0 });
    expect(byDomain.get('b')!.get('tags')).toEqual({ pass: 1, fail: 1 });
  });
});

describe('verdictsFor', () => {
  it('returns the verdicts of the given entities, failures first, with their findings', () => {
    const verdicts = verdictsFor(summarizeCompliance(evaluations()), [
      { kind: 'DataProduct', id: 'p1' },
      { kind: 'DataProduct', id: 'p2' },
    ]);
    expect(verdicts.map((v) => [v.id, v.status])).toEqual([['p2', 'fail'], ['p1', 'pass']]);
    expect(verdicts[0]).toMatchObject({ policy: 'tags', title: 'Title of tags', severity: 'warning', findings: [finding] });
  });
});

describe('passRate', () => {
  it('rounds down so 99.9% never shows as 100%', () => {
    expect(passRate({ pass: 999, fail: 1 })).toBe(99);
  });
});
