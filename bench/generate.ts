/**
 * A synthetic but realistic mesh of N data products, deterministic from a seed, for the scale
 * benchmark: N products, about N ODCS contracts of 10–40 properties, N/5 access grants, N/50
 * domains of all three types with acyclic lineage between them, and the repository's own policies.
 *
 *   npm run bench:generate -- --products 1000 [--seed 42] [--out bench/scratch/mesh-1000]
 *
 * `generateMesh` returns the files as a path → text map so that tests (and the GitHub app's
 * API-count test) can build a mesh in memory without touching the disk.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { commandLine } from './args.ts';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Written into every generated folder so that regenerating may wipe it and nothing else. */
export const MARKER_FILE = '.meshgate-bench';

export interface GenerateOptions {
  products: number;
  seed?: number;
  /** Files under `policies/` to include, by repository path; defaults to the repository's own. */
  policies?: Map<string, string>;
  /** GitHub organisation used in owners and teams. */
  org?: string;
  /**
   * The date grants are valid from (YYYY-MM-DD), default today: Meshgate checks grant lengths
   * against the current date, so the same seed gives the same mesh on the same day.
   */
  today?: string;
  /** How many access grants, default N/5 (the access-provisioning benchmark asks for more). */
  grants?: number;
}

export type DomainType = 'source-aligned' | 'aggregate' | 'consumer-aligned';

