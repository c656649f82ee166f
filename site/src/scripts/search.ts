/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The catalog's search: a small UI on Pagefind's JS API, the only JavaScript the catalog ships.
 *
 * It fetches as little as a first search needs. Pagefind (its script, WebAssembly and page
 * metadata) loads when the search box is focused or the URL carries a search; a search loads the
 * index chunks of its words; results show ten at a time, and only the results shown load their
 * fragment (title, URL, excerpt). The facets' filter chunks — which grow with the mesh — load only
 * when someone opens the filter panel or arrives with a filter in the URL. Pagefind runs on the
 * main thread (`noWorker`): its worker is a second copy of Pagefind's code, more bytes on every
 * first search, for searches that are quick on the main thread anyway (bench/README.md, "Figures
 * measured").
 *
 * The page's URL holds the query and filters (`?q=orders&kind=Data+contract`), so searches can be
 * linked and the back button returns to them. See scripts/search-state.ts for the pure parts.
 */
import { FACETS } from '../lib/search.ts';
import {
  hasFilters,
  pagefindFilters,
  rankItems,
  resultCountText,
  resultItems,
  sameState,
  searchFromState,
  stateFromSearch,
  type ExcerptPart,
  type ResultView,
  type SearchState,
} from './search-state.ts';

interface PagefindResult {
  id: string;
  data(): Promise<PagefindFragment>;
}
type FilterCounts = Record<string, Record<string, number>>;
interface PagefindResponse {
  results: PagefindResult[];
  filters: FilterCounts;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, unknown> }): Promise<PagefindResponse | null>;
  filters(): Promise<FilterCounts>;
}

/** Results shown at first and added by "More results": each costs a fragment request. */
const PAGE_SIZE = 10;
/**
 * Typing searches at once (a search on a loaded index takes milliseconds; a stale one is dropped
 * when a newer one starts); only the URL waits for a pause, since browsers limit how often a page
 * may rewrite its history entry.
 */
const URL_DEBOUNCE_MS = 300;
/**
 * Pagefind matches words by prefix, so a one-letter query matches nearly every page and costs an
 * index chunk several times the size of a two-letter prefix's (bench/README.md, "Figures
 * measured") and ten fragments to show nothing useful while the person is still typing.
 */
const MIN_QUERY = 2;
/** How long a search waits for the next key before it runs (see `search`). */
const SETTLE_MS = 40;

