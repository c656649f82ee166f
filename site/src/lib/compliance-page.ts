/**
 * The policies page's two compliance tables as strings: policies as rows with a pass-rate bar each,
 * and the domain × policy matrix, a page of domains at a time, with the domain column and the
 * policy headings sticky so a matrix of 16+ policies stays readable while it scrolls.
 */
import { DOMAINS_PER_PAGE, policyHeading, type DomainRow, type PolicySummary, type Tally } from './compliance.ts';
import { badge, escapeHtml as e, listHtml } from './html.ts';
import type { Urls } from './urls.ts';

const bar = (rate: number) => `<span class="bar wide" aria-hidden="true"><span style="width:${rate}%"></span></span>`;

/** Each policy as a row: title, severity, pass-rate bar, how many checked and failing. */
export function policyRatesHtml(summaries: readonly PolicySummary[], urls: Urls): string {
  if (summaries.length === 0) return '<p class="muted">No results yet.</p>';
  const rows = listHtml(
    summaries,
    (s) => {
      const checked = s.tally.pass + s.tally.fail;
      const rate = s.passRate === undefined ? '<span class="muted">applies to nothing yet</span>' : `${bar(s.passRate)} <strong>${s.passRate}%</strong>`;
      return (
        `<tr><th scope="row"><a href="${e(urls.policy(s.id))}">${e(policyHeading(s.policy).title)}</a> <code class="muted">${e(s.id)}</code></th>` +
        `<td data-label="Severity">${badge(policyHeading(s.policy).severity, policyHeading(s.policy).severity)}</td>` +
        `<td data-label="Pass rate">${rate}</td>` +
        `<td data-label="Passing" class="num">${s.tally.pass} of ${checked}</td>` +
        `<td data-label="Failing" class="num">${s.tally.fail > 0 ? badge('fail', String(s.tally.fail)) : '0'}</td></tr>`
      );
    },
    '',
  );
  return (
    '<div class="table-wrap"><table class="policy-rates"><caption>Pass rate of each policy across the mesh</caption>' +
    '<thead><tr><th scope="col">Policy</th><th scope="col">Severity</th><th scope="col">Pass rate</th><th scope="col" class="num">Passing</th><th scope="col" class="num">Failing</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></div>`
  );
}

const cellHtml = (tally: Tally | undefined, policy: string): string => {
  if (!tally) return '<td><span class="muted" title="does not apply">–</span></td>';
  const total = tally.pass + tally.fail;
  const rate = Math.floor((tally.pass / total) * 100);
  return `<td><span class="rate ${tally.fail ? 'fail' : 'pass'}" title="${e(`${policy}: ${tally.pass} of ${total} pass`)}">${rate}%</span></td>`;
};

export interface MatrixPage {
  page: number;
  pages: number;
  /** The URL of page `n`. */
  href: (n: number) => string;
  /** Domains with results across all pages. */
  total: number;
}

/** Links to the matrix's pages; nothing when there is one. */
export function pagerHtml({ page, pages, href }: MatrixPage, label: string): string {
  if (pages <= 1) return '';
  const items: string[] = [];
  if (page > 1) items.push(`<li><a href="${e(href(page - 1))}" rel="prev">Previous</a></li>`);
  for (let n = 1; n <= pages; n++) {
    items.push(n === page ? `<li><span aria-current="page">${n}</span></li>` : `<li><a href="${e(href(n))}">${n}</a></li>`);
  }
  if (page < pages) items.push(`<li><a href="${e(href(page + 1))}" rel="next">Next</a></li>`);
  return `<nav aria-label="${e(label)}"><ul class="pager">${items.join('')}</ul></nav>`;
}

/** The URL of page `n` of the matrix: the first is on the policies page, the rest under policies/domains/. */
export const matrixPageHref = (urls: Urls, n: number): string => (n === 1 ? `${urls.policies}#compliance` : `${urls.policies}domains/${n}/#compliance`);

/** One page of the domain × policy matrix: domains as rows (sticky), a narrow column per policy. */
export function complianceMatrixHtml(summaries: readonly PolicySummary[], rows: readonly DomainRow[], urls: Urls, pager: MatrixPage): string {
  if (rows.length === 0 || summaries.length === 0) return '<p class="muted">No results yet.</p>';
  const first = (pager.page - 1) * DOMAINS_PER_PAGE + 1;
  const head =
    '<th scope="col">Domain</th><th scope="col" class="policy">All policies</th>' +
    listHtml(summaries, (s) => `<th scope="col" class="policy"><a href="${e(urls.policy(s.id))}" title="${e(policyHeading(s.policy).title)}">${e(s.id)}</a></th>`, '');
  const body = listHtml(
    rows,
    (row) =>
      `<tr><th scope="row"><a href="${e(urls.domain(row.id))}">${e(row.name)}</a></th>${cellHtml(row.tally.pass + row.tally.fail > 0 ? row.tally : undefined, 'all policies')}` +
      `${row.cells.map((cell, i) => cellHtml(cell, summaries[i]!.id)).join('')}</tr>`,
    '',
  );
  const range = pager.pages > 1 ? ` (domains ${first}–${first + rows.length - 1} of ${pager.total})` : '';
  return (
    pagerHtml(pager, 'Pages of domains') +
    `<div class="table-wrap matrix-wrap" tabindex="0" role="region" aria-label="Compliance by domain"><table class="matrix"><caption>Share of each domain's entities that pass each policy${range}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>` +
    pagerHtml(pager, 'Pages of domains, again')
  );
}
