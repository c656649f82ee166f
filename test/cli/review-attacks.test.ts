/**
 * The core's answers to issue 11's attacks reach `meshgate review` unchanged (the app and the
 * Actions entry call the same review): one attack per class, through a scratch git repository
 * built from the review fixture mesh, asserted on the exit code and the printed line.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../bot/cli/review.ts';
import { reviewMesh } from '../fixtures/meshes/review/mesh.ts';
import { gitRepos } from './git-repo.ts';
import { newGrant } from '../core/review/pull.ts';

const TEAMS = 'acme/checkout-data: [maria, tom]\nacme/marketing: [lena]\nacme/privacy: [priya]\n';
const ORDERS_CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';
const GOVERNANCE = 'policies/governance.yaml';
const ML_GRANT = 'catalog/checkout/orders/access/ml.yaml';

const repos = gitRepos('attacks');

/** main holds the fixture mesh with `base` applied; the checked-out branch commits `changes` on top. */
const repo = (base: Record<string, string>, changes: Record<string, string>): Promise<string> =>
  repos.withBranch({ ...reviewMesh, 'teams.yaml': TEAMS, ...base }, changes, 'attack');

async function review(dir: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await run(['--now', '2026-11-24', '--base', 'main', '--author', 'mallory', '--team-members', 'teams.yaml', ...args], {
    cwd: dir, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined },
  });
  return { code, stdout };
}

/** The review fixture's new grant (test/core/review/pull.ts), with the given text replaced. */
const grant = (replace: Record<string, string> = {}) =>
  Object.entries(replace).reduce((text, [from, to]) => text.replace(from, to), newGrant());

describe('meshgate review against issue 11\'s attacks', () => {
  it('class 2: a role copied under a new name still needs the base role\'s second-level approvers (exit 3)', async () => {
    const strict = reviewMesh[ORDERS_CONTRACT].replace('    firstLevelApprovers: "@acme/checkout-data"\n', '    firstLevelApprovers: "@acme/checkout-data"\n    secondLevelApprovers: "@acme/privacy"\n');
    const copied = `${strict}  - role: analyst-copy\n    access: read\n    firstLevelApprovers: "@acme/checkout-data"\n`;
    const dir = await repo({ [ORDERS_CONTRACT]: strict }, { [ORDERS_CONTRACT]: copied, [ML_GRANT]: grant({ 'role: analyst': 'role: analyst-copy' }) });
    const { code, stdout } = await review(dir, '--approved-by', '@tom');
    expect(code).toBe(3);
    expect(stdout).toContain('[ ] 1 of @acme/privacy');
  });

  it('class 3: a marketing contract over checkout\'s table fails and names checkout\'s owners (exit 1)', async () => {
    const servers = 'servers:\n  - server: prod\n    type: postgres\n    host: db.acme\n    port: 5432\n    database: shop\n    schema: public\n';
    const declared = reviewMesh[ORDERS_CONTRACT].replace('schema:\n', `${servers}schema:\n`);
    const shadow = reviewMesh['catalog/marketing/audiences/audiences-v1.contract.yaml'].replace('schema:\n  - name: audiences\n', `${servers}schema:\n  - name: audiences\n    physicalName: orders\n`);
    const dir = await repo({ [ORDERS_CONTRACT]: declared }, { 'catalog/marketing/audiences/audiences-v1.contract.yaml': shadow });
    const { code, stdout } = await review(dir, '--approved-by', '@lena');
    expect(code).toBe(1);
    expect(stdout).toContain('error location.claimed contract "marketing-audiences-v1" describes postgres://db.acme/shop/public/orders');
    expect(stdout).toContain('its owners must approve: @acme/checkout-data');
  });

  it('class 5: a grant longer than the base allows fails though the branch raises grantMaxDays (exit 1)', async () => {
    const governance = (days: number) => `${reviewMesh[GOVERNANCE]}defaults:\n  grantMaxDays: ${days}\n`;
    const dir = await repo({ [GOVERNANCE]: governance(365) }, { [GOVERNANCE]: governance(3650), [ML_GRANT]: grant({ '2027-03-31': '2036-03-31' }) });
    const { code, stdout } = await review(dir, '--approved-by', '@tom,@maria,@lena');
    expect(code).toBe(1);
    expect(stdout).toContain('error grant.too-long access grant runs');
  });
});
