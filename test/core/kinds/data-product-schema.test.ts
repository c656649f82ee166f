import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAjv } from '../../../bot/core/kinds/ajv.ts';
import { DATA_PRODUCT_API_VERSIONS, dataProductSchema } from '../../../bot/core/kinds/data-product.ts';

const fixture = (name: string): any =>
  yaml.load(readFileSync(fileURLToPath(new URL(`../../fixtures/contracts/odps/${name}`, import.meta.url)), 'utf8'), { schema: yaml.CORE_SCHEMA });

const validate = createAjv().compile(dataProductSchema);
const errorsOf = (doc: unknown): string[] => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.keyword} ${e.instancePath}`));

describe('data-product.schema.json', () => {
  it('accepts exactly the apiVersions DATA_PRODUCT_API_VERSIONS lists', () => {
    expect(dataProductSchema.properties.apiVersion.enum).toEqual([...DATA_PRODUCT_API_VERSIONS]);
  });

  it.each(['checkout-orders.odps.yaml', 'legacy-v0.9.odps.yaml'])('accepts %s', (name) => {
    expect(errorsOf(fixture(name))).toEqual([]);
  });

  describe('starting from a valid v1.0.0 product', () => {
    let doc: any;
    beforeEach(() => {
      doc = fixture('checkout-orders.odps.yaml');
    });

    it('rejects an unknown top-level field', () => {
      doc.outputs = [];
      expect(errorsOf(doc)).toEqual(['additionalProperties ']);
    });

    it('rejects an apiVersion ODPS does not have', () => {
      doc.apiVersion = 'v1.1.0';
      expect(errorsOf(doc)).toEqual(['enum /apiVersion']);
    });

    it('rejects an input port without a contractId', () => {
      delete doc.inputPorts[0].contractId;
      expect(errorsOf(doc)).toEqual(['required /inputPorts/0']);
    });

    it('rejects an output port without a version', () => {
      delete doc.outputPorts[0].version;
      expect(errorsOf(doc)).toEqual(['required /outputPorts/0']);
    });

    it('rejects a support channel without a url', () => {
      delete doc.support[0].url;
      expect(errorsOf(doc)).toEqual(['required /support/0']);
    });

    it('rejects a team member without a username', () => {
      delete doc.team.members[0].username;
      expect(errorsOf(doc)).toEqual(['required /team/members/0']);
    });

    it('rejects a management port url that is not a URL', () => {
      doc.managementPorts[0].url = 'observability dashboard';
      expect(errorsOf(doc)).toEqual(['format /managementPorts/0/url']);
    });
  });
});
