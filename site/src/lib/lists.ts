/**
 * The pages listing every data product and every contract: rows sorted by name, domain or last
 * change, a hundred to a page. A static site cannot sort on request, so each order is its own
 * series of pages (`/products/` by name, `/products/by/domain/`, `/products/by/changed/2/`).
 */
import type { Catalog, ContractView, ProductView } from './catalog.ts';
import type { Urls } from './urls.ts';

export type ListKind = 'products' | 'contracts';
export type ListSort = 'name' | 'domain' | 'changed';
export const LIST_SORTS: readonly { sort: ListSort; label: string }[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'domain', label: 'Domain' },
  { sort: 'changed', label: 'Last changed' },
];
export const LIST_PAGE_SIZE = 100;

export interface ListRow {
  id: string;
  name: string;
  url: string;
  domain: string | undefined;
  domainName: string | undefined;
  domainUrl: string | undefined;
  status: string | undefined;
  /** YYYY-MM-DD of the last change, when known. */
  changed: string | undefined;
  /** A contract's product. */
  product?: { name: string; url: string };
}

const byName = (a: ListRow, b: ListRow) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id);

/** Rows in the order asked for; ties (and rows without a domain or date, last) by name. Newest change first. */
export function sortRows(rows: readonly ListRow[], sort: ListSort): ListRow[] {
  const sorted = [...rows];
  if (sort === 'name') return sorted.sort(byName);
  if (sort === 'domain') return sorted.sort((a, b) => (a.domainName ?? '\uffff').localeCompare(b.domainName ?? '\uffff', 'en') || byName(a, b));
  return sorted.sort((a, b) => (b.changed ?? '').localeCompare(a.changed ?? '') || byName(a, b));
}

/** A list page's URL: `/products/` for the first page by name, `/products/by/<sort>/<n>/` otherwise. */
export function listUrl(urls: Urls, kind: ListKind, sort: ListSort, page = 1): string {
  if (sort === 'name' && page === 1) return `${urls.base}${kind}/`;
  return `${urls.base}${kind}/by/${sort}/${page > 1 ? `${page}/` : ''}`;
}

export function productRows(catalog: Catalog, urls: Urls): ListRow[] {
  return catalog.products.map((p: ProductView) => ({
    id: p.id,
    name: p.name,
    url: urls.product(p.id),
    domain: p.domain,
    domainName: catalog.domainById.get(p.domain)?.name ?? p.domain,
    domainUrl: urls.domain(p.domain),
    status: p.doc.status,
    changed: p.changedAt?.slice(0, 10),
  }));
}

export function contractRows(catalog: Catalog, urls: Urls): ListRow[] {
  return catalog.contracts.map((c: ContractView) => ({
    id: c.id,
    name: c.name,
    url: urls.contract(c.id),
    domain: c.domain,
    domainName: c.domain ? (catalog.domainById.get(c.domain)?.name ?? c.domain) : undefined,
    domainUrl: c.domain ? urls.domain(c.domain) : undefined,
    status: c.doc.status,
    changed: c.changedAt?.slice(0, 10),
    product: c.product ? { name: c.product.name, url: urls.product(c.product.id) } : undefined,
  }));
}

export interface ListPage {
  kind: ListKind;
  sort: ListSort;
  page: number;
  lastPage: number;
  total: number;
  rows: ListRow[];
}

/** Every page of every order; `skipFirstByName` leaves out the page `/products/` itself shows. */
export function listPages(kind: ListKind, rows: readonly ListRow[], skipFirstByName: boolean): ListPage[] {
  const pages: ListPage[] = [];
  const lastPage = Math.max(1, Math.ceil(rows.length / LIST_PAGE_SIZE));
  for (const { sort } of LIST_SORTS) {
    const sorted = sortRows(rows, sort);
    for (let page = 1; page <= lastPage; page++) {
      if (skipFirstByName && sort === 'name' && page === 1) continue;
      pages.push({ kind, sort, page, lastPage, total: rows.length, rows: sorted.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE) });
    }
  }
  return pages;
}

/** The page numbers a list's navigation links: the first, the last, and two either side of the current one. */
export function pageNumbers(page: number, lastPage: number): number[] {
  const numbers = new Set([1, lastPage]);
  for (let n = page - 2; n <= page + 2; n++) if (n >= 1 && n <= lastPage) numbers.add(n);
  return [...numbers].sort((a, b) => a - b);
}
