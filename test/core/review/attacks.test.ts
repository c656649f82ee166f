/**
 * The gate against an attacker (issue 11, classes 2–5): a pull request never needs fewer
 * approvals, nor gets a weaker conclusion, than its change deserves. Each test is one attack on
 * the small mesh, named for it; each asserts what the attacker hoped to avoid.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../../bot/core/review/review.ts';
import type { PullReview } from '../../../bot/core/review/types.ts';
import { approval, baseFiles, edit, load, newGrant, NOW, PATHS, pull } from './pull.ts';

const TEAMS = {
  'acme/checkout-data': ['maria', 'tom'],
  'acme/marketing': ['lena', 'mallory'],
  'acme/platform': ['pat'],
  'acme/privacy': ['priya'],
};
const ML_GRANT = 'catalog/checkout/orders/access/ml.yaml';

/** The base with some files replaced or added (string) or removed (null). */
function files(changes: Record<string, string | null>, base: Record<string, string> = baseFiles): Record<string, string> {
  const out = { ...base };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return out;
}

async function run(changes: Record<string, string | null>, author: string, reviews: PullReview[], base = baseFiles) {
  return review(load(base), load(files(changes, base)), pull(author, reviews, TEAMS), { now: NOW });
}

const requirement = (r: { approvals: { id: string }[] }, id: string) => r.approvals.find((a) => a.id === id);

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

const GOVERNANCE = baseFiles[PATHS.governance];

