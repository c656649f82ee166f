import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { fromRecord } from '../../../bot/core/load/mesh.ts';
import type { MeshSnapshot } from '../../../bot/core/model.ts';
import type { RequestAnswers } from '../../../bot/core/requests/form.ts';
import { latestEndDate } from '../../../bot/core/requests/end-date.ts';
import { planAccessRequest, type RequestPlan } from '../../../bot/core/requests/request.ts';
import { validateMesh } from '../../../bot/core/validate/mesh.ts';
import { evaluatePolicies } from '../../../bot/core/policies/engine.ts';
import { requestMeshFiles, TODAY } from '../../fixtures/meshes/requests.ts';

let base: MeshSnapshot;
beforeAll(() => {
  base = loadMesh(fromRecord(requestMeshFiles));
});

const valid: RequestAnswers = {
  product: 'checkout-orders',
  port: 'orders',
  role: 'analyst',
  team: '@acme/finance',
  purpose: 'Monthly revenue reporting for the finance team.',
  until: '2027-06-30',
};
const context = { requester: 'olga', issue: { number: 12, url: 'https://github.com/acme/mesh/issues/12' }, today: TODAY };
const plan = (answers: RequestAnswers = valid) => planAccessRequest(base, answers, context);
const problems = (p: RequestPlan) => (p.status === 'invalid' ? p.problems.map((x) => `${x.field}: ${x.message}`) : p.status);

describe('planAccessRequest', () => {
  it('a valid request: the grant file in the product folder, requested by the issue author', () => {
    const p = plan();
    expect(p.status).toBe('valid');
    if (p.status !== 'valid') return;
    expect(p.path).toBe('catalog/checkout/orders/access/finance-checkout-orders-orders.yaml');
    expect(p.branch).toBe('access-request/finance-checkout-orders-orders');
    expect(parse(p.text)).toEqual({
      apiVersion: 'meshgate/v1',
      kind: 'AccessGrant',
      id: 'finance-checkout-orders-orders',
      consumer: { team: '@acme/finance' },
      dataProduct: 'checkout-orders',
      outputPort: 'orders',
      role: 'analyst',
      purpose: 'Monthly revenue reporting for the finance team.',
      requestedBy: '@olga',
      validUntil: '2027-06-30',
    });
  });

  it('the proposed file passes the mesh’s own checks and policies', () => {
    const p = plan();
    if (p.status !== 'valid') throw new Error(String(p.status));
    const head = loadMesh(fromRecord({ ...requestMeshFiles, [p.path]: p.text }));
    const findings = [...validateMesh(head, { now: new Date(`${TODAY}T00:00:00Z`) }), ...evaluatePolicies(base, head, { findingsOnly: true }).findings];
    expect(findings.filter((f) => f.file === p.path)).toEqual([]);
  });

  it('a team written without @ is taken as the team', () => {
    const p = plan({ ...valid, team: 'acme/finance' });
    expect(p.status === 'valid' && p.grant.consumer.team).toBe('@acme/finance');
  });

  it('an unknown product: a problem at the product field', () => {
    expect(problems(plan({ ...valid, product: 'checkout-order' }))).toEqual(['product: data product "checkout-order" does not exist']);
  });

  it('an unknown port: a problem at the port field naming the ports there are', () => {
    const p = plan({ ...valid, port: 'order' });
    expect(p.status === 'invalid' && p.problems).toEqual([{ field: 'port', message: 'data product "checkout-orders" has no output port "order"', hint: 'use one of: orders' }]);
  });

  it('a role the contract does not offer: the hint lists each role with what it exposes', () => {
    const p = plan({ ...valid, role: 'admin' });
    expect(p.status === 'invalid' && p.problems).toEqual([
      {
        field: 'role',
        message: 'contract "checkout-orders-v1" offers no role "admin"',
        hint: "choose one of the roles the contract offers: analyst (read): Orders without the buyer's e-mail; privacy-reader (read): Every column, e-mail included",
      },
    ]);
  });

  it('an end date past the recertification policy: a problem at the end date', () => {
    expect(problems(plan({ ...valid, until: '2027-10-31' }))).toEqual([expect.stringMatching(/^until: Grants end by the next recertification: /)]);
  });

  it('an end date past grantMaxDays: a problem at the end date', () => {
    expect(problems(plan({ ...valid, until: '2028-01-31' }))).toContainEqual(expect.stringMatching(/^until: access grant runs 422 days, until 2028-01-31; governance allows at most 365$/));
  });

  it('an end date that is not a date, or not in the future: a problem at the end date', () => {
    expect(problems(plan({ ...valid, until: '30.06.2027' }))).toEqual(['until: "30.06.2027" is not a date']);
    expect(problems(plan({ ...valid, until: TODAY }))).toEqual([`until: ${TODAY} is not after today (${TODAY})`]);
  });

  it('a purpose too short: a problem at the purpose', () => {
    expect(problems(plan({ ...valid, purpose: 'reports' }))).toEqual([expect.stringMatching(/^purpose: /)]);
  });

  it('a team that is not a GitHub principal: a problem at the team', () => {
    expect(problems(plan({ ...valid, team: 'Finance Team' }))).toEqual(['team: "Finance Team" is not a GitHub team or user']);
  });

  it('every field wrong at once: one problem per field, in the form’s order', () => {
    const p = plan({ product: 'checkout-orders', port: 'orders', role: 'admin', team: 'Finance Team', purpose: 'x', until: 'soon' });
    expect(p.status === 'invalid' && p.problems.map((x) => x.field)).toEqual(['role', 'team', 'purpose', 'until']);
  });

  it('empty answers: each is a problem of its own', () => {
    expect(problems(plan({ ...valid, role: undefined, purpose: undefined }))).toEqual(['role: is empty', 'purpose: is empty']);
  });

  it('the same team, port and role already granted: the existing grant, no new file', () => {
    const p = plan({ ...valid, team: '@ACME/marketing' });
    expect(p.status === 'granted' && p.existing.file).toBe('catalog/checkout/orders/access/marketing.yaml');
  });

  it('another role for a team that holds one: a grant id of its own', () => {
    const p = plan({ ...valid, team: '@acme/marketing', role: 'privacy-reader' });
    expect(p.status === 'valid' && p.grant.id).toBe('marketing-checkout-orders-orders');
  });
});

