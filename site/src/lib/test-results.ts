/**
 * The last `meshgate test` run of each contract, as the catalog shows it: a section on the
 * contract page (when, which server, each check with expected and actual), a badge on the product
 * page and the compliance dashboard, and "not tested" said plainly when there is no run.
 */
import type { TestResults } from '../../../bot/core/datatest/results.ts';
import type { ContractRun } from '../../../bot/core/datatest/types.ts';
import { badge, escapeHtml as e } from './html.ts';

export type TestVerdict = 'passed' | 'warning' | 'failed' | 'not tested';

/** Runs by contract id, each contract's servers in name order. */
export function runsByContract(results: TestResults | undefined): Map<string, ContractRun[]> {
  const map = new Map<string, ContractRun[]>();
  for (const run of results?.runs ?? []) {
    const list = map.get(run.contract) ?? [];
    list.push(run);
    map.set(run.contract, list);
  }
  for (const list of map.values()) list.sort((a, b) => a.server.localeCompare(b.server));
  return map;
}

/** One word for a contract's runs: failed if any check failed or errored, else warning, else passed. */
export function testVerdict(runs: readonly ContractRun[] | undefined): TestVerdict {
  if (!runs || runs.length === 0) return 'not tested';
  if (runs.some((r) => r.summary.failed > 0 || r.summary.errors > 0)) return 'failed';
  if (runs.every((r) => r.summary.passed === 0)) return 'not tested';
  return runs.some((r) => r.summary.warnings > 0) ? 'warning' : 'passed';
}

const BADGE_CLASS: Record<TestVerdict, string> = { passed: 'pass', warning: 'warning', failed: 'fail', 'not tested': 'neutral' };

export function testBadgeHtml(runs: readonly ContractRun[] | undefined): string {
  const verdict = testVerdict(runs);
  const when = runs?.length ? ` on ${runs.map((r) => `${r.server} ${r.finishedAt.slice(0, 16).replace('T', ' ')} UTC`).join(', ')}` : '';
  const label = verdict === 'not tested' ? 'not tested' : `tests ${verdict}`;
  return badge(BADGE_CLASS[verdict], label, verdict === 'not tested' ? 'No meshgate test results for this contract' : `Last meshgate test${when}`);
}

const STATUS_CLASS: Record<string, string> = { passed: 'pass', failed: 'fail', error: 'error', warning: 'warning', skipped: 'neutral' };

/** The contract page's "Contract tests" section. */
export function testResultsHtml(runs: readonly ContractRun[] | undefined): string {
  const heading = '<h2 id="tests">Contract tests</h2>';
  if (!runs || runs.length === 0) {
    return `${heading}<p class="muted" data-pagefind-ignore>Not tested: no results of <code>meshgate test</code> for this contract in this build.</p>`;
  }
  const parts = [heading];
  for (const run of runs) {
    const s = run.summary;
    parts.push(
      `<section data-pagefind-ignore aria-label="${e(`Last run on ${run.server}`)}">`,
      `<p>${testBadgeHtml([run])} Last run on server <strong>${e(run.server)}</strong> (${e(run.serverType)}), <time datetime="${e(run.finishedAt)}">${e(run.finishedAt.slice(0, 16).replace('T', ' '))} UTC</time>: ${s.checks} checks, ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.warnings} warnings, ${s.skipped} skipped.</p>`,
      '<div class="table-wrap"><table class="tests">',
      '<thead><tr><th scope="col">Check</th><th scope="col">Status</th><th scope="col">Expected</th><th scope="col">Actual</th><th scope="col">Details</th></tr></thead><tbody>',
    );
    // Failures first: they are what a reader came for.
    const order: Record<string, number> = { failed: 0, error: 1, warning: 2, passed: 3, skipped: 4 };
    const checks = [...run.checks].sort((a, b) => (order[a.status] ?? 5) - (order[b.status] ?? 5));
    for (const c of checks) {
      parts.push(
        `<tr><td><code>${e(c.id)}</code> <span class="muted">line ${c.line}</span></td><td data-label="Status">${badge(STATUS_CLASS[c.status] ?? 'neutral', c.status)}</td><td data-label="Expected">${e(c.expected)}</td><td data-label="Actual">${e(c.actual)}</td><td data-label="Details">${e(c.message)}</td></tr>`,
      );
    }
    parts.push('</tbody></table></div>', '</section>');
  }
  return parts.join('');
}

/** The compliance dashboard's rows: every contract, its verdict and when it was last tested. */
export function contractTestRows(contracts: readonly { id: string; name: string; domain?: string }[], runs: ReadonlyMap<string, readonly ContractRun[]>): { id: string; name: string; domain?: string; verdict: TestVerdict; badge: string; lastRun?: string; servers: string }[] {
  return contracts.map((c) => {
    const own = runs.get(c.id);
    const last = own?.map((r) => r.finishedAt).sort().at(-1);
    return { id: c.id, name: c.name, domain: c.domain, verdict: testVerdict(own), badge: testBadgeHtml(own), lastRun: last, servers: (own ?? []).map((r) => r.server).join(', ') };
  });
}
