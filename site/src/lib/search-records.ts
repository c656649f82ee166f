/**
 * What search indexes, written from the catalog rather than read back from the rendered pages.
 *
 * A product's record holds the product (name, id, domain, tags, purpose, ports) and, under an
 * anchored heading each, the contracts its output ports serve and their fields: Pagefind returns a
 * field that matched as a sub-result of the product's record, and the search page shows it as a
 * result of its own that links to the field's row on the contract page. One record per product,
 * never one per field or per served contract: the page list every first search downloads grows
 * with the records, and a second record per contract took the first search at 10,000 products past
 * its target (bench/run.ts). A contract no port serves keeps a record of its own.
 *
 * A record is a small document of its own: every piece of text ends in punctuation or a space, so
 * excerpts never glue two words ("ContractCampaign"); contact addresses, owners, badges, types and
 * the page's boilerplate are not in it at all. What a result shows beyond the matched text — a
 * field's type, classification and tags — travels as metadata (`fields`), which Pagefind returns
 * with a result but does not index.
 */
import type { SchemaObject, SchemaProperty } from '../../../bot/core/kinds/data-contract.ts';
import type { Catalog, ContractView, DomainView, ProductView } from './catalog.ts';
import { classificationBadge, flattenProperties } from './contract.ts';
import { escapeHtml as e } from './html.ts';
import { contractAnchor, fieldAnchor } from './search-anchors.ts';
import { contractFilters, domainFilters, filterElements, productFilters, type Filters } from './search.ts';

/** Field headings outrank body text (1) and the contract headings above them (h2, 6); a product's own name (h1) stays at 7. */
const FIELD_WEIGHT = 6;

/** What a field result shows besides its name: `string · Restricted · pii`. */
export function fieldDetails(property: SchemaProperty): string[] {
  const type = property.logicalType ?? property.physicalType;
  const classification = property.classification ? (classificationBadge(property.classification)?.label ?? property.classification) : undefined;
  return [type, classification, ...(property.tags ?? [])].filter((part): part is string => typeof part === 'string' && part !== '');
}

/** A search record's metadata: its contracts (served or its own), each with its fields' details by anchor. */
export interface RecordContract {
  id: string;
  name: string;
  /** Anchor → the details shown after `field of <contract> · <id>`. */
  fields: Record<string, string[]>;
}

const sentence = (text: string | undefined): string => {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return '';
  return /[.!?]$/.test(trimmed) ? `${trimmed} ` : `${trimmed}. `;
};

const list = (items: readonly string[]): string => items.filter(Boolean).join(', ');

function metaHtml(title: string, filters: Filters, contracts: readonly RecordContract[]): string {
  const filterSpans = filterElements(filters).map((f) => `<span data-pagefind-filter="${e(f.name)}">${e(f.value)}</span>`).join('');
  const contractsMeta = contracts.length ? `<span data-pagefind-meta="contracts">${e(JSON.stringify(contracts))}</span>` : '';
  return `<div hidden data-pagefind-ignore><span data-pagefind-meta="title">${e(title)}</span>${contractsMeta}${filterSpans}</div>`;
}

const recordDocument = (body: string): string => `<!doctype html><html lang="en"><body><main data-pagefind-body>${body}</main></body></html>`;

/** Other names of a schema object (ODCS v3.2.0): people search by the business word. */
const objectSynonyms = (objects: readonly SchemaObject[]): string =>
  objects
    .filter((o) => o.synonyms?.length)
    .map((o) => `<p>${e(o.name)} is also called ${e(list(o.synonyms!.map((s) => s.synonym)))}. </p>`)
    .join('');

/**
 * A contract's fields as anchored headings. `descriptions`: also index each field's description
 * (a contract's own record); a product's record indexes names, synonyms and enum labels only: the
 * descriptions made the index much larger for words the names mostly carry.
 */
function fieldsHtml(contract: ContractView, descriptions: boolean): { html: string; meta: RecordContract } {
  const meta: RecordContract = { id: contract.id, name: contract.name, fields: {} };
  let html = '';
  for (const object of contract.doc.schema ?? []) {
    for (const { path, property } of flattenProperties(object)) {
      const anchor = fieldAnchor(object.name, path);
      meta.fields[anchor] = fieldDetails(property);
      html += `<h3 id="${e(anchor)}" data-pagefind-weight="${FIELD_WEIGHT}">${e(path)}</h3>`;
      const extra = [
        property.synonyms?.length ? `Also called ${list(property.synonyms.map((s) => s.synonym))}.` : '',
        property.enum?.length ? `Values: ${list(property.enum.map((v) => v.label ?? String(v.value ?? '')))}.` : '',
        descriptions ? sentence(property.description).trim() : '',
      ].filter(Boolean);
      if (extra.length) html += `<p>${e(extra.join(' '))} </p>`;
    }
  }
  return { html, meta };
}

