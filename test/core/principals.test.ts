/**
 * Only `@login` and `@org/team` are approvers. An e-mail address or a URL holds an `@` too, but
 * names no GitHub account: reading one out of it would let whoever registers that login approve.
 */
import { describe, expect, it } from 'vitest';
import { KIND_INFO } from '../../bot/core/kinds/index.ts';
import { parseApprovers, parsePrincipal, PRINCIPAL_PATTERN } from '../../bot/core/principals.ts';
import { review } from '../../bot/core/review/review.ts';
import { validateMesh } from '../../bot/core/validate/mesh.ts';
import { approval, baseFiles, changed, edit, load, newGrant, NOW, PATHS, pull } from './review/pull.ts';

const ML_GRANT = 'catalog/checkout/orders/access/ml.yaml';
const TEAMS = { 'acme/checkout-data': ['maria', 'tom'], 'x/y': ['xavier'] };

/** The base with the orders contract's analyst role approved by `first` (and `second`, if given). */
function baseWithApprovers(first: string, second?: string): Record<string, string> {
  const lines = `firstLevelApprovers: ${JSON.stringify(first)}${second === undefined ? '' : `\n    secondLevelApprovers: ${JSON.stringify(second)}`}`;
  return changed(edit(PATHS.ordersContract, 'firstLevelApprovers: "@acme/checkout-data"', lines));
}

async function grantReview(base: Record<string, string>, approver: string) {
  return review(load(base), load({ ...base, [ML_GRANT]: newGrant() }), pull('mallory', [approval(approver)], TEAMS), { now: NOW });
}

describe('principals', () => {
  it('an e-mail address in firstLevelApprovers (dpo@acme-privacy.eu) does not let the GitHub user @acme-privacy approve a grant', async () => {
    const r = await grantReview(baseWithApprovers('dpo@acme-privacy.eu'), 'acme-privacy');
    expect(r.conclusion).toBe('action_required');
  });

  it('a URL with /@x/y in secondLevelApprovers does not let a member of team @x/y approve the second level', async () => {
    const r = await grantReview(baseWithApprovers('@maria', 'https://wiki.example.com/@x/y/approvers'), 'xavier');
    expect(r.approvals.flatMap((a) => a.by)).not.toContain('xavier');
  });

  it('an e-mail address in firstLevelApprovers leaves the grant to the domain owners, as a role with no GitHub approvers does', async () => {
    const r = await grantReview(baseWithApprovers('dpo@acme-privacy.eu'), 'tom');
    expect(r.conclusion).toBe('success');
  });

  it('an approver that is not a GitHub principal is a warning at its line', () => {
    const files = baseWithApprovers('@alice, dpo@acme-privacy.eu');
    const findings = validateMesh(load(files), { now: NOW }).filter((f) => f.code === 'contract.approver-not-github');
    expect(findings).toMatchObject([
      {
        severity: 'warning',
        file: PATHS.ordersContract,
        line: files[PATHS.ordersContract].split('\n').findIndex((l) => l.includes('firstLevelApprovers')) + 1,
        path: '/roles/0/firstLevelApprovers',
        message: 'firstLevelApprovers of role "analyst" names "dpo@acme-privacy.eu", which is not a GitHub user (@login) or team (@org/team): an e-mail address or URL is not read as an account; only @alice is asked to approve',
      },
    ]);
  });

  it('GitHub principals in an approvers field are not findings', () => {
    const findings = validateMesh(load(baseWithApprovers('@alice, @acme/privacy; @bob @carol')), { now: NOW });
    expect(findings.filter((f) => f.code === 'contract.approver-not-github')).toEqual([]);
  });

  it('reads users and teams, separated by commas, semicolons or spaces, and nothing else', () => {
    expect(parseApprovers('@alice, @acme/privacy; @bob @carol, dpo@acme-privacy.eu, Reporting Manager, https://x.org/@x/y')).toEqual({
      principals: ['@alice', '@acme/privacy', '@bob', '@carol'],
      others: ['dpo@acme-privacy.eu', 'Reporting Manager', 'https://x.org/@x/y'],
    });
  });

  it('parses @login as a user and @org/team as a team', () => {
    expect([parsePrincipal('@alice'), parsePrincipal('@acme/privacy'), parsePrincipal('alice'), parsePrincipal('@acme/privacy/x')]).toEqual([
      { kind: 'user', text: '@alice', login: 'alice' },
      { kind: 'team', text: '@acme/privacy', org: 'acme', slug: 'privacy' },
      undefined,
      undefined,
    ]);
  });

  it("the kinds' schemas spell a principal exactly as principals.ts does", () => {
    const patterns = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'pattern' && typeof value === 'string' && value.startsWith('^@')) patterns.add(value);
          walk(value);
        }
      }
    };
    for (const info of Object.values(KIND_INFO)) walk(info.schema);
    expect([...patterns]).toEqual([PRINCIPAL_PATTERN]);
  });

  it('the base mesh has no approver findings', () => {
    expect(validateMesh(load(baseFiles), { now: NOW }).filter((f) => f.code === 'contract.approver-not-github')).toEqual([]);
  });
});
