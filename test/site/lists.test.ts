import { describe, expect, it } from 'vitest';
import { LIST_PAGE_SIZE, listPages, listUrl, pageNumbers, sortRows, type ListRow } from '../../site/src/lib/lists.ts';
import { createUrls } from '../../site/src/lib/urls.ts';

const row = (id: string, domainName: string | undefined, changed: string | undefined): ListRow => ({
  id, name: id.toUpperCase(), url: `/products/${id}/`, domain: domainName?.toLowerCase(), domainName, domainUrl: undefined, status: 'active', changed,
});
const rows = [row('b', 'Zeta', '2026-01-02'), row('a', 'Alpha', undefined), row('c', 'Alpha', '2026-03-01')];

describe('the lists of all products and contracts', () => {
  it('sorts by name', () => {
    expect(sortRows(rows, 'name').map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('sorts by domain, then name', () => {
    expect(sortRows(rows, 'domain').map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('sorts by last change, newest first and undated last', () => {
    expect(sortRows(rows, 'changed').map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('pages every order a hundred rows at a time', () => {
    const many = Array.from({ length: LIST_PAGE_SIZE * 2 + 1 }, (_, i) => row(`p${String(i).padStart(3, '0')}`, 'D', undefined));
    const pages = listPages('products', many, false);
    expect(pages.map((p) => `${p.sort}:${p.page}:${p.rows.length}`)).toEqual(['name:1:100', 'name:2:100', 'name:3:1', 'domain:1:100', 'domain:2:100', 'domain:3:1', 'changed:1:100', 'changed:2:100', 'changed:3:1']);
  });

  it('leaves the first page by name to /products/ itself', () => {
    expect(listPages('products', rows, true).map((p) => `${p.sort}:${p.page}`)).toEqual(['domain:1', 'changed:1']);
  });

  it('links the first page by name as the list itself, other pages by order and number', () => {
    const urls = createUrls('/mesh/');
    expect([listUrl(urls, 'products', 'name'), listUrl(urls, 'contracts', 'domain'), listUrl(urls, 'products', 'changed', 3)]).toEqual(['/mesh/products/', '/mesh/contracts/by/domain/', '/mesh/products/by/changed/3/']);
  });

  it('links the first, the last and two pages either side of the current one', () => {
    expect(pageNumbers(10, 40)).toEqual([1, 8, 9, 10, 11, 12, 40]);
  });
});
