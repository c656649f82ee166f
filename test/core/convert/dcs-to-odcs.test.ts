import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertDcsToOdcs } from '../../../bot/core/convert/dcs-to-odcs.ts';
import type { DataContract, SchemaProperty } from '../../../bot/core/kinds/data-contract.ts';
import { parseYaml } from '../../../bot/core/load/parse.ts';
import { dump } from '../../../bot/core/scaffold.ts';
import { lintFile } from '../../../bot/core/validate/lint.ts';

type Dict = Record<string, any>;

function load(name: string): Dict {
  const parsed = parseYaml(readFileSync(fileURLToPath(new URL(`../../fixtures/dcs/${name}`, import.meta.url))));
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.doc as Dict;
}

function convert(doc: unknown) {
  const conversion = convertDcsToOdcs(doc);
  if (!conversion.ok) throw new Error(conversion.message);
  return conversion;
}

/** Each DCS field (definitions resolved) as `path name type required`, and the same of the ODCS properties. */
function dcsFields(doc: Dict): string[] {
  const out: string[] = [];
  const walk = (fields: Dict, at: string): void => {
    for (const [name, raw] of Object.entries(fields)) {
      const field = raw.$ref ? { ...doc.definitions[raw.$ref.split('/').pop()], ...raw } : raw;
      out.push(`${at}${name} ${field.type} ${field.required === true}`);
      if (field.fields) walk(field.fields, `${at}${name}.`);
    }
  };
  for (const [model, body] of Object.entries<Dict>(doc.models ?? {})) walk(body.fields ?? {}, `${model}.`);
  return out;
}

function odcsProperties(contract: DataContract): string[] {
  const out: string[] = [];
  const walk = (properties: SchemaProperty[], at: string): void => {
    for (const p of properties) {
      // The physical type is the DCS type, with precision and scale when the field gave them.
      out.push(`${at}${p.name} ${p.physicalType?.replace(/\(\d+(,\d+)?\)$/, '')} ${p.required === true}`);
      if (p.properties) walk(p.properties, `${at}${p.name}.`);
    }
  };
  for (const object of contract.schema ?? []) walk(object.properties ?? [], `${object.name}.`);
  return out;
}

