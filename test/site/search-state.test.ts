import { describe, expect, it } from 'vitest';
import { FACETS } from '../../site/src/lib/search.ts';
import {
  excerptParts,
  pagefindFilters,
  rankItems,
  resultCountText,
  resultItems,
  resultView,
  searchFromState,
  stateFromSearch,
  type PagefindFragment,
} from '../../site/src/scripts/search-state.ts';

describe('the search page’s URL', () => {
  it('reads the query and each facet’s values', () => {
    expect(stateFromSearch('?q=orders&kind=Data+product&kind=Domain&domain-type=aggregate')).toEqual({
      query: 'orders',
      filters: { kind: ['Data product', 'Domain'], 'domain type': ['aggregate'] },
    });
  });

  it('ignores unknown parameters, empty values and repeated values', () => {
    expect(stateFromSearch('?q=x&utm_source=mail&kind=&tag=pii&tag=pii')).toEqual({ query: 'x', filters: { tags: ['pii'] } });
  });

  it('writes the state back to the same URL', () => {
    const search = '?q=customer+email&kind=Data+product&domain-type=source-aligned&tag=a%2Cb';
    expect(searchFromState(stateFromSearch(search))).toBe(search);
  });

  it('writes nothing for an empty search', () => {
    expect(searchFromState({ query: '  ', filters: {} })).toBe('');
  });

  it('has a distinct URL parameter for every facet', () => {
    expect(new Set(FACETS.map((f) => f.param)).size).toBe(FACETS.length);
    for (const facet of FACETS) expect(facet.param).toMatch(/^[a-z-]+$/);
  });
});

describe('the filters Pagefind gets', () => {
  it('matches any of a facet’s values and every facet', () => {
    expect(pagefindFilters({ query: '', filters: { kind: ['Data product', 'Domain'], domain: ['checkout'] } })).toEqual({
      kind: { any: ['Data product', 'Domain'] },
      domain: { any: ['checkout'] },
    });
  });
});

describe('excerpts', () => {
  it('splits Pagefind’s excerpt into text and highlighted words', () => {
    expect(excerptParts('Every <mark>order</mark> placed, one row per <mark>order.</mark>')).toEqual([
      { text: 'Every ', mark: false },
      { text: 'order', mark: true },
      { text: ' placed, one row per ', mark: false },
      { text: 'order.', mark: true },
    ]);
  });

  it('keeps the page’s own angle brackets as text, never as markup', () => {
    expect(excerptParts('a &lt;img src=x onerror=alert(1)&gt; <mark>b</mark>')).toEqual([
      { text: 'a <img src=x onerror=alert(1)> ', mark: false },
      { text: 'b', mark: true },
    ]);
  });
});

describe('a result as the page shows it', () => {
  const fragment: PagefindFragment = {
    url: '/mesh/products/orders/',
    excerpt: 'Every <mark>order</mark> placed',
    meta: { title: 'Orders (data product)' },
    filters: { kind: ['Data product'], domain: ['checkout'] },
    sub_results: [
      { title: 'Orders (data product)', url: '/mesh/products/orders/', excerpt: 'Every <mark>order</mark>', locations: [3] },
      { title: 'Output ports', url: '/mesh/products/orders/#output-ports', excerpt: '<mark>orders</mark>-table', locations: [20] },
    ],
  };

  it('has the page’s title, link and kind', () => {
    expect(resultView(fragment)).toMatchObject({ title: 'Orders (data product)', url: '/mesh/products/orders/', kind: 'Data product' });
  });

  it('lists the sections where the query matched, not the page itself again', () => {
    expect(resultView(fragment).sections).toEqual([
      { title: 'Output ports', url: '/mesh/products/orders/#output-ports', excerpt: [{ text: 'orders', mark: true }, { text: '-table', mark: false }] },
    ]);
  });

  it('keeps the three sections with the most matches, in page order', () => {
    const section = (id: string, matches: number) => ({ title: id, url: `/p/#${id}`, excerpt: id, locations: Array.from({ length: matches }, (_, i) => i) });
    const view = resultView({ ...fragment, sub_results: [section('a', 1), section('b', 5), section('c', 2), section('d', 4)] });
    expect(view.sections.map((s) => s.title)).toEqual(['b', 'c', 'd']);
  });
});

