import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseRequestForm, REQUEST_FIELDS, REQUEST_LABEL } from '../../../bot/core/requests/form.ts';
import { formBody } from '../../fixtures/meshes/requests.ts';

describe('the issue form', () => {
  const template = parse(readFileSync(new URL('../../../.github/ISSUE_TEMPLATE/access-request.yml', import.meta.url), 'utf8'));

  it('has exactly the fields the app reads, with the same ids and labels', () => {
    const fields = template.body.filter((item: { id?: string }) => item.id).map((item: { id: string; attributes: { label: string } }) => [item.id, item.attributes.label]);
    expect(Object.fromEntries(fields)).toEqual(REQUEST_FIELDS);
  });

  it('labels the issues it opens as access requests', () => {
    expect(template.labels).toEqual([REQUEST_LABEL]);
  });
});

describe('parseRequestForm', () => {
  it('reads each answer under its label', () => {
    const body = formBody({ product: 'checkout-orders', port: 'orders', role: 'analyst', team: '@acme/finance', purpose: 'Monthly reporting\nfor finance.', until: '2027-06-30' });
    expect(parseRequestForm(body)).toEqual({ product: 'checkout-orders', port: 'orders', role: 'analyst', team: '@acme/finance', purpose: 'Monthly reporting\nfor finance.', until: '2027-06-30' });
  });

  it('"_No response_" is no answer', () => {
    expect(parseRequestForm(formBody({ product: 'checkout-orders' }))?.role).toBeUndefined();
  });

  it('ignores the roles the catalog listed for reference', () => {
    expect(parseRequestForm(formBody({ roles: 'analyst (read): orders' }))).not.toHaveProperty('roles');
  });

  it('a body that is not the form’s is not a request', () => {
    expect(parseRequestForm('Please give me access to orders, thanks!')).toBeUndefined();
  });

  it('Windows line endings read the same', () => {
    expect(parseRequestForm(formBody({ port: 'orders' }).replace(/\n/g, '\r\n'))?.port).toBe('orders');
  });
});
