/**
 * The search page's state and what it shows, as plain functions of data (no DOM): the query and
 * filters to and from the page's URL, the filter object Pagefind takes, and a result as the page
 * renders it. site/src/scripts/search.ts wires these to the page; test/site/search-state.test.ts
 * specifies them.
 */
import { FACETS } from '../lib/search.ts';

export interface SearchState {
  query: string;
  /** Selected values by facet name (`kind`, `domain type`, …); a facet with none is absent. */
  filters: Record<string, string[]>;
}

/** Reads `?q=orders&kind=Data+contract&kind=Domain&domain-type=aggregate`; unknown parameters are ignored. */
export function stateFromSearch(search: string): SearchState {
  const params = new URLSearchParams(search);
  const filters: Record<string, string[]> = {};
  for (const facet of FACETS) {
    const values = [...new Set(params.getAll(facet.param).filter((v) => v !== ''))];
    if (values.length) filters[facet.name] = values;
  }
  return { query: params.get('q') ?? '', filters };
}

/** The URL search string for a state (`''` for the empty state), facets in their display order. */
export function searchFromState(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.query.trim()) params.set('q', state.query);
  for (const facet of FACETS) for (const value of state.filters[facet.name] ?? []) params.append(facet.param, value);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const hasFilters = (state: SearchState): boolean => Object.values(state.filters).some((values) => values.length > 0);

export const sameState = (a: SearchState, b: SearchState): boolean => searchFromState(a) === searchFromState(b);

/**
 * Pagefind's filter object: values of one facet widen the results (any of them), facets narrow
 * them (all facets must match). Pagefind's plain arrays would demand every value at once, which
 * a page with one kind can never satisfy.
 */
export function pagefindFilters(state: SearchState): Record<string, { any: string[] }> {
  const filters: Record<string, { any: string[] }> = {};
  for (const [name, values] of Object.entries(state.filters)) if (values.length) filters[name] = { any: values };
  return filters;
}

/** A piece of an excerpt: text, highlighted when it matched the query. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/**
 * Pagefind's excerpts are the page's text with `<` and `>` escaped and the matched words wrapped
 * in `<mark>`. Split into text pieces, so the page renders them as text nodes and never as HTML.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  const pieces = excerpt.split(/<mark>|<\/mark>/);
  pieces.forEach((piece, i) => {
    const text = piece.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    if (text) parts.push({ text, mark: i % 2 === 1 });
  });
  return parts;
}

/** What Pagefind's `result.data()` returns, as far as the page reads it. */
export interface PagefindFragment {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters?: Record<string, string[]>;
  sub_results?: { title: string; url: string; excerpt: string; locations: number[] }[];
}

export interface ResultView {
  title: string;
  url: string;
  /** The page's kind (Data product, Data contract, Domain, Policy, Guide), when it has one. */
  kind?: string;
  excerpt: ExcerptPart[];
  /** Up to three sections of the page where the query matched, in page order. */
  sections: { title: string; url: string; excerpt: ExcerptPart[] }[];
}

const MAX_SECTIONS = 3;

export function resultView(fragment: PagefindFragment): ResultView {
  let sections = fragment.sub_results ?? [];
  // Pagefind's first sub-result is the page itself when the query matched above the first heading.
  if (sections[0]?.url === (fragment.meta.url || fragment.url)) sections = sections.slice(1);
  if (sections.length > MAX_SECTIONS) {
    const best = new Set([...sections].sort((a, b) => b.locations.length - a.locations.length).slice(0, MAX_SECTIONS));
    sections = sections.filter((s) => best.has(s));
  }
  return {
    title: fragment.meta.title || fragment.url,
    url: fragment.url,
    kind: fragment.filters?.kind?.[0],
    excerpt: excerptParts(fragment.excerpt),
    sections: sections.map((s) => ({ title: s.title, url: s.url, excerpt: excerptParts(s.excerpt) })),
  };
}

/** The sentence the page announces (aria-live) once results are shown. */
export function resultCountText(total: number, shown: number, state: SearchState): string {
  const what = state.query.trim() ? ` for “${state.query.trim()}”` : '';
  const filtered = hasFilters(state) ? ' with the selected filters' : '';
  if (total === 0) return `No results${what}${filtered}.`;
  const count = total === 1 ? '1 result' : `${total.toLocaleString('en')} results`;
  return shown < total ? `${count}${what}${filtered}; showing ${shown}.` : `${count}${what}${filtered}.`;
}