/** mulberry32: tiny, fast, and good enough to make synthetic data look varied. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** `count` distinct items, in a random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

// Vocabulary. Business areas and units combine into hundreds of distinct domain ids.
const AREAS: Record<DomainType, readonly string[]> = {
  'source-aligned': [
    'checkout', 'payment', 'inventory', 'shipping', 'product-search', 'pricing', 'returns', 'warehouse',
    'procurement', 'billing', 'identity', 'reviews', 'support-tickets', 'marketplace', 'fulfilment', 'catalog-content',
  ],
  aggregate: ['customer-360', 'order-history', 'supply-chain', 'finance-ledger', 'product-master', 'seller-360'],
  'consumer-aligned': [
    'marketing', 'management-reporting', 'fraud-detection', 'recommendations', 'demand-forecast', 'churn-prediction',
  ],
};
const UNITS = [
  'emea', 'amer', 'apac', 'nordics', 'dach', 'iberia', 'benelux', 'uk', 'france', 'italy', 'poland', 'japan',
  'brazil', 'mexico', 'canada', 'india', 'korea', 'australia', 'b2b', 'b2c', 'marketplace', 'wholesale', 'retail', 'outlet',
];
const SUBJECTS = [
  'orders', 'order-items', 'payments', 'refunds', 'sessions', 'carts', 'shipments', 'parcels', 'stock-levels',
  'stock-movements', 'prices', 'discounts', 'invoices', 'customers', 'addresses', 'accounts', 'searches', 'clicks',
  'reviews', 'tickets', 'suppliers', 'purchase-orders', 'returns', 'deliveries', 'listings', 'sellers', 'campaigns',
  'segments', 'scores', 'forecasts', 'ledger-entries', 'chargebacks', 'subscriptions', 'coupons', 'carriers',
  'warehouses', 'products', 'categories', 'events', 'metrics',
];
const QUALIFIERS = ['', 'daily', 'raw', 'curated', 'hourly', 'snapshot', 'enriched', 'weekly', 'stream', 'history'];
const PEOPLE = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia',
  'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yasmin',
];

interface FieldTemplate {
  name: string;
  logicalType: 'string' | 'date' | 'timestamp' | 'number' | 'integer' | 'boolean';
  physicalType: string;
  description: string;
  classification: 'public' | 'internal' | 'confidential' | 'restricted';
  pii?: boolean;
  examples?: unknown[];
}

const FIELDS: readonly FieldTemplate[] = [
  { name: 'created_at', logicalType: 'timestamp', physicalType: 'timestamp_tz', description: 'When the record was created, ISO-8601 in UTC.', classification: 'internal', examples: ['2026-03-01T10:15:00Z'] },
  { name: 'updated_at', logicalType: 'timestamp', physicalType: 'timestamp_tz', description: 'When the record last changed, ISO-8601 in UTC.', classification: 'internal', examples: ['2026-03-02T08:00:00Z'] },
  { name: 'business_date', logicalType: 'date', physicalType: 'date', description: 'The business day the record belongs to, in the local calendar of the market.', classification: 'internal', examples: ['2026-03-01'] },
  { name: 'customer_id', logicalType: 'string', physicalType: 'varchar(36)', description: 'Pseudonymous customer identifier shared across the mesh (UUID).', classification: 'confidential', examples: ['6f1c2d4e-8a9b-4c3d-9e1f-2a3b4c5d6e7f'] },
  { name: 'order_id', logicalType: 'string', physicalType: 'varchar(36)', description: 'Identifier of the order as assigned by checkout (UUID).', classification: 'internal', examples: ['0b7e2c1a-3d4f-4a5b-8c9d-0e1f2a3b4c5d'] },
  { name: 'sku', logicalType: 'string', physicalType: 'varchar(32)', description: 'Stock keeping unit of the article, as in the product master.', classification: 'public', examples: ['SKU-104-77-BLUE'] },
  { name: 'quantity', logicalType: 'integer', physicalType: 'int', description: 'Number of units; never negative.', classification: 'internal', examples: [3] },
  { name: 'amount_minor', logicalType: 'integer', physicalType: 'bigint', description: 'Amount in minor units of the currency (cents), to avoid floating-point rounding.', classification: 'confidential', examples: [12999] },
  { name: 'currency', logicalType: 'string', physicalType: 'char(3)', description: 'ISO 4217 currency code of every amount in the record.', classification: 'public', examples: ['EUR'] },
  { name: 'country_code', logicalType: 'string', physicalType: 'char(2)', description: 'ISO 3166-1 alpha-2 country of the market.', classification: 'public', examples: ['DE'] },
  { name: 'channel', logicalType: 'string', physicalType: 'varchar(16)', description: 'Sales channel: web, app, store or partner.', classification: 'internal', examples: ['app'] },
  { name: 'status', logicalType: 'string', physicalType: 'varchar(16)', description: 'Lifecycle status of the record; see the contract description for the allowed values.', classification: 'internal', examples: ['confirmed'] },
  { name: 'is_test', logicalType: 'boolean', physicalType: 'boolean', description: 'True for synthetic records created by monitoring; consumers should filter them out.', classification: 'internal', examples: [false] },
  { name: 'discount_rate', logicalType: 'number', physicalType: 'decimal(5,4)', description: 'Share of the list price granted as discount, between 0 and 1.', classification: 'internal', examples: [0.15] },
  { name: 'weight_grams', logicalType: 'integer', physicalType: 'int', description: 'Shipping weight of the parcel in grams.', classification: 'public', examples: [1250] },
  { name: 'warehouse_id', logicalType: 'string', physicalType: 'varchar(12)', description: 'Identifier of the fulfilment warehouse.', classification: 'internal', examples: ['WH-BER-02'] },
  { name: 'carrier', logicalType: 'string', physicalType: 'varchar(32)', description: 'Name of the carrier that handles the shipment.', classification: 'public', examples: ['DHL'] },
  { name: 'tracking_number', logicalType: 'string', physicalType: 'varchar(64)', description: 'Carrier tracking number of the parcel.', classification: 'confidential', examples: ['JJD000390007751234'] },
  { name: 'session_id', logicalType: 'string', physicalType: 'varchar(64)', description: 'Web or app session the event belongs to.', classification: 'internal', examples: ['s-9f8e7d6c'] },
  { name: 'search_term', logicalType: 'string', physicalType: 'varchar(256)', description: 'What the customer typed into product search, lower-cased and trimmed.', classification: 'confidential', examples: ['running shoes'] },
  { name: 'rank', logicalType: 'integer', physicalType: 'smallint', description: 'Position of the item in the result list, starting at 1.', classification: 'public', examples: [1] },
  { name: 'score', logicalType: 'number', physicalType: 'double', description: 'Model score between 0 and 1; higher means more likely.', classification: 'internal', examples: [0.87] },
  { name: 'category_id', logicalType: 'string', physicalType: 'varchar(16)', description: 'Leaf category of the product tree.', classification: 'public', examples: ['C-2231'] },
  { name: 'seller_id', logicalType: 'string', physicalType: 'varchar(36)', description: 'Marketplace seller identifier (UUID).', classification: 'internal', examples: ['5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d'] },
  { name: 'payment_method', logicalType: 'string', physicalType: 'varchar(24)', description: 'Payment method chosen at checkout: card, paypal, invoice, klarna.', classification: 'internal', examples: ['card'] },
  { name: 'risk_level', logicalType: 'string', physicalType: 'varchar(8)', description: 'Fraud risk band assigned by the payment provider: low, medium or high.', classification: 'confidential', examples: ['low'] },
  { name: 'tax_minor', logicalType: 'integer', physicalType: 'bigint', description: 'Value added tax in minor units of the currency.', classification: 'confidential', examples: [2470] },
  { name: 'promised_date', logicalType: 'date', physicalType: 'date', description: 'Delivery date promised to the customer at checkout.', classification: 'internal', examples: ['2026-03-04'] },
  { name: 'delivered_at', logicalType: 'timestamp', physicalType: 'timestamp_tz', description: 'When the carrier reported the delivery, ISO-8601 in UTC.', classification: 'internal', examples: ['2026-03-04T14:02:11Z'] },
  { name: 'reason_code', logicalType: 'string', physicalType: 'varchar(8)', description: 'Reason code from the shared code list (RET-*, CAN-*, CHB-*).', classification: 'internal', examples: ['RET-04'] },
  { name: 'list_price_minor', logicalType: 'integer', physicalType: 'bigint', description: 'List price in minor units of the currency before any discount.', classification: 'public', examples: [15999] },
  { name: 'stock_on_hand', logicalType: 'integer', physicalType: 'int', description: 'Units physically in the warehouse at the snapshot time.', classification: 'internal', examples: [412] },
  { name: 'segment', logicalType: 'string', physicalType: 'varchar(32)', description: 'Customer segment from the segmentation model.', classification: 'confidential', examples: ['loyal-high-value'] },
  { name: 'campaign_id', logicalType: 'string', physicalType: 'varchar(24)', description: 'Marketing campaign identifier.', classification: 'internal', examples: ['CMP-2026-031'] },
  { name: 'rating', logicalType: 'integer', physicalType: 'smallint', description: 'Star rating from 1 to 5.', classification: 'public', examples: [4] },
  { name: 'email', logicalType: 'string', physicalType: 'varchar(320)', description: 'Contact e-mail address of the customer.', classification: 'restricted', pii: true, examples: ['jane.doe@example.com'] },
  { name: 'phone_number', logicalType: 'string', physicalType: 'varchar(20)', description: 'Phone number in E.164 format.', classification: 'restricted', pii: true, examples: ['+4930123456'] },
  { name: 'full_name', logicalType: 'string', physicalType: 'varchar(200)', description: 'First and last name as entered by the customer.', classification: 'restricted', pii: true, examples: ['Jane Doe'] },
  { name: 'street_address', logicalType: 'string', physicalType: 'varchar(200)', description: 'Street and house number of the delivery address.', classification: 'restricted', pii: true, examples: ['Hauptstrasse 5'] },
  { name: 'postal_code', logicalType: 'string', physicalType: 'varchar(10)', description: 'Postal code of the delivery address.', classification: 'restricted', pii: true, examples: ['10115'] },
  { name: 'date_of_birth', logicalType: 'date', physicalType: 'date', description: 'Date of birth, collected for age verification only.', classification: 'restricted', pii: true, examples: ['1990-05-17'] },
  { name: 'ip_address', logicalType: 'string', physicalType: 'varchar(45)', description: 'IP address the request came from (IPv4 or IPv6).', classification: 'restricted', pii: true, examples: ['203.0.113.7'] },
  { name: 'iban', logicalType: 'string', physicalType: 'varchar(34)', description: 'Bank account number for refunds and payouts.', classification: 'restricted', pii: true, examples: ['DE89370400440532013000'] },
];
const PII_FIELDS = FIELDS.filter((f) => f.pii);
const PLAIN_FIELDS = FIELDS.filter((f) => !f.pii);

const SERVERS = [
  (d: string, p: string) => ({ server: 'production', type: 'bigquery', environment: 'prod', project: 'mesh-prod', dataset: `${d}_${p}`.replace(/-/g, '_') }),
  (d: string, p: string) => ({ server: 'production', type: 'postgres', environment: 'prod', host: `${d}.db.acme.internal`, port: 5432, database: d.replace(/-/g, '_'), schema: p.replace(/-/g, '_') }),
  (d: string, p: string) => ({ server: 'production', type: 's3', environment: 'prod', location: `s3://mesh-prod/${d}/${p}/`, format: 'parquet' }),
  (d: string) => ({ server: 'production', type: 'kafka', environment: 'prod', host: 'kafka.acme.internal:9092', format: 'avro', description: `Topics of the ${d} domain.` }),
];

interface DomainPlan {
  id: string;
  type: DomainType;
  layer: number;
  area: string;
  unit: string;
  owners: string[];
  products: ProductPlan[];
}

interface ContractPlan {
  id: string;
  name: string;
  port: string;
  version: string;
  file: string;
  restricted: boolean;
}

interface ProductPlan {
  id: string;
  folder: string;
  subject: string;
  domain: DomainPlan;
  contracts: ContractPlan[];
  inputs: ContractPlan[];
}

const LAYER: Record<DomainType, number> = { 'source-aligned': 0, aggregate: 1, 'consumer-aligned': 2 };

/** How many domains of each type: half source-aligned, a quarter each aggregate and consumer-aligned. */
function domainTypes(count: number): DomainType[] {
  const aggregate = Math.max(1, Math.round(count / 4));
  const consumer = Math.max(1, Math.round(count / 4));
  const source = Math.max(1, count - aggregate - consumer);
  return [
    ...Array<DomainType>(source).fill('source-aligned'),
    ...Array<DomainType>(aggregate).fill('aggregate'),
    ...Array<DomainType>(consumer).fill('consumer-aligned'),
  ];
}

