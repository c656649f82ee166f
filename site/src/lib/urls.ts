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
