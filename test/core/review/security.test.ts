/**
 * The review's security properties: a pull request cannot approve itself, cannot use approvals
 * given to another commit, and is judged by the base's rules whatever it changes in them.
 * Only the team-membership case may conclude success: it is the positive control.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../../bot/core/review/review.ts';
import type { PullReview } from '../../../bot/core/review/types.ts';
import { approval, baseFiles, changed, edit, load, newGrant, NOW, OLD_SHA, PATHS, pull } from './pull.ts';

const TEAMS = { 'acme/checkout-data': ['maria', 'tom'], 'acme/marketing': ['lena'], 'acme/platform': ['pat'] };
const ML_GRANT = 'catalog/checkout/orders/access/ml.yaml';

/** A base policy: grants to a contract with a property tagged pii also need the privacy team. */
const PII_GRANTS_PRIVACY = `apiVersion: meshgate/v1
kind: Policy
id: pii-grants-privacy
title: Grants to personal data need the privacy team
principle: privacy-and-compliance
rationale: The privacy team confirms the purpose of every use of personal data.
severity: error
appliesTo: AccessGrant
when:
  required: [$contract]
  properties:
    $contract:
      properties:
        schema:
          contains:
            properties:
              properties:
                contains: { required: [tags], properties: { tags: { contains: { const: pii } } } }
approvals:
  - from: ["@acme/privacy"]
`;

async function run(changes: Record<string, string | null>, author: string, reviews: PullReview[], base = baseFiles) {
  const baseMesh = load(base);
  const headFiles = { ...base };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete headFiles[path];
    else headFiles[path] = text;
  }
  return review(baseMesh, load(headFiles), pull(author, reviews, TEAMS), { now: NOW });
}

