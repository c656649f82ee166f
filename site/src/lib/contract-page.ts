/**
 * The body of a contract's page as one string (lib/bulk-pages.ts puts it inside the
 * page shell). A contract page is ~100 template expressions and a few components; through Astro's
 * renderer that body was the largest share of a build (bench/README.md, "Figures measured").
 * Everything interpolated is escaped; the markup is what the Astro template rendered, tested in
 * test/site.
 */
import type { Finding, Kind } from '../../../bot/core/model.ts';
import type { ContractView } from './catalog.ts';
import type { EntityVerdict } from './compliance.ts';
import { describeQualityRule, flattenProperties, formatValue, serverDetails } from './contract.ts';
import type { Context } from '../../../bot/core/kinds/data-contract.ts';
import { badge, badgeHtml, escapeHtml as e, findingsHtml, listHtml, tagBadgesHtml, peopleHtml, schemaRowsHtml, supportHtml, synonymsHtml, verdictsHtml } from './html.ts';
import { qualityRules } from './product.ts';
import { roleColumnsHtml } from './role-columns.ts';
import type { Classification } from '../../../bot/core/kinds/governance.ts';
import type { Urls } from './urls.ts';
import type { ContractRun } from '../../../bot/core/datatest/types.ts';
import { testBadgeHtml, testResultsHtml } from './test-results.ts';
import type { RoleRequest } from './product.ts';
import type { ContractVersion } from './history.ts';

export interface ContractPageData {
  verdicts: (EntityVerdict & { kind: Kind; id: string })[];
  findings: readonly Finding[];
  urls: Urls;
  /** The contract's last `meshgate test` runs; none → "not tested". */
  testRuns?: readonly ContractRun[];
  /** Governance's classification levels, to say which columns each role exposes. */
  classification?: Classification;
  /** Request access prefilled with each role (lib/product.ts `roleRequests`). */
  requests?: ReadonlyMap<string, RoleRequest>;
  /** The contract's versions from git, newest first (lib/history.ts). */
  history?: readonly ContractVersion[];
}


