import { describe, expect, it } from 'vitest';
import { createAjv, type ErrorObject } from '../../../bot/core/kinds/ajv.ts';
import { dataContractSchema } from '../../../bot/core/kinds/data-contract.ts';
import { dataProductSchema } from '../../../bot/core/kinds/data-product.ts';
import { hintFor } from '../../../bot/core/kinds/hints.ts';

const ajv = createAjv();
const validateContract = ajv.compile(dataContractSchema);
const validateProduct = ajv.compile(dataProductSchema);

/** A small valid contract; each test breaks one thing. */
function contract(): any {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-v1',
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'production', type: 'postgres', host: 'db', port: 5432, database: 'shop', schema: 'public' }],
    schema: [
      {
        name: 'orders',
        physicalType: 'table',
        properties: [{ name: 'order_id', logicalType: 'string', physicalType: 'uuid' }],
        quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }],
      },
    ],
  };
}

/** The hints for what is wrong with `doc`, one per schema error that has one. */
function hints(doc: any, kind = 'DataContract'): string[] {
  const validate = kind === 'DataContract' ? validateContract : validateProduct;
  expect(validate(doc)).toBe(false);
  return (validate.errors ?? []).map((error: ErrorObject) => hintFor(kind, error, doc)).filter((h): h is string => h !== undefined);
}