describe('security', () => {
  it('does not count the author approving their own access grant', async () => {
    const r = await run({ [ML_GRANT]: newGrant() }, 'maria', [approval('maria')]);
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.find((a) => a.id === 'role:checkout-orders-v1/analyst:first')).toMatchObject({ satisfied: false, by: [] });
  });

  it('does not count the requester approving a grant someone else opened for them (the app, for an issue-form request)', async () => {
    const r = await run({ [ML_GRANT]: newGrant().replace('"@mallory"', '"@maria"') }, 'meshgate[bot]', [approval('maria')]);
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.find((a) => a.id === 'role:checkout-orders-v1/analyst:first')).toMatchObject({ satisfied: false, by: [] });
  });

  it('does not count an approval given before a new push', async () => {
    const r = await run({ [ML_GRANT]: newGrant() }, 'mallory', [approval('tom', 'APPROVED', OLD_SHA)]);
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.every((a) => a.by.length === 0)).toBe(true);
  });

  it('judges a PR that weakens a policy and violates it by the base policy', async () => {
    const policy = `apiVersion: meshgate/v1
kind: Policy
id: grants-expire
title: Access grants expire within a year
principle: access-and-security
rationale: Access is re-assessed at least yearly.
severity: error
appliesTo: AccessGrant
require:
  properties:
    $validDays: { maximum: 365 }
`;
    const base = { ...baseFiles, 'policies/grants-expire.yaml': policy };
    const r = await run(
      { 'policies/grants-expire.yaml': policy.replace('maximum: 365', 'maximum: 3650'), [ML_GRANT]: newGrant().replace('2027-03-31', '2031-03-31') },
      'mallory',
      [approval('tom'), approval('maria')],
      base,
    );
    expect(r.conclusion).toBe('failure');
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'policy:grants-expire', file: ML_GRANT, severity: 'error' }));
    expect(r.policyImpact).toContainEqual(expect.objectContaining({ policy: 'grants-expire', id: 'ml-checkout-orders', effect: 'newly-passing' }));
  });

  it('reads owners from the base when a PR adds its author as domain owner and a grant', async () => {
    const r = await run(
      { ...edit(PATHS.checkoutDomain, '  - "@acme/checkout-data"\n', '  - "@acme/checkout-data"\n  - "@mallory"\n'), [ML_GRANT]: newGrant() },
      'mallory',
      [approval('mallory')],
    );
    expect(r.conclusion).toBe('action_required');
    expect(r.categories).toEqual(['access-request', 'domain-change', 'ownership-change']);
    expect(r.approvals.find((a) => a.id === 'domain-owners:checkout')?.from).toEqual(['@acme/checkout-data']);
    expect(r.approvals.find((a) => a.id === 'governance-quorum')).toMatchObject({ count: 2, satisfied: false });
  });

  it('does not count an approval from a non-owner', async () => {
    const r = await run({ [ML_GRANT]: newGrant() }, 'mallory', [approval('eve')]);
    expect(r.conclusion).toBe('action_required');
    expect(r.reviewersToRequest).toEqual({ users: [], teams: ['acme/checkout-data'] });
  });

  it('counts an approval by a team member resolved through the team (positive case)', async () => {
    const r = await run({ [ML_GRANT]: newGrant() }, 'mallory', [approval('tom')]);
    expect(r.conclusion).toBe('success');
    expect(r.approvals).toEqual([expect.objectContaining({ id: 'role:checkout-orders-v1/analyst:first', satisfied: true, by: ['tom'] })]);
  });

  it('needs the governance quorum when a PR deletes a policy file', async () => {
    const r = await run({ [PATHS.tagsPolicy]: null }, 'maria', [approval('tom'), approval('lena')]);
    expect(r.conclusion).toBe('action_required');
    expect(r.categories).toEqual(['policy-change']);
    expect(r.approvals).toEqual([expect.objectContaining({ id: 'governance-quorum', from: ['@maria', '@lena'], count: 2, by: ['lena'], satisfied: false })]);
  });

  it('treats a grant file renamed in place as an access request', async () => {
    const r = await run({ [PATHS.grant]: null, 'catalog/checkout/orders/access/mkt.yaml': baseFiles[PATHS.grant] }, 'lena', []);
    expect(r.changes).toEqual([expect.objectContaining({ type: 'moved', kind: 'AccessGrant', previousFile: PATHS.grant })]);
    expect(r.conclusion).toBe('action_required');
  });

  it('needs both products\' approvers when a grant moves to another product', async () => {
    const moved = baseFiles[PATHS.grant]
      .replace('dataProduct: checkout-orders', 'dataProduct: marketing-audiences')
      .replace('outputPort: orders', 'outputPort: audiences')
      .replace('role: analyst', 'role: reader');
    const r = await run({ [PATHS.grant]: null, 'catalog/marketing/audiences/access/marketing.yaml': moved }, 'lena', [approval('lena')]);
    // (The move also leaves marketing's input port on the orders contract without a grant: lineage.no-grant, a finding of its own.)
    expect(r.approvals.map((a) => [a.id, a.satisfied])).toEqual([
      ['domain-owners:marketing', false],
      ['domain-owners:checkout', false],
    ]);
  });

  it('needs the platform approvers when a PR edits .github/workflows', async () => {
    const r = await run({ '.github/workflows/ci.yml': 'on: push\njobs: {}\n' }, 'maria', [approval('tom')]);
    expect(r.conclusion).toBe('action_required');
    expect(r.categories).toEqual(['platform-change']);
    expect(r.approvals).toEqual([expect.objectContaining({ id: 'platform-approvers', from: ['@acme/platform'], satisfied: false })]);
  });

  it('needs the platform approvers when a PR edits bot/', async () => {
    const base = { ...baseFiles, 'bot/core/review/approvals.ts': 'export {};\n' };
    const r = await run({ 'bot/core/review/approvals.ts': 'export const approved = true;\n' }, 'maria', [approval('tom')], base);
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.map((a) => a.id)).toEqual(['platform-approvers']);
  });

  it('does not let one person approve both levels of a role with a second-level approver', async () => {
    const base = changed(edit(PATHS.ordersContract, 'firstLevelApprovers: "@acme/checkout-data"', 'firstLevelApprovers: "@acme/checkout-data"\n    secondLevelApprovers: "@maria"'));
    const r = await run({ [ML_GRANT]: newGrant() }, 'mallory', [approval('maria')], base);
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.map((a) => [a.id, a.satisfied])).toEqual([
      ['role:checkout-orders-v1/analyst:first', true],
      ['role:checkout-orders-v1/analyst:second', false],
    ]);
  });

  it('keeps a policy\'s approvals when a PR adds a grant and drops the pii tag from its contract', async () => {
    const base = { ...baseFiles, 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY };
    const r = await run(
      { ...edit(PATHS.ordersContract, '        tags: [pii]\n', ''), [ML_GRANT]: newGrant() },
      'mallory',
      [approval('tom')],
      base,
    );
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.find((a) => a.id === 'policy:pii-grants-privacy')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('keeps a policy\'s approvals when a PR removes the pii tag that made the contract match', async () => {
    const policy = PII_GRANTS_PRIVACY.replace('id: pii-grants-privacy', 'id: pii-contracts-privacy')
      .replace('appliesTo: AccessGrant', 'appliesTo: DataContract')
      .replace('  required: [$contract]\n  properties:\n    $contract:\n      properties:\n        schema:', '  properties:\n        schema:');
    const base = { ...baseFiles, 'policies/pii-contracts-privacy.yaml': policy };
    const r = await run(edit(PATHS.ordersContract, '        tags: [pii]\n', ''), 'maria', [approval('tom')], base);
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.find((a) => a.id === 'policy:pii-contracts-privacy')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('still asks a policy\'s approvers when the base policy cannot be evaluated', async () => {
    const broken = PII_GRANTS_PRIVACY.replace('  required: [$contract]\n', '  required: [$contract]\n  $ref: "https://example.com/pii.json"\n');
    const base = { ...baseFiles, 'policies/pii-grants-privacy.yaml': broken };
    const r = await run({ [ML_GRANT]: newGrant() }, 'mallory', [approval('tom')], base);
    expect(r.conclusion).toBe('failure');
    expect(r.approvals.find((a) => a.id === 'policy:pii-grants-privacy')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('fails a PR that adds a second Governance entity, which would take over by path order', async () => {
    const lax = baseFiles[PATHS.governance].replace('id: governance', 'id: lax').replace('quorum: 2', 'quorum: 1').replace('checkout: ["@maria"]', 'checkout: ["@mallory"]');
    const r = await run({ 'policies/aaa-governance.yaml': lax }, 'mallory', [approval('lena')]);
    expect(r.conclusion).toBe('failure');
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'governance.duplicate', severity: 'error' }));
    expect(r.approvals).toEqual([expect.objectContaining({ id: 'governance-quorum', from: ['@maria', '@lena'], count: 2, satisfied: false })]);
  });

  it('needs the base quorum when a PR makes governance.yaml invalid', async () => {
    const r = await run({ [PATHS.governance]: 'kind: Governance\nmembers: [\n' }, 'mallory', [approval('lena')]);
    expect(r.conclusion).toBe('failure');
    expect(r.approvals).toEqual([expect.objectContaining({ id: 'governance-quorum', from: ['@maria', '@lena'], satisfied: false })]);
  });

  it('asks the governance quorum for a grant to a product added in the same PR', async () => {
    const product = baseFiles[PATHS.ordersProduct].replace('id: checkout-orders', 'id: checkout-returns').replace('contractId: checkout-orders-v1', 'contractId: checkout-returns-v1');
    const contract = baseFiles[PATHS.ordersContract]
      .replace('id: checkout-orders-v1', 'id: checkout-returns-v1')
      .replace('dataProduct: checkout-orders', 'dataProduct: checkout-returns')
      .replace('firstLevelApprovers: "@acme/checkout-data"', 'firstLevelApprovers: "@mallory"');
    const grant = newGrant('ml-returns').replace('dataProduct: checkout-orders', 'dataProduct: checkout-returns');
    const r = await run(
      { 'catalog/checkout/returns/product.yaml': product, 'catalog/checkout/returns/returns-v1.contract.yaml': contract, 'catalog/checkout/returns/access/ml.yaml': grant },
      'mallory',
      [approval('tom')],
    );
    expect(r.conclusion).toBe('action_required');
    expect(r.approvals.find((a) => a.id === 'governance-quorum')).toMatchObject({ satisfied: false });
  });

  it('does not conclude when a team approver\'s membership cannot be read', async () => {
    const pr = { ...pull('mallory', [approval('tom')]), teamMembers: async () => Promise.reject(new Error('HTTP 403 reading acme/checkout-data')) };
    await expect(review(load(baseFiles), load({ ...baseFiles, [ML_GRANT]: newGrant() }), pr, { now: NOW })).rejects.toThrow('HTTP 403');
  });

  it('reads role approvers from the base when a PR changes them and adds a grant', async () => {
    const r = await run(
      { ...edit(PATHS.ordersContract, 'firstLevelApprovers: "@acme/checkout-data"', 'firstLevelApprovers: "@eve"'), [ML_GRANT]: newGrant() },
      'mallory',
      [approval('eve')],
    );
    expect(r.conclusion).toBe('action_required');
    expect(r.categories).toContain('ownership-change');
    expect(r.approvals.find((a) => a.id === 'role:checkout-orders-v1/analyst:first')).toMatchObject({ from: ['@acme/checkout-data'], satisfied: false });
  });
});
