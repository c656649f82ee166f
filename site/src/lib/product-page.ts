/**
 * The body of a product's page as one string (lib/bulk-pages.ts puts it inside the
 * page shell), for the reason lib/contract-page.ts gives: once the contract pages were strings, the
 * product pages were the largest part of a build (bench/README.md, "Figures measured").
 * Everything interpolated is escaped; the markup is what the Astro template rendered, tested in
 * test/site.
 *
 * Search reads the product's name, id, domain, tags, purpose, ports, its contracts' names and ids
 * and field names; the rest is `data-pagefind-ignore` (Pagefind holds memory for every indexed
 * word until it writes its index).
 */
import { productFindings, type Catalog, type ProductView } from './catalog.ts';
import { describeQualityRule } from './contract.ts';
import type { SchemaObject } from '../../../bot/core/kinds/data-contract.ts';
import { badge, badgeHtml, escapeHtml as e, fieldRowsHtml, findingsHtml, graphHtml, listHtml, noContractBadgeHtml, peopleHtml, supportHtml, verdictsHtml } from './html.ts';
import { productLineage } from './lineage.ts';
import { downstream, outputPortDetails, productVerdicts, qualityRules, serviceLevels } from './product.ts';
import type { Urls } from './urls.ts';
import { testBadgeHtml } from './test-results.ts';
import { canvasHref } from './canvas.ts';