export function contractBodyHtml(contract: ContractView, { verdicts, findings, urls, testRuns, classification, requests, history }: ContractPageData): string {
  const doc = contract.doc;
  const team = Array.isArray(doc.team) ? { members: doc.team } : doc.team;
  const fileName = contract.file.slice(contract.file.lastIndexOf('/') + 1);
  const parts: string[] = [];

  const of = contract.product
    ? ` of <a href="${e(urls.product(contract.product.id))}">${e(contract.product.name)}</a>${contract.port ? `, output port <strong>${e(contract.port)}</strong>` : ''}`
    : '';
  parts.push(`<p class="muted">Data contract${of}</p>`, `<h1>${e(contract.name)}</h1>`);

  parts.push(
    '<ul class="meta">',
    `<li>${badgeHtml({ status: doc.status })}</li>`,
    `<li>id <strong><code>${e(contract.id)}</code></strong></li>`,
    `<li>version <strong>${e(doc.version)}</strong></li>`,
    `<li>ODCS <strong>${e(doc.apiVersion)}</strong></li>`,
    `<li data-pagefind-ignore><a href="#tests">${testBadgeHtml(testRuns)}</a></li>`,
    contract.domain ? `<li>domain <a href="${e(urls.domain(contract.domain))}">${e(contract.domain)}</a></li>` : '',
    doc.tags?.length ? `<li>tags ${tagBadgesHtml(doc.tags)}</li>` : '',
    '</ul>',
  );
  if (doc.description?.purpose) parts.push(`<p class="lead">${e(doc.description.purpose)}</p>`);

  parts.push('<dl class="facts">');
  if (doc.description?.usage) parts.push(`<dt>Usage</dt><dd>${e(doc.description.usage)}</dd>`);
  if (doc.description?.limitations) parts.push(`<dt>Limitations</dt><dd>${e(doc.description.limitations)}</dd>`);
  if (doc.price) {
    const { priceAmount, priceCurrency, priceUnit } = doc.price;
    parts.push(`<dt>Price</dt><dd>${e(String(priceAmount ?? '–'))} ${e(priceCurrency ?? '')}${priceUnit ? e(` per ${priceUnit}`) : ''}</dd>`);
  }
  if (team?.members?.length) {
    parts.push(`<dt>Team</dt><dd>${peopleHtml(team.members)}</dd>`);
  }
  if (doc.support?.length) {
    parts.push(`<dt>Support</dt><dd>${supportHtml(doc.support)}</dd>`);
  }
  if (doc.context !== undefined) parts.push(`<dt>Context</dt><dd>${contextHtml(doc.context)}</dd>`);
  parts.push(
    `<dt>Source</dt><dd><a href="${e(urls.raw(contract.file))}" download="${e(fileName)}">Download ${e(fileName)}</a> <span class="muted">(YAML as in the repository)</span></dd>`,
    '</dl>',
  );

  // Search finds a contract by its fields' names and descriptions; types, flags, badges and
  // examples (the classification is a filter) were a fifth of the index and of Pagefind's memory.
  parts.push('<h2 id="schema">Schema</h2>');
  const objects = doc.schema ?? [];
  if (objects.length === 0) parts.push('<p class="muted">The contract declares no schema.</p>');
  for (const object of objects) {
    const physical = object.physicalName && object.physicalName !== object.name ? ` <span class="muted">(${e(object.physicalName)})</span>` : '';
    parts.push(
      `<section aria-labelledby="${e(`object-${object.name}`)}">`,
      `<h3 id="${e(`object-${object.name}`)}">${e(object.name)}${physical}</h3>`,
      object.description ? `<p>${e(object.description)}</p>` : '',
      synonymsHtml(object.synonyms),
      object.context !== undefined ? `<div class="context"><strong>Context</strong> ${contextHtml(object.context)}</div>` : '',
      '<div class="table-wrap"><table class="schema">',
      `<caption class="skip">Properties of ${e(object.name)}</caption>`,
      '<thead><tr><th scope="col">Property</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Unique</th><th scope="col">Primary key</th><th scope="col">Classification</th><th scope="col">Description</th><th scope="col">Examples</th></tr></thead>',
      `<tbody>${schemaRowsHtml(flattenProperties(object), object.name)}</tbody>`,
      '</table></div>',
      '</section>',
    );
  }

  const quality = qualityRules(contract);
  parts.push(
    '<h2 id="quality">Quality rules</h2>',
    quality.length === 0 ? '<p class="muted">No quality rules.</p>' : `<ul>${listHtml(quality, (q) => `<li><code>${e(q.where)}</code>: ${e(describeQualityRule(q.rule as unknown as Record<string, unknown>))}</li>`, '')}</ul>`,
  );

  parts.push(
    tableSection(
      { id: 'sla', title: 'Service levels', empty: 'No SLA properties stated.' },
      ['Property', 'Value', 'Unit', 'Element', 'Description'],
      doc.slaProperties ?? [],
      (s) => [e(s.property), `${e(formatValue(s.value))}${s.valueExt !== undefined ? e(` – ${formatValue(s.valueExt)}`) : ''}`, e(s.unit ?? ''), e(s.element ?? ''), e(s.description ?? '')],
    ),
  );

  const serverCell = (s: NonNullable<typeof doc.servers>[number]): string =>
    `${listHtml(serverDetails(s as Record<string, unknown>), ([k, v]) => `${e(k)}: <code>${e(v)}</code>`, '; ')}${s.description ? `<div>${e(s.description)}</div>` : ''}`;
  parts.push(
    tableSection(
      { id: 'servers', title: 'Servers', empty: 'No servers listed.' },
      ['Server', 'Type', 'Environment', 'Details'],
      doc.servers ?? [],
      (s) => [e(s.server), e(s.type), e(s.environment ?? ''), serverCell(s)],
    ),
  );

  parts.push(testResultsHtml(testRuns));

  const requestCell = (role: string): string => {
    const request = requests?.get(role);
    if (request) {
      return `<a class="button request-access" href="${e(request.formUrl)}" rel="noopener">Request ${e(role)} access</a> <span class="muted">until ${e(request.validUntil)} at the latest</span>`;
    }
    return contract.port ? '<span class="muted">no repository configured</span>' : '<span class="muted">no output port serves this contract</span>';
  };
  parts.push(
    tableSection(
      { id: 'roles', title: 'Roles and access', empty: 'The contract offers no roles, so access cannot be requested yet.' },
      ['Role', 'Access', 'Columns it exposes', 'First-level approvers', 'Second-level approvers', 'Description', 'Request'],
      doc.roles ?? [],
      (r) => [
        `<strong>${e(r.role)}</strong>`,
        e(r.access ?? ''),
        roleColumnsHtml(doc, r, classification),
        r.firstLevelApprovers ? e(r.firstLevelApprovers) : '<span class="muted">product owners</span>',
        e(r.secondLevelApprovers ?? ''),
        e(r.description ?? ''),
        requestCell(r.role),
      ],
      'roles',
    ),
  );

  parts.push(historyHtml(history ?? []));

  parts.push(
    '<h2 id="compliance">Policy compliance</h2>',
    verdictsHtml(verdicts, urls),
    '<h3>Validation</h3>',
    findingsHtml(findings),
    `<p data-pagefind-ignore><a href="${e(urls.api(`contracts/${encodeURIComponent(contract.id)}.json`))}">JSON</a></p>`,
  );
  return parts.join('');
}

