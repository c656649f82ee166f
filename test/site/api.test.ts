import { describe, expect, it } from 'vitest';
import { accessDocument, contractDocument, meshIndex, openApi, productDocument } from '../../site/src/lib/api.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { createUrls } from '../../site/src/lib/urls.ts';
import { createAjv } from '../../bot/core/kinds/ajv.ts';
import { demoEntities, entity, snapshotOf } from './snapshot.ts';

const catalog = buildCatalog({ snapshot: snapshotOf(demoEntities()), findings: [], evaluations: [], today: '2026-11-24' });
const urls = createUrls('/');

/** Validates `value` against a component schema of the OpenAPI document. */
function validAgainst(component: string, value: unknown): boolean {
  const document = openApi(catalog, urls);
  const ajv = createAjv();
  ajv.addSchema({ $id: 'openapi', components: document.components });
  return ajv.validate({ $ref: `openapi#/components/schemas/${component}` }, value) as boolean;
}

describe('the JSON API documents', () => {
  it('match their OpenAPI schemas', () => {
    expect(validAgainst('Mesh', meshIndex(catalog, urls))).toBe(true);
    expect(validAgainst('Product', productDocument(catalog, catalog.productById.get('customer-360')!, urls))).toBe(true);
    expect(validAgainst('Access', accessDocument(catalog))).toBe(true);
  });

  it('serve an ODCS v3.2.0 contract with its enum, map, semanticType, synonyms and context as written', () => {
    const v32 = {
      context: { instructions: 'Amounts are in cents.' },
      schema: [
        {
          name: 'orders',
          synonyms: [{ synonym: 'purchases' }],
          properties: [
            { name: 'status', logicalType: 'string', enum: [{ value: 'S', label: 'Shipped' }] },
            { name: 'attributes', logicalType: 'map', map: { key: { logicalType: 'string' }, value: { logicalType: 'integer' } } },
            { name: 'revenue', logicalType: 'number', semanticType: 'measure' },
          ],
        },
      ],
    };
    const entities = demoEntities().map((e) =>
      e.kind === 'DataContract' && e.id === 'orders-v1' ? entity('DataContract', e.file, { ...e.doc, apiVersion: 'v3.2.0', ...v32 } as never, 'checkout') : e,
    );
    const v32Catalog = buildCatalog({ snapshot: snapshotOf(entities as never), findings: [], evaluations: [], today: '2026-11-24' });
    const served = contractDocument(v32Catalog, v32Catalog.contractById.get('orders-v1')!, urls);
    expect(validAgainst('Contract', served)).toBe(true);
    expect(served.document).toMatchObject({ apiVersion: 'v3.2.0', ...v32 });
  });

  it('link each product to its page and its JSON', () => {
    expect(meshIndex(catalog, urls).products[0]).toMatchObject({ id: 'audience', url: '/products/audience/', api: '/api/products/audience.json' });
  });

  it('return the product document exactly as written', () => {
    const product = catalog.productById.get('orders')!;
    expect(productDocument(catalog, product, urls).document).toBe(product.doc);
  });
});
