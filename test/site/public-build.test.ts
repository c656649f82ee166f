/**
 * A public build (MESHGATE_SITE_PUBLIC=1) of the fixture catalog: no server locations, no raw
 * YAML, no grant purposes — on the pages and in the JSON API alike.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { isPublicBuild, redactForPublic, WITHHELD } from '../../site/src/lib/public-build.ts';
import { buildFixtureSite, type FixtureSite } from './fixture-site.ts';
import { escapeHtml } from '../../site/src/lib/html.ts';
import { demoEntities, snapshotOf } from './snapshot.ts';

describe('redacting a catalog for a public build', () => {
  const catalog = () => {
    const entities = demoEntities();
    const contract = entities.find((e) => e.id === 'orders-v1')!.doc as { servers?: unknown[] };
    contract.servers = [{ server: 'warehouse', type: 'postgres', environment: 'prod', host: 'db.internal.example', port: 5432, database: 'orders' }];
    return buildCatalog({ snapshot: snapshotOf(entities), findings: [], evaluations: [], today: '2026-11-24' });
  };

  it('keeps a server’s name, type and environment and drops where it is', () => {
    const c = catalog();
    redactForPublic(c);
    expect(c.contractById.get('orders-v1')!.doc.servers).toEqual([{ server: 'warehouse', type: 'postgres', environment: 'prod' }]);
  });

  it('withholds grant purposes', () => {
    const c = catalog();
    redactForPublic(c);
    expect(c.grants.map((g) => g.doc.purpose)).toEqual([WITHHELD]);
  });

  it('drops the raw YAML texts', () => {
    const c = catalog();
    redactForPublic(c);
    expect(c.texts.size).toBe(0);
  });

  it('is asked for with MESHGATE_SITE_PUBLIC', () => {
    expect([isPublicBuild({ MESHGATE_SITE_PUBLIC: '1' }), isPublicBuild({ MESHGATE_SITE_PUBLIC: 'true' }), isPublicBuild({})]).toEqual([true, true, false]);
  });
});

describe('the fixture catalog built public', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await buildFixtureSite('/', { env: { MESHGATE_SITE_PUBLIC: '1' } });
  });
  afterAll(async () => {
    if (site) await rm(site.work, { recursive: true, force: true });
  });

  it('writes no raw YAML', () => {
    expect(existsSync(join(site.out, 'raw'))).toBe(false);
  });

  it('shows no server account or database on the contract page or in its JSON', async () => {
    for (const file of ['contracts/orders-v1/index.html', 'api/contracts/orders-v1.json', 'api/mesh.json']) {
      expect(await readFile(join(site.out, file), 'utf8'), file).not.toMatch(/CHECKOUT|"account"|account: /);
    }
  });

  it('shows no grant purpose on the access page or in its JSON', async () => {
    for (const file of ['access/index.html', 'api/access.json']) {
      expect(await readFile(join(site.out, file), 'utf8'), file).not.toContain('Build campaign audiences');
    }
  });

  it('shows no grant purpose on the product canvas, which lists the team with the notice instead', async () => {
    const canvas = await readFile(join(site.out, 'products/customer-360/canvas/index.html'), 'utf8');
    expect(canvas).not.toContain('Build campaign audiences');
    expect(canvas).toContain(escapeHtml(WITHHELD));
  });
});
