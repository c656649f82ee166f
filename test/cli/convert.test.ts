import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { meshgate, writeTree } from './cli-helpers.ts';

const DCS = `dataContractSpecification: 1.2.1
id: orders
info:
  title: Orders
  version: 1.0.0
  owner: Checkout Team
models:
  orders:
    type: table
    fields:
      order_id:
        type: text
        required: true
        lineage:
          inputFields: []
`;

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

describe('meshgate convert', () => {
  it('writes FILE.odcs.yaml beside the file, lists what it could not carry over at its line, and exits 0', async () => {
    root = await writeTree({ 'contracts/datacontract.yaml': DCS });
    const { code, stdout } = await meshgate(root, 'convert', 'contracts/datacontract.yaml');
    expect(stdout).toMatchInlineSnapshot(`
      "contracts/datacontract.yaml:14:9: warning convert.not-carried /models/orders/fields/order_id/lineage not carried over: ODCS has no field lineage: describe it in transformSourceObjects / transformLogic
      contracts/datacontract.yaml → contracts/datacontract.odcs.yaml: ODCS v3.2.0 valid, 1 part not carried over

      1 of 1 file converted to valid ODCS
      "
    `);
    expect(code).toBe(0);
    expect(await readFile(join(root, 'contracts/datacontract.odcs.yaml'), 'utf8')).toMatchInlineSnapshot(`
      "# Converted by \`meshgate convert\` from the Data Contract Specification file datacontract.yaml.
      apiVersion: v3.2.0
      kind: DataContract
      id: orders
      version: 1.0.0
      name: Orders
      team:
        name: Checkout Team
      schema:
        - name: orders
          physicalType: table
          properties:
            - name: order_id
              logicalType: string
              physicalType: text
              required: true
      "
    `);
  });

  it('writes into --out DIR', async () => {
    root = await writeTree({ 'orders.yaml': DCS });
    const { code } = await meshgate(root, 'convert', 'orders.yaml', '--out', 'odcs');
    expect(code).toBe(0);
    expect(await readFile(join(root, 'odcs/orders.odcs.yaml'), 'utf8')).toContain('apiVersion: v3.2.0\n');
  });

  it('leaves an existing output alone without --force, and goes on with the other files', async () => {
    root = await writeTree({ 'a.yaml': DCS, 'a.odcs.yaml': 'mine\n', 'b.yaml': DCS });
    const { code, stdout } = await meshgate(root, 'convert', 'a.yaml', 'b.yaml');
    expect(code).toBe(1);
    expect(stdout).toContain('a.yaml:1:1: error convert.failed a.odcs.yaml exists; pass --force to overwrite it\n');
    expect(await readFile(join(root, 'a.odcs.yaml'), 'utf8')).toBe('mine\n');
    expect(stdout).toContain('1 of 2 files converted to valid ODCS\n');
  });

  it('refuses a file that is not a Data Contract Specification file', async () => {
    root = await writeTree({ 'c.yaml': 'apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\n' });
    const { code, stdout } = await meshgate(root, 'convert', 'c.yaml');
    expect(code).toBe(1);
    expect(stdout).toContain('c.yaml:1:1: error convert.failed not a Data Contract Specification file (no dataContractSpecification field)\n');
  });

  it('says so when the contract it wrote is not valid ODCS', async () => {
    root = await writeTree({ 'd.yaml': DCS.replace('models:', 'servers:\n  prod:\n    type: s3\nmodels:') });
    const { code, stdout } = await meshgate(root, 'convert', 'd.yaml');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^d\.odcs\.yaml:\d+:\d+: error schema servers\[0\] is missing required field "location"/m);
    expect(stdout).toContain('d.yaml → d.odcs.yaml: ODCS v3.2.0 INVALID, 1 part not carried over\n');
  });

  it('is a usage error without a FILE', async () => {
    root = await writeTree({});
    const { code, stderr } = await meshgate(root, 'convert');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^meshgate convert: name at least one FILE/);
  });
});
