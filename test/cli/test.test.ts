import { cpSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshgate, writeTree } from './cli-helpers.ts';

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: items-v1
version: 1.0.0
status: active
servers:
  - server: files
    type: local
    format: csv
    path: data/{model}.csv
schema:
  - name: items
    properties:
      - name: id
        logicalType: integer
        required: true
        unique: true
      - name: label
        logicalType: string
    quality:
      - metric: rowCount
        mustBeGreaterThan: 1
`;

const GOOD = 'id,label\n1,a\n2,b\n3,c\n';
const withNullId = 'id,label\n1,a\n,b\n3,c\n';

describe('meshgate test', () => {
  it('exits 0 and prints one summary line when every check passes', async () => {
    const root = await writeTree({ 'items.contract.yaml': CONTRACT, 'data/items.csv': GOOD });
    const { code, stdout } = await meshgate(root, 'test', 'items.contract.yaml');
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'items.contract.yaml: items-v1 on files (local): 9 checks: 9 passed, 0 failed, 0 warnings, 0 skipped\n' });
  });

  it('exits 1 and prints the failed check at the contract line that promised it', async () => {
    const root = await writeTree({ 'items.contract.yaml': CONTRACT, 'data/items.csv': withNullId });
    const { code, stdout } = await meshgate(root, 'test', 'items.contract.yaml');
    expect(code).toBe(1);
    expect(stdout).toMatchInlineSnapshot(`
      "items.contract.yaml:16:9: error test.required items.id: no nulls: expected = 0, got 1 [files]
      items.contract.yaml: items-v1 on files (local): 9 checks: 8 passed, 1 failed, 0 warnings, 0 skipped
      "
    `);
  });

  it('--format json: the run with expected and actual per check', async () => {
    const root = await writeTree({ 'items.contract.yaml': CONTRACT, 'data/items.csv': withNullId });
    const { stdout } = await meshgate(root, 'test', 'items.contract.yaml', '--format', 'json');
    const run = JSON.parse(stdout);
    expect(run).toMatchObject({ contract: 'items-v1', file: 'items.contract.yaml', server: 'files', summary: { checks: 9, passed: 8, failed: 1 } });
    expect(run.checks.find((c: { id: string }) => c.id === 'items.id.required')).toEqual({
      id: 'items.id.required', kind: 'required', object: 'items', property: 'id', status: 'failed', expected: '= 0', actual: '1',
      message: 'no nulls: expected = 0, got 1', file: 'items.contract.yaml', line: 16, column: 9,
    });
  });

  it('--format junit: a failure per failed check, for CI', async () => {
    const root = await writeTree({ 'items.contract.yaml': CONTRACT, 'data/items.csv': withNullId });
    const { stdout } = await meshgate(root, 'test', 'items.contract.yaml', '--format', 'junit');
    expect(stdout).toContain('<testsuites name="meshgate test" tests="9" failures="1" errors="0" skipped="0">');
    expect(stdout).toContain('<testcase classname="items-v1.items" name="items.id.required (required)" file="items.contract.yaml" line="16"><failure message="no nulls: expected = 0, got 1">');
  });

  it('--output writes the report to a file and the summary to standard output', async () => {
    const root = await writeTree({ 'items.contract.yaml': CONTRACT, 'data/items.csv': GOOD });
    const { stdout } = await meshgate(root, 'test', 'items.contract.yaml', '--format', 'junit', '--output', 'out/junit.xml');
    expect([stdout.trim(), readFileSync(join(root, 'out/junit.xml'), 'utf8').startsWith('<?xml')]).toEqual(['items.contract.yaml: items-v1 on files (local): 9 checks: 9 passed, 0 failed, 0 warnings, 0 skipped', true]);
  });

  it('exits 2 on a contract id the mesh does not have', async () => {
    const root = await writeTree({ 'catalog/x/domain.yaml': 'apiVersion: meshgate/v1\nkind: Domain\nid: x\nname: X\ntype: aggregate\ndescription: x\nowners: ["@a"]\n' });
    const { code, stderr } = await meshgate(root, 'test', 'nope-v1');
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'meshgate test: no contract with id "nope-v1" under . (give a contract id or a file)\n' });
  });

  it('exits 2 when --server names a server the contract does not have', async () => {
    const root = await writeTree({ 'items.contract.yaml': CONTRACT, 'data/items.csv': GOOD });
    const { code, stderr } = await meshgate(root, 'test', 'items.contract.yaml', '--server', 'prod');
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'meshgate test: items.contract.yaml: contract items-v1 has no server "prod"\n' });
  });

  it('in a mesh, writes the last run where the catalog finds it', async () => {
    const root = await writeTree({ 'catalog/x/items/items.contract.yaml': CONTRACT, 'catalog/x/items/data/items.csv': GOOD });
    await meshgate(root, 'test');
    const results = JSON.parse(readFileSync(join(root, '.meshgate/test-results.json'), 'utf8'));
    expect(results.runs.map((r: { contract: string; file: string; summary: { passed: number } }) => [r.contract, r.file, r.summary.passed])).toEqual([['items-v1', 'catalog/x/items/items.contract.yaml', 9]]);
  });
});

describe('meshgate test on the demo mesh', () => {
  it('generates the demo data and shows the one deliberate failure at its contract line', async () => {
    const root = await mkdtemp(join(tmpdir(), 'meshgate-demo-'));
    for (const folder of ['catalog', 'policies', 'demo-data']) cpSync(join(process.cwd(), folder), join(root, folder), { recursive: true, filter: (p) => !p.includes('generated') });
    const { code, stdout } = await meshgate(root, 'test', '--no-results');
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((l) => /: (error|warning) /.test(l))).toEqual([
      'catalog/checkout/orders/orders-v1.contract.yaml:127:11: error test.logicalTypeOptions orders.currency: matches ^[A-Z]{3}$: expected = 0, got 1 [demo]',
    ]);
    expect(existsSync(join(root, '.meshgate'))).toBe(false);
  });
});