function setup(root: HTMLElement): void {
  const $ = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  const form = $<HTMLFormElement>('form');
  const input = $<HTMLInputElement>('input[type="search"]');
  const panel = $<HTMLDetailsElement>('.search-filters');
  const facetsBox = $<HTMLElement>('.search-facets');
  const selectedCount = $<HTMLElement>('.search-filters-selected');
  const clearButton = $<HTMLButtonElement>('.search-clear-filters');
  const status = $<HTMLElement>('.search-status');
  const list = $<HTMLOListElement>('.search-results');
  const more = $<HTMLButtonElement>('.search-more');
  const bundle = root.dataset.pagefind!;
  const baseUrl = root.dataset.base!;

  let state: SearchState = stateFromSearch(location.search);
  let pagefind: Promise<Pagefind> | undefined;
  let facets: Promise<void> | undefined;
  let facetsShown = false;
  let totals: FilterCounts = {};
  let results: PagefindResult[] = [];
  let shown = 0;
  let searchId = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  const load = (): Promise<Pagefind> => {
    pagefind ??= (import(/* @vite-ignore */ bundle) as Promise<Pagefind>).then(
      async (pf) => {
        await pf.options({ baseUrl, noWorker: true });
        await pf.init();
        // Pagefind sets up its search state on the first search, which then costs several times
        // what the same search costs after it (bench/README.md). An empty search does that work and
        // fetches no index chunk, so it is done while the reader is still about to type.
        await pf.search('');
        return pf;
      },
      (error: unknown) => {
        pagefind = undefined; // the next search tries again (say, back online)
        throw error;
      },
    );
    return pagefind;
  };

  const setStatus = (text: string) => {
    if (status.textContent !== text) status.textContent = text;
  };

  const fail = (error: unknown) => {
    root.dataset.state = 'error';
    setStatus(`Search is unavailable: ${error instanceof Error ? error.message : String(error)}`);
  };

  const renderParts = (parent: HTMLElement, parts: ExcerptPart[]) => {
    for (const part of parts) {
      if (part.mark) {
        const mark = document.createElement('mark');
        mark.textContent = part.text;
        parent.append(mark);
      } else parent.append(part.text);
    }
  };

  const renderResult = (view: ResultView): HTMLLIElement => {
    const item = document.createElement('li');
    item.className = 'search-result';
    const title = document.createElement('p');
    title.className = 'search-result-title';
    const link = document.createElement('a');
    link.href = view.url;
    link.textContent = view.title;
    title.append(link);
    if (view.detail) {
      const detail = document.createElement('span');
      detail.className = 'search-result-detail';
      detail.textContent = ` — ${view.detail}`;
      title.append(detail);
    }
    if (view.kind) {
      const kind = document.createElement('span');
      kind.className = 'badge neutral search-result-kind';
      kind.textContent = view.kind;
      title.append(' ', kind);
    }
    const excerpt = document.createElement('p');
    excerpt.className = 'search-result-excerpt';
    renderParts(excerpt, view.excerpt);
    item.append(title, excerpt);
    if (view.sections.length) {
      const sections = document.createElement('ul');
      sections.className = 'search-result-sections';
      for (const section of view.sections) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = section.url;
        a.textContent = section.title;
        const text = document.createElement('span');
        renderParts(text, section.excerpt);
        li.append(a, ' ', text);
        sections.append(li);
      }
      item.append(sections);
    }
    return item;
  };

  /** A page of results from `from`, rendered; only these results' fragments are fetched. */
  const renderPage = async (of: PagefindResult[], from: number): Promise<HTMLLIElement[]> => {
    const fragments = await Promise.all(of.slice(from, from + PAGE_SIZE).map((r) => r.data()));
    const items = fragments.flatMap((fragment) => resultItems(fragment, baseUrl, state.filters.kind));
    // Exact names first among the first results; later pages keep Pagefind's order.
    return (from === 0 ? rankItems(items, state.query) : items).map(renderResult);
  };

  const show = (items: HTMLLIElement[], replace: boolean) => {
    if (replace) list.replaceChildren(...items);
    else list.append(...items);
    // Pages of Pagefind's results rendered so far: one page may show as several entries (its fields).
    shown = Math.min(results.length, replace ? PAGE_SIZE : shown + PAGE_SIZE);
    more.hidden = shown >= results.length;
  };

  /** Counts per value; a facet Pagefind did not count (its chunk was still loading) keeps its last ones. */
  const updateFacetCounts = (counts: FilterCounts) => {
    for (const box of facetsBox.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      const values = counts[box.dataset.facet!];
      if (values) box.closest('label')!.querySelector('.search-facet-count')!.textContent = `(${values[box.value] ?? 0})`;
    }
  };

  const syncControls = () => {
    if (input.value !== state.query) input.value = state.query;
    for (const box of facetsBox.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      box.checked = state.filters[box.dataset.facet!]?.includes(box.value) ?? false;
    }
    const selected = Object.values(state.filters).reduce((n, values) => n + values.length, 0);
    selectedCount.textContent = selected ? `(${selected} selected)` : '';
    clearButton.hidden = selected === 0;
  };

  const search = async () => {
    const id = ++searchId;
    const query = state.query.trim();
    if (query.length < MIN_QUERY && !hasFilters(state)) {
      results = [];
      show([], true);
      root.dataset.state = 'idle';
      if (facetsShown) updateFacetCounts(totals);
      setStatus(query ? `Type at least ${MIN_QUERY} characters to search.` : '');
      return;
    }
    root.dataset.state = 'searching';
    list.setAttribute('aria-busy', 'true');
    try {
      // Keys that come faster than this (a paste, a fast typist, the keys typed while the index
      // loads) search once, for what they typed last: each search of a short prefix on a large
      // index costs more than the wait, and a stale one runs to its end.
      await new Promise((settled) => setTimeout(settled, SETTLE_MS));
      if (id !== searchId) return;
      const pf = await load();
      if (id !== searchId) return;
      // With no words, Pagefind lists every page the filters match.
      const response = await pf.search(query.length >= MIN_QUERY ? query : null, { filters: pagefindFilters(state) });
      if (id !== searchId || !response) return;
      // The previous results stay on screen (and "More results" works on them) until these are ready.
      const items = await renderPage(response.results, 0);
      if (id !== searchId) return;
      results = response.results;
      show(items, true);
      if (facetsShown) updateFacetCounts(response.filters);
      setStatus(resultCountText(results.length, shown, state));
      root.dataset.state = 'done';
    } catch (error) {
      if (id === searchId) fail(error);
    } finally {
      if (id === searchId) list.removeAttribute('aria-busy');
    }
  };

  const renderFacets = (counts: FilterCounts) => {
    const fieldsets = FACETS.filter((facet) => Object.keys(counts[facet.name] ?? {}).length).map((facet, f) => {
      const fieldset = document.createElement('fieldset');
      fieldset.className = 'search-facet';
      const legend = document.createElement('legend');
      legend.textContent = facet.label;
      const options = document.createElement('div');
      options.className = 'search-facet-options';
      const values = Object.keys(counts[facet.name]).sort((a, b) => a.localeCompare(b, 'en'));
      values.forEach((value, v) => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.id = `search-facet-${f}-${v}`;
        box.name = facet.param;
        box.value = value;
        box.dataset.facet = facet.name;
        const count = document.createElement('span');
        count.className = 'search-facet-count';
        label.append(box, ` ${value} `, count);
        options.append(label);
      });
      fieldset.append(legend, options);
      return fieldset;
    });
    facetsBox.replaceChildren(...fieldsets);
    facetsShown = true;
    syncControls();
  };

  /** The filter chunks: loaded once, when the panel opens (or the URL arrives with a filter). */
  const loadFacets = () => {
    facets ??= (async () => {
      facetsBox.setAttribute('aria-busy', 'true');
      facetsBox.textContent = 'Loading filters…';
      try {
        const pf = await load();
        totals = await pf.filters();
        renderFacets(totals);
        updateFacetCounts(totals);
        // The counts within the results on screen, now that Pagefind has every filter chunk; the
        // list itself stays as it is (focus and scroll position with it).
        const query = state.query.trim();
        if (query.length >= MIN_QUERY || hasFilters(state)) {
          const id = searchId;
          const response = await pf.search(query.length >= MIN_QUERY ? query : null, { filters: pagefindFilters(state) });
          if (id === searchId && response) updateFacetCounts(response.filters);
        }
      } catch (error) {
        facets = undefined;
        facetsBox.textContent = `Filters are unavailable: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        facetsBox.removeAttribute('aria-busy');
      }
    })();
    return facets;
  };

  /** The state into the URL: a history entry of its own when `push`. */
  const writeUrl = (push: boolean) => {
    clearTimeout(debounce);
    if (sameState(state, stateFromSearch(location.search))) return;
    const url = `${location.pathname}${searchFromState(state)}${location.hash}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };

  /** A new state: into the URL (a history entry when `push`), then searched. */
  const commit = (next: SearchState, push: boolean) => {
    state = next;
    writeUrl(push);
    syncControls();
    void search();
  };

  // Pagefind loads when the box is focused, before the first key. The search page's box has the
  // focus already when this script runs (autofocus): its focus event has passed, so load now.
  if (document.activeElement === input) void load().catch(fail);
  else input.addEventListener('focus', () => void load().catch(fail), { once: true });
  input.addEventListener('input', () => {
    state = { ...state, query: input.value };
    void search();
    clearTimeout(debounce);
    debounce = setTimeout(() => writeUrl(false), URL_DEBOUNCE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    commit({ ...state, query: input.value }, true);
  });
  panel.addEventListener('toggle', () => {
    if (panel.open) void loadFacets();
  });
  facetsBox.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    const facet = box.dataset.facet;
    if (!facet) return;
    const values = new Set(state.filters[facet] ?? []);
    if (box.checked) values.add(box.value);
    else values.delete(box.value);
    const filters = { ...state.filters, [facet]: [...values] };
    if (!values.size) delete filters[facet];
    commit({ query: input.value, filters }, true);
  });
  clearButton.addEventListener('click', () => {
    commit({ query: input.value, filters: {} }, true);
    input.focus();
  });
  more.addEventListener('click', async () => {
    const id = searchId;
    more.disabled = true;
    try {
      const added = await renderPage(results, shown);
      if (id !== searchId) return;
      show(added, false);
      setStatus(resultCountText(results.length, shown, state));
      // Keyboard users continue where the new results start.
      added[0]?.querySelector('a')?.focus();
    } catch (error) {
      fail(error);
    } finally {
      more.disabled = false;
    }
  });
  window.addEventListener('popstate', () => {
    state = stateFromSearch(location.search);
    syncControls();
    if (hasFilters(state)) panel.open = true;
    void search();
  });

  // The filter panel's place is kept without JavaScript (no layout shift); it shows from here on.
  root.dataset.ready = '';
  syncControls();
  if (hasFilters(state)) panel.open = true; // the toggle event loads the facets
  if (state.query || hasFilters(state)) void search();
  else root.dataset.state = 'idle';
}

for (const root of document.querySelectorAll<HTMLElement>('[data-search]')) setup(root);
