import { describe, expect, it } from 'vitest';
import { accessGrantSchema } from '../../bot/core/kinds/access-grant.ts';
import { createAjv } from '../../bot/core/kinds/ajv.ts';
import { accessRequest, addDays, grantPage, grantState, remoteToHttps, resolveRepository, sortByExpiry } from '../../site/src/lib/access.ts';
import yaml from 'js-yaml';

const input = {
  repository: { url: 'https://github.com/acme/mesh', branch: 'main' },
  product: { id: 'orders', file: 'catalog/checkout/orders/product.yaml' },
  port: 'orders-table',
  roles: ['analyst', 'privacy-reader'],
  today: '2026-11-24',
};

describe('accessRequest', () => {
  it('proposes a grant that is valid against the AccessGrant schema', () => {
    const request = accessRequest(input)!;
    const validate = createAjv().compile(accessGrantSchema);
    expect(validate(request.grant), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes YAML that parses back to the same grant', () => {
    const request = accessRequest(input)!;
    expect(yaml.load(request.yaml, { schema: yaml.CORE_SCHEMA })).toEqual(request.grant);
  });

  it('places the file in the product folder’s access/ folder', () => {
    expect(accessRequest(input)!.filename).toBe('catalog/checkout/orders/access/your-team-orders-orders-table.yaml');
  });

  it('opens GitHub’s new-file page on the configured branch with filename and value', () => {
    const url = new URL(accessRequest(input)!.url);
    expect(url.origin + url.pathname).toBe('https://github.com/acme/mesh/new/main');
    expect(url.searchParams.get('filename')).toBe('catalog/checkout/orders/access/your-team-orders-orders-table.yaml');
    expect(url.searchParams.get('value')).toBe(accessRequest(input)!.yaml);
  });

  it('leaves the role to the requester, listing the roles the contract offers with what each exposes', () => {
    const request = accessRequest({ ...input, roles: [{ role: 'analyst', access: 'read', description: 'Orders without e-mail.' }, 'privacy-reader'] })!;
    expect(request.grant.role).toBe('your-role');
    expect(request.yaml).toContain('# Roles the contract offers (choose one):\n#   analyst (read): Orders without e-mail\n#   privacy-reader\nrole: your-role\n');
  });

  it('a newline in a role description stays inside the comment', () => {
    const request = accessRequest({ ...input, roles: [{ role: 'analyst', description: 'x\nrole: admin' }] })!;
    expect(yaml.load(request.yaml, { schema: yaml.CORE_SCHEMA })).toEqual(request.grant);
  });

  it('proposes the end date it is given (the latest the policies accept)', () => {
    expect(accessRequest({ ...input, validUntil: '2027-09-30' })!.grant.validUntil).toBe('2027-09-30');
  });

  it('opens the issue form prefilled with product, port, roles and end date', () => {
    const url = new URL(accessRequest({ ...input, roles: [{ role: 'analyst', access: 'read' }, 'privacy-reader'], validUntil: '2027-09-30' })!.formUrl);
    expect(url.origin + url.pathname).toBe('https://github.com/acme/mesh/issues/new');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      template: 'access-request.yml',
      title: 'Access request: orders · orders-table',
      product: 'orders',
      port: 'orders-table',
      roles: 'analyst (read)\nprivacy-reader',
      until: '2027-09-30',
    });
  });

  it('proposes a validity of one year from the build date', () => {
    expect(accessRequest(input)!.grant.validUntil).toBe('2027-11-24');
  });

  it('offers nothing when the contract has no role', () => {
    expect(accessRequest({ ...input, roles: [] })).toBeUndefined();
  });

  it('keeps the proposed id valid when the port name has capitals and spaces', () => {
    expect(accessRequest({ ...input, port: 'Orders Table' })!.grant.id).toBe('your-team-orders-orders-table');
  });
});

describe('remoteToHttps', () => {
  it.each([
    ['git@github.com:acme/mesh.git', 'https://github.com/acme/mesh'],
    ['https://github.com/acme/mesh.git', 'https://github.com/acme/mesh'],
    ['ssh://git@ghe.example.com/acme/mesh.git', 'https://ghe.example.com/acme/mesh'],
    ['https://x-access-token:secret@github.com/acme/mesh', 'https://github.com/acme/mesh'],
  ])('turns %s into %s', (remote, url) => {
    expect(remoteToHttps(remote)).toBe(url);
  });

  it('gives up on a local path', () => {
    expect(remoteToHttps('/srv/git/mesh.git')).toBeUndefined();
  });
});

describe('resolveRepository', () => {
  it('prefers governance.yaml over the environment and the git remote', () => {
    expect(
      resolveRepository({
        governance: { repository: 'https://github.com/acme/mesh', branch: 'trunk' },
        env: { repository: 'https://github.com/other/mesh', branch: 'dev' },
        gitRemote: 'git@github.com:fork/mesh.git',
      }),
    ).toEqual({ url: 'https://github.com/acme/mesh', branch: 'trunk' });
  });

  it('falls back to the git remote and the checked-out branch', () => {
    expect(resolveRepository({ gitRemote: 'git@github.com:acme/mesh.git', gitBranch: 'main' })).toEqual({ url: 'https://github.com/acme/mesh', branch: 'main' });
  });

  it('is undefined when nothing names a repository', () => {
    expect(resolveRepository({})).toBeUndefined();
  });
});

describe('grantState and sortByExpiry', () => {
  it('counts the last day of a grant as still valid', () => {
    expect(grantState('2026-11-24', '2026-11-24', 30)).toBe('expiring');
    expect(grantState('2026-11-23', '2026-11-24', 30)).toBe('expired');
    expect(grantState(addDays('2026-11-24', 31), '2026-11-24', 30)).toBe('active');
  });

  it('sorts the soonest expiry first', () => {
    const sorted = sortByExpiry([
      { id: 'b', validUntil: '2027-05-01' },
      { id: 'a', validUntil: '2026-12-01' },
      { id: 'c', validUntil: '2027-05-01' },
    ]);
    expect(sorted.map((g) => g.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('grantPage', () => {
  it('puts the first page’s worth of grants on page 1 and the next on page 2', () => {
    expect(grantPage(0, 500)).toBe(1);
    expect(grantPage(499, 500)).toBe(1);
    expect(grantPage(500, 500)).toBe(2);
  });
});
