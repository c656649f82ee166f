/**
 * The catalog's bulk markup — the schema tables of 20,000 product and contract pages at 10,000
 * products, and the pieces the string-rendered page bodies share with the Astro components —
 * written as strings. Astro renders each template expression through its async child renderer, a
 * cost per expression that a table written as one string pays once (bench/README.md, "Figures
 * measured"). Every interpolated value goes through `escapeHtml`.
 */
import type { SchemaProperty, Synonym } from '../../../bot/core/kinds/data-contract.ts';
import type { Finding, Kind } from '../../../bot/core/model.ts';
import type { EntityVerdict } from './compliance.ts';
import { classificationBadge, formatValue, type PropertyRow } from './contract.ts';
import { renderGraphSvg, type GraphInput } from './graph.ts';
import { fieldAnchor } from './search-anchors.ts';
import { safeLinkUrl, textMisleads, type Urls } from './urls.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value as HTML: the five characters that can end either are escaped. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const STATUS_CLASSES = new Set(['active', 'pass', 'fail', 'error', 'warning', 'expired', 'expiring', 'draft', 'proposed', 'deprecated', 'retired']);

/**
 * The badge: a short label in a pill coloured by `kind`, a class of meshgate.css (pass, fail,
 * warning, error, tag, neutral, a status or a sensitivity). The one place its markup is written:
 * the string-rendered pages call it, the Astro components through components/Badge.astro.
 * `label` and `title` are text.
 */
export function badge(kind: string, label: string, title?: string): string {
  return `<span class="badge ${escapeHtml(kind)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(label)}</span>`;
}

/**
 * A classification badge (PII, Restricted, Confidential; other classifications as plain text) or a
 * status badge; empty when there is neither.
 */
export function badgeHtml({ classification, status }: { classification?: string; status?: string }): string {
  const sensitive = classificationBadge(classification);
  if (sensitive) return badge(sensitive.sensitivity, sensitive.label, `Classification: ${classification}`);
  // Every other level (public, internal, …) is a badge too, so each level reads the same way.
  if (classification) return badge('classification', classification.charAt(0).toUpperCase() + classification.slice(1), `Classification: ${classification}`);
  if (status) {
    const statusClass = status.toLowerCase().replace(/[^a-z]/g, '');
    return badge(STATUS_CLASSES.has(statusClass) ? statusClass : 'neutral', status);
  }
  return '';
}

/** A product's output port that names no contract. */
export const noContractBadgeHtml = badge('warning', 'no contract');

/** Tags (pii, gdpr, …) as badges, a space between each. */
export const tagBadgesHtml = (tags: readonly string[]): string => listHtml(tags, (t) => badge('tag', t), ' ');

const depthClass = (depth: number): string => (depth ? ` class="depth-${Math.min(depth, 3)}"` : '');
const yes = (value: boolean | undefined): string => (value ? 'yes' : '');

/**
 * The rows of a contract's schema table: property, type, required, unique, primary key,
 * classification, description, up to three examples. Only the property and its description are
 * searched; the other cells are `data-pagefind-ignore` (the classification is a search filter).
 */
export function schemaRowsHtml(rows: readonly PropertyRow[], object?: string): string {
  let html = '';
  for (const { path, depth, property } of rows) {
    // The row search's field results link to (lib/search-records.ts).
    const id = object === undefined ? '' : ` id="${escapeHtml(fieldAnchor(object, path))}"`;
    const type = `${escapeHtml(property.logicalType ?? '')}${mapTypeHtml(property.map)}${property.physicalType ? `<span class="muted"> ${escapeHtml(property.physicalType)}</span>` : ''}${semanticTypeHtml(property.semanticType)}`;
    const key = property.primaryKey ? (property.primaryKeyPosition ? `yes (${escapeHtml(String(property.primaryKeyPosition))})` : 'yes') : '';
    const examples = (property.examples ?? []).slice(0, 3).map((example) => `<code>${escapeHtml(formatValue(example))}</code>`).join(', ');
    html +=
      `<tr${id}><th scope="row"${depthClass(depth)}><code>${escapeHtml(path)}</code>${tagsHtml(property.tags)}</th>` +
      `<td data-pagefind-ignore>${type}</td>` +
      `<td data-pagefind-ignore>${yes(property.required)}</td>` +
      `<td data-pagefind-ignore>${yes(property.unique)}</td>` +
      `<td data-pagefind-ignore>${key}</td>` +
      `<td data-pagefind-ignore>${badgeHtml({ classification: property.classification })}</td>` +
      `<td>${escapeHtml(property.description ?? '')}${synonymsHtml(property.synonyms)}${enumHtml(property.enum)}</td>` +
      `<td data-pagefind-ignore>${examples}</td></tr>`;
  }
  return html;
}

