/**
 * The search page's state and what it shows, as plain functions of data (no DOM): the query and
 * filters to and from the page's URL, the filter object Pagefind takes, and a result as the page
 * renders it. site/src/scripts/search.ts wires these to the page; test/site/search-state.test.ts
 * specifies them.
 */
import { FACETS } from '../lib/search.ts';
import { contractOfAnchor, isFieldAnchor } from '../lib/search-anchors.ts';

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
  sub_results?: PagefindSubResult[];
  /** Every anchored element of the record, in order (lib/search-records.ts: contracts h2, fields h3). */
  anchors?: PagefindAnchor[];
}

export interface PagefindAnchor {
  element: string;
  id: string;
  text: string;
  location: number;
}

export interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
  locations: number[];
  anchor?: PagefindAnchor;
}

export interface ResultView {
  title: string;
  url: string;
  /** After the title: `field of Orders · orders-v1 · string · PII`. */
  detail?: string;
  /** The page's kind (Data product, Data contract, Domain, Policy, Guide), when it has one. */
  kind?: string;
  excerpt: ExcerptPart[];
  /** Up to three sections of the page where the query matched, in page order. */
  sections: { title: string; url: string; excerpt: ExcerptPart[] }[];
}

const MAX_SECTIONS = 3;

export function resultView(fragment: PagefindFragment): ResultView {
  // Contracts and fields become entries of their own (resultItems), not sections of the page.
  let sections = (fragment.sub_results ?? []).filter((s) => !s.anchor || (!isFieldAnchor(s.anchor.id) && contractOfAnchor(s.anchor.id) === undefined));
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

/** A contract as a search record's `contracts` metadata lists it (lib/search-records.ts). */
interface RecordContract {
  id: string;
  name: string;
  fields: Record<string, string[]>;
}

function recordContracts(fragment: PagefindFragment): RecordContract[] {
  try {
    const parsed: unknown = JSON.parse(fragment.meta.contracts ?? '[]');
    return Array.isArray(parsed) ? (parsed as RecordContract[]) : [];
  } catch {
    return [];
  }
}

/** The contract page a contract's id links to, under the site's base (lib/urls.ts `contract`). */
const contractUrl = (base: string, id: string): string => `${base}contracts/${encodeURIComponent(id)}/`;

/** Whether a result names exactly what was searched for (a field `email` for `email`, the product `Orders` for `orders`). */
const namesExactly = (view: ResultView, query: string): boolean => {
  const q = query.trim().toLowerCase();
  if (!q) return false;
  const title = view.title.toLowerCase();
  return title === q || title.replace(/ \((data product|data contract[^)]*|domain)\)$/, '') === q || title.split('.').pop() === q;
};

/**
 * What one of Pagefind's results shows: the page itself, and each contract and field of it that
 * matched as a result of its own. A field links to its row on the contract page and says what it
 * is (`email — field of Customer accounts · checkout-customer-accounts-v1 · string · Restricted · pii`).
 * The page's own entry is left out when only its fields or contracts matched. With `kinds`
 * selected, only entries of those kinds are shown.
 */
export function resultItems(fragment: PagefindFragment, base: string, kinds: readonly string[] = []): ResultView[] {
  const page = resultView(fragment);
  const contracts = recordContracts(fragment);
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const anchors = [...(fragment.anchors ?? [])].sort((a, b) => a.location - b.location);
  const contractAt = (location: number): RecordContract | undefined => {
    let found: RecordContract | undefined;
    for (const anchor of anchors) {
      if (anchor.location > location) break;
      const id = contractOfAnchor(anchor.id);
      if (id !== undefined) found = byId.get(id);
    }
    return found;
  };
  const contractItem = (contract: RecordContract, excerpt: ExcerptPart[]): ResultView => ({
    title: contract.name,
    url: contractUrl(base, contract.id),
    detail: `data contract${page.kind === 'Data product' ? ` of ${page.title.replace(/ \(data product\)$/, '')}` : ''} · ${contract.id}`,
    kind: 'Data contract',
    excerpt,
    sections: [],
  });
  const items: ResultView[] = [];
  let pageMatched = (fragment.sub_results ?? []).length === 0;
  for (const sub of fragment.sub_results ?? []) {
    const anchor = sub.anchor;
    if (anchor && isFieldAnchor(anchor.id)) {
      const contract = contractAt(anchor.location);
      if (!contract) continue;
      items.push({
        title: anchor.text,
        url: `${contractUrl(base, contract.id)}#${encodeURIComponent(anchor.id)}`,
        detail: ['field of ' + contract.name, contract.id, ...(contract.fields[anchor.id] ?? [])].join(' · '),
        kind: 'Field',
        excerpt: excerptParts(sub.excerpt),
        sections: [],
      });
      continue;
    }
    const contractId = anchor ? contractOfAnchor(anchor.id) : undefined;
    const contract = contractId === undefined ? undefined : byId.get(contractId);
    if (contract && page.kind === 'Data product') items.push(contractItem(contract, excerptParts(sub.excerpt)));
    else pageMatched = true;
  }
  if (pageMatched || items.length === 0) items.unshift(page);
  if (kinds.length === 0) return items;
  const wanted = items.filter((item) => item.kind !== undefined && kinds.includes(item.kind));
  // A product listed for the contract kind (no query, so nothing matched inside it): its contracts.
  if (wanted.length === 0 && kinds.includes('Data contract') && page.kind === 'Data product') return contracts.map((c) => contractItem(c, []));
  return wanted;
}

/**
 * The entries of the results shown, in Pagefind's order, except that an entry naming exactly what
 * was searched for comes first: Pagefind ranks pages, and a field called `email` deserves the top
 * over a product that mentions e-mail more often.
 */
export function rankItems(items: readonly ResultView[], query: string): ResultView[] {
  const exact = items.filter((item) => namesExactly(item, query));
  return [...exact, ...items.filter((item) => !exact.includes(item))];
}
