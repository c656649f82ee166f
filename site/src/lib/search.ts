/**
 * What Pagefind indexes beyond the visible text: the filters each page carries. Pages render these
 * as `data-pagefind-filter` attributes; keeping them here keeps the facets the same everywhere.
 */
import type { Catalog, ContractView, DomainView, ProductView } from './catalog.ts';

export type Filters = Record<string, string[]>;

const domainType = (catalog: Catalog, domain: string | undefined): string[] => {
  const type = domain ? catalog.domainById.get(domain)?.type : undefined;
  return type && type !== 'unknown' ? [type] : [];
};

export function productFilters(catalog: Catalog, product: ProductView): Filters {
  const classifications = new Set<string>();
  for (const contract of product.contracts) for (const c of contract.classifications) classifications.add(c);
  return {
    kind: ['Data product'],
    domain: [product.domain],
    'domain type': domainType(catalog, product.domain),
    tags: [...new Set(product.doc.tags ?? [])],
    classification: [...classifications].sort(),
    status: [product.doc.status],
  };
}

export function contractFilters(catalog: Catalog, contract: ContractView): Filters {
  return {
    kind: ['Data contract'],
    domain: contract.domain ? [contract.domain] : [],
    'domain type': domainType(catalog, contract.domain),
    tags: [...new Set(contract.doc.tags ?? [])],
    classification: contract.classifications,
    status: contract.doc.status ? [contract.doc.status] : [],
  };
}

export function domainFilters(domain: DomainView): Filters {
  return {
    kind: ['Domain'],
    domain: [domain.id],
    'domain type': domain.type === 'unknown' ? [] : [domain.type],
    tags: [...new Set(domain.entity?.doc.tags ?? [])],
  };
}

/**
 * Filters as hidden elements: Pagefind reads `data-pagefind-filter="name"` from an element's text,
 * one element per value, so values with commas or colons survive.
 */
export function filterElements(filters: Filters): { name: string; value: string }[] {
  return Object.entries(filters).flatMap(([name, values]) => values.filter(Boolean).map((value) => ({ name, value })));
}

/** A search facet: the Pagefind filter name pages carry, its URL parameter and its label. */
export interface Facet {
  name: string;
  param: string;
  label: string;
}

/**
 * The facets the search page offers, in the order it shows them. `name` is what the filter
 * functions above emit; `param` is its key in the search page's URL (`?q=orders&kind=Data+contract`).
 */
export const FACETS: readonly Facet[] = [
  { name: 'kind', param: 'kind', label: 'Kind' },
  { name: 'domain', param: 'domain', label: 'Domain' },
  { name: 'domain type', param: 'domain-type', label: 'Domain type' },
  { name: 'tags', param: 'tag', label: 'Tags' },
  { name: 'classification', param: 'classification', label: 'Classification' },
  { name: 'status', param: 'status', label: 'Status' },
];