describe('hintFor, DataContract', () => {
  it('isNullable → required: false', () => {
    const doc = contract();
    doc.schema[0].properties[0].isNullable = true;
    expect(hints(doc)).toEqual(['isNullable is not ODCS v3 — use required: false for a nullable property (required: true means NOT NULL)']);
  });

  it('isUnique → unique', () => {
    const doc = contract();
    doc.schema[0].properties[0].isUnique = true;
    expect(hints(doc)).toEqual(['use unique: true']);
  });

  it('columns → properties', () => {
    const doc = contract();
    doc.schema[0].columns = doc.schema[0].properties;
    expect(hints(doc)).toEqual(["ODCS v3 lists an object's columns under properties"]);
  });

  it('type: table on an object → physicalType', () => {
    const doc = contract();
    doc.schema[0].type = 'table';
    expect(hints(doc)).toEqual(['the kind of object (table, view, topic, file) goes in physicalType; an object has logicalType: object']);
  });

  it('type on a property → logicalType and physicalType', () => {
    const doc = contract();
    doc.schema[0].properties[0].type = 'string';
    expect(hints(doc)[0]).toMatch(/^ODCS v3 splits a type into logicalType .* and physicalType/);
  });

  it('dataset (ODCS v2) → schema', () => {
    const doc = contract();
    doc.dataset = [];
    expect(hints(doc)).toEqual(['dataset is ODCS v2: in v3 it is schema, a list of objects each with properties']);
  });

  it('models and fields (Data Contract Specification) → schema and properties', () => {
    const doc = contract();
    doc.models = { orders: { fields: {} } };
    expect(hints(doc)).toEqual(['this is Data Contract Specification style: ODCS v3 lists models under schema (a list of objects with a name) and their fields under properties']);
  });

  it('logicalType varchar → string, keeping the source type in physicalType', () => {
    const doc = contract();
    doc.schema[0].properties[0].logicalType = 'varchar(36)';
    expect(hints(doc)).toEqual(["use logicalType: string with physicalType: varchar(36) — logicalType is technology-neutral, physicalType keeps the source's type"]);
  });

  it('an unknown logicalType → the list of logical types', () => {
    const doc = contract();
    doc.schema[0].properties[0].logicalType = 'blob';
    expect(hints(doc)[0]).toMatch(/^logicalType is one of string, date, timestamp, time, number, integer, object, array, boolean; the source's own type goes in physicalType/);
  });

  it('a logicalType named like an Object method → the list of logical types', () => {
    const doc = contract();
    doc.schema[0].properties[0].logicalType = 'constructor';
    expect(hints(doc)[0]).toMatch(/^logicalType is one of string, date, timestamp/);
  });

  it('an ODCS v2 apiVersion → migrate', () => {
    const doc = contract();
    doc.apiVersion = 'v2.2.2';
    expect(hints(doc)[0]).toMatch(/^ODCS v2 files must be migrated to v3/);
  });

  it('a quality rule without a comparison → the comparisons to choose from', () => {
    const doc = contract();
    delete doc.schema[0].quality[0].mustBeGreaterThan;
    expect(hints(doc)).toEqual([
      'a library or sql quality rule needs one comparison: mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween or mustNotBeBetween',
    ]);
  });

  it('two comparisons in one rule → split or use a range', () => {
    const doc = contract();
    doc.schema[0].quality[0].mustBeLessThan = 10;
    expect(hints(doc)).toEqual(['a quality rule takes one comparison: split it into two rules, or use mustBeBetween for a range']);
  });

  it('a metric spelled the ODCS v3.0 way → its v3.1 name', () => {
    const doc = contract();
    doc.schema[0].quality[0].metric = 'nullCheck';
    expect(hints(doc)).toEqual(['use metric: nullValues']);
  });

  it('a connection field of another server type → what this type takes', () => {
    const doc = contract();
    doc.servers[0].warehouse = 'REPORTING';
    expect(hints(doc)).toEqual(['a postgres server takes database (required), host (required), port (required), schema (required); use type: custom for other connection fields']);
  });

  it('logicalTypeOptions of another logicalType → the options of this one', () => {
    const doc = contract();
    doc.schema[0].properties[0].logicalTypeOptions = { minimum: 1 };
    expect(hints(doc)).toEqual(['for logicalType string the options are minLength, maxLength, pattern, format']);
  });

  it('`from` on a property-level relationship → remove it', () => {
    const doc = contract();
    doc.schema[0].properties[0].relationships = [{ from: 'orders.order_id', to: 'customers.id' }];
    expect(hints(doc)).toEqual(['on a property the property itself is the from: remove it, or declare the relationship on the schema object']);
  });

  it('a description given as text → the description object', () => {
    const doc = contract();
    doc.description = 'All orders';
    expect(hints(doc)).toEqual(['description is an object: {purpose: …, usage: …, limitations: …}']);
  });

  it('uses the value ajv reports when it runs verbose, without the document', () => {
    const error = { keyword: 'enum', instancePath: '/schema/0/properties/0/logicalType', schemaPath: '', params: {}, data: 'bigint' } as ErrorObject;
    expect(hintFor('DataContract', error)).toBe("use logicalType: integer with physicalType: bigint — logicalType is technology-neutral, physicalType keeps the source's type");
  });

  it('has no hint for an error it knows nothing useful about', () => {
    const doc = contract();
    doc.name = 42;
    expect(hints(doc)).toEqual([]);
  });
});

describe('hintFor, DataProduct', () => {
  const productDoc = (): any => ({ apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'checkout-orders', status: 'active' });

  it('outputs → outputPorts', () => {
    const doc = productDoc();
    doc.outputs = [];
    expect(hints(doc, 'DataProduct')).toEqual(['ODPS calls them outputPorts: [{name, version, contractId}]']);
  });

  it('a support channel without url → give one', () => {
    const doc = productDoc();
    doc.support = [{ channel: '#orders' }];
    expect(hints(doc, 'DataProduct')[0]).toMatch(/^an ODPS support channel needs a url/);
  });
});

describe('hintFor, any kind', () => {
  it('a date in another format → YYYY-MM-DD', () => {
    const error = { keyword: 'format', instancePath: '/validUntil', schemaPath: '', params: { format: 'date' } } as ErrorObject;
    expect(hintFor('AccessGrant', error)).toBe('write a date as YYYY-MM-DD, e.g. 2025-01-31');
  });
});

describe('hintFor without the document (ajv not verbose)', () => {
  it('still says where a database type belongs', () => {
    const error = { keyword: 'enum', instancePath: '/schema/0/properties/0/logicalType', schemaPath: '', params: {} } as ErrorObject;
    expect(hintFor('DataContract', error)).toBe(
      "logicalType is one of string, date, timestamp, time, number, integer, object, array, boolean; the source's own type goes in physicalType (e.g. varchar(20) → logicalType: string, physicalType: varchar(20))",
    );
  });

  it('still says a server field is misplaced', () => {
    const error = { keyword: 'false schema', instancePath: '/servers/0/warehouse', schemaPath: '', params: {} } as ErrorObject;
    expect(hintFor('DataContract', error)).toBe('this server type does not take warehouse; use type: custom for other connection fields');
  });
});
