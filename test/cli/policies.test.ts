/**
 * Policies as a governance member and a domain team meet them, on a copy of the demo mesh:
 * `meshgate validate` says when a policy is wrong, and `contract-id-naming` checks what its title
 * promises.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshgate } from './cli-helpers.ts';

/** A copy of the repository's demo mesh (catalog/ and policies/) in a new directory. */
async function demoMesh(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'meshgate-policies-'));
  for (const folder of ['catalog', 'policies']) cpSync(join(process.cwd(), folder), join(root, folder), { recursive: true });
  return root;
}

function edit(root: string, path: string, change: (text: string) => string): void {
  const file = join(root, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

const errorLines = (stdout: string) => stdout.split('\n').filter((line) => / error /.test(line));

describe('meshgate validate: policies say when they are wrong', () => {
  it('the demo mesh validates with zero errors', async () => {
    const { code, stdout } = await meshgate(await demoMesh(), 'validate');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^0 errors, \d+ warnings in \d+ files/m);
  });

  it('a governance member who misspells required in a demo policy gets an error at that line, with the keyword meant', async () => {
    const root = await demoMesh();
    edit(root, 'policies/output-ports-name-contracts.yaml', (t) => t.replace('  required: [outputPorts]', '  requierd: [outputPorts]'));
    const { code, stdout } = await meshgate(root, 'validate');
    expect(code).toBe(1);
    expect(errorLines(stdout)).toEqual([
      'policies/output-ports-name-contracts.yaml:13:3: error policy.unknown-keyword policy "output-ports-name-contracts": `requierd` is not a JSON Schema keyword, so the policy ignores it (did you mean `required`?)',
    ]);
  });

  it('a grant policy that asks for $contracts (a product view key) is an error, with $contract suggested', async () => {
    const root = await demoMesh();
    edit(root, 'policies/pii-grants-privacy-review.yaml', (t) => t.replace(/\$contract\b/, '$contracts'));
    const { code, stdout } = await meshgate(root, 'validate');
    expect(code).toBe(1);
    expect(errorLines(stdout)).toEqual([expect.stringMatching(/^policies\/pii-grants-privacy-review\.yaml:\d+:\d+: error policy\.unknown-view-key .*\(did you mean `\$contract`\?\)$/)]);
  });
});

describe('meshgate validate: contract-id-naming checks <domain>-<name>-v<major>', () => {
  const PAYMENTS = 'catalog/payment/payments/payments-v1.contract.yaml';

  it('a contract whose major version is raised without a new id is an error at its id', async () => {
    const root = await demoMesh();
    edit(root, PAYMENTS, (t) => t.replace(/^version: 1\.\d+\.\d+$/m, 'version: 2.0.0'));
    const { code, stdout } = await meshgate(root, 'validate');
    expect(code).toBe(1);
    expect(errorLines(stdout).filter((l) => l.includes('contract-id-naming'))).toEqual([
      expect.stringContaining(
        `${PAYMENTS}:3:1: error policy:contract-id-naming Contract ids follow <domain>-<name>-v<major>: \`id\` "payment-payments-v1" does not read payment-<name>-v2 (domain "payment", version "2.0.0")`,
      ),
    ]);
  });

  it('a contract id without its domain is an error at its id', async () => {
    const root = await demoMesh();
    const id = 'payments-v1';
    edit(root, PAYMENTS, (t) => t.replace('id: payment-payments-v1', `id: ${id}`));
    const { stdout } = await meshgate(root, 'validate');
    expect(errorLines(stdout).filter((l) => l.includes('contract-id-naming'))).toEqual([
      expect.stringContaining(`${PAYMENTS}:3:1: error policy:contract-id-naming Contract ids follow <domain>-<name>-v<major>: \`id\` "${id}" does not read payment-<name>-v1`),
    ]);
  });
});

describe('meshgate review of a policy change on the demo mesh', () => {
  const GIT = ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
  const git = (dir: string, ...args: string[]) => execFileSync('git', [...GIT, ...args], { cwd: dir, encoding: 'utf8' });

  /** The demo mesh committed on main, then `change` committed on a branch. */
  async function proposal(change: (root: string) => void): Promise<string> {
    const root = await demoMesh();
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    git(root, 'checkout', '-q', '-b', 'proposal');
    change(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'proposal');
    return root;
  }

  const NEW_POLICY = `apiVersion: meshgate/v1
kind: Policy
id: contracts-have-a-status
title: Contracts state their status
principle: documentation-and-discovery
rationale: Consumers need to know whether a contract is active, draft or retired.
severity: error
appliesTo: DataContract
require:
  required: [status]
`;

  it('a governance member proposing a policy is not named among the approvers, and the missing approvals are counted', async () => {
    const root = await proposal((dir) => writeFileSync(join(dir, 'policies/contracts-have-a-status.yaml'), NEW_POLICY));
    const { code, stdout } = await meshgate(root, 'review', '--base', 'main', '--author', 'maria-chen', '--approved-by', '@jonas-weber', '--format', 'markdown', '--now', '2026-12-05');
    expect(code).toBe(3);
    const lines = stdout.split('\n');
    expect(lines.find((l) => l.startsWith('## '))).toBe('## ⏳ Policy change: needs 2 approvals from @kenji-sato or @olga-petrova …');
    expect(lines.find((l) => l.startsWith('**Conclusion:**'))).toContain('2 approvals missing');
    expect(stdout).not.toMatch(/\| ⏳ waiting \|[^|]*@maria-chen/);
    expect(stdout).toContain('(@maria-chen wrote this change, so their approval does not count)');
  });

  it('a new policy that flags nothing is shown passing on all 18 contracts', async () => {
    const root = await proposal((dir) => writeFileSync(join(dir, 'policies/contracts-have-a-status.yaml'), NEW_POLICY));
    const { stdout } = await meshgate(root, 'review', '--base', 'main', '--author', 'maria-chen', '--format', 'markdown', '--now', '2026-12-05');
    expect(stdout).toContain('| `contracts-have-a-status` | added | passes on all 18 contracts | — |');
  });
});

describe('meshgate lint of a policy file', () => {
  it('reports a misspelt keyword in a policy on its own, without the mesh', async () => {
    const root = await demoMesh();
    edit(root, 'policies/output-ports-name-contracts.yaml', (t) => t.replace('      minItems: 1', '      minItem: 1'));
    const { code, stdout } = await meshgate(root, 'lint', 'policies/output-ports-name-contracts.yaml');
    expect(code).toBe(1);
    expect(stdout).toContain('policies/output-ports-name-contracts.yaml:17:7: error policy.unknown-keyword policy "output-ports-name-contracts": `minItem` is not a JSON Schema keyword, so the policy ignores it (did you mean `minItems`?)');
  });
});
