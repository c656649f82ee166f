import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractRun } from '../../bot/core/datatest/types.ts';
import { readTestResults } from '../../site/src/lib/load-catalog.ts';
import { testBadgeHtml, testResultsHtml, testVerdict } from '../../site/src/lib/test-results.ts';
import { buildFixtureSite, type FixtureSite } from './fixture-site.ts';

const run = (change: Partial<ContractRun> = {}): ContractRun => ({
  contract: 'orders-v1',
  file: 'catalog/checkout/orders/orders-v1.contract.yaml',
  server: 'demo',
  serverType: 'local',
  startedAt: '2026-11-24T06:00:00.000Z',
  finishedAt: '2026-11-24T06:00:02.000Z',
  checks: [
    { id: 'orders.order_id.required', kind: 'required', object: 'orders', property: 'order_id', status: 'passed', expected: '= 0', actual: '0', message: 'no nulls', file: 'catalog/checkout/orders/orders-v1.contract.yaml', line: 22, column: 9, path: '/schema/0/properties/0/required' },
    { id: 'orders.quality[0]', kind: 'library', object: 'orders', status: 'failed', expected: '> 1000', actual: '12', message: 'row count > 1000: expected > 1000, got 12', file: 'catalog/checkout/orders/orders-v1.contract.yaml', line: 40, column: 9, path: '/schema/0/quality/0' },
  ],
  summary: { checks: 2, passed: 1, failed: 1, warnings: 0, errors: 0, skipped: 0 },
  queries: { describe: 1, scans: 1, sql: 0 },
  ...change,
});

describe('test results in the catalog', () => {
  it('a contract without results is "not tested", said plainly', () => {
    expect([testVerdict(undefined), testResultsHtml(undefined)]).toEqual([
      'not tested',
      '<h2 id="tests">Contract tests</h2><p class="muted" data-pagefind-ignore>Not tested: no results of <code>meshgate test</code> for this contract in this build.</p>',
    ]);
  });

  it('the section shows when, which server, and expected vs actual per check, failures first', () => {
    const html = testResultsHtml([run()]);
    expect(html).toContain('Last run on server <strong>demo</strong> (local), <time datetime="2026-11-24T06:00:02.000Z">2026-11-24 06:00 UTC</time>: 2 checks, 1 passed, 1 failed');
    expect(html.indexOf('orders.quality[0]')).toBeLessThan(html.indexOf('orders.order_id.required'));
    expect(html).toContain('<td data-label="Status"><span class="badge fail">failed</span></td><td data-label="Expected">&gt; 1000</td><td data-label="Actual">12</td>');
  });

  it('a run with a failed check gives the badge "tests failed"', () => {
    expect(testBadgeHtml([run()])).toMatch(/^<span class="badge fail" title="Last meshgate test on demo 2026-11-24 06:00 UTC">tests failed<\/span>$/);
  });

  it('a folder of results files is read as one, and a file that is not results is left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshgate-results-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify(run()));
    await writeFile(join(dir, 'b.json'), JSON.stringify({ runs: [run({ contract: 'other-v1' })] }));
    await writeFile(join(dir, 'c.json'), '{"hello": 1}');
    const results = await readTestResults(dir);
    expect(results?.runs.map((r) => r.contract)).toEqual(['orders-v1', 'other-v1']);
  });
});

describe('the built catalog with --test-results', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshgate-results-'));
    await writeFile(join(dir, 'results.json'), JSON.stringify({ format: 'meshgate-test-results/1', runs: [run()] }));
    process.env.MESHGATE_TEST_RESULTS = join(dir, 'results.json');
    site = await buildFixtureSite('/');
  }, 240_000);
  afterAll(async () => {
    delete process.env.MESHGATE_TEST_RESULTS;
    if (site) await rm(site.work, { recursive: true, force: true });
  });

  it('the contract page shows its last run', async () => {
    const html = await readFile(join(site.out, 'contracts/orders-v1/index.html'), 'utf8');
    expect(html).toContain('<code>orders.quality[0]</code>');
  });

  it('a contract with no run says "not tested"', async () => {
    const html = await readFile(join(site.out, 'contracts/customer-360-v2/index.html'), 'utf8');
    expect(html).toContain('Not tested: no results of <code>meshgate test</code> for this contract in this build.');
  });

  it('the product page shows the badge next to its contract', async () => {
    const html = await readFile(join(site.out, 'products/orders/index.html'), 'utf8');
    expect(html).toMatch(/<a href="\/contracts\/orders-v1\/#tests" data-pagefind-ignore><span class="badge fail"[^>]*>tests failed<\/span><\/a>/);
  });

  it('the compliance dashboard lists every contract with its result', async () => {
    const html = await readFile(join(site.out, 'policies/index.html'), 'utf8');
    expect(html).toMatch(/1 of 3 contracts tested/);
    expect(html).toMatch(/not tested<\/span>/);
  });
});