describe('attack class 5: governance read from the head', () => {
  it('grant.too-long: a PR that raises grantMaxDays and adds a ten-year grant is judged by the base limit', async () => {
    const base = files({ [PATHS.governance]: `${GOVERNANCE}defaults:\n  grantMaxDays: 365\n` });
    const r = await run(
      { [PATHS.governance]: `${GOVERNANCE}defaults:\n  grantMaxDays: 3650\n`, [ML_GRANT]: newGrant().replace('2027-03-31', '2036-03-31') },
      'mallory',
      [approval('tom'), approval('maria'), approval('lena')],
      base,
    );
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'grant.too-long', file: ML_GRANT, severity: 'error', message: expect.stringContaining('governance allows at most 365') }));
  });

  it('grant.too-long: a PR that removes grantMaxDays from governance still gets the base limit', async () => {
    const base = files({ [PATHS.governance]: `${GOVERNANCE}defaults:\n  grantMaxDays: 365\n` });
    const r = await run({ [PATHS.governance]: GOVERNANCE, [ML_GRANT]: newGrant().replace('2027-03-31', '2036-03-31') }, 'mallory', [], base);
    expect(r.conclusion).toBe('failure');
    expect(r.findings.filter((f) => f.code === 'grant.too-long').map((f) => f.file)).toEqual([ML_GRANT]);
  });

  it('classification levels: a PR that adds a level to governance to make its role valid is judged by the base levels', async () => {
    const levels = 'classification:\n  levels: [public, internal, restricted]\n';
    const base = files({ [PATHS.governance]: `${GOVERNANCE}${levels}` });
    const role = '    firstLevelApprovers: "@acme/checkout-data"\n    customProperties:\n      - property: maxClassification\n        value: top-secret\n';
    const r = await run(
      {
        [PATHS.governance]: `${GOVERNANCE}classification:\n  levels: [public, internal, restricted, top-secret]\n`,
        ...edit(PATHS.ordersContract, '    firstLevelApprovers: "@acme/checkout-data"\n', role),
      },
      'maria',
      [],
      base,
    );
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'role.max-classification', file: PATHS.ordersContract, message: expect.stringContaining('top-secret') }));
  });

  it('lineage.no-grant: a PR that turns the rule off in governance and revokes the grant a lineage edge needs is judged by the base', async () => {
    const off = `${GOVERNANCE}defaults:\n  lineageWithoutGrant: { restricted: off, other: off }\n`;
    const r = await run({ [PATHS.governance]: off, [PATHS.grant]: null }, 'lena', [approval('maria'), approval('tom')]);
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'lineage.no-grant', file: PATHS.audiencesProduct, severity: 'error' }));
  });

  it('governance quorum: a PR that lowers the quorum and makes its author a member needs the base quorum of base members', async () => {
    const lax = GOVERNANCE.replace('quorum: 2', 'quorum: 1').replace('marketing: ["@lena"]', 'marketing: ["@lena", "@mallory"]');
    const r = await run({ [PATHS.governance]: lax, 'policies/products-have-tags.yaml': null }, 'mallory', [approval('lena')]);
    expect(r.conclusion).toBe('action_required');
    expect(requirement(r, 'governance-quorum')).toMatchObject({ from: ['@maria', '@lena'], count: 2, satisfied: false });
  });

  it('platform approvers: a PR that names its own approvers in governance and edits bot/ needs the base platform approvers', async () => {
    const base = files({ 'bot/core/review/approvals.ts': 'export {};\n' });
    const r = await run(
      { [PATHS.governance]: GOVERNANCE.replace('platformApprovers: ["@acme/platform"]', 'platformApprovers: ["@acme/marketing"]'), 'bot/core/review/approvals.ts': 'export const approved = true;\n' },
      'mallory',
      [approval('lena'), approval('maria'), approval('tom')],
      base,
    );
    expect(requirement(r, 'platform-approvers')).toMatchObject({ from: ['@acme/platform'], satisfied: false });
  });

  it('policy require: a PR that relaxes a policy and breaks it in the same change is judged by the base policy', async () => {
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
    const base = files({ 'policies/grants-expire.yaml': policy });
    const r = await run(
      { 'policies/grants-expire.yaml': policy.replace('require:\n  properties:\n    $validDays: { maximum: 365 }\n', 'require: true\n'), [ML_GRANT]: newGrant().replace('2027-03-31', '2031-03-31') },
      'mallory',
      [],
      base,
    );
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'policy:grants-expire', file: ML_GRANT, severity: 'error' }));
  });

  it('policy approvals: a PR that deletes a policy\'s approvals and adds a grant it matches still needs them', async () => {
    const base = files({ 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY });
    const r = await run(
      { 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY.replace('approvals:\n  - from: ["@acme/privacy"]\n', ''), [ML_GRANT]: newGrant() },
      'mallory',
      [approval('tom')],
      base,
    );
    expect(requirement(r, 'policy:pii-grants-privacy')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('policy when: a PR that narrows a policy\'s `when` so its grant no longer matches still needs the approvals', async () => {
    const base = files({ 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY });
    const r = await run(
      { 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY.replace('const: pii', 'const: never-used'), [ML_GRANT]: newGrant() },
      'mallory',
      [approval('tom')],
      base,
    );
    expect(requirement(r, 'policy:pii-grants-privacy')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('policy file: a PR that adds a policy with approvals for its own team does not satisfy the base policies', async () => {
    const base = files({ 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY });
    const own = PII_GRANTS_PRIVACY.replace('id: pii-grants-privacy', 'id: pii-grants-marketing').replace('"@acme/privacy"', '"@acme/marketing"');
    const r = await run({ 'policies/pii-grants-marketing.yaml': own, [ML_GRANT]: newGrant() }, 'mallory', [approval('tom'), approval('lena')], base);
    expect(r.approvals.map((a) => a.id)).not.toContain('policy:pii-grants-marketing');
    expect(requirement(r, 'policy:pii-grants-privacy')).toMatchObject({ satisfied: false });
  });
});

/** The base for class 2: the orders contract's analyst role needs the privacy team at the second level. */
const STRICT_ROLE = '    firstLevelApprovers: "@acme/checkout-data"\n    secondLevelApprovers: "@acme/privacy"\n';
const STRICT_BASE = files(edit(PATHS.ordersContract, '    firstLevelApprovers: "@acme/checkout-data"\n', STRICT_ROLE));
const ORDERS_PORT = '  - name: orders\n    version: 1.0.0\n    type: tables\n    contractId: checkout-orders-v1\n';

describe('attack class 2: approvers resolved only where they exist in the base', () => {
  it('a new output port aliasing an existing contract still needs the role\'s second-level approvers', async () => {
    const product = STRICT_BASE[PATHS.ordersProduct].replace(ORDERS_PORT, `${ORDERS_PORT}${ORDERS_PORT.replace('name: orders', 'name: orders-all')}`);
    const grant = newGrant().replace('outputPort: orders', 'outputPort: orders-all');
    const r = await run({ [PATHS.ordersProduct]: product, [ML_GRANT]: grant }, 'mallory', [approval('tom')], STRICT_BASE);
    expect(r.conclusion).toBe('action_required');
    expect(requirement(r, 'role:checkout-orders-v1/analyst:second')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('a role copied under a new name without its second level still needs the base role\'s approvers', async () => {
    const copy = `${STRICT_ROLE}  - role: analyst-copy\n    access: read\n    firstLevelApprovers: "@acme/checkout-data"\n`;
    const contract = STRICT_BASE[PATHS.ordersContract].replace(STRICT_ROLE, copy);
    const grant = newGrant().replace('role: analyst', 'role: analyst-copy');
    const r = await run({ [PATHS.ordersContract]: contract, [ML_GRANT]: grant }, 'mallory', [approval('tom')], STRICT_BASE);
    expect(r.conclusion).toBe('action_required');
    expect(requirement(r, 'role:checkout-orders-v1/analyst:second')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('a port whose contractId changes to a stricter contract needs that contract\'s approvers', async () => {
    // The base: the orders product also serves a customers contract whose role needs the privacy team.
    const customers = STRICT_BASE[PATHS.ordersContract].replace('id: checkout-orders-v1', 'id: checkout-customers-v1').replace('name: Orders', 'name: Customers');
    const product = baseFiles[PATHS.ordersProduct].replace(ORDERS_PORT, `${ORDERS_PORT}${ORDERS_PORT.replace('name: orders', 'name: customers').replace('checkout-orders-v1', 'checkout-customers-v1')}`);
    const base = files({ [PATHS.ordersProduct]: product, 'catalog/checkout/orders/customers-v1.contract.yaml': customers });
    const repointed = product.replace('contractId: checkout-orders-v1', 'contractId: checkout-customers-v1');
    const r = await run({ [PATHS.ordersProduct]: repointed, [ML_GRANT]: newGrant() }, 'mallory', [approval('tom')], base);
    expect(requirement(r, 'role:checkout-customers-v1/analyst:second')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('a grant to a product and contract the PR adds needs the approvers its role names as well as the governance quorum', async () => {
    const product = baseFiles[PATHS.ordersProduct].replace('id: checkout-orders', 'id: checkout-returns').replace('contractId: checkout-orders-v1', 'contractId: checkout-returns-v1');
    const contract = STRICT_BASE[PATHS.ordersContract].replace('id: checkout-orders-v1', 'id: checkout-returns-v1').replace('dataProduct: checkout-orders', 'dataProduct: checkout-returns');
    const grant = newGrant('ml-returns').replace('dataProduct: checkout-orders', 'dataProduct: checkout-returns');
    const r = await run(
      { 'catalog/checkout/returns/product.yaml': product, 'catalog/checkout/returns/returns-v1.contract.yaml': contract, 'catalog/checkout/returns/access/ml.yaml': grant },
      'mallory',
      [approval('tom'), approval('maria'), approval('lena')],
    );
    expect(r.approvals.map((a) => [a.id, a.satisfied]).sort()).toEqual([
      ['domain-owners:checkout', true],
      ['governance-quorum', true],
      ['role:checkout-returns-v1/analyst:first', true],
      ['role:checkout-returns-v1/analyst:second', false],
    ]);
  });

  it('a port repointed at a stricter contract needs its approvers for the grants already on that port', async () => {
    const customers = STRICT_BASE[PATHS.ordersContract].replace('id: checkout-orders-v1', 'id: checkout-customers-v1').replace('name: Orders', 'name: Customers');
    const product = baseFiles[PATHS.ordersProduct].replace(ORDERS_PORT, `${ORDERS_PORT}${ORDERS_PORT.replace('name: orders', 'name: customers').replace('checkout-orders-v1', 'checkout-customers-v1')}`);
    const base = files({ [PATHS.ordersProduct]: product, 'catalog/checkout/orders/customers-v1.contract.yaml': customers });
    const repointed = product.replace('contractId: checkout-orders-v1', 'contractId: checkout-customers-v1');
    const r = await run({ [PATHS.ordersProduct]: repointed }, 'maria', [approval('tom')], base);
    expect(requirement(r, 'role:checkout-customers-v1/analyst:second')).toMatchObject({ from: ['@acme/privacy'], satisfied: false, reason: expect.stringContaining('marketing-checkout-orders') });
  });

  it('a role whose approvers the PR rewrites needs both the base\'s and the head\'s approvers', async () => {
    const contract = STRICT_BASE[PATHS.ordersContract].replace('secondLevelApprovers: "@acme/privacy"', 'secondLevelApprovers: "@acme/marketing"');
    const r = await run({ [PATHS.ordersContract]: contract, [ML_GRANT]: newGrant() }, 'mallory', [approval('tom'), approval('lena'), approval('priya')], STRICT_BASE);
    expect(r.approvals.filter((a) => a.id.startsWith('role:')).map((a) => [a.id, a.from, a.satisfied])).toEqual([
      ['role:checkout-orders-v1/analyst:first', ['@acme/checkout-data'], true],
      ['role:checkout-orders-v1/analyst:second', ['@acme/privacy'], true],
      ['role:checkout-orders-v1/analyst@head:second', ['@acme/marketing'], true],
    ]);
  });
});

describe('attack class 4: existing grants silently widened', () => {
  const EMAIL = '        classification: restricted\n        tags: [pii]\n';
  const PHONE = `      - name: customer_phone
        logicalType: string
        classification: restricted
        tags: [pii]
        description: Phone of the buyer.
`;
  const PLACED_AT = '      - name: placed_at\n';
  const EMAIL_PROPERTY = `      - name: customer_email
        logicalType: string
        physicalType: varchar(255)
${EMAIL}        description: Email of the buyer.
`;

  it('a contract that gains its first pii property asks the policy\'s approvers and the existing grant\'s approvers', async () => {
    // The base: the orders contract holds no personal data yet, and the marketing grant reaches it.
    const base = files({ 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY, ...edit(PATHS.ordersContract, EMAIL_PROPERTY, '') });
    const r = await run({ [PATHS.ordersContract]: baseFiles[PATHS.ordersContract] }, 'maria', [approval('tom')], base);
    expect(r.conclusion).toBe('action_required');
    expect(requirement(r, 'policy:pii-grants-privacy')).toMatchObject({ from: ['@acme/privacy'], satisfied: false, reason: expect.stringContaining('marketing-checkout-orders') });
    expect(requirement(r, 'role:checkout-orders-v1/analyst:first')).toMatchObject({ from: ['@acme/checkout-data'], satisfied: true });
  });

  it('a contract that already had personal data and gains another pii property asks the policy\'s approvers again', async () => {
    const base = files({ 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY });
    const r = await run(edit(PATHS.ordersContract, PLACED_AT, `${PHONE}${PLACED_AT}`), 'maria', [approval('tom')], base);
    expect(r.conclusion).toBe('action_required');
    expect(requirement(r, 'policy:pii-grants-privacy')).toMatchObject({ from: ['@acme/privacy'], satisfied: false });
  });

  it('a property tagged pii in place (no new column) widens the grant, and the privacy team\'s approval settles it', async () => {
    const base = files({ 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY, ...edit(PATHS.ordersContract, EMAIL, '') });
    const r = await run({ [PATHS.ordersContract]: baseFiles[PATHS.ordersContract] }, 'maria', [approval('tom'), approval('priya')], base);
    expect(r.conclusion).toBe('success');
    expect(requirement(r, 'policy:pii-grants-privacy')).toMatchObject({ satisfied: true, by: ['priya'] });
  });

  it('a contract that gains a property no policy matches asks only its domain owners (control)', async () => {
    const base = files({ 'policies/pii-grants-privacy.yaml': PII_GRANTS_PRIVACY });
    const note = '      - name: note\n        logicalType: string\n        description: Free-text note.\n';
    const r = await run(edit(PATHS.ordersContract, PLACED_AT, `${note}${PLACED_AT}`), 'maria', [approval('tom')], base);
    expect(r.conclusion).toBe('success');
    expect(r.approvals.map((a) => a.id)).toEqual(['domain-owners:checkout']);
  });
});

describe('attack class 3: shadow contracts over someone else\'s data', () => {
  const SERVERS = 'servers:\n  - server: prod\n    type: postgres\n    host: db.acme\n    port: 5432\n    database: shop\n    schema: public\n';
  /** The base: the checkout orders contract declares its table, checkout's postgres shop.public.orders. */
  const base = files(edit(PATHS.ordersContract, 'schema:\n', `${SERVERS}schema:\n`));
  const SHADOW = 'catalog/marketing/audiences/orders-shadow.contract.yaml';
  const shadow = (servers: string, physicalName = 'orders') => `apiVersion: v3.1.0
kind: DataContract
id: marketing-orders-shadow-v1
version: 1.0.0
status: active
domain: marketing
dataProduct: marketing-audiences
${servers}schema:
  - name: recent_orders
    physicalName: ${physicalName}
    properties:
      - name: customer_email
        logicalType: string
        description: Email of the buyer.
roles:
  - role: reader
    access: read
    firstLevelApprovers: "@acme/marketing"
`;
  const port = '  - name: orders-copy\n    version: 1.0.0\n    contractId: marketing-orders-shadow-v1\n';
  const product = `${baseFiles[PATHS.audiencesProduct]}${port}`;
  const grant = newGrant('ml-orders-copy').replace('dataProduct: checkout-orders', 'dataProduct: marketing-audiences').replace('outputPort: orders', 'outputPort: orders-copy').replace('role: analyst', 'role: reader');
  const attack = (servers: string, physicalName?: string) => ({
    [SHADOW]: shadow(servers, physicalName),
    [PATHS.audiencesProduct]: product,
    'catalog/marketing/audiences/access/ml.yaml': grant,
  });

  it('a contract in another domain over checkout\'s table fails until checkout\'s owners approve, and names them', async () => {
    const r = await run(attack(SERVERS), 'mallory', [approval('lena')], base);
    expect(r.conclusion).toBe('failure');
    expect(r.findings).toContainEqual(expect.objectContaining({
      code: 'location.claimed', severity: 'error', file: SHADOW,
      message: expect.stringContaining('"checkout-orders-v1" (domain checkout, catalog/checkout/orders/orders-v1.contract.yaml) declared first; its owners must approve: @acme/checkout-data'),
    }));
    expect(requirement(r, 'domain-owners:checkout')).toMatchObject({ from: ['@acme/checkout-data'], satisfied: false });
  });

  it('a shadow contract cannot dodge the claim by spelling the location differently (postgresql, upper case, quoted qualified name)', async () => {
    const spelled = 'servers:\n  - server: prod\n    type: postgresql\n    host: DB.Acme\n    port: 5432\n    database: Shop\n    schema: staging\n';
    const r = await run(attack(spelled, `'"public"."ORDERS"'`), 'mallory', [approval('lena')], base);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.file])).toEqual([['location.claimed', SHADOW]]);
  });

  it('a shadow contract modified into place (servers added to an existing contract) is a claim as well', async () => {
    const audiences = baseFiles[PATHS.audiencesContract].replace('schema:\n  - name: audiences\n', `${SERVERS}schema:\n  - name: audiences\n    physicalName: orders\n`);
    const r = await run({ [PATHS.audiencesContract]: audiences }, 'lena', [approval('mallory')], base);
    expect(r.conclusion).toBe('failure');
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'location.claimed', severity: 'error', file: PATHS.audiencesContract }));
  });

  it('a shadow contract cannot borrow the owner\'s domain by naming it in a folder of its own', async () => {
    const r = await run({ [SHADOW]: shadow(SERVERS).replace('domain: marketing', 'domain: checkout') }, 'mallory', [approval('lena')], base);
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'location.claimed', severity: 'error', file: SHADOW }));
  });

  it('the claim passes, as a warning on record, once the owners of the first contract approve the head', async () => {
    const r = await run(attack(SERVERS), 'mallory', [approval('lena'), approval('tom')], base);
    expect(r.conclusion).toBe('success');
    expect(r.findings.filter((f) => f.code === 'location.claimed').map((f) => [f.severity, f.message.endsWith('approved by its owners (@tom)')])).toEqual([['warning', true]]);
  });

  it('a second contract of the same domain over its own table needs only that domain\'s owners (control)', async () => {
    const v2 = base[PATHS.ordersContract].replace('id: checkout-orders-v1', 'id: checkout-orders-v2').replace('version: 1.0.0', 'version: 2.0.0');
    const r = await run({ 'catalog/checkout/orders/orders-v2.contract.yaml': v2 }, 'maria', [approval('tom')], base);
    expect(r.findings.map((f) => f.code)).not.toContain('location.claimed');
    expect(r.approvals.map((a) => a.id)).toEqual(['domain-owners:checkout']);
  });
});
