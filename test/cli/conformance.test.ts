import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../bot/cli/conformance.ts';
import { lintFile } from '../../bot/core/validate/lint.ts';
import { writeTree } from './cli-helpers.ts';

const fixtures = fileURLToPath(new URL('../fixtures/contracts', import.meta.url));

function memoryIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, cwd }, out: () => out.join(''), err: () => err.join('') };
}

let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A standards folder with one valid file per standard, plus `extra` files. */
async function standardsDir(extra: Record<string, string> = {}): Promise<string> {
  scratch = await writeTree({
    'odcs/ok.odcs.yaml': 'apiVersion: v3.1.0\nkind: DataContract\nid: ok\nversion: 1.0.0\nstatus: active\n',
    'odcs-v3.2.0/ok.odcs.yaml': 'apiVersion: v3.2.0\nkind: DataContract\nid: ok\nversion: 1.0.0\n',
    'odps/ok.odps.yaml': 'apiVersion: v1.0.0\nkind: DataProduct\nid: ok\nstatus: active\n',
    'dcs/datacontract.yaml': 'dataContractSpecification: 1.2.1\nid: ok\ninfo:\n  title: ok\n  version: 1.0.0\n',
    ...extra,
  });
  return scratch;
}

describe('conformance', () => {
  it('passes on the fixture standards and prints the tally', async () => {
    const { io, out } = memoryIO(fixtures);
    expect(await run(['.', '--expect', 'odcs=3,odcs32=1,odps=2,dcs=1'], io)).toBe(0);
    expect(out()).toBe('conformance: ODCS v3.1 3/3 valid, ODCS v3.2 1/1 valid, ODPS 2/2 valid, DCS 1/1 recognised and converted\n');
  });

  it('fails and names the file and its findings when an ODCS file is invalid', async () => {
    const dir = await standardsDir({ 'odcs/bad.odcs.yaml': 'apiVersion: v3.1.0\nkind: DataContract\nid: bad\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    columns: []\n' });
    const { io, out } = memoryIO(dir);
    expect(await run(['.', '--expect', 'odcs=2,odcs32=1,odps=1,dcs=1'], io)).toBe(1);
    expect(out()).toContain('FAIL odcs/bad.odcs.yaml: expected ODCS v3.1 valid, got DataContract v3.1.0, 1 error\n');
    expect(out()).toMatch(/ {2}odcs\/bad\.odcs\.yaml:8:5: error schema .*columns/);
    expect(out()).toContain('conformance: ODCS v3.1 1/2 valid, ODCS v3.2 1/1 valid, ODPS 1/1 valid, DCS 1/1 recognised and converted\n');
  });

  it('fails when a DCS file is not recognised as DCS', async () => {
    const dir = await standardsDir({ 'dcs/other.yaml': 'apiVersion: v1.0.0\nkind: DataProduct\nid: x\nstatus: active\n' });
    const { io, out } = memoryIO(dir);
    expect(await run(['.', '--expect', 'odcs=1,odcs32=1,odps=1,dcs=2'], io)).toBe(1);
    expect(out()).toContain('FAIL dcs/other.yaml: expected DCS recognised and converted');
  });

  it('fails when a v3.2.0 file is invalid under the v3.2.0 schema', async () => {
    const dir = await standardsDir({ 'odcs-v3.2.0/bad.odcs.yaml': 'apiVersion: v3.2.0\nkind: DataContract\nid: bad\nversion: 1.0.0\nschema:\n  - name: t\n    properties:\n      - name: s\n        enum: [a, b]\n' });
    const { io, out } = memoryIO(dir);
    expect(await run(['.', '--expect', 'odcs=1,odcs32=2,odps=1,dcs=1'], io)).toBe(1);
    expect(out()).toContain('FAIL odcs-v3.2.0/bad.odcs.yaml: expected ODCS v3.2 valid, got DataContract v3.2.0, 2 errors\n');
  });

  it('fails when a DCS file is recognised but does not convert to a valid contract', async () => {
    // An s3 server needs a location in ODCS; DCS does not insist.
    const dir = await standardsDir({ 'dcs/no-location.yaml': 'dataContractSpecification: 1.2.1\nid: x\ninfo:\n  title: x\n  version: 1.0.0\nservers:\n  prod:\n    type: s3\n' });
    const { io, out } = memoryIO(dir);
    expect(await run(['.', '--expect', 'odcs=1,odcs32=1,odps=1,dcs=2'], io)).toBe(1);
    expect(out()).toContain('FAIL dcs/no-location.yaml: expected DCS recognised and converted, got a conversion that is DataContract v3.2.0, 1 error\n');
  });

  describe('the v3.2.0 example whose relationship points at a missing property', () => {
    const EXAMPLE = 'odcs-v3.2.0/examples/references/relationships.odcs.yaml';
    /** Its shape: the third object refers to addresses.address_street, which the addresses object names street. */
    const example = (extra = '') => `apiVersion: v3.2.0
kind: DataContract
id: rel
version: 1.0.0
schema:
  - name: customers
    properties:
      - name: id
  - name: addresses
    properties:
      - name: customer_id
      - name: street
  - name: orders
    properties:
      - name: id
      - name: customer_id
      - name: shipping_address_street
        relationships:
          - to: addresses.address_street
    relationships:
      - from: [orders.customer_id, orders.shipping_address_street]
        to: [addresses.customer_id, addresses.address_street]
${extra}`;

    it('is valid, with a warning that suggests the property it meant', async () => {
      const dir = await standardsDir({ [EXAMPLE]: example() });
      const { io, out } = memoryIO(dir);
      expect(await run(['.', '--expect', 'odcs=1,odcs32=2,odps=1,dcs=1'], io)).toBe(0);
      expect(out()).toContain('ODCS v3.2 2/2 valid,');
      const lint = lintFile(EXAMPLE, example());
      expect(lint.findings.map((f) => `${f.severity} ${f.code} ${f.hint}`)).toContain(
        'warning contract.relationship-target did you mean "addresses.street"? existing properties: customer_id, street',
      );
    });

    it('fails when it has any error', async () => {
      const dir = await standardsDir({ [EXAMPLE]: example('price:\n  priceAmount: -1\n') });
      const { io, out } = memoryIO(dir);
      expect(await run(['.', '--expect', 'odcs=1,odcs32=2,odps=1,dcs=1'], io)).toBe(1);
      expect(out()).toContain(`FAIL ${EXAMPLE}: expected ODCS v3.2 valid, got DataContract v3.2.0, 1 error\n`);
    });
  });

  it('fails when a folder holds fewer files than expected', async () => {
    const dir = await standardsDir();
    const { io, out } = memoryIO(dir);
    expect(await run(['.'], io)).toBe(1);
    expect(out()).toContain('FAIL odcs: found 1 ODCS v3.1 files, expected 18\n');
    expect(out()).toContain('FAIL odcs-v3.2.0: found 1 ODCS v3.2 files, expected 28\n');
  });

  it('is a usage error without a directory', async () => {
    const { io, err } = memoryIO(fixtures);
    expect(await run([], io)).toBe(2);
    expect(err()).toMatch(/^conformance: name exactly one DIR/);
  });
});