function planDomains(rng: Random, products: number, org: string): DomainPlan[] {
  const types = domainTypes(Math.max(3, Math.round(products / 50)));
  const used = new Set<string>();
  const counters: Record<DomainType, number> = { 'source-aligned': 0, aggregate: 0, 'consumer-aligned': 0 };
  return types.map((type) => {
    const areas = AREAS[type];
    const k = counters[type]++;
    const area = areas[k % areas.length];
    // The first of each area is plain (`checkout`), later ones carry a unit (`checkout-emea`).
    let unit = k < areas.length ? '' : UNITS[Math.floor(k / areas.length - 1) % UNITS.length];
    let id = unit ? `${area}-${unit}` : area;
    for (let n = 2; used.has(id); n++) {
      unit = `${UNITS[(k + n) % UNITS.length]}${n}`;
      id = `${area}-${unit}`;
    }
    used.add(id);
    const owners = [`@${org}/${id}-owners`, `@${rng.pick(PEOPLE)}`];
    return { id, type, layer: LAYER[type], area, unit, owners, products: [] };
  });
}

/** Spreads N products over the domains, as evenly as possible, then names them. */
function planProducts(rng: Random, domains: DomainPlan[], count: number): ProductPlan[] {
  const all: ProductPlan[] = [];
  for (let i = 0; i < count; i++) {
    const domain = domains[i % domains.length];
    const k = domain.products.length;
    const subject = SUBJECTS[k % SUBJECTS.length];
    const qualifier = QUALIFIERS[Math.floor(k / SUBJECTS.length) % QUALIFIERS.length];
    const round = Math.floor(k / (SUBJECTS.length * QUALIFIERS.length));
    const folder = [subject, qualifier, round ? String(round + 1) : ''].filter(Boolean).join('-');
    const id = `${domain.id}-${folder}`;
    const product: ProductPlan = { id, folder, subject, domain, contracts: [], inputs: [] };
    // About one contract per product; one in twenty also serves a second, newer major version.
    const versions = rng.chance(0.05) ? [1, 2] : [1];
    for (const major of versions) {
      const name = `${folder}-v${major}`;
      product.contracts.push({
        id: `${id}-v${major}`,
        name,
        port: major === 1 ? folder : `${folder}-v${major}`,
        version: `${major}.${rng.int(0, 4)}.${rng.int(0, 9)}`,
        file: `catalog/${domain.id}/${folder}/${name}.contract.yaml`,
        // Consumer-aligned products rarely carry personal data (policies/consumer-aligned-pii.yaml warns).
        restricted: rng.chance(domain.type === 'consumer-aligned' ? 0.03 : 0.35),
      });
    }
    domain.products.push(product);
    all.push(product);
  }
  return all;
}

