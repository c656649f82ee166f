import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAjv, type ErrorObject } from '../../../bot/core/kinds/ajv.ts';
import { DATA_CONTRACT_API_VERSIONS, dataContractSchema, dataContractV32Schema } from '../../../bot/core/kinds/data-contract.ts';
import { validatorFor } from '../../../bot/core/kinds/index.ts';
import { lintFile } from '../../../bot/core/validate/lint.ts';

const fixturePath = fileURLToPath(new URL('../../fixtures/contracts/odcs-v3.2.0/orders.odcs.yaml', import.meta.url));
const fixtureText = readFileSync(fixturePath, 'utf8');
const fixture = (): any => yaml.load(fixtureText, { schema: yaml.CORE_SCHEMA });

const validate = validatorFor('DataContract', 'v3.2.0');
const errorsOf = (doc: unknown): string[] =>
  validate(doc) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e: ErrorObject) => `${e.keyword} ${e.instancePath}`);

describe('data-contract-v3.2.schema.json', () => {
  it('compiles beside the v3.1 schema it refers to, without warnings', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ajv = createAjv();
    ajv.addSchema(dataContractSchema);
    ajv.compile(dataContractV32Schema);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('is the schema for apiVersion v3.2.0 only; v3.0.x and v3.1.0 keep theirs', () => {
    expect(validatorFor('DataContract', 'v3.2.0').schema).toBe(dataContractV32Schema);
    for (const version of DATA_CONTRACT_API_VERSIONS.filter((v) => v !== 'v3.2.0')) {
      expect(validatorFor('DataContract', version).schema).toBe(dataContractSchema);
    }
  });

  it('accepts the v3.2.0 fixture (enum, map, semanticType, synonyms, context, athena workgroup, no status)', () => {
    expect(errorsOf(fixture())).toEqual([]);
  });

  describe('starting from the valid v3.2.0 fixture', () => {
    let doc: any;
    beforeEach(() => {
      doc = fixture();
    });
    const property = (name: string) => doc.schema[0].properties.find((p: { name: string }) => p.name === name);

    it('rejects an enum value without value', () => {
      property('status').enum.push({ label: 'Lost' });
      expect(errorsOf(doc)).toEqual(['required /schema/0/properties/1/enum/3']);
    });

    it('rejects an enum written as a plain list of strings', () => {
      property('status').enum = ['placed', 'shipped'];
      expect(errorsOf(doc)).toEqual(['type /schema/0/properties/1/enum/0', 'type /schema/0/properties/1/enum/1']);
    });

    it('rejects an empty enum', () => {
      property('status').enum = [];
      expect(errorsOf(doc)).toEqual(['minItems /schema/0/properties/1/enum']);
    });

    it('rejects logicalType map without map', () => {
      delete property('attributes').map;
      expect(errorsOf(doc)).toEqual(['required /schema/0/properties/2']);
    });

    it('rejects a map without its value type', () => {
      delete property('attributes').map.value;
      expect(errorsOf(doc)).toEqual(['required /schema/0/properties/2/map']);
    });

    it('rejects map on a property that is not logicalType map', () => {
      property('attributes').logicalType = 'object';
      expect(errorsOf(doc)).toEqual(['const /schema/0/properties/2/logicalType']);
    });

    it('rejects an unknown semanticType', () => {
      property('revenue').semanticType = 'metric';
      expect(errorsOf(doc)).toEqual(['enum /schema/0/properties/4/semanticType']);
    });

    it('rejects a synonym without synonym', () => {
      doc.schema[0].synonyms.push({ locale: 'de-DE' });
      expect(errorsOf(doc)).toEqual(['required /schema/0/synonyms/2']);
    });

    it('rejects an unknown field in the context block', () => {
      doc.context.prompt = 'be nice';
      expect(errorsOf(doc)).toContain('additionalProperties /context');
    });

    it('still applies the v3.1 connection rules to a known server type', () => {
      doc.servers[0].host = 'athena.example.com';
      expect(errorsOf(doc)).toEqual(['false schema /servers/0/host']);
    });

    it('accepts a server type it does not know, with any connection fields', () => {
      doc.servers[0] = { server: 'lake', type: 'hana', host: 'hana.example.com', port: 30015 };
      expect(errorsOf(doc)).toEqual([]);
    });

    it('accepts a shorthand reference to a nested property (object.property.nested)', () => {
      property('order_id').relationships = [{ to: 'customers.address.street' }];
      expect(errorsOf(doc)).toEqual([]);
    });

    it('still rejects a shorthand reference without a property', () => {
      property('order_id').relationships = [{ to: 'customers' }];
      expect(errorsOf(doc)).toEqual(['pattern /schema/0/properties/0/relationships/0/to']);
    });

    it('rejects an unknown top-level field, as v3.1 does', () => {
      doc.owner = 'alice';
      expect(errorsOf(doc)).toEqual(['additionalProperties ']);
    });
  });
});

describe('linting a v3.2.0 contract', () => {
  it('warns about an unknown server type and names it', () => {
    const text = fixtureText.replace('type: athena\n    workgroup: primary\n', 'type: hana\n');
    const result = lintFile('orders.odcs.yaml', text);
    expect(result.valid).toBe(true);
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`)).toEqual([
      '21:5 warning contract.unknown-server-type server "lake" has type "hana", which ODCS v3.2.0 (as Meshgate knows it) does not name',
    ]);
  });

  it('resolves a shorthand reference to a nested property, and names one that does not exist', () => {
    const customers = '  - name: customers\n    properties:\n      - name: address\n        logicalType: object\n        properties:\n          - name: street\n            logicalType: string\n';
    const withRef = (to: string) =>
      fixtureText.replace('        primaryKey: true\n', `        primaryKey: true\n        relationships:\n          - to: ${to}\n`) + customers;
    expect(lintFile('orders.odcs.yaml', withRef('customers.address.street')).findings).toEqual([]);
    expect(lintFile('orders.odcs.yaml', withRef('customers.address.city')).findings.map((f) => `${f.line}:${f.column} ${f.code}`)).toEqual(['38:13 contract.relationship-target']);
  });

  it('keeps an unknown server type an error in a v3.1.0 file', () => {
    const v31 = readFileSync(fileURLToPath(new URL('../../fixtures/contracts/odcs/orders.odcs.yaml', import.meta.url)), 'utf8');
    const result = lintFile('orders.odcs.yaml', v31.replace('type: postgresql', 'type: hana'));
    expect(result.valid).toBe(false);
    expect(result.findings.filter((f) => f.severity === 'error').map((f) => f.path)).toEqual(['/servers/0/type']);
  });

  it('tells a v3.1.0 file that uses enum to declare v3.2.0', () => {
    const text = fixtureText.replace('apiVersion: v3.2.0', 'apiVersion: v3.1.0').replace('domain: checkout\n', 'domain: checkout\nstatus: active\n');
    const enumFinding = lintFile('orders.odcs.yaml', text).findings.find((f) => f.message === 'unknown field "enum" in schema[0].properties[1]');
    expect(enumFinding?.hint).toMatch(/^enum is ODCS v3\.2\.0, and this file declares an older apiVersion: set apiVersion: v3\.2\.0/);
  });
});
