import { describe, expect, it } from 'vitest';
import { checkApprovals, latestReviews, principalsIn, requiredApprovals, reviewersToRequest, type Requirement } from '../../../bot/core/review/approvals.ts';
import { diffMeshes } from '../../../bot/core/review/changes.ts';
import { approval, baseFiles, changed, edit, load, newGrant, NOW, PATHS, pull } from './pull.ts';

const ML_GRANT = 'catalog/checkout/orders/access/ml.yaml';

function required(changes: Record<string, string | null>, base = baseFiles, consumers?: Map<string, string[]>) {
  const b = load(base);
  const headFiles = { ...base };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete headFiles[path];
    else headFiles[path] = text;
  }
  const h = load(headFiles);
  return requiredApprovals(b, h, diffMeshes(b, h), { now: NOW, consumers });
}

describe('principalsIn', () => {
  it('reads GitHub users and teams from a free-text approvers field', () => {
    expect(principalsIn('@acme/privacy, @alice and Reporting Manager')).toEqual(['@acme/privacy', '@alice']);
    expect(principalsIn('Reporting Manager')).toEqual([]);
  });
});

describe('requiredApprovals', () => {
  it('asks one owner of the domain for a product change', () => {
    expect(required(edit(PATHS.ordersProduct, 'tags: [orders]', 'tags: [sales]'))).toEqual([
      { id: 'domain-owners:checkout', from: ['@acme/checkout-data'], count: 1, reason: 'DataProduct `checkout-orders` modified' },
    ]);
  });

  it('asks the governance quorum for a product in a domain the base does not have', () => {
    const domain = baseFiles[PATHS.marketingDomain].replace(/marketing/g, 'search').replace('Marketing', 'Search');
    const product = `apiVersion: v1.0.0\nkind: DataProduct\nid: search-events\nstatus: draft\ndomain: search\ntags: [search]\n`;
    expect(required({ 'catalog/search/domain.yaml': domain, 'catalog/search/events/product.yaml': product }).map((r) => [r.id, r.count, r.from])).toEqual([
      ['governance-quorum', 2, ['@maria', '@lena']],
    ]);
  });

  it('asks the role\'s first-level approvers for an access request', () => {
    expect(required({ [ML_GRANT]: newGrant() })).toEqual([
      {
        id: 'role:checkout-orders-v1/analyst:first',
        from: ['@acme/checkout-data'],
        count: 1,
        reason: 'access grant `ml-checkout-orders` requested: first-level approvers of role `analyst` of `checkout-orders-v1`',
      },
    ]);
  });

  it('asks the second-level approvers as well when the role names them', () => {
    const base = changed(edit(PATHS.ordersContract, 'firstLevelApprovers: "@acme/checkout-data"', 'firstLevelApprovers: "@acme/checkout-data"\n    secondLevelApprovers: "@acme/privacy"'));
    expect(required({ [ML_GRANT]: newGrant() }, base).map((r) => [r.id, r.from])).toEqual([
      ['role:checkout-orders-v1/analyst:first', ['@acme/checkout-data']],
      ['role:checkout-orders-v1/analyst:second', ['@acme/privacy']],
    ]);
    expect(required({ [ML_GRANT]: newGrant() }, base).map((r) => r.distinctFrom)).toEqual([
      undefined,
      'role:checkout-orders-v1/analyst:first',
    ]);
  });

  it('falls back to the product\'s domain owners when the role names no GitHub approver', () => {
    const base = changed(edit(PATHS.ordersContract, 'firstLevelApprovers: "@acme/checkout-data"', 'firstLevelApprovers: Reporting Manager'));
    expect(required({ [ML_GRANT]: newGrant() }, base).map((r) => r.id)).toEqual(['domain-owners:checkout']);
  });

  it('adds the approvals of a base policy whose `when` matches the change', () => {
    const policy = `apiVersion: meshgate/v1
kind: Policy
id: restricted-needs-privacy
title: Restricted data needs the privacy team
principle: privacy-and-compliance
rationale: Restricted data is personal data.
severity: error
appliesTo: AccessGrant
when:
  properties:
    $contract:
      properties:
        schema:
          contains:
            properties:
              properties:
                contains: { properties: { classification: { const: restricted } }, required: [classification] }
approvals:
  - from: ["@acme/privacy"]
    reason: Restricted data leaves the domain
`;
    const base = { ...baseFiles, 'policies/restricted-needs-privacy.yaml': policy };
    expect(required({ [ML_GRANT]: newGrant() }, base).map((r) => [r.id, r.from, r.reason])).toContainEqual([
      'policy:restricted-needs-privacy',
      ['@acme/privacy'],
      'Restricted data leaves the domain (policy `restricted-needs-privacy`, AccessGrant `ml-checkout-orders`)',
    ]);
  });

  it('asks the owners of the domain to approve a revocation', () => {
    expect(required({ [PATHS.grant]: null }).map((r) => r.id)).toEqual(['domain-owners:checkout']);
  });

  it('asks the quorum and the current owners when a domain\'s owners change', () => {
    expect(required(edit(PATHS.marketingDomain, '"@acme/marketing"', '"@acme/growth"')).map((r) => [r.id, r.from])).toEqual([
      ['governance-quorum', ['@maria', '@lena']],
      ['domain-owners:marketing', ['@acme/marketing']],
    ]);
  });

  it('asks consumers of a breaking change to review, without blocking', () => {
    const consumers = new Map([['checkout-orders-v1', ['@acme/marketing']]]);
    expect(required(edit(PATHS.ordersContract, 'version: 1.0.0', 'version: 2.0.0'), baseFiles, consumers)).toContainEqual(
      expect.objectContaining({ id: 'consumers:checkout-orders-v1', from: ['@acme/marketing'], informational: true }),
    );
  });

  it('merges the reasons of one requirement asked for by several changes', () => {
    const reqs = required({
      ...edit(PATHS.ordersProduct, 'tags: [orders]', 'tags: [sales]'),
      ...edit(PATHS.ordersContract, 'description: Order identifier.', 'description: Id.'),
    });
    expect(reqs).toEqual([expect.objectContaining({ id: 'domain-owners:checkout', reason: 'DataContract `checkout-orders-v1` modified; DataProduct `checkout-orders` modified' })]);
  });
});