/**
 * Input ports only reach contracts of products in domains of a lower layer (source-aligned before
 * aggregate before consumer-aligned), or of an earlier domain in the same layer, so lineage is
 * acyclic by construction however large N gets.
 */
function planLineage(rng: Random, domains: DomainPlan[]): void {
  domains.forEach((domain, index) => {
    const earlier = domains.slice(0, index);
    const lower = earlier.filter((d) => d.layer < domain.layer);
    const same = earlier.filter((d) => d.layer === domain.layer);
    for (const product of domain.products) {
      const wanted = domain.layer === 0 ? (rng.chance(0.2) ? 1 : 0) : rng.int(1, 3);
      const seen = new Set<string>();
      for (let i = 0; i < wanted; i++) {
        const pool = lower.length > 0 && (same.length === 0 || rng.chance(0.8)) ? lower : same;
        if (pool.length === 0) break;
        const source = rng.pick(rng.pick(pool).products);
        if (!source) continue;
        const contract = source.contracts[source.contracts.length - 1];
        if (seen.has(contract.id)) continue;
        seen.add(contract.id);
        product.inputs.push(contract);
      }
    }
  });
}

const sentence = (rng: Random, subject: string, domain: DomainPlan) =>
  rng.pick([
    `Every ${subject.replace(/-/g, ' ')} record of the ${domain.id} domain, deduplicated and published once a day.`,
    `The ${subject.replace(/-/g, ' ')} of ${domain.id}, as the operational system records them, with late corrections applied.`,
    `A curated view of ${subject.replace(/-/g, ' ')} for analytics and downstream data products in ${domain.id}.`,
    `${subject.replace(/-/g, ' ')} with business keys resolved against the product master and the customer registry.`,
  ]);