/** Fields shown in a port's table; the names of the rest follow, folded. */
export const FIELD_LIMIT = 40;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `readme`: the product's README already rendered to safe HTML (lib/markdown.ts), if it has one. */
export function productBodyHtml(catalog: Catalog, product: ProductView, urls: Urls, readme?: string): string {
  const doc = product.doc;
  const domain = catalog.domainById.get(product.domain);
  const domainName = domain?.name ?? product.domain;
  const owners = domain?.entity?.doc.owners ?? [];
  const members = doc.team?.members ?? [];
  const parts: string[] = [];

  parts.push(
    `<p class="muted">Data product in <a href="${e(urls.domain(product.domain))}">${e(domainName)}</a></p>`,
    `<h1>${e(product.name)}</h1>`,
    '<ul class="meta">',
    `<li data-pagefind-ignore>${badgeHtml({ status: doc.status })}</li>`,
    `<li>id <strong><code>${e(product.id)}</code></strong></li>`,
    doc.version ? `<li data-pagefind-ignore>version <strong>${e(doc.version)}</strong></li>` : '',
    doc.tags?.length ? `<li>tags ${listHtml(doc.tags, (t) => `<strong>${e(t)}</strong>`)}</li>` : '',
    product.changedAt ? `<li data-pagefind-ignore>changed <time datetime="${e(product.changedAt)}">${e(product.changedAt.slice(0, 10))}</time></li>` : '',
    '</ul>',
  );
  if (doc.description?.purpose) parts.push(`<p class="lead">${e(doc.description.purpose)}</p>`);
  parts.push(`<p class="actions" data-pagefind-ignore><a class="button secondary" href="${e(canvasHref(urls, product.id))}">Data Product Canvas</a> <span class="muted">the product on one printable sheet</span></p>`);

  parts.push('<dl class="facts" data-pagefind-ignore>');
  if (doc.description?.usage) parts.push(`<dt>Usage</dt><dd>${e(doc.description.usage)}</dd>`);
  if (doc.description?.limitations) parts.push(`<dt>Limitations</dt><dd>${e(doc.description.limitations)}</dd>`);
  parts.push(`<dt>Owners</dt><dd>${e(owners.join(', ') || 'none named')} <span class="muted">(owners of the ${e(domainName)} domain)</span></dd>`);
  if (doc.team?.name || members.length > 0) {
    const people = peopleHtml(members);
    parts.push(`<dt>Team</dt><dd>${e(doc.team?.name ?? '')}${members.length > 0 ? `${doc.team?.name ? ': ' : ''}${people}` : ''}</dd>`);
  }
  if (doc.support?.length) parts.push(`<dt>Support</dt><dd>${supportHtml(doc.support)}</dd>`);
  parts.push('</dl>');

  const ports = outputPortDetails(catalog, product);
  parts.push('<h2 id="output-ports">Output ports</h2>');
  if (ports.length === 0) parts.push('<p class="muted">This product has no output ports yet.</p>');
  for (const { view, contract, roles, request, fields } of ports) {
    const port = view.port;
    const contractCell = contract
      ? `<a href="${e(urls.contract(contract.id))}">${e(contract.name)}</a> v${e(contract.doc.version)} <code>${e(contract.id)}</code> ${badgeHtml({ status: contract.doc.status })} <a href="${e(`${urls.contract(contract.id)}#tests`)}" data-pagefind-ignore>${testBadgeHtml(catalog.testRuns.get(contract.id))}</a>`
      : port.contractId
        ? `<code>${e(port.contractId)}</code> ${badge('error', 'not in the mesh')}`
        : noContractBadgeHtml;
    parts.push(
      `<section class="port" aria-labelledby="${e(`port-${port.name}`)}">`,
      `<h3 id="${e(`port-${port.name}`)}">${e(port.name)} <span class="muted" data-pagefind-ignore>${e(`${port.type ?? ''} · v${port.version}`)}</span></h3>`,
      port.description ? `<p>${e(port.description)}</p>` : '',
      '<dl class="facts">',
      `<dt>Contract</dt><dd>${contractCell}</dd>`,
      roles.length > 0 ? `<dt data-pagefind-ignore>Roles</dt><dd data-pagefind-ignore>${e(roles.join(', '))}</dd>` : '',
      `<dt data-pagefind-ignore>Access</dt><dd data-pagefind-ignore>${plural(view.grants.length, 'grant')}</dd>`,
      '</dl>',
      objectSynonymsHtml(contract?.doc.schema),
    );
    if (fields.length > 0) {
      parts.push(
        '<div class="table-wrap"><table class="fields">',
        `<caption>Fields of ${e(contract!.name)}</caption>`,
        '<thead data-pagefind-ignore><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Classification</th><th scope="col">Description</th></tr></thead>',
        `<tbody>${fieldRowsHtml(fields.slice(0, FIELD_LIMIT))}</tbody>`,
        '</table></div>',
      );
    }
    if (fields.length > FIELD_LIMIT) {
      parts.push(
        '<details class="more-fields">',
        `<summary>${fields.length - FIELD_LIMIT} more fields</summary>`,
        `<p>${listHtml(fields.slice(FIELD_LIMIT), (f) => `<code>${e(f.path)}</code>`)}</p>`,
        `<p><a href="${e(urls.contract(contract!.id))}">All ${fields.length} fields with their types on the contract page</a></p>`,
        '</details>',
      );
    }
    const action = request
      ? `<a class="button request-access" href="${e(request.formUrl)}" rel="noopener">Request access to ${e(port.name)}</a>` +
        `<a class="button secondary request-access-yaml" href="${e(request.url)}" rel="noopener" title="Opens GitHub's editor with the AccessGrant file filled in">Request as a YAML pull request</a>`
      : roles.length === 0
        ? '<span class="muted">The contract offers no role to request.</span>'
        : '<span class="muted">Request access: no repository configured (set <code>site.repository</code> in policies/governance.yaml).</span>';
    parts.push(
      `<div class="actions" data-pagefind-ignore>${action}${contract ? `<a class="button secondary" href="${e(urls.contract(contract.id))}">Contract</a>` : ''}</div>`,
      '</section>',
    );
  }

  const lineage = productLineage(product, urls);
  parts.push(
    '<section aria-labelledby="lineage" data-pagefind-ignore>',
    '<h2 id="lineage">Lineage</h2>',
    graphHtml(lineage, lineage.omitted ? `${lineage.omitted} more neighbours are listed below.` : 'Upstream products on the left, consumers on the right.'),
    '<h3>Input ports (upstream)</h3>',
  );
  if (product.inputPorts.length === 0) parts.push('<p class="muted">Reads from no other product in the mesh.</p>');
  else {
    const inputs = product.inputPorts.map((p) => {
      const what = p.contract ? `<a href="${e(urls.contract(p.contract.id))}">${e(p.contract.name)}</a>` : `<code>${e(p.port.contractId ?? '')}</code>`;
      const from = p.upstream
        ? ` from <a href="${e(urls.product(p.upstream.id))}">${e(p.upstream.name)}</a> (${e(p.upstream.domain)})`
        : '<span class="muted"> (served outside the mesh)</span>';
      return `<li><strong>${e(p.port.name)}</strong>: ${what}${from}</li>`;
    });
    parts.push(`<ul>${inputs.join('')}</ul>`);
  }
  parts.push('<h3>Downstream consumers</h3>');
  const { consumers, grants, more } = downstream(product);
  if (consumers.length === 0 && grants.length === 0) parts.push('<p class="muted">No product or team consumes it yet.</p>');
  else {
    const items = [
      ...consumers.map((c) => `<li>Product <a href="${e(urls.product(c.product.id))}">${e(c.product.name)}</a> (${e(c.product.domain)}) reads <code>${e(c.contractId)}</code></li>`),
      ...grants.map((g) => {
        const forProduct = g.consumerProduct ? ` for <a href="${e(urls.product(g.consumerProduct.id))}">${e(g.consumerProduct.name)}</a>` : '';
        return `<li>Team <strong>${e(g.doc.consumer.team)}</strong>${forProduct}: ${e(`${g.doc.outputPort} as ${g.doc.role}`)}, until <time datetime="${e(g.validUntil)}">${e(g.validUntil)}</time> ${badgeHtml({ status: g.state })}</li>`;
      }),
      more > 0 ? `<li class="muted">and ${more} more in <a href="${e(urls.api(`products/${encodeURIComponent(product.id)}.json`))}">the product's JSON</a></li>` : '',
    ];
    parts.push(`<ul>${items.join('')}</ul>`);
  }
  parts.push('</section>');

  const slas = serviceLevels(product);
  const quality = product.contracts.map((contract) => ({ contract, rules: qualityRules(contract) }));
  parts.push(
    '<section aria-labelledby="sla" data-pagefind-ignore>',
    '<h2 id="sla">Service levels and quality</h2>',
    slas.length === 0 ? '<p class="muted">No SLA properties stated.</p>' : `<ul>${listHtml(slas, (s) => `<li>${e(s.text)} <span class="muted">(${e(s.contract.id)})</span></li>`, '')}</ul>`,
    `<ul>${listHtml(
      quality,
      ({ contract, rules }) =>
        `<li><a href="${e(urls.contract(contract.id))}">${e(contract.id)}</a>: ${plural(rules.length, 'quality rule')}${listHtml(rules.slice(0, 3), (q) => `; ${e(describeQualityRule(q.rule as unknown as Record<string, unknown>))}`, '')}</li>`,
      '',
    )}</ul>`,
    '</section>',
    '<section aria-labelledby="compliance" data-pagefind-ignore>',
    '<h2 id="compliance">Policy compliance</h2>',
    verdictsHtml(productVerdicts(catalog, product), urls, true),
    '<h3>Validation</h3>',
    findingsHtml(productFindings(catalog, product)),
    '</section>',
  );
  if (readme) parts.push('<section class="readme prose" aria-labelledby="readme"><h2 id="readme">Documentation</h2>', readme, '</section>');
  parts.push(
    '<section aria-labelledby="source" data-pagefind-ignore>',
    '<h2 id="source">Source</h2>',
    `<ul><li><a href="${e(urls.raw(product.file))}" download>${e(product.file)}</a></li><li><a href="${e(urls.api(`products/${encodeURIComponent(product.id)}.json`))}">JSON</a></li></ul>`,
    '</section>',
  );
  return parts.join('');
}

/**
 * The other names of the contract's schema objects (ODCS v3.2.0), so search finds the product by
 * them: its contract's own page is not indexed when a port serves it (lib/indexing.ts).
 */
function objectSynonymsHtml(objects: readonly SchemaObject[] | undefined): string {
  const named = (objects ?? []).filter((o) => o.synonyms?.length);
  if (named.length === 0) return '';
  return listHtml(named, (o) => `<p class="muted"><code>${e(o.name)}</code> is also called ${listHtml(o.synonyms!, (s) => e(s.synonym))}</p>`, '');
}
