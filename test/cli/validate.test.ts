import { describe, expect, it } from 'vitest';
import { smallMesh as fixture, withEdit as editFixture } from '../fixtures/meshes/small.ts';

// The CLI judges grants against today's date: push the fixture's grant far out so these tests
// mean the same next year.
const GRANT_PATH = 'catalog/checkout/orders/access/marketing.yaml';
const smallMesh: Record<string, string> = { ...fixture, [GRANT_PATH]: fixture[GRANT_PATH].replace('2027-06-30', '2099-06-30') };
const withEdit = (path: string, edit: (t: string) => string) => ({ ...smallMesh, ...editFixture(path, () => edit(smallMesh[path])) });
import { meshgate, writeTree } from './cli-helpers.ts';

const GRANT = 'catalog/checkout/orders/access/marketing.yaml';

describe('meshgate validate', () => {
  it('exits 0 and prints a summary for a valid mesh', async () => {
    const root = await writeTree(smallMesh);
    const { code, stdout } = await meshgate(root, 'validate');
    expect(code).toBe(0);
    expect(stdout).toBe('0 errors, 0 warnings in 9 files (2 domains, 2 products, 2 contracts, 1 access grants, 1 policies)\n');
  });

  it('exits 1 and prints file:line:column for a broken reference', async () => {
    const root = await writeTree(withEdit(GRANT, (t) => t.replace('role: analyst', 'role: admin')));
    const { code, stdout } = await meshgate(root, 'validate', '.');
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe(
      `${GRANT}:10:1: error reference.role contract "checkout-orders-v1" offers no role "admin" (use one of: analyst)`,
    );
  });

  it('exits 0 with warnings only', async () => {
    const root = await writeTree(withEdit('catalog/checkout/orders/product.yaml', (t) => t.replace('tags: [orders]\n', '')));
    const { code, stdout } = await meshgate(root, 'validate');
    expect(code).toBe(0);
    expect(stdout).toContain('warning policy:products-have-tags');
  });

  it('prints findings and a summary as JSON with --format json', async () => {
    const root = await writeTree(withEdit(GRANT, (t) => t.replace('role: analyst', 'role: admin')));
    const { stdout } = await meshgate(root, 'validate', '--format', 'json');
    const out = JSON.parse(stdout);
    expect(out.findings).toEqual([expect.objectContaining({ file: GRANT, line: 10, column: 1, code: 'reference.role', severity: 'error' })]);
    expect(out.summary).toMatchObject({ errors: 1, warnings: 0 });
  });

  it('exits 2 on an unknown format', async () => {
    const { code, stderr } = await meshgate(process.cwd(), 'validate', '--format', 'xml');
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be one of text, json');
  });

  it('exits 2 on an unknown option', async () => {
    const { code } = await meshgate(process.cwd(), 'validate', '--frmat', 'json');
    expect(code).toBe(2);
  });
});

describe('meshgate lint', () => {
  it('checks a file on its own, without mesh references', async () => {
    const root = await writeTree({ 'grant.yaml': smallMesh[GRANT] });
    const { code, stdout } = await meshgate(root, 'lint', 'grant.yaml', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ file: 'grant.yaml', kind: 'AccessGrant', apiVersion: 'meshgate/v1', valid: true, findings: [] }]);
  });

  it('reports a Data Contract Specification file as the deprecated format', async () => {
    const root = await writeTree({ 'datacontract.yaml': 'dataContractSpecification: 1.2.1\nid: orders\ninfo:\n  title: Orders\n  version: 1.0.0\n' });
    const { code, stdout } = await meshgate(root, 'lint', 'datacontract.yaml', '--format', 'json');
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout);
    expect(result).toMatchObject({ kind: 'DataContractSpecification', apiVersion: '1.2.1', valid: false });
    expect(result.findings[0]).toMatchObject({ code: 'format.dcs-deprecated', line: 1 });
    expect(result.findings[0].hint).toContain('ODCS v3');
  });

  it('exits 1 when any file is invalid and says which', async () => {
    const root = await writeTree({ 'a.yaml': smallMesh[GRANT], 'b.yaml': smallMesh[GRANT].replace('kind: AccessGrant', 'kind: Grant') });
    const { code, stdout } = await meshgate(root, 'lint', 'a.yaml', 'b.yaml');
    expect(code).toBe(1);
    expect(stdout).toContain('b.yaml:2:1: error entity.unknown-kind unknown kind "Grant"');
    expect(stdout).toContain('1 of 2 files valid');
  });

  it('exits 2 without files', async () => {
    expect((await meshgate(process.cwd(), 'lint')).code).toBe(2);
  });
});

describe('meshgate', () => {
  it('exits 2 on an unknown command and lists the commands', async () => {
    const { code, stderr } = await meshgate(process.cwd(), 'frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
    expect(stderr).toContain('validate [ROOT]');
  });
});