function contractDocument(rng: Random, product: ProductPlan, contract: ContractPlan, org: string): Record<string, unknown> {
  const domain = product.domain;
  const objectCount = rng.chance(0.3) ? 2 : 1;
  const total = rng.int(10, 40);
  const schema: Record<string, unknown>[] = [];
  const firstElements: string[] = [];
  for (let o = 0; o < objectCount; o++) {
    const objectName = o === 0 ? product.subject.replace(/-/g, '_') : `${product.subject.replace(/-/g, '_')}_lines`;
    const count = objectCount === 1 ? total : o === 0 ? Math.ceil(total / 2) : Math.floor(total / 2);
    const chosen: FieldTemplate[] = [];
    if (contract.restricted) chosen.push(...rng.sample(PII_FIELDS, rng.int(1, 3)));
    chosen.push(...rng.sample(PLAIN_FIELDS, Math.min(PLAIN_FIELDS.length, count - 1 - chosen.length)));
    const properties: Record<string, unknown>[] = [
      {
        name: `${objectName}_id`,
        businessName: `${product.subject.replace(/-/g, ' ')} identifier`,
        logicalType: 'string',
        physicalType: 'varchar(36)',
        description: `Unique identifier of the ${objectName.replace(/_/g, ' ')} record (UUID v4).`,
        required: true,
        unique: true,
        primaryKey: true,
        primaryKeyPosition: 1,
        classification: 'internal',
        criticalDataElement: true,
        examples: ['3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
        quality: [
          { metric: 'nullValues', mustBe: 0, type: 'library', dimension: 'completeness', severity: 'error', description: 'Every record has an identifier.' },
          { metric: 'duplicateValues', mustBe: 0, type: 'library', dimension: 'uniqueness', severity: 'error', description: 'Identifiers are never reused.' },
        ],
      },
    ];
    while (properties.length < count) {
      const field = chosen[properties.length - 1] ?? { ...rng.pick(PLAIN_FIELDS), name: `${rng.pick(PLAIN_FIELDS).name}_${properties.length}` };
      const required = rng.chance(0.4);
      const property: Record<string, unknown> = { name: field.name };
      if (rng.chance(0.1)) property.businessName = field.name.replace(/_/g, ' ');
      Object.assign(property, {
        logicalType: field.logicalType,
        physicalType: field.physicalType,
        description: field.description,
        // Most files written by hand leave out defaults; `required: false` is ODCS's default.
        ...(required ? { required } : {}),
        classification: field.classification,
      });
      if (field.pii) property.tags = ['pii'];
      else if (rng.chance(0.1)) property.tags = [rng.pick(['finance', 'logistics', 'behavioural', 'reference-data', 'kpi'])];
      if (field.examples && rng.chance(0.2)) property.examples = field.examples;
      if (field.logicalType === 'string' && rng.chance(0.25)) {
        const max = Number(/\((\d+)\)/.exec(field.physicalType)?.[1] ?? 64);
        property.logicalTypeOptions = { maxLength: max };
      }
      if (required && rng.chance(0.25)) {
        property.quality = [{ metric: 'nullValues', mustBe: 0, type: 'library', dimension: 'completeness', severity: 'error', description: `${field.name} is always set.` }];
      } else if (field.logicalType === 'integer' && rng.chance(0.2)) {
        property.quality = [{ type: 'text', dimension: 'accuracy', description: `${field.name} is reconciled daily against the source system; differences above 0.1% raise an incident.` }];
      }
      properties.push(property);
    }
    firstElements.push(`${objectName}.${String(properties[Math.min(1, properties.length - 1)].name)}`);
    schema.push({
      name: objectName,
      physicalName: `${objectName}_v${contract.version.split('.')[0]}`,
      physicalType: 'table',
      businessName: `${product.subject.replace(/-/g, ' ')}${o === 0 ? '' : ' lines'}`,
      description: sentence(rng, product.subject, domain),
      dataGranularityDescription: rng.pick(['One row per business event.', 'One row per entity and day.', 'One row per entity, latest state.']),
      tags: [domain.area, product.subject],
      properties,
      quality: [
        { metric: 'rowCount', mustBeGreaterThan: rng.int(1, 50) * 1000, type: 'library', dimension: 'completeness', severity: 'warning', description: 'The daily load is not empty or truncated.', schedule: '0 6 * * *', scheduler: 'cron' },
      ],
    });
  }
  const owners = `@${org}/${domain.id}-owners`;
  const roles: Record<string, unknown>[] = [
    { role: 'reader', access: 'read', description: 'Read access to the published tables.', firstLevelApprovers: owners },
    { role: 'analyst', access: 'read', description: 'Read access including history, for analytics workspaces.', firstLevelApprovers: owners },
  ];
  if (contract.restricted) {
    // Restricted data needs four eyes on every role (policies/restricted-data-second-approver.yaml).
    for (const role of roles) role.secondLevelApprovers = `@${org}/privacy`;
    roles.push({ role: 'pii-reader', access: 'read', description: 'Read access to restricted personal data, purpose-bound.', firstLevelApprovers: owners, secondLevelApprovers: `@${org}/privacy` });
  }
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: contract.id,
    name: contract.name,
    version: contract.version,
    status: 'active',
    domain: domain.id,
    dataProduct: product.id,
    tenant: org,
    tags: [domain.area, product.subject, ...(contract.restricted ? ['pii'] : [])],
    description: {
      purpose: sentence(rng, product.subject, domain),
      usage: rng.pick(['Join on the identifier columns; amounts are minor units.', 'Filter is_test before aggregating.', 'Use business_date for partition pruning.']),
      limitations: rng.pick(['Late events arrive up to 48 hours after the business date.', 'History starts in 2021.', 'Test records are included and flagged.']),
    },
    servers: [rng.pick(SERVERS)(domain.id, product.folder)],
    schema,
    team: {
      name: `${domain.id} data team`,
      members: [
        { username: rng.pick(PEOPLE), role: 'owner' },
        { username: rng.pick(PEOPLE), role: 'data steward' },
      ],
    },
    roles,
    slaDefaultElement: firstElements[0],
    slaProperties: [
      { property: 'latency', value: rng.pick([1, 4, 12, 24]), unit: 'h', element: firstElements[0] },
      { property: 'frequency', value: 1, unit: 'd', element: firstElements[0] },
      { property: 'retention', value: rng.pick([1, 3, 7, 10]), unit: 'y', element: firstElements[0] },
      { property: 'generalAvailability', value: '2025-01-15T00:00:00Z' },
      { property: 'timeOfAvailability', value: '06:00Z', driver: 'analytics' },
    ],
    support: [
      { channel: `#${domain.id}-data`, tool: 'slack', scope: 'interactive', url: `https://acme.slack.com/channels/${domain.id}-data` },
      { channel: `${domain.id}-data@acme.example`, tool: 'email', scope: 'issues', url: `mailto:${domain.id}-data@acme.example` },
    ],
    price: { priceAmount: 0, priceCurrency: 'EUR', priceUnit: 'month' },
    contractCreatedTs: `2025-0${rng.int(1, 9)}-1${rng.int(0, 9)}T09:00:00Z`,
  };
}