describe('latestEndDate', () => {
  const draft = { apiVersion: 'meshgate/v1', kind: 'AccessGrant', id: 'x', consumer: { team: '@acme/finance' }, dataProduct: 'checkout-orders', outputPort: 'orders', role: 'analyst', purpose: 'Monthly reporting for finance.', requestedBy: '@olga' } as const;

  it('the recertification date when it comes before grantMaxDays', () => {
    expect(latestEndDate(base, draft, 'catalog/checkout/orders/access/x.yaml', TODAY)).toBe('2027-09-30');
  });

  it('today + grantMaxDays when no policy bounds the date sooner', () => {
    const mesh = loadMesh(fromRecord({ ...requestMeshFiles, 'policies/grant-recertification.yaml': requestMeshFiles['policies/grant-recertification.yaml'].replace('2027-09-30', '2028-09-30') }));
    expect(latestEndDate(mesh, draft, 'catalog/checkout/orders/access/x.yaml', TODAY)).toBe('2027-12-05');
  });

  it('a policy on $validDays bounds it too', () => {
    const mesh = loadMesh(
      fromRecord({
        ...requestMeshFiles,
        'policies/short-grants.yaml': `apiVersion: meshgate/v1
kind: Policy
id: short-grants
title: Grants run 90 days at most
principle: access-and-security
rationale: Short grants.
severity: error
appliesTo: AccessGrant
require:
  properties:
    $validDays: { maximum: 90 }
`,
      }),
    );
    expect(latestEndDate(mesh, draft, 'catalog/checkout/orders/access/x.yaml', TODAY)).toBe('2027-03-05');
  });

  /** The request mesh with one more grant policy. */
  const withPolicy = (id: string, body: string) =>
    loadMesh(fromRecord({ ...requestMeshFiles, [`policies/${id}.yaml`]: `apiVersion: meshgate/v1\nkind: Policy\nid: ${id}\ntitle: ${id}\nprinciple: access-and-security\nrationale: Test.\nseverity: error\nappliesTo: AccessGrant\n${body}` }));

  it('a policy that bounds the date for one role only bounds that role’s grants', () => {
    const mesh = withPolicy('short-for-admins', `when:\n  properties:\n    role: { const: admin }\nrequire:\n  properties:\n    $validDays: { maximum: 30 }\n`);
    expect(latestEndDate(mesh, { ...draft, role: 'admin' }, 'catalog/checkout/orders/access/x.yaml', TODAY)).toBe('2027-01-04');
    // The same mesh, asked first for admins: the other role's date is its own.
    expect(latestEndDate(mesh, draft, 'catalog/checkout/orders/access/x.yaml', TODAY)).toBe('2027-09-30');
  });

  it('a policy that reads fields by pattern is run for every date', () => {
    // No named field, yet it reads validUntil: it rejects exactly today + grantMaxDays.
    const files = { ...requestMeshFiles, 'policies/grant-recertification.yaml': requestMeshFiles['policies/grant-recertification.yaml'].replace('2027-09-30', '2028-09-30') };
    const policy = `apiVersion: meshgate/v1\nkind: Policy\nid: not-that-day\ntitle: t\nprinciple: access-and-security\nrationale: Test.\nseverity: error\nappliesTo: AccessGrant\nrequire:\n  patternProperties:\n    '^validU':\n      not: { const: '2027-12-05' }\n`;
    const mesh = loadMesh(fromRecord({ ...files, 'policies/not-that-day.yaml': policy }));
    expect(latestEndDate(mesh, draft, 'catalog/checkout/orders/access/x.yaml', TODAY)).toBe('2027-12-04');
  });

  it('a date-only policy gives every grant the same date, asked for in any order', () => {
    const first = latestEndDate(base, { ...draft, role: 'admin' }, 'catalog/checkout/orders/access/x.yaml', TODAY);
    expect(latestEndDate(base, draft, 'catalog/checkout/orders/access/y.yaml', TODAY)).toBe(first);
    expect(first).toBe('2027-09-30');
  });
});
