import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAjv, type ErrorObject } from '../../../bot/core/kinds/ajv.ts';
import { DATA_CONTRACT_V31_API_VERSIONS, dataContractSchema } from '../../../bot/core/kinds/data-contract.ts';

const fixture = (name: string): any =>
  yaml.load(readFileSync(fileURLToPath(new URL(`../../fixtures/contracts/odcs/${name}`, import.meta.url)), 'utf8'), { schema: yaml.CORE_SCHEMA });

const validate = createAjv().compile(dataContractSchema);
/** `keyword path` of each error, for compact expectations. */
const errorsOf = (doc: unknown): string[] => (validate(doc) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e: ErrorObject) => `${e.keyword} ${e.instancePath}`));

describe('data-contract.schema.json', () => {
  it('compiles without warnings', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    createAjv().compile(dataContractSchema);
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    warn.mockRestore();
    log.mockRestore();
  });

  it('accepts exactly the apiVersions DATA_CONTRACT_V31_API_VERSIONS lists', () => {
    expect(dataContractSchema.properties.apiVersion.enum).toEqual([...DATA_CONTRACT_V31_API_VERSIONS]);
  });

  it.each(['orders.odcs.yaml', 'legacy-v3.0.odcs.yaml', 'topic.odcs.yaml'])('accepts %s', (name) => {
    expect(errorsOf(fixture(name))).toEqual([]);
  });

  describe('starting from a valid v3.1.0 contract', () => {
    let doc: any;
    beforeEach(() => {
      doc = fixture('orders.odcs.yaml');
    });
    const orders = () => doc.schema[0];
    const property = (name: string) => orders().properties.find((p: { name: string }) => p.name === name);

    it('rejects an unknown top-level field', () => {
      doc.owner = 'alice';
      expect(errorsOf(doc)).toEqual(['additionalProperties ']);
    });

    it('rejects an ODCS v2 apiVersion', () => {
      doc.apiVersion = 'v2.2.2';
      expect(errorsOf(doc)).toEqual(['enum /apiVersion']);
    });

    it('rejects a version written as a number', () => {
      doc.version = 1.2;
      expect(errorsOf(doc)).toEqual(['type /version']);
    });

    it('rejects a missing status', () => {
      delete doc.status;
      expect(errorsOf(doc)).toEqual(['required ']);
    });

    it('rejects a logicalType named like a database type', () => {
      property('customer_id').logicalType = 'varchar';
      expect(errorsOf(doc)).toEqual(['enum /schema/0/properties/1/logicalType']);
    });

    it('rejects isNullable, which is not ODCS v3', () => {
      property('customer_id').isNullable = true;
      expect(errorsOf(doc)).toEqual(['additionalProperties /schema/0/properties/1']);
    });

    it('rejects a type field on a schema object', () => {
      orders().type = 'table';
      expect(errorsOf(doc)).toEqual(['additionalProperties /schema/0']);
    });

    it('rejects required written as a string', () => {
      property('customer_id').required = 'yes';
      expect(errorsOf(doc)).toEqual(['type /schema/0/properties/1/required']);
    });

    it('rejects logicalTypeOptions that do not belong to the logicalType', () => {
      property('country').logicalTypeOptions.minimum = 1;
      expect(errorsOf(doc)).toEqual(['additionalProperties /schema/0/properties/2/logicalTypeOptions']);
    });

    it('rejects an integer format that is not a Rust integer type', () => {
      property('total_cents').logicalTypeOptions.format = 'i33';
      expect(errorsOf(doc)).toEqual(['enum /schema/0/properties/5/logicalTypeOptions/format']);
    });

    it('rejects nested properties on a property that is not an object', () => {
      property('country').properties = [{ name: 'code' }];
      expect(errorsOf(doc)).toEqual(['const /schema/0/properties/2/logicalType']);
    });

    it('accepts an array item without a name, but not a property without one', () => {
      expect(property('lines').items.name).toBeUndefined();
      delete property('gift').name;
      expect(errorsOf(doc)).toEqual(['required /schema/0/properties/7']);
    });

    it('rejects a library quality rule without a comparison, once', () => {
      delete orders().quality[1].mustBeGreaterThan;
      expect(errorsOf(doc)).toEqual(['false schema /schema/0/quality/1']);
    });

    it('rejects a second comparison at its own field', () => {
      orders().quality[1].mustBeLessThan = 10;
      expect(errorsOf(doc)).toEqual(['false schema /schema/0/quality/1/mustBeLessThan']);
    });

    it('rejects an sql rule without a query', () => {
      delete orders().quality[0].query;
      expect(errorsOf(doc)).toEqual(['required /schema/0/quality/0']);
    });

    it('rejects a custom rule field on a text rule', () => {
      orders().quality[3].engine = 'soda';
      expect(errorsOf(doc)).toEqual(['false schema /schema/0/quality/3/engine']);
    });

    it('rejects an unknown metric', () => {
      orders().quality[1].metric = 'nullCheck';
      expect(errorsOf(doc)).toEqual(['enum /schema/0/quality/1/metric']);
    });

    it('rejects a connection field that the server type does not take, at that field', () => {
      doc.servers[0].warehouse = 'REPORTING';
      expect(errorsOf(doc)).toEqual(['false schema /servers/0/warehouse']);
    });

    it('rejects a server without the fields its type requires', () => {
      delete doc.servers[0].database;
      expect(errorsOf(doc)).toEqual(['required /servers/0']);
    });

    it('rejects an unknown server type', () => {
      doc.servers[0].type = 'mssql';
      expect(errorsOf(doc)).toEqual(['enum /servers/0/type']);
    });

    it('rejects a port written as a string', () => {
      doc.servers[0].port = '5432';
      expect(errorsOf(doc)).toEqual(['type /servers/0/port']);
    });

    it('rejects `from` on a property-level relationship', () => {
      property('customer_id').relationships[0].from = 'orders.customer_id';
      expect(errorsOf(doc)).toEqual(['additionalProperties /schema/0/properties/1/relationships/0']);
    });

    it('rejects a composite relationship with a single target', () => {
      orders().relationships[0].to = 'customers.id';
      expect(errorsOf(doc)).toEqual(['type /schema/0/relationships/0/to']);
    });

    it('rejects a reference that is neither object.property nor an id path', () => {
      property('customer_id').relationships[0].to = 'customers';
      expect(errorsOf(doc)).toEqual(['pattern /schema/0/properties/1/relationships/0/to']);
    });

    it('accepts a fully qualified reference into another contract file', () => {
      property('customer_id').relationships[0].to = 'customers.odcs.yaml#/schema/customers_tbl/properties/id';
      expect(errorsOf(doc)).toEqual([]);
    });

    it('accepts the team as an ODCS v3.0 list of members', () => {
      doc.team = doc.team.members;
      expect(errorsOf(doc)).toEqual([]);
    });

    it('rejects a team given as a string', () => {
      doc.team = 'checkout';
      expect(errorsOf(doc)).toEqual(['type /team']);
    });

    it('rejects an unknown field in the description', () => {
      doc.description.owner = 'alice';
      expect(errorsOf(doc)).toEqual(['additionalProperties /description']);
    });

    it('rejects an SLA value that is an object', () => {
      doc.slaProperties[0].value = { hours: 1 };
      expect(errorsOf(doc)).toEqual(['type /slaProperties/0/value']);
    });

    it('rejects a creation timestamp without a time', () => {
      doc.contractCreatedTs = '2025-01-15';
      expect(errorsOf(doc)).toEqual(['format /contractCreatedTs']);
    });

    it('rejects a nested id with spaces', () => {
      orders().id = 'orders table';
      expect(errorsOf(doc)).toEqual(['pattern /schema/0/id']);
    });
  });
});