function productDocument(rng: Random, product: ProductPlan, org: string): Record<string, unknown> {
  const domain = product.domain;
  const doc: Record<string, unknown> = {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: product.id,
    name: `${product.subject.replace(/-/g, ' ')} (${domain.id})`,
    version: `${rng.int(1, 3)}.${rng.int(0, 9)}.0`,
    status: 'active',
    domain: domain.id,
    tenant: org,
    description: {
      purpose: sentence(rng, product.subject, domain),
      usage: 'Request access through the catalog; read through the output port of your role.',
      limitations: 'Not a system of record; corrections arrive with the next daily load.',
    },
    tags: [domain.type, domain.area, product.subject],
  };
  if (product.inputs.length > 0) {
    // Port names of different producers may coincide; the contract id is unique.
    doc.inputPorts = product.inputs.map((c) => ({ name: c.id, version: c.version, contractId: c.id }));
  }
  doc.outputPorts = product.contracts.map((c) => ({
    name: c.port,
    version: c.version,
    contractId: c.id,
    type: 'tables',
    description: `${product.subject.replace(/-/g, ' ')}, major version ${c.version.split('.')[0]}.`,
  }));
  doc.support = [{ channel: `#${domain.id}-data`, tool: 'slack', scope: 'interactive', url: `https://acme.slack.com/channels/${domain.id}-data` }];
  doc.team = { name: `${domain.id} data team`, members: [{ username: rng.pick(PEOPLE), role: 'owner' }] };
  doc.productCreatedTs = '2025-01-15T09:00:00Z';
  return doc;
}