/**
 * An ODCS v3.2.0 context block: the instructions, the verified questions (with their answers) and
 * what must not be done with the data. For people as much as for the AI agents it was written for.
 */
function contextHtml(context: Context): string {
  if (typeof context === 'string') return `<p>${e(context)}</p>`;
  const parts: string[] = [];
  if (context.instructions) parts.push(`<p>${e(context.instructions)}</p>`);
  if (context.verifiedStatements?.length) {
    parts.push(`<p>Verified questions</p><ul>${listHtml(context.verifiedStatements, (s) => `<li>${e(s.question)}${s.answer ? ` — <code>${e(s.answer)}</code>` : ''}</li>`, '')}</ul>`);
  }
  if (context.constraints?.length) parts.push(`<p>Do not</p><ul>${listHtml(context.constraints, (c) => `<li>${e(c.constraint)}</li>`, '')}</ul>`);
  return parts.join('');
}

/**
 * A section's heading, then its table, or what to say instead when it has no rows. Each cell names
 * its column (`data-label`), which a phone shows when the rows become cards.
 */
function tableSection<T>(
  section: { id: string; title: string; empty: string },
  headers: readonly string[],
  items: readonly T[],
  row: (item: T) => readonly string[],
  tableClass?: string,
): string {
  const heading = `<h2 id="${section.id}">${section.title}</h2>`;
  if (items.length === 0) return `${heading}<p class="muted">${section.empty}</p>`;
  const head = headers.map((header) => `<th scope="col">${header}</th>`).join('');
  const rows = listHtml(items, (item) => `<tr>${row(item).map((cell, i) => `<td data-label="${e(headers[i] ?? '')}">${cell}</td>`).join('')}</tr>`, '');
  return `${heading}<div class="table-wrap"><table${tableClass ? ` class="${tableClass}"` : ''}><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/**
 * The contract's versions from git, newest first: when each was first committed and what it broke
 * for consumers of the version before it.
 */
export function historyHtml(history: readonly ContractVersion[]): string {
  const heading = '<h2 id="history">History</h2>';
  if (history.length === 0) return `${heading}<p class="muted">No history: the mesh is not a git checkout.</p>`;
  const rows = history
    .map((v, i) => {
      const previous = history[i + 1];
      const errors = v.breaking.filter((b) => b.severity === 'error');
      const changes = !previous
        ? '<span class="muted">first version</span>'
        : v.breaking.length === 0
          ? `${badge('pass', 'no breaking change')} <span class="muted">since ${e(previous.version)}</span>`
          : `${badge(errors.length > 0 ? 'fail' : 'warning', `${v.breaking.length} breaking change${v.breaking.length === 1 ? '' : 's'}`)} <span class="muted">since ${e(previous.version)}</span>` +
            `<ul>${listHtml(v.breaking, (b) => `<li>${e(b.reason)}${b.severity === 'warning' ? ' <span class="muted">(may break)</span>' : ''}</li>`, '')}</ul>`;
      const date = v.date ? `<time datetime="${e(v.date)}">${e(v.date.slice(0, 10))}</time>` : '<span class="muted">not committed yet</span>';
      const commit = v.commit ? ` <code class="muted">${e(v.commit.slice(0, 7))}</code>` : '';
      return `<tr><th scope="row">${e(v.version)}</th><td data-label="Since">${date}${commit}</td><td data-label="Changes">${changes}</td></tr>`;
    })
    .join('');
  return `${heading}<div class="table-wrap" data-pagefind-ignore><table class="history"><caption class="skip">Versions of the contract</caption><thead><tr><th scope="col">Version</th><th scope="col">Since</th><th scope="col">Breaking changes</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
