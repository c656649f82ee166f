/**
 * The pages there are one of per product and per contract — at 10,000 products nearly all of the
 * site — written as strings in the page shell (lib/page-shell.ts) instead of rendered by Astro: their
 * bodies were strings already, and Astro's per-page pipeline around them (a Request, a Response,
 * the layout's components, the middleware) cost more than the bodies. The build writes them beside
 * Astro's pages (lib/entity-files.ts) and hands the indexed ones' search records to Pagefind.
 */
import { canvasBodyHtml } from './canvas.ts';
import type { Catalog, ContractView, ProductView } from './catalog.ts';
import { verdictsFor } from './compliance.ts';
import { contractBodyHtml } from './contract-page.ts';
import { indexesContractPage } from './indexing.ts';
import { filtersHtml, pageHtml } from './page-shell.ts';
import { roleRequests } from './product.ts';
import { productBodyHtml } from './product-page.ts';
import { contractFilters, productFilters } from './search.ts';
import type { Urls } from './urls.ts';

/** A product's page; `readme` is its README already rendered (lib/readme.ts). */
export function productPageHtml(catalog: Catalog, product: ProductView, urls: Urls, readme?: string): string {
  return pageHtml(
    catalog,
    urls,
    { title: product.name, description: product.doc.description?.purpose, indexed: true, searchTitle: `${product.name} (data product)` },
    `${filtersHtml(productFilters(catalog, product))} ${productBodyHtml(catalog, product, urls, readme)}`,
  );
}

/** A contract's page: indexed only when no output port serves it (lib/indexing.ts). */
export function contractPageHtml(catalog: Catalog, contract: ContractView, urls: Urls): string {
  const body = contractBodyHtml(contract, {
    verdicts: verdictsFor(catalog.compliance, [{ kind: 'DataContract', id: contract.id }]),
    findings: catalog.findingsByFile.get(contract.file) ?? [],
    urls,
    testRuns: catalog.testRuns.get(contract.id),
    classification: catalog.governance?.doc.classification,
    requests: roleRequests(catalog, contract),
    history: catalog.contractHistory?.get(contract.id),
  });
  return pageHtml(
    catalog,
    urls,
    { title: `${contract.name} contract`, description: contract.doc.description?.purpose, indexed: indexesContractPage(contract), searchTitle: `${contract.name} (data contract ${contract.doc.version})` },
    `${filtersHtml(contractFilters(catalog, contract))} ${body}`,
  );
}

/** A product's Data Product Canvas, below its page: not indexed (the product page is what search finds). */
export const canvasPageHtml = (catalog: Catalog, product: ProductView, urls: Urls): string =>
  pageHtml(catalog, urls, { title: `${product.name}: Data Product Canvas`, description: `The Data Product Canvas of ${product.name}.` }, canvasBodyHtml(catalog, product, urls));
