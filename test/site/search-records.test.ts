import { beforeEach, describe, expect, it } from 'vitest';
import type { AnyEntity } from '../../bot/core/model.ts';
import { buildCatalog, type Catalog } from '../../site/src/lib/catalog.ts';
import { indexesContractPage } from '../../site/src/lib/indexing.ts';
import { contractRecord, domainRecord, fieldDetails, productRecord, recordForPath } from '../../site/src/lib/search-records.ts';
import { fieldAnchor } from '../../site/src/lib/search-anchors.ts';
import { demoEntities, snapshotOf } from './snapshot.ts';

let entities: AnyEntity[];
const catalogOf = (list: AnyEntity[]): Catalog => buildCatalog({ snapshot: snapshotOf(list), findings: [], evaluations: [], today: '2026-11-24' });
const doc = (id: string) => entities.find((e) => e.id === id)!.doc as unknown as Record<string, unknown>;
/** The text Pagefind reads from a record: its tags gone, as if every element were inline. */
const text = (html: string) => html.replace(/<div hidden data-pagefind-ignore>.*?<\/div>/, '').replace(/<[^>]+>/g, '');

beforeEach(() => {
  entities = demoEntities();
});

describe('a product’s search record', () => {
  it('holds each field of the contracts it serves as an anchored heading', () => {
    const record = productRecord(catalogOf(entities), catalogOf(entities).productById.get('orders')!);
    expect(record).toContain(`<h3 id="${fieldAnchor('orders', 'customer_email')}" data-pagefind-weight="6">customer_email</h3>`);
  });

  it('heads each served contract with its anchor, so a field result knows its contract', () => {
    const record = productRecord(catalogOf(entities), catalogOf(entities).productById.get('orders')!);
    expect(record.indexOf('<h2 id="contract-orders-v1">')).toBeLessThan(record.indexOf('<h3 id="field-orders.customer_email"'));
  });

  it('carries the fields’ type, classification and tags as metadata, not as indexed text', () => {
    const contract = doc('orders-v1') as { schema: { properties: Record<string, unknown>[] }[] };
    contract.schema[0]!.properties[1]!.tags = ['gdpr'];
    const record = productRecord(catalogOf(entities), catalogOf(entities).productById.get('orders')!);
    expect(record).toContain('&quot;field-orders.customer_email&quot;:[&quot;string&quot;,&quot;PII&quot;,&quot;gdpr&quot;]');
    expect(text(record)).not.toContain('gdpr');
  });

  it('files the product under the contract and field kinds too', () => {
    const record = productRecord(catalogOf(entities), catalogOf(entities).productById.get('orders')!);
    expect(record).toContain('<span data-pagefind-filter="kind">Data product</span><span data-pagefind-filter="kind">Data contract</span><span data-pagefind-filter="kind">Field</span>');
  });

  it('ends every piece of text with a space or punctuation, so no two words run together', () => {
    doc('orders').description = { purpose: 'Every order placed' };
    const record = productRecord(catalogOf(entities), catalogOf(entities).productById.get('orders')!);
    expect(text(record)).not.toMatch(/placedOrders|placedOutput|orders-v1order_id/);
  });

  it('leaves out owners and support contacts', () => {
    doc('orders').support = [{ channel: 'fraud-ml@example.com', url: 'mailto:fraud-ml@example.com' }];
    doc('orders').team = { name: 'Orders team', members: [{ username: 'alice@example.com' }] };
    const record = productRecord(catalogOf(entities), catalogOf(entities).productById.get('orders')!);
    expect(record).not.toMatch(/example\.com|acme\/checkout/);
  });
});

describe('a domain’s search record', () => {
  it('leaves out the contact address', () => {
    (doc('checkout') as { contact?: unknown }).contact = { email: 'checkout-team@example.com', channel: '#checkout' };
    const record = domainRecord(catalogOf(entities).domainById.get('checkout')!);
    expect(record).not.toContain('example.com');
  });
});

describe('a contract’s own search record', () => {
  it('indexes its fields’ descriptions too, under their anchors', () => {
    const contract = doc('customer-360-v1') as { schema: { properties: Record<string, unknown>[] }[] };
    contract.schema[0]!.properties[0]!.description = 'Stable customer key';
    const catalog = catalogOf(entities);
    expect(contractRecord(catalog, catalog.contractById.get('customer-360-v1')!)).toContain('<h3 id="field-customers.customer_id" data-pagefind-weight="6">customer_id</h3><p>Stable customer key. </p>');
  });
});

describe('which record a page gets', () => {
  it('gives a served contract’s page none: its fields are in its product’s record', () => {
    expect(recordForPath(catalogOf(entities), '/contracts/orders-v1/', indexesContractPage)).toBeNull();
  });

  it('gives a contract no port serves a record of its own', () => {
    (doc('orders') as { outputPorts: unknown[] }).outputPorts = [];
    expect(recordForPath(catalogOf(entities), '/contracts/orders-v1/', indexesContractPage)).toContain('<h1 id="contract-orders-v1">');
  });

  it('leaves any other page to be indexed as rendered', () => {
    expect(recordForPath(catalogOf(entities), '/policies/', indexesContractPage)).toBeUndefined();
  });
});

describe('a field’s details', () => {
  it('are its type, classification as its badge reads, and tags', () => {
    expect(fieldDetails({ name: 'email', logicalType: 'string', classification: 'restricted', tags: ['pii'] })).toEqual(['string', 'Restricted', 'pii']);
  });
});
