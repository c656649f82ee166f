/**
 * The build's settings (site/src/lib/settings.ts): the environment variables the READMEs document,
 * read once at the entry points; nothing the pages run reads the environment or keeps a store on
 * globalThis.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageSettings, repositoryDir, siteDir, siteSettings } from '../../site/src/lib/settings.ts';

const REPO = resolve(import.meta.dirname, '../..');

describe('siteSettings', () => {
  it('defaults to this repository, built into site/dist', () => {
    const settings = siteSettings({});
    expect(settings).toMatchObject({
      root: repositoryDir,
      outDir: join(siteDir, 'dist'),
      base: '/',
      site: undefined,
      cacheDir: join(siteDir, 'node_modules', '.astro'),
      concurrency: 8,
      logLevel: 'warn',
      testResults: join(repositoryDir, '.meshgate', 'test-results.json'),
      public: false,
      token: undefined,
    });
    expect(settings.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(repositoryDir).toBe(REPO);
  });

  it('reads the documented variables', () => {
    const settings = siteSettings({
      MESHGATE_ROOT: '/mesh',
      MESHGATE_SITE_OUT: '/out/site',
      MESHGATE_SITE_BASE: '/mesh/',
      MESHGATE_SITE_URL: 'https://acme.github.io',
      MESHGATE_SITE_CONCURRENCY: '2',
      MESHGATE_SITE_LOG: 'info',
      MESHGATE_TEST_RESULTS: '/results',
      MESHGATE_TODAY: '2026-11-24',
      MESHGATE_REPOSITORY: 'https://github.com/acme/mesh',
      MESHGATE_BRANCH: 'trunk',
      MESHGATE_SITE_PUBLIC: 'true',
      MESHGATE_ACCESS_STATUS: 'status.json',
      MESHGATE_SITE_TOKEN: 'secret',
      GITHUB_API_URL: 'https://ghe.example/api/v3',
    });
    expect(settings).toEqual({
      root: '/mesh',
      outDir: '/out/site',
      base: '/mesh/',
      site: 'https://acme.github.io',
      // A build into another folder than site/dist gets an Astro cache of its own.
      cacheDir: '/out/.astro-cache-site',
      concurrency: 2,
      logLevel: 'info',
      testResults: '/results',
      today: '2026-11-24',
      repository: 'https://github.com/acme/mesh',
      branch: 'trunk',
      public: true,
      accessStatus: 'status.json',
      apiUrl: 'https://ghe.example/api/v3',
      token: 'secret',
    });
  });

  it('lets the command line override the environment', () => {
    const settings = siteSettings({ MESHGATE_ROOT: '/env', MESHGATE_SITE_OUT: '/env-out', MESHGATE_SITE_BASE: '/env/', MESHGATE_SITE_CACHE: '/cache' }, { root: '/flag', outDir: '/flag-out', base: '/flag/', testResults: '/flag-results' });
    expect(settings).toMatchObject({ root: '/flag', outDir: '/flag-out', base: '/flag/', testResults: '/flag-results', cacheDir: '/cache' });
  });

  it('keeps the token out of what the pages are bundled with', () => {
    expect(pageSettings(siteSettings({ MESHGATE_SITE_TOKEN: 'secret' }))).not.toHaveProperty('token');
  });
});

describe('the site below its entry points', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : /\.(ts|astro|mjs)$/.test(entry.name) ? [join(dir, entry.name)] : []));

  it('reads no environment, changes no directory and keeps nothing on globalThis', () => {
    const offenders = files(join(REPO, 'site/src')).filter((file) => /process\.env|process\.chdir|globalThis/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