function domainDocument(domain: DomainPlan, org: string): Record<string, unknown> {
  const label = domain.id.replace(/-/g, ' ');
  return {
    apiVersion: 'meshgate/v1',
    kind: 'Domain',
    id: domain.id,
    name: label.replace(/\b\w/g, (c) => c.toUpperCase()),
    type: domain.type,
    description: {
      'source-aligned': `Operational data of ${label}, published as it happens in the source systems.`,
      aggregate: `${label}: combines data of several source-aligned domains into one shared view.`,
      'consumer-aligned': `${label}: serves one use case, built from source-aligned and aggregate products.`,
    }[domain.type],
    owners: domain.owners,
    contact: { email: `${domain.id}-data@acme.example`, channel: `#${domain.id}-data` },
    tags: [domain.type, domain.area],
  };
}

/** Access grants follow lineage: the consuming product asks for the contract its input port reads. */
function grantDocuments(rng: Random, products: ProductPlan[], count: number, org: string, today: string): Map<string, Record<string, unknown>> {
  const grants = new Map<string, Record<string, unknown>>();
  const edges: { consumer: ProductPlan; contract: ContractPlan }[] = [];
  for (const consumer of products) for (const contract of consumer.inputs) edges.push({ consumer, contract });
  const byContract = new Map<string, ProductPlan>();
  for (const p of products) for (const c of p.contracts) byContract.set(c.id, p);
  const chosen = rng.sample(edges, count);
  // Small meshes may have fewer lineage edges than grants: fill up with analysts' requests.
  for (let guard = 0; chosen.length < count && products.length > 1 && guard < count * 20; guard++) {
    const producer = rng.pick(products);
    const consumer = rng.pick(products);
    if (consumer !== producer) chosen.push({ consumer, contract: rng.pick(producer.contracts) });
  }
  const ids = new Set<string>();
  for (const { consumer, contract } of chosen) {
    if (grants.size >= count) break;
    const producer = byContract.get(contract.id)!;
    const role = contract.restricted && rng.chance(0.3) ? 'pii-reader' : rng.pick(['reader', 'analyst']);
    const id = `${consumer.id}--${contract.id}`.slice(0, 128);
    const base = `catalog/${producer.domain.id}/${producer.folder}/access/${consumer.domain.id}--${consumer.folder}`;
    const file = grants.has(`${base}.yaml`) ? `${base}--${contract.name}.yaml` : `${base}.yaml`;
    if (ids.has(id) || grants.has(file)) continue;
    ids.add(id);
    // Grants run 1 to 10 months from today: within governance's grantMaxDays and the annual
    // recertification, and past its expiring-soon warning.
    const validUntil = new Date(Date.parse(today) + rng.int(31, 300) * 86_400_000).toISOString().slice(0, 10);
    grants.set(file, {
      apiVersion: 'meshgate/v1',
      kind: 'AccessGrant',
      id,
      consumer: { team: `@${org}/${consumer.domain.id}-owners`, domain: consumer.domain.id, dataProduct: consumer.id },
      dataProduct: producer.id,
      outputPort: contract.port,
      role,
      purpose: `Feeds ${consumer.id}: ${consumer.subject.replace(/-/g, ' ')} are built from ${producer.subject.replace(/-/g, ' ')} of ${producer.domain.id}.`,
      requestedBy: `@${rng.pick(PEOPLE)}`,
      validUntil,
    });
  }
  return grants;
}

/** The repository's own policies/ folder (the demo policies and governance.yaml), by repository path. */
export function readRepositoryPolicies(root: string = REPOSITORY_ROOT): Map<string, string> {
  const files = new Map<string, string>();
  const dir = join(root, 'policies');
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.set(`policies/${entry.name}`, readFileSync(join(dir, entry.name), 'utf8'));
  }
  return files;
}

