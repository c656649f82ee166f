import { describe, expect, it } from 'vitest';
import { buildContext, withBuildContext } from '../../site/src/lib/build-context.ts';
import type { Catalog } from '../../site/src/lib/catalog.ts';
import { indexesContractPage, indexUrl, searchableHtml, wantsIndexing } from '../../site/src/lib/indexing.ts';

describe('indexUrl (the URL Pagefind would derive from the page’s file)', () => {
  it('drops the base, which the search UI adds back', () => {
    expect(indexUrl('/meshgate/products/orders/', '/meshgate/')).toBe('/products/orders/');
  });

  it('ends a folder page’s URL with a slash, as for its index.html', () => {
    expect(indexUrl('/meshgate/products/orders', '/meshgate/')).toBe('/products/orders/');
    expect(indexUrl('/products/orders/index.html', '/')).toBe('/products/orders/');
  });

  it('keeps a base without its trailing slash working', () => {
    expect(indexUrl('/meshgate/contracts/orders-v1/', '/meshgate')).toBe('/contracts/orders-v1/');
  });

  it('keeps the home page at the root', () => {
    expect(indexUrl('/meshgate/', '/meshgate/')).toBe('/');
    expect(indexUrl('/', '/')).toBe('/');
  });

  it('leaves a page written as a file (404.html) as it is', () => {
    expect(indexUrl('/meshgate/404.html', '/meshgate/')).toBe('/404.html');
  });
});

describe('wantsIndexing', () => {
  it('sends a page that marks its searchable body', () => {
    expect(wantsIndexing('<main id="main" data-pagefind-body>…</main>')).toBe(true);
  });

  it('skips a page without one, which Pagefind would ignore anyway', () => {
    expect(wantsIndexing('<main id="main">map</main>')).toBe(false);
  });
});

describe('the page sink', () => {
  const context = (name: string) => ({ catalog: Promise.resolve({ name } as unknown as Catalog), sink: { add: async () => {}, rendered: () => {} } });

  it('reaches what the build renders through the build context, for that build only', async () => {
    const first = context('first');
    const second = context('second');
    const seen = await Promise.all([
      withBuildContext(first, async () => {
        await new Promise((done) => setTimeout(done, 10));
        return buildContext()?.sink;
      }),
      withBuildContext(second, async () => buildContext()?.sink),
    ]);
    expect(seen[0]).toBe(first.sink);
    expect(seen[1]).toBe(second.sink);
    expect(buildContext()).toBeUndefined();
  });

  it('is absent in a plain astro build', () => {
    expect(buildContext()?.sink).toBeUndefined();
  });
});

describe('searchableHtml (what the build sends Pagefind)', () => {
  const page = '<!doctype html><html lang="en"><head><title>Orders · Mesh</title></head><body><header>nav</header><main id="main" data-pagefind-body><h1>Orders</h1></main><footer>built</footer></body></html>';

  it('keeps the main landmark with its attributes, in a document Pagefind reads as English', () => {
    expect(searchableHtml(page)).toBe('<!doctype html><html lang="en"><body><main id="main" data-pagefind-body><h1>Orders</h1></main></body></html>');
  });

  it('sends a page without a main landmark whole', () => {
    const bare = '<html><body><p data-pagefind-body>hi</p></body></html>';
    expect(searchableHtml(bare)).toBe(bare);
  });
});

describe('indexesContractPage', () => {
  it('leaves out a contract an output port serves: its product’s page is its search entry', () => {
    expect(indexesContractPage({ product: { id: 'orders' }, port: 'orders' })).toBe(false);
  });

  it('keeps a contract no output port serves, even when it names its product', () => {
    expect(indexesContractPage({ product: { id: 'orders' }, port: undefined })).toBe(true);
    expect(indexesContractPage({ product: undefined, port: undefined })).toBe(true);
  });
});