/** A property's tags (pii, gdpr, …) as badges under its name. */
export function tagsHtml(tags: readonly string[] | undefined): string {
  if (!tags?.length) return '';
  return `<div class="tags">${tagBadgesHtml(tags)}</div>`;
}

/** ODCS v3.2.0 map types, after the logical type: `<string, integer>`. */
function mapTypeHtml(map: SchemaProperty['map']): string {
  if (!map) return '';
  const name = (side: { logicalType?: string; physicalType?: string } | undefined) => escapeHtml(side?.logicalType ?? side?.physicalType ?? '?');
  return ` &lt;${name(map.key)}, ${name(map.value)}&gt;`;
}

/** A measure or a dimension (ODCS v3.2.0) says so; a plain column, the default, does not. */
const semanticTypeHtml = (semanticType: SchemaProperty['semanticType']): string =>
  semanticType && semanticType !== 'column' ? ` ${badge('neutral', semanticType)}` : '';

/**
 * Other names of an object or property (ODCS v3.2.0), in a searched cell: people search by the
 * business word as often as by the column name.
 */
export function synonymsHtml(synonyms: readonly Synonym[] | undefined): string {
  if (!synonyms?.length) return '';
  return `<div class="muted">Also called ${listHtml(synonyms, (s) => `${escapeHtml(s.synonym)}${s.locale ? ` (${escapeHtml(s.locale)})` : ''}`)}</div>`;
}

/** The values an enumerated property may take (ODCS v3.2.0), each with its label; searched like the description. */
function enumHtml(values: SchemaProperty['enum']): string {
  if (!values?.length) return '';
  const value = (v: NonNullable<SchemaProperty['enum']>[number]) =>
    `<code>${escapeHtml(formatValue(v.value) || 'null')}</code>${v.label ? ` ${escapeHtml(v.label)}` : ''}${v.description ? `<span class="muted"> — ${escapeHtml(v.description)}</span>` : ''}`;
  return `<div>Values: ${listHtml(values, value, '; ')}</div>`;
}

/**
 * An enumerated property's labels (values without one), for the product page's searched field
 * cell: a label is the word people know, e.g. "Shipped" for S.
 */
function enumLabelsHtml(values: SchemaProperty['enum']): string {
  if (!values?.length) return '';
  return `<div class="muted">${listHtml(values, (v) => escapeHtml(v.label ?? (formatValue(v.value) || 'null')))}</div>`;
}

/**
 * The rows of a product page's field summary: field, type, classification, description. Field
 * names (with their ODCS v3.2.0 synonyms and enum labels) are searched here — the page is how search finds the contracts its output ports serve (see
 * lib/indexing.ts) — but not the descriptions: they made the index and Pagefind's memory much
 * larger, for words the field names and the product's own description mostly carry already.
 */
export function fieldRowsHtml(rows: readonly PropertyRow[]): string {
  let html = '';
  for (const { path, depth, property } of rows) {
    html +=
      `<tr><td${depthClass(depth)}><code>${escapeHtml(path)}</code>${synonymsHtml(property.synonyms)}${enumLabelsHtml(property.enum)}</td>` +
      `<td data-pagefind-ignore>${escapeHtml(property.logicalType ?? property.physicalType ?? '')}</td>` +
      `<td data-pagefind-ignore>${badgeHtml({ classification: property.classification })}</td>` +
      `<td data-pagefind-ignore>${escapeHtml(property.description ?? '')}</td></tr>`;
  }
  return html;
}

const KIND_LABEL: Record<string, string> = { DataProduct: 'product', DataContract: 'contract', AccessGrant: 'grant', Domain: 'domain' };

/**
 * Policy verdicts: failures in full (what failed and where), passes folded away. With `showEntity`
 * each names what it checked (a product page shows its contracts' and grants' verdicts too).
 * components/Verdicts.astro renders this.
 */