describe('the announced result count', () => {
  it('says how many results there are and how many are shown', () => {
    expect(resultCountText(1234, 10, { query: 'orders', filters: {} })).toBe('1,234 results for “orders”; showing 10.');
  });

  it('says when the filters leave nothing', () => {
    expect(resultCountText(0, 0, { query: 'orders', filters: { kind: ['Policy'] } })).toBe('No results for “orders” with the selected filters.');
  });
});

describe('a product’s result with its fields', () => {
  /** Pagefind's fragment of the Orders product's record (lib/search-records.ts) when `email` matched a field. */
  const orders = (subResults: PagefindFragment['sub_results']): PagefindFragment => ({
    url: '/mesh/products/orders/',
    excerpt: 'Orders.',
    meta: {
      title: 'Orders (data product)',
      contracts: JSON.stringify([{ id: 'orders-v1', name: 'Customer orders', fields: { 'field-orders.email': ['string', 'Restricted', 'pii'] } }]),
    },
    filters: { kind: ['Data product', 'Data contract', 'Field'] },
    anchors: [
      { element: 'h2', id: 'contract-orders-v1', text: 'Customer orders', location: 10 },
      { element: 'h3', id: 'field-orders.order_id', text: 'order_id', location: 14 },
      { element: 'h3', id: 'field-orders.email', text: 'email', location: 15 },
    ],
    sub_results: subResults,
  });
  const emailField = { title: 'email', url: '/mesh/products/orders/#field-orders.email', excerpt: '<mark>email</mark>.', locations: [15], anchor: { element: 'h3', id: 'field-orders.email', text: 'email', location: 15 } };

  it('shows a matched field as a result of its own, linking to its row on the contract page', () => {
    expect(resultItems(orders([emailField]), '/mesh/')).toEqual([
      {
        title: 'email',
        url: '/mesh/contracts/orders-v1/#field-orders.email',
        detail: 'field of Customer orders · orders-v1 · string · Restricted · pii',
        kind: 'Field',
        excerpt: [{ text: 'email', mark: true }, { text: '.', mark: false }],
        sections: [],
      },
    ]);
  });

  it('shows the product too when its own text matched', () => {
    const page = { title: 'Orders (data product)', url: '/mesh/products/orders/', excerpt: '<mark>Orders</mark>.', locations: [0] };
    expect(resultItems(orders([page, emailField]), '/mesh/').map((item) => item.kind)).toEqual(['Data product', 'Field']);
  });

  it('keeps only the entries of the selected kinds', () => {
    const page = { title: 'Orders (data product)', url: '/mesh/products/orders/', excerpt: '<mark>Orders</mark>.', locations: [0] };
    expect(resultItems(orders([page, emailField]), '/mesh/', ['Field']).map((item) => item.kind)).toEqual(['Field']);
  });

  it('lists a product’s contracts when only contracts are asked for and nothing inside matched', () => {
    expect(resultItems(orders([]), '/mesh/', ['Data contract']).map((item) => [item.title, item.url])).toEqual([['Customer orders', '/mesh/contracts/orders-v1/']]);
  });

  it('puts an entry that names exactly what was searched for first', () => {
    const items = [
      { title: 'email_verified', url: 'a', excerpt: [], sections: [] },
      { title: 'Email campaigns (data product)', url: 'b', excerpt: [], sections: [] },
      { title: 'email', url: 'c', excerpt: [], sections: [] },
    ];
    expect(rankItems(items, 'Email').map((item) => item.url)).toEqual(['c', 'a', 'b']);
  });
});
