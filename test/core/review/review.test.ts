import { describe, expect, it } from 'vitest';
import { review } from '../../../bot/core/review/review.ts';
import type { PullReview } from '../../../bot/core/review/types.ts';
import { approval, baseFiles, edit, load, newGrant, NOW, PATHS, policyFile, pull } from './pull.ts';

const TEAMS = { 'acme/checkout-data': ['maria', 'tom'], 'acme/marketing': ['lena'] };

async function run(changes: Record<string, string | null>, reviews: PullReview[] = [], base = baseFiles, author = 'mallory') {
  const headFiles = { ...base };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete headFiles[path];
    else headFiles[path] = text;
  }
  return review(load(base), load(headFiles), pull(author, reviews, TEAMS), { now: NOW });
}

const PROPERTIES_DESCRIBED = policyFile(
  'properties-described',
  `appliesTo: DataContract
require:
  properties:
    schema:
      items:
        properties:
          properties:
            items: { required: [description] }
`,
);

describe('review', () => {
  it("judges a grant's expiry on the review's date, not the clock's", async () => {
    const grant = newGrant().replace('validUntil: "2027-03-31"', 'validUntil: "2025-01-31"');
    const r = await review(load(baseFiles), load({ ...baseFiles, 'catalog/checkout/orders/access/ml.yaml': grant }), pull('mallory', [], TEAMS), { now: new Date('2024-06-01T12:00:00Z') });
    expect(r.findings.filter((f) => f.code === 'grant.expired')).toEqual([]);
  });

  it('concludes success with nothing to approve when nothing changed', async () => {
    const r = await run({});
    expect(r).toMatchObject({ conclusion: 'success', title: 'No mesh changes: all checks passed', findings: [], approvals: [] });
  });

  it('needs the domain owner for a new product', async () => {
    const product = `apiVersion: v1.0.0\nkind: DataProduct\nid: checkout-carts\nname: Carts\nstatus: draft\ndomain: checkout\ntags: [carts]\n`;
    const r = await run({ 'catalog/checkout/carts/product.yaml': product });
    expect(r.conclusion).toBe('action_required');
    expect(r.title).toBe('New data product: needs approval from @acme/checkout-data');
    expect(r.reviewersToRequest).toEqual({ users: [], teams: ['acme/checkout-data'] });
  });

  it('fails on a schema error in a changed file', async () => {
    const r = await run({ 'catalog/checkout/orders/access/ml.yaml': newGrant().replace('role: analyst\n', '') });
    expect(r.conclusion).toBe('failure');
    expect(r.findings).toContainEqual(expect.objectContaining({ file: 'catalog/checkout/orders/access/ml.yaml', severity: 'error' }));
  });

  it('keeps a new error the change causes in an unchanged file', async () => {
    const r = await run({ [PATHS.audiencesContract]: null, [PATHS.audiencesProduct]: null, [PATHS.grant]: null, [PATHS.ordersContract]: null });
    expect(r.conclusion).toBe('failure');
    expect(r.findings).toContainEqual(expect.objectContaining({ file: PATHS.ordersProduct, code: 'reference.contract' }));
  });

  it('keeps a policy failure the change causes in an unchanged file through its view', async () => {
    const noRestricted = policyFile(
      'grants-avoid-restricted',
      `appliesTo: AccessGrant
require:
  properties:
    $contract:
      properties:
        schema:
          items:
            properties:
              properties:
                items: { properties: { classification: { not: { const: secret } } } }
`,
    );
    const base = { ...baseFiles, 'policies/grants-avoid-restricted.yaml': noRestricted };
    const r = await run(edit(PATHS.ordersContract, 'classification: restricted', 'classification: secret'), [approval('tom')], base);
    expect(r.findings).toEqual([expect.objectContaining({ file: PATHS.grant, code: 'policy:grants-avoid-restricted', path: '/outputPort' })]);
    expect(r.conclusion).toBe('failure');
  });

  it('leaves out what the base already got wrong in files the PR does not touch', async () => {
    const base = { ...baseFiles, 'policies/properties-described.yaml': PROPERTIES_DESCRIBED, [PATHS.audiencesContract]: baseFiles[PATHS.audiencesContract].replace('        description: Audience identifier.\n', '') };
    const r = await run(edit(PATHS.ordersProduct, 'tags: [orders]', 'tags: [orders, sales]'), [approval('tom')], base);
    expect(r.findings).toEqual([]);
    expect(r.conclusion).toBe('success');
  });

  it('reports every finding of a file the PR touches, old or new', async () => {
    const base = { ...baseFiles, 'policies/properties-described.yaml': PROPERTIES_DESCRIBED, [PATHS.audiencesContract]: baseFiles[PATHS.audiencesContract].replace('        description: Audience identifier.\n', '') };
    const r = await run({ [PATHS.audiencesContract]: base[PATHS.audiencesContract].replace('status: active', 'status: active\ntags: [audiences]') }, [approval('lena')], base);
    expect(r.findings.map((f) => f.code)).toEqual(['policy:properties-described']);
    expect(r.conclusion).toBe('failure');
  });

  it('fails while a base policy cannot be evaluated, instead of passing without it', async () => {
    const base = { ...baseFiles, 'policies/broken.yaml': policyFile('broken', 'appliesTo: DataProduct\nrequire: { type: 12 }\n') };
    const r = await run(edit(PATHS.ordersProduct, 'tags: [orders]', 'tags: [sales]'), [approval('tom')], base);
    expect(r.findings).toEqual([expect.objectContaining({ file: 'policies/broken.yaml', code: 'policy.invalid', severity: 'error' })]);
    expect(r.findings[0].message).toMatch(/so this pull request cannot be fully judged$/);
    expect(r.conclusion).toBe('failure');
  });

  it('does not block the pull request that fixes a base policy it cannot evaluate', async () => {
    const base = { ...baseFiles, 'policies/broken.yaml': policyFile('broken', 'appliesTo: DataProduct\nrequire: { type: 12 }\n') };
    const r = await run({ 'policies/broken.yaml': policyFile('broken', 'appliesTo: DataProduct\nrequire: { type: object }\n') }, [], base);
    expect(r.findings).toEqual([expect.objectContaining({ file: 'policies/broken.yaml', code: 'policy.invalid', severity: 'warning' })]);
    expect(r.conclusion).not.toBe('failure');
  });

  it('reports malformed contract documents as findings instead of throwing', async () => {
    const shapes = [
      'schema: not-a-list',
      'schema:\n  - 42\n  - name: orders\n    properties: {}',
      'schema:\n  - name: orders\n    properties:\n      - null\n      - name: order_id\n        logicalTypeOptions: [1]\n        quality: 7',
    ];
    const contracts = shapes.map((shape) => baseFiles[PATHS.ordersContract].replace(/^schema:\n(  .*\n)+/m, `${shape}\n`));
    contracts.push(baseFiles[PATHS.ordersContract].replace(/^slaProperties:[\s\S]*$/m, 'slaProperties: { latency: 4 }\nroles: [null]\nservers: "x"\n'));
    for (const contract of contracts) {
      expect(contract).not.toBe(baseFiles[PATHS.ordersContract]);
      const r = await run({ [PATHS.ordersContract]: contract }, [approval('tom')]);
      expect(r.conclusion).toBe('failure');
    }
  });

  describe('breaking contract changes', () => {
    const dropEmail = (version: string) => ({
      [PATHS.ordersContract]: baseFiles[PATHS.ordersContract]
        .replace('version: 1.0.0', `version: ${version}`)
        .replace(/      - name: customer_email\n(        .*\n)+?(?=      - name)/, ''),
    });

    it('fails without a major version bump and names the consumers', async () => {
      const r = await run(dropEmail('1.1.0'), [approval('tom')]);
      expect(r.conclusion).toBe('failure');
      expect(r.title).toBe('Contract change: 1 error, 1 breaking change');
      expect(r.breakingChanges).toEqual([
        expect.objectContaining({
          contractId: 'checkout-orders-v1',
          reason: 'property `orders.customer_email` removed: consumers reading it break',
          affectedGrants: [{ id: 'marketing-checkout-orders', file: PATHS.grant, team: '@acme/marketing', dataProduct: 'marketing-audiences', validUntil: '2027-06-30' }],
        }),
      ]);
      expect(r.findings).toEqual([expect.objectContaining({ code: 'contract.breaking-without-major', file: PATHS.ordersContract, line: 5 })]);
    });

    it('passes with a major bump once the owner approves, asking the consumers to review', async () => {
      const r = await run(dropEmail('2.0.0'), [approval('tom')]);
      expect(r.conclusion).toBe('success');
      expect(r.approvals).toContainEqual(expect.objectContaining({ id: 'consumers:checkout-orders-v1', informational: true, satisfied: false }));
      expect(r.reviewersToRequest.teams).toEqual(['acme/marketing']);
    });
  });

  describe('policy changes', () => {
    it('needs the quorum and previews what the new policy would flag', async () => {
      const r = await run({ 'policies/properties-described.yaml': PROPERTIES_DESCRIBED.replace('severity: error', 'severity: warning') }, [approval('maria')]);
      expect(r.conclusion).toBe('action_required');
      expect(r.title).toBe('Policy change: needs approval from @lena');
      expect(r.findings).toEqual([]);
      expect(r.policyImpact).toEqual([]);
    });

    it('lists entities that would newly fail under the head policies', async () => {
      const base = { ...baseFiles, [PATHS.audiencesContract]: baseFiles[PATHS.audiencesContract].replace('        description: Audience identifier.\n', '') };
      const r = await run({ 'policies/properties-described.yaml': PROPERTIES_DESCRIBED }, [], base);
      expect(r.policyImpact).toEqual([
        {
          policy: 'properties-described',
          kind: 'DataContract',
          id: 'marketing-audiences-v1',
          file: PATHS.audiencesContract,
          line: expect.any(Number),
          column: expect.any(Number),
          effect: 'newly-failing',
          message: 'Policy properties-described: `schema[audiences].properties[audience_id]` is missing `description`',
        },
      ]);
      expect(r.findings).toEqual([]);
    });

    it('blocks a policy change that leaves a broken base policy as it is', async () => {
      const base = { ...baseFiles, 'policies/broken.yaml': policyFile('broken', 'appliesTo: DataProduct\nrequire: { type: 12 }\n') };
      const r = await run({ 'policies/properties-described.yaml': PROPERTIES_DESCRIBED }, [approval('maria'), approval('lena')], base);
      expect(r.findings.map((f) => [f.file, f.severity])).toEqual([['policies/broken.yaml', 'error']]);
      expect(r.conclusion).toBe('failure');
    });

    it('fails when the PR adds a policy that cannot be evaluated', async () => {
      const r = await run({ 'policies/broken.yaml': policyFile('broken', 'appliesTo: DataProduct\nrequire:\n  $ref: https://example.com/p.json\n') });
      expect(r.conclusion).toBe('failure');
      expect(r.findings).toEqual([expect.objectContaining({ file: 'policies/broken.yaml', code: 'policy.invalid', severity: 'error' })]);
    });
  });
});
