/**
 * The Data Product Canvas of a product — the seed lecture's visual framework for specifying a data
 * product — filled in from the mesh: domain, consumers and use cases, output and input ports with
 * their contracts, classification, service levels and quality, ownership, and the ubiquitous
 * language (the terms its contracts define). One printable page per product (lib/bulk-pages.ts).
 */
import type { Catalog, ProductView } from './catalog.ts';
import { classificationBadge, describeQualityRule, flattenProperties } from './contract.ts';
import { badgeHtml, escapeHtml as e, listHtml, noContractBadgeHtml, tagBadgesHtml, peopleHtml, supportHtml } from './html.ts';
import { downstream, qualityRules, serviceLevels } from './product.ts';
import type { Urls } from './urls.ts';

/** A term of the product's ubiquitous language: a schema object or property its contracts describe. */
export interface GlossaryTerm {
  term: string;
  /** The name in the data, when the term is a business name for it. */
  name: string;
  definition: string;
  synonyms: string[];
  contract: string;
}

/** Terms shown on the canvas; the rest are counted and left to the contract pages. */
export const GLOSSARY_LIMIT = 30;

/**
 * The terms the product's contracts define: every schema object and property with a business name
 * or a description, once per term (the first contract's definition wins), in alphabetical order.
 */
export function glossary(product: ProductView): GlossaryTerm[] {
  const terms = new Map<string, GlossaryTerm>();
  for (const contract of product.contracts) {
    for (const object of contract.doc.schema ?? []) {
      const entries = [{ name: object.name, businessName: object.businessName, description: object.description, synonyms: object.synonyms }, ...flattenProperties(object).map((r) => ({ ...r.property, name: r.path }))];
      for (const entry of entries) {
        const term = entry.businessName ?? entry.name;
        if (!entry.description && !entry.businessName) continue;
        const key = term.toLowerCase();
        if (terms.has(key)) continue;
        terms.set(key, { term, name: entry.name, definition: entry.description ?? '', synonyms: (entry.synonyms ?? []).map((s) => s.synonym), contract: contract.id });
      }
    }
  }
  return [...terms.values()].sort((a, b) => a.term.localeCompare(b.term));
}

/** How many of the product's output columns carry each classification, most sensitive first. */
export function classificationCounts(product: ProductView, unclassified = 'unclassified'): { classification: string; columns: number }[] {
  const counts = new Map<string, number>();
  for (const contract of product.contracts) {
    for (const object of contract.doc.schema ?? []) {
      for (const row of flattenProperties(object)) {
        const level = row.property.classification?.toLowerCase() ?? unclassified;
        counts.set(level, (counts.get(level) ?? 0) + 1);
      }
    }
  }
  const rank = (c: string) => (classificationBadge(c) ? 0 : 1);
  return [...counts].map(([classification, columns]) => ({ classification, columns })).sort((a, b) => rank(a.classification) - rank(b.classification) || b.columns - a.columns);
}

const box = (area: string, title: string, body: string) => `<section class="canvas-${area}" aria-labelledby="canvas-${area}"><h2 id="canvas-${area}">${title}</h2>${body}</section>`;
const none = (text: string) => `<p class="muted">${e(text)}</p>`;

/** Where a product's canvas is: below its page. */
export const canvasHref = (urls: Urls, productId: string): string => `${urls.product(productId)}canvas/`;