describe('latestReviews', () => {
  it('keeps an approval through a later comment', () => {
    const latest = latestReviews([approval('tom', 'APPROVED', 'h', '2026-01-01T00:00:00Z'), approval('tom', 'COMMENTED', 'h', '2026-01-02T00:00:00Z')]);
    expect(latest.get('tom')?.state).toBe('APPROVED');
  });
  it('lets a later change request replace an approval', () => {
    const latest = latestReviews([approval('tom', 'CHANGES_REQUESTED', 'h', '2026-01-02T00:00:00Z'), approval('tom', 'APPROVED', 'h', '2026-01-01T00:00:00Z')]);
    expect(latest.get('tom')?.state).toBe('CHANGES_REQUESTED');
  });
});

describe('checkApprovals', () => {
  const owners: Requirement = { id: 'domain-owners:checkout', from: ['@acme/checkout-data'], count: 1, reason: 'product changed' };
  const quorum: Requirement = { id: 'governance-quorum', from: ['@maria', '@lena', '@acme/platform'], count: 2, reason: 'policies changed' };
  const teams = { 'acme/checkout-data': ['maria', 'Tom'], 'acme/platform': ['pat', 'maria'] };
  const check = (reqs: Requirement[], ...reviews: ReturnType<typeof approval>[]) => checkApprovals(reqs, pull('mallory', reviews, teams));

  it('counts an approval on the head commit by a member of a named team', async () => {
    expect(await check([owners], approval('tom'))).toEqual([{ ...owners, satisfied: true, by: ['tom'] }]);
  });
  it('does not count a dismissed approval', async () => {
    expect((await check([owners], approval('tom', 'APPROVED', undefined, '2026-11-24T09:00:00Z'), approval('tom', 'DISMISSED')))[0].satisfied).toBe(false);
  });
  it('blocks a requirement while one of its approvers requests changes', async () => {
    const [r] = await check([owners], approval('tom'), approval('maria', 'CHANGES_REQUESTED'));
    expect(r).toMatchObject({ satisfied: false, by: ['tom'], reason: 'product changed — changes requested by @maria' });
  });
  it('ignores change requests from people the requirement does not name', async () => {
    expect((await check([owners], approval('tom'), approval('eve', 'CHANGES_REQUESTED')))[0].satisfied).toBe(true);
  });
  it('does not let one person give both the first- and the second-level approval', async () => {
    const first: Requirement = { id: 'role:c/r:first', from: ['@acme/checkout-data'], count: 1, reason: 'first' };
    const second: Requirement = { id: 'role:c/r:second', from: ['@maria'], count: 1, reason: 'second', distinctFrom: 'role:c/r:first' };
    const alone = await check([first, second], approval('maria'));
    expect(alone.map((a) => a.satisfied)).toEqual([true, false]);
    expect(alone[1].reason).toBe('second — needs someone other than the approver of the first level');
    expect((await check([first, second], approval('maria'), approval('tom'))).map((a) => a.satisfied)).toEqual([true, true]);
  });
  it('counts distinct members toward a quorum, directly or through a team', async () => {
    expect((await check([quorum], approval('maria')))[0]).toMatchObject({ satisfied: false, by: ['maria'] });
    expect((await check([quorum], approval('maria'), approval('pat')))[0]).toMatchObject({ satisfied: true, by: ['maria', 'pat'] });
  });
});

describe('reviewersToRequest', () => {
  it('asks the users and teams of unmet requirements, never the author', () => {
    const approvals = [
      { id: 'a', from: ['@mallory', '@lena', '@acme/privacy'], count: 1, reason: '', satisfied: false, by: [] },
      { id: 'b', from: ['@tom'], count: 1, reason: '', satisfied: true, by: ['tom'] },
    ];
    expect(reviewersToRequest(approvals, 'Mallory')).toEqual({ users: ['lena'], teams: ['acme/privacy'] });
  });

  it('never asks the grant’s requester either', () => {
    const approvals = [{ id: 'a', from: ['@olga', '@lena'], count: 1, reason: '', satisfied: false, by: [] }];
    expect(reviewersToRequest(approvals, 'meshgate[bot]', ['Olga'])).toEqual({ users: ['lena'], teams: [] });
  });
});
