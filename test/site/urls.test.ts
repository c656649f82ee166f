import { describe, expect, it } from 'vitest';
import { createUrls, normalizeBase, safeLinkUrl, safeWebUrl } from '../../site/src/lib/urls.ts';

describe('normalizeBase', () => {
  it.each([
    [undefined, '/'],
    ['/', '/'],
    ['/mesh', '/mesh/'],
    ['/mesh/', '/mesh/'],
    ['mesh', '/mesh/'],
  ])('turns %s into %s', (base, expected) => {
    expect(normalizeBase(base)).toBe(expected);
  });
});

describe('createUrls', () => {
  const urls = createUrls('/mesh');

  it('puts every page under the base path', () => {
    expect(urls.product('orders')).toBe('/mesh/products/orders/');
    expect(urls.contract('orders-v1')).toBe('/mesh/contracts/orders-v1/');
    expect(urls.api('mesh.json')).toBe('/mesh/api/mesh.json');
  });

  it('percent-encodes ids that are not URL-safe', () => {
    expect(urls.product('a b/c')).toBe('/mesh/products/a%20b%2Fc/');
  });

  it('keeps folders in raw file links', () => {
    expect(urls.raw('catalog/checkout/orders/product.yaml')).toBe('/mesh/raw/catalog/checkout/orders/product.yaml');
  });

  it('carries the query to the search page', () => {
    expect(urls.search('customer email')).toBe('/mesh/search/?q=customer%20email');
  });
});

describe('safeLinkUrl', () => {
  it.each(['https://example.com/x', 'http://example.com/', 'mailto:team@example.com'])('keeps %s', (url) => {
    expect(safeLinkUrl(url)).toBe(url);
  });

  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', '\u0000javascript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', '/relative', 'example.com', 42])('refuses %j', (url) => {
    expect(safeLinkUrl(url)).toBeUndefined();
  });

  it('takes only web URLs for a repository', () => {
    expect(safeWebUrl('mailto:team@example.com')).toBeUndefined();
    expect(safeWebUrl('https://github.com/acme/mesh')).toBe('https://github.com/acme/mesh');
  });
});
