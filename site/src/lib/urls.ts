/**
 * Every link in the catalog goes through here, so the site works from a sub-path (GitHub Pages
 * project sites serve it under `/<repository>/`).
 */

/** Astro's BASE_URL as a prefix that ends in exactly one slash. */
export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '/').replace(/\/+$/, '');
  return `${trimmed.startsWith('/') ? '' : '/'}${trimmed}/`.replace(/^\/\//, '/');
}

/** Ids are path segments; anything a URL would mangle is percent-encoded. */
export const segment = (id: string): string => encodeURIComponent(id);

export interface Urls {
  base: string;
  home: string;
  search: (query?: string) => string;
  domain: (id: string) => string;
  product: (id: string) => string;
  contract: (id: string) => string;
  raw: (file: string) => string;
  access: string;
  policies: string;
  policy: (id: string) => string;
  map: string;
  domainMap: (id: string) => string;
  guides: string;
  guide: (slug: string) => string;
  api: (path: string) => string;
  asset: (path: string) => string;
}

export function createUrls(baseUrl: string | undefined): Urls {
  const base = normalizeBase(baseUrl);
  return {
    base,
    home: base,
    search: (query) => `${base}search/${query ? `?q=${encodeURIComponent(query)}` : ''}`,
    domain: (id) => `${base}domains/${segment(id)}/`,
    product: (id) => `${base}products/${segment(id)}/`,
    contract: (id) => `${base}contracts/${segment(id)}/`,
    raw: (file) => `${base}raw/${file.split('/').map(segment).join('/')}`,
    access: `${base}access/`,
    policies: `${base}policies/`,
    policy: (id) => `${base}policies/#policy-${segment(id)}`,
    map: `${base}map/`,
    domainMap: (id) => `${base}map/${segment(id)}/`,
    guides: `${base}guides/`,
    guide: (slug) => `${base}guides/${slug}/`,
    api: (path) => `${base}api/${path}`,
    asset: (path) => `${base}${path}`,
  };
}

/** The only schemes a value from the mesh may link to: anything else (javascript:, data:, …) is shown as text. */
const LINK_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

/**
 * A URL from the mesh's YAML as it may go into an `href`: an absolute https:, http: or mailto: URL,
 * normalised by the WHATWG parser browsers use (so `JaVaScRiPt:` or `java\tscript:` cannot slip
 * past); undefined for anything else, which the page then shows as text.
 */
export function safeLinkUrl(value: unknown, protocols: ReadonlySet<string> = LINK_PROTOCOLS): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return protocols.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A web page's URL (https: or http:), as safeLinkUrl gives it: for the mesh repository's links. */
export const safeWebUrl = (value: unknown): string | undefined => safeLinkUrl(value, new Set(['https:', 'http:']));

/** Text that reads as a link target: a scheme URL, or `www.` as Markdown autolinks it. */
export function urlInText(text: string): string | undefined {
  const trimmed = text.trim();
  if (/\s/.test(trimmed)) return undefined;
  if (/^www\./i.test(trimmed)) return safeLinkUrl(`https://${trimmed}`) ?? trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return safeLinkUrl(trimmed) ?? trimmed;
  return undefined;
}

/**
 * Whether a link's text names a different target than its `href` (text `https://bank.example`,
 * href elsewhere): such a link must show where it really goes.
 */
export function textMisleads(text: string, href: string): boolean {
  const said = urlInText(text);
  return said !== undefined && said !== (safeLinkUrl(href) ?? href);
}
