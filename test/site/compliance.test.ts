import { describe, expect, it } from 'vitest';
import type { Entity, Finding } from '../../bot/core/model.ts';
import { domainRows, pageCount, pageOf, passRate, summarizeCompliance, verdictsFor, type PolicyEvaluation } from '../../site/src/lib/compliance.ts';
import { complianceMatrixHtml, matrixPageHref, pagerHtml, policyRatesHtml } from '../../site/src/lib/compliance-page.ts';
import { createUrls } from '../../site/src/lib/urls.ts';

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

describe('compliance at scale (16 policies, 200 domains)', () => {
  const POLICIES = 16;
  const DOMAINS = 200;
  const ids = Array.from({ length: POLICIES }, (_, i) => `policy-${String(i + 1).padStart(2, '0')}`);
  const domains = Array.from({ length: DOMAINS }, (_, i) => ({ id: `d${String(i).padStart(3, '0')}`, name: `Domain ${i}` }));
  // Every domain has one product; it fails policy k when its index is a multiple of k + 2.
  const scale = (): PolicyEvaluation[] =>
    ids.map((id, k) => ({
      policy: policy(id),
      results: domains.map((d, i) => ({ kind: 'DataProduct' as const, id: `p-${d.id}`, file: `catalog/${d.id}/p/product.yaml`, domain: d.id, status: i % (k + 2) === 0 ? ('fail' as const) : ('pass' as const), findings: [] })),
    }));
  const urls = createUrls('/mesh/');

  it('makes one matrix row per domain, with a cell per policy in the policies’ order', () => {
    const rows = domainRows(summarizeCompliance(scale()), domains);
    expect([rows.length, rows[0]!.cells.length]).toEqual([DOMAINS, POLICIES]);
  });

  it('totals each domain over every policy', () => {
    const [first, second] = domainRows(summarizeCompliance(scale()), domains);
    // Domain 0 fails every policy; domain 1 fails none.
    expect([first!.tally, second!.tally]).toEqual([{ pass: 0, fail: POLICIES }, { pass: POLICIES, fail: 0 }]);
  });

  it('leaves out domains without results', () => {
    expect(domainRows(summarizeCompliance(scale()), [...domains.slice(0, 2), { id: 'empty', name: 'Empty' }]).map((r) => r.id)).toEqual(['d000', 'd001']);
  });

  it('splits 200 domains into pages of 25', () => {
    const rows = domainRows(summarizeCompliance(scale()), domains);
    expect([pageCount(rows.length), pageOf(rows, 8).length, pageOf(rows, 8)[0]!.id]).toEqual([8, 25, 'd175']);
  });

  it('renders a page of the matrix with 25 domain rows and a heading per policy', () => {
    const compliance = summarizeCompliance(scale());
    const rows = domainRows(compliance, domains);
    const html = complianceMatrixHtml(compliance.policies, pageOf(rows, 2), urls, { page: 2, pages: 8, total: rows.length, href: (n) => matrixPageHref(urls, n) });
    expect([(html.match(/<th scope="row">/g) ?? []).length, (html.match(/<th scope="col" class="policy">/g) ?? []).length]).toEqual([25, POLICIES + 1]);
    expect(html).toContain('(domains 26–50 of 200)');
  });

  it('links every page of domains, the current one marked', () => {
    const html = pagerHtml({ page: 2, pages: 3, total: 60, href: (n) => matrixPageHref(urls, n) }, 'Pages');
    expect(html).toBe(
      '<nav aria-label="Pages"><ul class="pager"><li><a href="/mesh/policies/#compliance" rel="prev">Previous</a></li><li><a href="/mesh/policies/#compliance">1</a></li>' +
        '<li><span aria-current="page">2</span></li><li><a href="/mesh/policies/domains/3/#compliance">3</a></li><li><a href="/mesh/policies/domains/3/#compliance" rel="next">Next</a></li></ul></nav>',
    );
  });

  it('shows each policy as a row with a pass-rate bar', () => {
    const html = policyRatesHtml(summarizeCompliance(scale()).policies, urls);
    // policy-01 fails every second domain: 100 of 200 pass.
    expect(html).toContain('<td data-label="Pass rate"><span class="bar wide" aria-hidden="true"><span style="width:50%"></span></span> <strong>50%</strong></td><td data-label="Passing" class="num">100 of 200</td>');
    expect((html.match(/<tr><th scope="row">/g) ?? []).length).toBe(POLICIES);
  });
});