const dump = (doc: unknown) => yaml.dump(doc, { lineWidth: 120, noRefs: true, noArrayIndent: true });

/**
 * Grants cover a sample of the lineage edges (`grants`, default a fifth of the products), not
 * every one, so an input port without a grant (lineage.no-grant, an error for restricted data by
 * default) is a warning in the generated mesh: it stays free of errors, and the check still runs.
 */
function lineageGrantsAsWarnings(governance: string): string {
  return governance.replace(/^defaults:\n/m, 'defaults:\n  lineageWithoutGrant: { restricted: warning, other: warning }\n');
}

/** The whole mesh as repository path → YAML text, in a stable order. */
export function generateMesh(options: GenerateOptions): Map<string, string> {
  const { products, seed = 42, org = 'acme-shop', today = new Date().toISOString().slice(0, 10) } = options;
  if (!Number.isInteger(products) || products < 1) throw new Error(`products must be a positive integer, got ${products}`);
  const rng = new Random(seed);
  const domains = planDomains(rng, products, org);
  const plans = planProducts(rng, domains, products);
  planLineage(rng, domains);

  const files = new Map<string, string>();
  for (const domain of domains) {
    files.set(`catalog/${domain.id}/domain.yaml`, dump(domainDocument(domain, org)));
    for (const product of domain.products) {
      files.set(`catalog/${domain.id}/${product.folder}/product.yaml`, dump(productDocument(rng, product, org)));
      for (const contract of product.contracts) files.set(contract.file, dump(contractDocument(rng, product, contract, org)));
    }
  }
  for (const [file, grant] of grantDocuments(rng, plans, options.grants ?? Math.floor(products / 5), org, today)) files.set(file, dump(grant));
  for (const [file, text] of options.policies ?? readRepositoryPolicies()) files.set(file, file === 'policies/governance.yaml' ? lineageGrantsAsWarnings(text) : text);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Writes the mesh under `out`, replacing an earlier generated mesh there but never other content. */
/**
 * Writes the mesh into `out`. A folder the generator wrote before is brought up to date in place:
 * files whose text is already right are left alone and only stale ones removed, since deleting and
 * rewriting the 22,700 files of a 10k mesh on every run kept the disk busy into the measurements
 * that follow (this machine's volume discards every deleted block).
 */
export function writeMesh(files: Map<string, string>, out: string): void {
  const stale = new Set<string>();
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!existsSync(join(out, MARKER_FILE))) {
      throw new Error(`${out} is not empty and was not written by the generator (no ${MARKER_FILE}); choose another --out or empty it.`);
    }
    for (const path of filesUnder(out)) if (path !== MARKER_FILE) stale.add(path);
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER_FILE), 'Generated by bench/generate.ts; regenerating replaces this folder.\n');
  const made = new Set<string>();
  for (const [path, text] of files) {
    const target = join(out, path);
    if (stale.delete(path) && readFileSync(target, 'utf8') === text) continue;
    const dir = dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(target, text);
  }
  for (const path of stale) rmSync(join(out, path), { force: true });
}

/** Paths of the files below `root`, `/`-separated. */
function filesUnder(root: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...filesUnder(root, path));
    else found.push(path);
  }
  return found;
}

export function defaultOut(products: number): string {
  return join(REPOSITORY_ROOT, 'bench', 'scratch', `mesh-${products}`);
}

function parseOptions(args: string[]): { products: number; seed: number; out?: string } {
  const { values } = commandLine('npm run bench:generate -- --products N [--seed S] [--out DIR]', {
    // A literal `--` (npm passes one on when given two) was always skipped, not an end of options.
    args: args.filter((arg) => arg !== '--'),
    options: { products: { type: 'string', short: 'n' }, seed: { type: 'string' }, out: { type: 'string' } },
  });
  const products = values.products === undefined ? NaN : Number(values.products);
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  const out = values.out;
  if (!Number.isInteger(products) || products < 1) throw new Error('--products N is required (a positive integer)');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  return { products, seed, out };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench:generate: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const files = generateMesh({ products: options.products, seed: options.seed });
  const out = resolve(options.out ?? defaultOut(options.products));
  writeMesh(files, out);
  let bytes = 0;
  for (const text of files.values()) bytes += Buffer.byteLength(text);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${files.size} files, ${(bytes / 1e6).toFixed(1)} MB in ${relative(process.cwd(), out) || '.'} (${ms} ms)\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