export function verdictsHtml(verdicts: readonly (EntityVerdict & { kind: Kind; id: string })[], urls: Urls, showEntity = false): string {
  if (verdicts.length === 0) return '<p class="muted">No policy applies here.</p>';
  const failing = verdicts.filter((v) => v.status === 'fail');
  const passing = verdicts.filter((v) => v.status === 'pass');
  const kind = (v: { kind: Kind }): string => escapeHtml(KIND_LABEL[v.kind] ?? v.kind);
  let html = '<div data-pagefind-ignore><p>';
  html +=
    failing.length === 0
      ? `${badge('pass', 'compliant')} Passes all ${verdicts.length} policy checks.`
      : `${badge('fail', `${failing.length} failing`)} of ${verdicts.length} policy checks.`;
  html += '</p>';
  if (failing.length > 0) {
    html += `<div class="table-wrap"><table><thead><tr><th scope="col">Policy</th>${showEntity ? '<th scope="col">Checked</th>' : ''}<th scope="col">Severity</th><th scope="col">What failed</th></tr></thead><tbody>`;
    for (const v of failing) {
      const what = v.findings
        .slice(0, 3)
        .map((f) => `<div>${escapeHtml(f.message)} <code class="muted">${escapeHtml(`${f.file}:${f.line}`)}</code></div>`)
        .join('');
      html +=
        `<tr><td><a href="${escapeHtml(urls.policy(v.policy))}">${escapeHtml(v.title)}</a></td>` +
        (showEntity ? `<td data-label="Checked">${kind(v)}: <code>${escapeHtml(v.id)}</code></td>` : '') +
        `<td data-label="Severity">${badge(v.severity, v.severity)}</td><td data-label="What failed">${what}</td></tr>`;
    }
    html += '</tbody></table></div>';
  }
  if (passing.length > 0) {
    const items = passing
      .map((v) => `<li><a href="${escapeHtml(urls.policy(v.policy))}">${escapeHtml(v.title)}</a>${showEntity ? `<span class="muted"> — ${kind(v)} ${escapeHtml(v.id)}</span>` : ''}</li>`)
      .join('');
    html += `<details><summary>${passing.length} passing check${passing.length === 1 ? '' : 's'}</summary><ul>${items}</ul></details>`;
  }
  return `${html}</div>`;
}

/** Validation findings, the first `limit` of them. components/Findings.astro renders this. */
export function findingsHtml(findings: readonly Finding[], limit = 50): string {
  if (findings.length === 0) return `<p>${badge('pass', 'valid')} No validation findings.</p>`;
  const items = findings
    .slice(0, limit)
    .map(
      (f) =>
        `<li>${badge(f.severity, f.severity)} <code>${escapeHtml(`${f.file}:${f.line}:${f.column}`)}</code> ${escapeHtml(f.message)}` +
        `${f.hint ? `<span class="muted"> — ${escapeHtml(f.hint)}</span>` : ''}</li>`,
    )
    .join('');
  const more = findings.length > limit ? `<li class="muted">and ${findings.length - limit} more</li>` : '';
  return `<ul class="plain" data-pagefind-ignore>${items}${more}</ul>`;
}

/**
 * A lineage picture in a figure; empty for a graph without nodes. Up to 1,600 px wide it is shrunk
 * to fit wide screens and stays legible; wider ones scroll. components/Graph.astro renders this.
 */
export function graphHtml(graph: GraphInput, caption?: string): string {
  if (graph.nodes.length === 0) return '';
  const svg = renderGraphSvg(graph);
  const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 0);
  const fit = width > 0 && width <= 1600;
  return `<figure class="${fit ? 'lineage fit' : 'lineage'}" data-pagefind-ignore>${svg}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`;
}

/** Each item rendered, joined (by `, ` unless told otherwise). */
export const listHtml = <T>(items: readonly T[], render: (item: T) => string, separator = ', '): string => items.map(render).join(separator);

/** Team members as `Name (role), …`, by username when a member has no name. */
export const peopleHtml = (members: readonly { name?: string; username?: string; role?: string }[]): string =>
  listHtml(members, (m) => `${escapeHtml(m.name ?? m.username ?? '')}${m.role ? `<span class="muted"> (${escapeHtml(m.role)})</span>` : ''}`);

/**
 * A link to a URL from the mesh: only https:, http: and mailto: become links (anything else is
 * shown as text), and text that names another URL than the link's is followed by the real target.
 */
export function externalLinkHtml(url: string | undefined, text: string): string {
  const href = safeLinkUrl(url);
  if (!href) return url ? `${escapeHtml(text)} <span class="muted">(${escapeHtml(url)}, not a link: only https:, http: and mailto: are)</span>` : escapeHtml(text);
  const target = textMisleads(text, href) ? ` <span class="muted">(${escapeHtml(href)})</span>` : '';
  return `<a href="${escapeHtml(href)}" rel="noopener">${escapeHtml(text)}</a>${target}`;
}

/** Support channels, each a link when it has a URL that may be one. */
export const supportHtml = (support: readonly { channel: string; url?: string }[]): string =>
  listHtml(support, (s) => externalLinkHtml(s.url, s.channel));