describe('convertDcsToOdcs, on one fixture per Data Contract Specification example', () => {
  it.each(['cases.yaml', 'collection.yaml', 'orders.yaml', 'nested.yaml', 'times.yaml', 'variant.yaml', 'init.yaml'])(
    '%s: the ODCS v3.2.0 it writes lints valid and keeps every field’s name, type and required flag',
    (name) => {
      const doc = load(name);
      const { contract } = convert(doc);
      const lint = lintFile(`${name}.odcs.yaml`, dump(contract));
      expect(lint.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(lint.apiVersion).toBe('v3.2.0');
      expect(odcsProperties(contract)).toEqual(dcsFields(doc));
    },
  );
});

describe('convertDcsToOdcs', () => {
  it('maps DCS types to ODCS logical types and keeps the DCS name as physicalType', () => {
    const { contract } = convert(load('cases.yaml'));
    expect(contract.schema![0].properties!.map((p) => [p.name, p.logicalType, p.physicalType])).toEqual([
      ['region_code', 'string', 'string'],
      ['last_update', 'timestamp', 'timestamp_ntz'],
      ['latitude', 'number', 'double'],
      ['confirmed', 'integer', 'int'],
    ]);
  });

  it('resolves #/definitions/… into the field, the field’s own keys winning', () => {
    const { contract } = convert(load('orders.yaml'));
    expect(contract.schema![0].properties![0]).toEqual({
      name: 'order_id', logicalType: 'string', physicalType: 'text', businessName: 'Order ID', required: true, unique: true,
      primaryKey: true, classification: 'restricted', logicalTypeOptions: { format: 'uuid' },
    });
  });

  it('lists an unresolvable $ref as not carried over', () => {
    const doc = load('init.yaml');
    doc.models = { m: { fields: { f: { $ref: 'https://example.com/defs.yaml#/order_id' } } } };
    expect(convert(doc).notCarried).toEqual([
      { path: '/models/m/fields/f/$ref', reason: 'cannot resolve https://example.com/defs.yaml#/order_id: only #/definitions/… of the same file are resolved' },
    ]);
  });

  it('lists a definition no field refers to', () => {
    const doc = load('init.yaml');
    doc.definitions = { unused: { type: 'text' } };
    expect(convert(doc).notCarried).toEqual([{ path: '/definitions/unused', reason: 'no field refers to this definition, and ODCS has no shared definitions' }]);
  });

  it('turns a DCS enum into an ODCS v3.2.0 enum of values', () => {
    const { contract } = convert(load('collection.yaml'));
    expect(contract.schema![0].properties![1].enum).toEqual([{ value: 'paper' }, { value: 'plastic' }, { value: 'residual' }]);
  });

  it('turns a DCS map into an ODCS v3.2.0 map with key and value types', () => {
    const { contract } = convert(load('variant.yaml'));
    expect(contract.schema![0].properties![3]).toEqual({
      name: 'counters', logicalType: 'map', physicalType: 'map',
      map: { key: { logicalType: 'string', physicalType: 'string' }, value: { logicalType: 'integer', physicalType: 'long' } },
    });
  });

  it('writes precision and scale into the physical type', () => {
    const { contract } = convert(load('orders.yaml'));
    expect(contract.schema![0].properties![2].physicalType).toBe('decimal(12,2)');
  });

  it('turns a model’s primaryKey list into key positions and references into foreign keys', () => {
    const items = convert(load('orders.yaml')).contract.schema![1].properties!;
    expect(items.map((p) => [p.name, p.primaryKey, p.primaryKeyPosition])).toEqual([
      ['line_item_id', true, 2],
      ['order_id', true, 1],
      ['sku', undefined, undefined],
    ]);
    expect(items[1].relationships).toEqual([{ type: 'foreignKey', to: 'orders.order_id' }]);
  });

  it('carries owner to team, contact to support, terms to the description', () => {
    const { contract } = convert(load('orders.yaml'));
    expect(contract.team).toEqual({ name: 'Checkout Team' });
    expect(contract.support).toEqual([{ channel: 'Checkout channel', url: 'https://chat.example.com/checkout' }]);
    expect(contract.description).toEqual({
      purpose: 'Successful customer orders in the webshop.',
      usage: 'Reports and analytics.',
      limitations: 'Not for real-time use.',
      authoritativeDefinitions: [{ type: 'privacy-policy', url: 'https://example.com/privacy' }],
      customProperties: [{ property: 'billing', value: '5000 USD per month' }],
    });
  });

  it('marks pii as a tag beside the classification', () => {
    const email = convert(load('orders.yaml')).contract.schema![0].properties![3];
    expect([email.classification, email.tags]).toEqual(['sensitive', ['pii']]);
  });

  it('lists every part it could not carry over, with where it was', () => {
    expect(convert(load('orders.yaml')).notCarried).toEqual([
      { path: '/servers/production/host', reason: 'ODCS s3 servers take no host' },
      { path: '/models/orders/fields/customer_email_address/lineage', reason: 'ODCS has no field lineage: describe it in transformSourceObjects / transformLogic' },
      { path: '/servicelevels/backup', reason: 'ODCS has no backup service level: add it to slaProperties by hand if it matters' },
      { path: '/definitions/order_id/domain', reason: 'ODCS has no shared definitions: the domain of a definition has no place' },
      { path: '/definitions/order_id/name', reason: 'ODCS has no shared definitions: the name of a definition has no place' },
    ]);
  });

  it('lists a contract-wide quality block and top-level examples', () => {
    expect(convert(load('cases.yaml')).notCarried.map((n) => n.path)).toEqual(['/info/links', '/quality']);
    expect(convert(load('collection.yaml')).notCarried.map((n) => n.path)).toEqual(['/examples']);
  });

  it('carries everything of a file that holds only what ODCS has', () => {
    expect(convert(load('init.yaml')).notCarried).toEqual([]);
  });

  it('makes a URN id an id the catalog can name pages by, and says so', () => {
    const conversion = convert(load('nested.yaml'));
    expect(conversion.contract.id).toBe('urn-orders-nested');
    expect(conversion.notCarried).toContainEqual({ path: '/id', reason: "written as urn-orders-nested: a Meshgate id is lower-case letters, digits, '.', '_' and '-' (it names the catalog's pages)" });
  });

  it('refuses a file that is not DCS', () => {
    expect(convertDcsToOdcs({ apiVersion: 'v3.1.0', kind: 'DataContract' })).toEqual({
      ok: false, message: 'not a Data Contract Specification file (no dataContractSpecification field)', path: '',
    });
  });
});