export function canvasBodyHtml(catalog: Catalog, product: ProductView, urls: Urls): string {
  const doc = product.doc;
  const domain = catalog.domainById.get(product.domain);
  const owners = domain?.entity?.doc.owners ?? [];
  const boxes: string[] = [];

  boxes.push(
    box(
      'domain',
      'Domain',
      `<p><a href="${e(urls.domain(product.domain))}"><strong>${e(domain?.name ?? product.domain)}</strong></a>${domain && domain.type !== 'unknown' ? ` <span class="muted">(${e(domain.type)})</span>` : ''}</p>` +
        (domain?.entity?.doc.description ? `<p>${e(domain.entity.doc.description)}</p>` : ''),
    ),
  );

  const { consumers, grants, more } = downstream(product, 12);
  const uses = [
    ...consumers.map((c) => `<li>Product <a href="${e(urls.product(c.product.id))}">${e(c.product.name)}</a> <span class="muted">(${e(c.product.domain)})</span></li>`),
    ...grants.map((g) => `<li>Team <strong>${e(g.doc.consumer.team)}</strong>: ${e(g.doc.purpose)}</li>`),
    more > 0 ? `<li class="muted">and ${more} more</li>` : '',
  ].join('');
  boxes.push(
    box(
      'consumers',
      'Consumers and use cases',
      (doc.description?.usage ? `<p>${e(doc.description.usage)}</p>` : '') + (uses ? `<ul>${uses}</ul>` : none('No product or team consumes it yet.')),
    ),
  );

  boxes.push(
    box(
      'inputs',
      'Input ports',
      product.inputPorts.length === 0
        ? none('Reads from no other product in the mesh.')
        : `<ul>${listHtml(
            product.inputPorts,
            (p) =>
              `<li><strong>${e(p.port.name)}</strong>: ${p.contract ? `<a href="${e(urls.contract(p.contract.id))}">${e(p.contract.name)}</a>` : `<code>${e(p.port.contractId ?? '')}</code>`}` +
              `${p.upstream ? ` from <a href="${e(urls.product(p.upstream.id))}">${e(p.upstream.name)}</a>` : ' <span class="muted">(outside the mesh)</span>'}</li>`,
            '',
          )}</ul>`,
    ),
  );

  boxes.push(
    box(
      'product',
      'Data product',
      `<p class="canvas-name"><strong>${e(product.name)}</strong> <code>${e(product.id)}</code> ${badgeHtml({ status: doc.status })}${doc.version ? ` <span class="muted">v${e(doc.version)}</span>` : ''}</p>` +
        (doc.description?.purpose ? `<p>${e(doc.description.purpose)}</p>` : '') +
        (doc.description?.limitations ? `<p class="muted">Limitations: ${e(doc.description.limitations)}</p>` : '') +
        (doc.tags?.length ? `<p>${tagBadgesHtml(doc.tags)}</p>` : ''),
    ),
  );

  boxes.push(
    box(
      'outputs',
      'Output ports and contracts',
      product.outputPorts.length === 0
        ? none('No output ports yet.')
        : `<ul>${listHtml(
            product.outputPorts,
            ({ port, contract }) =>
              `<li><strong>${e(port.name)}</strong>${port.type ? ` <span class="muted">${e(port.type)}</span>` : ''}: ` +
              (contract
                ? `<a href="${e(urls.contract(contract.id))}">${e(contract.name)}</a> v${e(contract.doc.version)} ${badgeHtml({ status: contract.doc.status })}` +
                  `${contract.doc.roles?.length ? `<br><span class="muted">roles: ${e(contract.doc.roles.map((r) => r.role).join(', '))}</span>` : ''}`
                : noContractBadgeHtml) +
              '</li>',
            '',
          )}</ul>`,
    ),
  );

  const governance = catalog.governance?.doc.classification;
  const counts = classificationCounts(product, governance?.unclassified ? `${governance.unclassified}` : 'unclassified');
  boxes.push(
    box(
      'classification',
      'Classification',
      counts.length === 0
        ? none('No columns declared.')
        : `<ul class="plain">${listHtml(counts, (c) => `<li>${badgeHtml({ classification: c.classification })} ${c.columns} column${c.columns === 1 ? '' : 's'}</li>`, '')}</ul>`,
    ),
  );

  const slas = serviceLevels(product);
  const rules = product.contracts.flatMap((contract) => qualityRules(contract).map((q) => ({ contract, q })));
  boxes.push(
    box(
      'sla',
      'Service levels and quality',
      (slas.length === 0 ? none('No SLA properties stated.') : `<ul>${listHtml(slas, (s) => `<li>${e(s.text)}</li>`, '')}</ul>`) +
        (rules.length === 0
          ? none('No quality rules.')
          : `<ul>${listHtml(rules.slice(0, 8), ({ q }) => `<li><code>${e(q.where)}</code>: ${e(describeQualityRule(q.rule as unknown as Record<string, unknown>))}</li>`, '')}${rules.length > 8 ? `<li class="muted">and ${rules.length - 8} more</li>` : ''}</ul>`),
    ),
  );

  const members = doc.team?.members ?? [];
  boxes.push(
    box(
      'ownership',
      'Ownership',
      `<dl><dt>Owners</dt><dd>${e(owners.join(', ') || 'none named')}</dd>` +
        (doc.team?.name || members.length > 0 ? `<dt>Team</dt><dd>${e(doc.team?.name ?? '')}${members.length > 0 ? `${doc.team?.name ? ': ' : ''}${peopleHtml(members)}` : ''}</dd>` : '') +
        (doc.support?.length ? `<dt>Support</dt><dd>${supportHtml(doc.support)}</dd>` : '') +
        '</dl>',
    ),
  );

  const terms = glossary(product);
  boxes.push(
    box(
      'language',
      'Ubiquitous language',
      terms.length === 0
        ? none('The contracts define no terms yet (describe the schema objects and properties to add them).')
        : `<ul class="glossary">${listHtml(
            terms.slice(0, GLOSSARY_LIMIT),
            (t) =>
              `<li><dfn>${e(t.term)}</dfn>${t.term !== t.name ? ` <code class="field muted">${e(t.name)}</code>` : ''} — ${e(t.definition)}` +
              `${t.synonyms.length ? ` <span class="muted">Also: ${e(t.synonyms.join(', '))}</span>` : ''}</li>`,
            '',
          )}</ul>${terms.length > GLOSSARY_LIMIT ? `<p class="muted">and ${terms.length - GLOSSARY_LIMIT} more terms on the contract pages</p>` : ''}`,
    ),
  );

  return (
    `<p class="muted no-print">Data product <a href="${e(urls.product(product.id))}">${e(product.name)}</a> · print this page for the canvas on one landscape sheet.</p>` +
    `<h1>Data Product Canvas: ${e(product.name)}</h1>` +
    `<div class="canvas">${boxes.join('')}</div>` +
    `<p class="muted">Filled in from the mesh repository on ${e(catalog.today)}.</p>`
  );
}