export function productRecord(catalog: Catalog, product: ProductView): string {
  const doc = product.doc;
  const domainName = catalog.domainById.get(product.domain)?.name ?? product.domain;
  const served = product.outputPorts.map((p) => p.contract).filter((c): c is ContractView => c !== undefined);
  const contracts = [...new Map(served.map((c) => [c.id, c])).values()];
  const fields = contracts.map((c) => fieldsHtml(c, false));
  const filters = productFilters(catalog, product);
  filters.kind = ['Data product', ...(contracts.length ? ['Data contract'] : []), ...(fields.some((f) => Object.keys(f.meta.fields).length) ? ['Field'] : [])];
  const ports = product.outputPorts.map((p) => `${p.port.name}${p.port.description ? ` (${p.port.description.trim()})` : ''}`);
  let body = metaHtml(`${product.name} (data product)`, filters, fields.map((f) => f.meta));
  body += `<h1>${e(product.name)}</h1>`;
  body += `<p>${e(sentence(`${product.id}, data product in ${domainName}`))}${doc.tags?.length ? e(sentence(`Tags: ${list(doc.tags)}`)) : ''}</p>`;
  if (doc.description?.purpose) body += `<p>${e(sentence(doc.description.purpose))}</p>`;
  if (ports.length) body += `<p>${e(sentence(`Output ports: ${list(ports)}`))}</p>`;
  contracts.forEach((contract, i) => {
    body += `<h2 id="${e(contractAnchor(contract.id))}">${e(contract.name)}</h2>`;
    body += `<p>${e(sentence(`Data contract ${contract.id}`))}</p>${objectSynonyms(contract.doc.schema ?? [])}`;
    body += fields[i]!.html;
  });
  return recordDocument(body);
}

/** The record of a contract no output port serves (lib/indexing.ts `indexesContractPage`). */
export function contractRecord(catalog: Catalog, contract: ContractView): string {
  const doc = contract.doc;
  const { html, meta } = fieldsHtml(contract, true);
  const filters = contractFilters(catalog, contract);
  if (Object.keys(meta.fields).length) filters.kind = ['Data contract', 'Field'];
  let body = metaHtml(`${contract.name} (data contract ${doc.version})`, filters, [meta]);
  body += `<h1 id="${e(contractAnchor(contract.id))}">${e(contract.name)}</h1>`;
  body += `<p>${e(sentence(`${contract.id}, data contract${contract.domain ? ` in ${catalog.domainById.get(contract.domain)?.name ?? contract.domain}` : ''}`))}${doc.tags?.length ? e(sentence(`Tags: ${list(doc.tags)}`)) : ''}</p>`;
  if (doc.description?.purpose) body += `<p>${e(sentence(doc.description.purpose))}</p>`;
  body += objectSynonyms(doc.schema ?? []);
  for (const object of doc.schema ?? []) if (object.description) body += `<p>${e(sentence(`${object.name}: ${object.description}`))}</p>`;
  return recordDocument(body + html);
}

export function domainRecord(domain: DomainView): string {
  const doc = domain.entity?.doc;
  let body = metaHtml(`${domain.name} (domain)`, domainFilters(domain), []);
  body += `<h1>${e(domain.name)}</h1>`;
  body += `<p>${e(sentence(`${domain.id}, ${domain.type === 'unknown' ? '' : `${domain.type} `}domain`))}</p>`;
  if (doc?.description) body += `<p>${e(sentence(doc.description))}</p>`;
  if (domain.products.length) body += `<p>${e(sentence(`Data products: ${list(domain.products.map((p) => p.name))}`))}</p>`;
  return recordDocument(body);
}

/**
 * The record for a page of the site, by its path below the base (`/products/orders/`): a string
 * for a product, a served-nowhere contract or a domain; `null` for a contract page that is not
 * indexed; undefined for every other page (its rendered `<main>` is indexed as it is).
 */
export function recordForPath(catalog: Catalog, path: string, indexesContract: (c: ContractView) => boolean): string | null | undefined {
  const match = /^\/(products|contracts|domains)\/([^/]+)\/$/.exec(path);
  if (!match) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  if (match[1] === 'products') {
    const product = catalog.productById.get(id);
    return product ? productRecord(catalog, product) : undefined;
  }
  if (match[1] === 'contracts') {
    const contract = catalog.contractById.get(id);
    if (!contract) return undefined;
    return indexesContract(contract) ? contractRecord(catalog, contract) : null;
  }
  const domain = catalog.domainById.get(id);
  return domain ? domainRecord(domain) : undefined;
}
