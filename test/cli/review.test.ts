/**
 * `meshgate review` end to end: a scratch git repository built from the review fixture mesh, a
 * branch with one change, and the command's output and exit code.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { run } from '../../bot/cli/review.ts';
import { reviewMesh } from '../fixtures/meshes/review/mesh.ts';
import { GIT_CONFIG, git, gitRepos, writeFiles } from './git-repo.ts';

const ORDERS_CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';
const TEAMS = 'acme/checkout-data: [maria, tom]\nacme/marketing: [lena]\n';

const repos = gitRepos('review');

/** A repository whose main holds the fixture mesh, checked out on `branch` with `changes` committed. */
const repoWithBranch = (changes: Record<string, string | null>, baseExtra: Record<string, string> = {}, branch = 'change'): Promise<string> =>
  repos.withBranch({ ...reviewMesh, 'teams.yaml': TEAMS, ...baseExtra }, changes, branch);

async function review(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(['--now', '2026-11-24', ...args], { cwd: dir, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

const NEW_PRODUCT = `apiVersion: v1.0.0
kind: DataProduct
id: checkout-carts
name: Carts
version: 0.1.0
status: draft
domain: checkout
tags: [carts]
`;

const ACCESS_REQUEST = `apiVersion: meshgate/v1
kind: AccessGrant
id: ml-checkout-orders
consumer:
  team: "@acme/ml"
dataProduct: checkout-orders
outputPort: orders
role: analyst
purpose: Train the churn model on order history.
requestedBy: "@mallory"
validUntil: "2027-03-31"
`;

const GRANTS_EXPIRE = `apiVersion: meshgate/v1
kind: Policy
id: grants-expire
title: Access grants expire within a year
principle: access-and-security
rationale: Access is re-assessed at least once a year.
severity: error
appliesTo: AccessGrant
require:
  properties:
    $validDays: { maximum: 365 }
`;

describe('meshgate review', () => {
  it('needs the domain owner for a new product (exit 3)', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
    const { code, stdout } = await review(dir, '--base', 'main');
    expect(code).toBe(3);
    expect(stdout.split('\n')[0]).toBe('action_required: New data product: needs approval from @acme/checkout-data');
    expect(stdout).toContain('[ ] 1 of @acme/checkout-data: DataProduct `checkout-carts` added');
  });

  it('needs the role approvers for an access request (exit 3)', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/orders/access/ml.yaml': ACCESS_REQUEST });
    const { code, stdout } = await review(dir, '--base', 'main', '--author', 'mallory');
    expect(code).toBe(3);
    expect(stdout).toContain('[ ] 1 of @acme/checkout-data: access grant `ml-checkout-orders` requested: first-level approvers of role `analyst` of `checkout-orders-v1`');
  });

  it('passes an access request a role approver approved, resolved through --team-members (exit 0)', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/orders/access/ml.yaml': ACCESS_REQUEST });
    const { code, stdout } = await review(dir, '--base', 'main', '--author', 'mallory', '--approved-by', '@tom', '--team-members', 'teams.yaml');
    expect(stdout).toContain('— approved by @tom');
    expect(code).toBe(0);
  });

  it('does not count the author\'s own approval', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/orders/access/ml.yaml': ACCESS_REQUEST });
    const { code } = await review(dir, '--base', 'main', '--author', 'tom', '--approved-by', 'tom', '--team-members', 'teams.yaml');
    expect(code).toBe(3);
  });

  it('fails a breaking change without a major bump and lists the consumers (exit 1)', async () => {
    const contract = reviewMesh[ORDERS_CONTRACT].replace(/      - name: customer_email\n(        .*\n)+?(?=      - name)/, '');
    const dir = await repoWithBranch({ [ORDERS_CONTRACT]: contract });
    const { code, stdout } = await review(dir, '--base', 'main');
    expect(code).toBe(1);
    expect(stdout).toContain(`${ORDERS_CONTRACT}:5:1: error contract.breaking-without-major contract \`checkout-orders-v1\` has 1 breaking change but keeps version \`1.0.0\` without a major bump. It affects @acme/marketing.`);
    expect(stdout).toContain('error contract.breaking property `orders.customer_email` removed: consumers reading it break [affects @acme/marketing via marketing-checkout-orders]');
  });

  it('needs the governance quorum for a policy change and previews its impact (exit 3)', async () => {
    const policy = reviewMesh['policies/products-have-tags.yaml'].replace('tags: { minItems: 1 }', 'tags: { minItems: 2 }');
    const dir = await repoWithBranch({ 'policies/products-have-tags.yaml': policy });
    const { code, stdout } = await review(dir, '--base', 'main', '--format', 'markdown');
    expect(code).toBe(3);
    expect(stdout).toContain('## ⏳ Policy change: needs 2 approvals from @maria or @lena');
    expect(stdout).toContain('### Policy impact preview');
    expect(stdout).toContain('With this pull request\'s policies, across the whole mesh: 2 findings would newly fail (2 entities), 0 entities would newly pass.');
    expect(stdout).toContain('| `products-have-tags` | changed | fails on 2 of 2 data products | passes on all 2 data products |');
    expect(stdout).toContain('| 🔴 newly failing | `products-have-tags` | DataProduct `checkout-orders` |');
  });

  it('prints the review as JSON with conclusion, findings, changes, breaking changes and approvals', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
    const { stdout } = await review(dir, '--base', 'main', '--format', 'json');
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ conclusion: 'action_required', findings: [], breakingChanges: [], changes: [expect.objectContaining({ type: 'added', id: 'checkout-carts' })] });
    expect(json.approvals).toEqual([{ id: 'domain-owners:checkout', from: ['@acme/checkout-data'], count: 1, reason: 'DataProduct `checkout-carts` added', satisfied: false, by: [] }]);
  });

  it('reviews HEAD and ignores uncommitted edits', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
    await writeFiles(dir, { 'catalog/checkout/carts/product.yaml': 'kind: [broken' });
    const { code } = await review(dir, '--base', 'main');
    expect(code).toBe(3);
  });

  it('reviews another commit with --head', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
    git(dir, 'checkout', '-q', 'main');
    expect((await review(dir, '--base', 'main')).stdout).toMatch(/^success: No mesh changes/);
    expect((await review(dir, '--base', 'main', '--head', 'change')).code).toBe(3);
  });

  it('diffs from the merge base, so commits that landed on the base later are not this branch\'s changes', async () => {
    const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
    git(dir, 'checkout', '-q', 'main');
    await writeFiles(dir, { 'catalog/checkout/orders/access/marketing.yaml': null });
    git(dir, 'commit', '-q', '-am', 'revoke on main');
    const { stdout } = await review(dir, '--base', 'main', '--head', 'change', '--format', 'json');
    expect(JSON.parse(stdout).changes.map((c: { id: string }) => c.id)).toEqual(['checkout-carts']);
  });

  describe('security scenarios on a scratch repository', () => {
    const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
    const ML = 'catalog/checkout/orders/access/ml.yaml';
    const CHECKOUT = 'catalog/checkout/domain.yaml';
    const scenarios: { name: string; base?: Record<string, string>; changes: Record<string, string | null>; args: string[]; code: number }[] = [
      { name: 'author approves own grant', changes: { [ML]: ACCESS_REQUEST }, args: ['--author', 'maria', '--approved-by', 'maria'], code: 3 },
      {
        name: 'PR weakens a policy and violates it in the same PR',
        base: { 'policies/grants-expire.yaml': GRANTS_EXPIRE },
        changes: { 'policies/grants-expire.yaml': GRANTS_EXPIRE.replace('maximum: 365', 'maximum: 3650'), [ML]: ACCESS_REQUEST.replace('2027-03-31', '2031-03-31') },
        args: ['--approved-by', 'maria,lena,tom'],
        code: 1,
      },
      {
        name: 'PR adds its author as domain owner and a grant',
        changes: { [CHECKOUT]: reviewMesh[CHECKOUT].replace('  - "@acme/checkout-data"\n', '  - "@acme/checkout-data"\n  - "@mallory"\n'), [ML]: ACCESS_REQUEST },
        args: ['--author', 'mallory', '--approved-by', 'mallory'],
        code: 3,
      },
      { name: 'approval from a non-owner', changes: { [ML]: ACCESS_REQUEST }, args: ['--approved-by', 'eve'], code: 3 },
      { name: 'PR deletes a policy file', changes: { 'policies/products-have-tags.yaml': null }, args: ['--approved-by', 'tom'], code: 3 },
      { name: 'grant file renamed', changes: { [GRANT]: null, 'catalog/checkout/orders/access/mkt.yaml': reviewMesh[GRANT] }, args: ['--approved-by', 'lena'], code: 3 },
      { name: 'PR edits .github/workflows', changes: { '.github/workflows/ci.yml': 'on: push\n' }, args: ['--approved-by', 'tom'], code: 3 },
      { name: 'PR edits bot/', changes: { 'bot/cli/main.ts': 'export {};\n' }, args: ['--approved-by', 'tom'], code: 3 },
      {
        name: 'role approvers changed in the same PR as a grant',
        changes: { [ORDERS_CONTRACT]: reviewMesh[ORDERS_CONTRACT].replace('firstLevelApprovers: "@acme/checkout-data"', 'firstLevelApprovers: "@eve"'), [ML]: ACCESS_REQUEST },
        args: ['--author', 'mallory', '--approved-by', 'eve'],
        code: 3,
      },
    ];
    for (const scenario of scenarios) {
      it(`does not conclude success: ${scenario.name}`, async () => {
        const dir = await repoWithBranch(scenario.changes, scenario.base);
        const { code, stdout } = await review(dir, '--base', 'main', '--team-members', 'teams.yaml', ...scenario.args);
        expect(stdout).not.toMatch(/^success/);
        expect(code).toBe(scenario.code);
      });
    }

    it('does not count an approval by a commit\'s author named by a GitHub noreply e-mail (attack 6: authors)', async () => {
      const dir = await repoWithBranch({ [ML]: ACCESS_REQUEST });
      git(dir, 'commit', '-q', '--allow-empty', '-m', 'tweak', '--author', 'Tom T <4711+tom@users.noreply.github.com>');
      const { code, stdout } = await review(dir, '--base', 'main', '--team-members', 'teams.yaml', '--author', 'mallory', '--approved-by', 'tom');
      expect(stdout).not.toContain('approved by @tom');
      expect(code).toBe(3);
    });

    it('does not count an approval by a committer whose name is their GitHub login (attack 6: authors)', async () => {
      const dir = await repoWithBranch({ [ML]: ACCESS_REQUEST });
      execFileSync('git', [...GIT_CONFIG, '-c', 'user.name=tom', '-c', 'user.email=tom@example.com', 'commit', '-q', '--allow-empty', '-m', 'rebased'], { cwd: dir });
      const { code } = await review(dir, '--base', 'main', '--team-members', 'teams.yaml', '--author', 'mallory', '--approved-by', 'tom');
      expect(code).toBe(3);
    });

    it('does not count an approval by someone named in --committers (attack 6: authors)', async () => {
      const dir = await repoWithBranch({ [ML]: ACCESS_REQUEST });
      const { code } = await review(dir, '--base', 'main', '--team-members', 'teams.yaml', '--author', 'mallory', '--approved-by', 'tom', '--committers', '@tom');
      expect(code).toBe(3);
    });

    it('fails a submodule (gitlink) added inside catalog/ (attack 11: gitlinks)', async () => {
      const dir = await repoWithBranch({ [ML]: ACCESS_REQUEST });
      git(dir, 'update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},catalog/checkout/orders/access/vendored`);
      git(dir, 'commit', '-q', '-m', 'submodule');
      const { code, stdout } = await review(dir, '--base', 'main', '--team-members', 'teams.yaml', '--author', 'mallory', '--approved-by', 'tom');
      expect(stdout).toContain('catalog/checkout/orders/access/vendored');
      expect(stdout).toContain('file.gitlink');
      expect(code).toBe(1);
    });

    it('needs the platform approvers for a submodule (gitlink) added outside the mesh (attack 11: gitlinks)', async () => {
      const dir = await repoWithBranch({ [ML]: ACCESS_REQUEST });
      git(dir, 'update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/tools`);
      git(dir, 'commit', '-q', '-m', 'submodule');
      const { code, stdout } = await review(dir, '--base', 'main', '--team-members', 'teams.yaml', '--author', 'mallory', '--approved-by', 'tom');
      expect(stdout).toContain('platform paths changed (vendor/tools)');
      expect(code).toBe(3);
    });

    it('concludes success for an approval by a team member (positive case)', async () => {
      const dir = await repoWithBranch({ [ML]: ACCESS_REQUEST });
      const { code } = await review(dir, '--base', 'main', '--team-members', 'teams.yaml', '--author', 'mallory', '--approved-by', 'tom');
      expect(code).toBe(0);
    });
  });

  describe('usage errors (exit 2)', () => {
    it('requires --base', async () => {
      const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
      const { code, stderr } = await review(dir);
      expect(code).toBe(2);
      expect(stderr).toContain('--base REF is required');
    });
    it('rejects a ref that does not exist', async () => {
      const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
      const { code, stderr } = await review(dir, '--base', 'no-such-branch');
      expect(code).toBe(2);
      expect(stderr).toContain('--base no-such-branch: no such commit');
    });
    it('rejects an unknown format', async () => {
      const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT });
      expect((await review(dir, '--base', 'main', '--format', 'xml')).code).toBe(2);
    });
    it('rejects a team file that is not a map of logins', async () => {
      const dir = await repoWithBranch({ 'catalog/checkout/carts/product.yaml': NEW_PRODUCT, 'bad-teams.yaml': 'acme/x: maria\n' });
      const { code, stderr } = await review(dir, '--base', 'main', '--team-members', 'bad-teams.yaml');
      expect(code).toBe(2);
      expect(stderr).toContain('team "acme/x" must list logins');
    });
    it('rejects a directory that is not a git repository', async () => {
      const dir = await repos.tempDir();
      const { code, stderr } = await review(dir, '--base', 'main');
      expect(code).toBe(2);
      expect(stderr).toContain('is not inside a git repository');
    });
  });
});
