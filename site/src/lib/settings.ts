/**
 * Everything a build of the catalog is told from outside, as one value. The environment variables
 * the READMEs document stay the interface; they are read here once, by the entry points
 * (site/scripts/build.ts's command line, site/astro.config.mjs for a plain `astro` run), and the
 * value is handed on: to Astro as inline config, to the pages as the module
 * `virtual:meshgate/settings` (site/scripts/astro-config.ts), to the catalog loader as an argument.
 * Nothing below the entry points reads the environment.
 */
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPublicBuild } from './public-build.ts';

/** The site's folder (site/) and the repository it lives in, the default mesh. */
export const siteDir = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const repositoryDir = resolve(siteDir, '..');

export interface SiteSettings {
  /** The mesh repository to catalog (MESHGATE_ROOT; default: the repository this site lives in). */
  root: string;
  /** Where the site is written (MESHGATE_SITE_OUT; default site/dist). */
  outDir: string;
  /** URL path the site is served under, e.g. `/mesh/` for a GitHub Pages project site (MESHGATE_SITE_BASE). */
  base: string;
  /** The site's own URL, for absolute links (MESHGATE_SITE_URL). */
  site?: string;
  /** Astro's cache (MESHGATE_SITE_CACHE); a build into another folder than site/dist gets one of its own. */
  cacheDir: string;
  /** Pages Astro renders at once (MESHGATE_SITE_CONCURRENCY). */
  concurrency: number;
  /** Astro's log level (MESHGATE_SITE_LOG). */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** `meshgate test` results to show: a file, or a folder of them (MESHGATE_TEST_RESULTS; default <root>/.meshgate/test-results.json). */
  testResults: string;
  /** The day the catalog is built for, YYYY-MM-DD (MESHGATE_TODAY; default: today, UTC). */
  today: string;
  /** The repository's web URL for edit and request links (MESHGATE_REPOSITORY), and its branch (MESHGATE_BRANCH). */
  repository?: string;
  branch?: string;
  /** A catalog for everyone to read (MESHGATE_SITE_PUBLIC; lib/public-build.ts). */
  public: boolean;
  /** The provisioning status file, relative to the mesh root (MESHGATE_ACCESS_STATUS). */
  accessStatus?: string;
  /** GitHub's API for the pending access requests (GITHUB_API_URL). */
  apiUrl?: string;
  /**
   * The token that reads the pending access requests (MESHGATE_SITE_TOKEN). A secret: it is never
   * part of the settings the pages' code is bundled with (see PageSettings).
   */
  token?: string;
}

/** What the pages are bundled with: the settings without the token. */
export type PageSettings = Omit<SiteSettings, 'token'>;

export const pageSettings = ({ token: _token, ...settings }: SiteSettings): PageSettings => settings;

/** What the command line says; each overrides its environment variable. */
export interface SiteFlags {
  root?: string;
  outDir?: string;
  base?: string;
  testResults?: string;
}

const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error', 'silent']);

/** The settings from the environment and the command line: the one place either is read. */
export function siteSettings(env: Record<string, string | undefined>, flags: SiteFlags = {}): SiteSettings {
  const root = resolve(flags.root ?? (env.MESHGATE_ROOT || repositoryDir));
  const outDir = resolve(flags.outDir ?? env.MESHGATE_SITE_OUT ?? join(siteDir, 'dist'));
  const testResults = flags.testResults ?? env.MESHGATE_TEST_RESULTS;
  const logLevel = env.MESHGATE_SITE_LOG ?? 'warn';
  return {
    root,
    outDir,
    base: flags.base || env.MESHGATE_SITE_BASE || '/',
    site: env.MESHGATE_SITE_URL || undefined,
    // Builds into other folders get their own Astro cache, so a test build never races `npm run build:site`.
    cacheDir: env.MESHGATE_SITE_CACHE || (outDir === join(siteDir, 'dist') ? join(siteDir, 'node_modules', '.astro') : join(outDir, '..', `.astro-cache-${basename(outDir)}`)),
    // Eight pages in flight: while some wait on the disk another renders. At 5,000 products on a
    // loaded machine, back to back: 4 → 52 s, 8 → 43–45 s, 16 → 60 s (earlier, with slower pages:
    // 1 → 100 s, 4 → 82 s); CPU and memory about the same.
    concurrency: Number(env.MESHGATE_SITE_CONCURRENCY || 8),
    logLevel: LOG_LEVELS.has(logLevel) ? (logLevel as SiteSettings['logLevel']) : 'warn',
    testResults: resolve(testResults || join(root, '.meshgate', 'test-results.json')),
    today: env.MESHGATE_TODAY || new Date().toISOString().slice(0, 10),
    repository: env.MESHGATE_REPOSITORY || undefined,
    branch: env.MESHGATE_BRANCH || undefined,
    public: isPublicBuild(env),
    accessStatus: env.MESHGATE_ACCESS_STATUS || undefined,
    apiUrl: env.GITHUB_API_URL || undefined,
    token: env.MESHGATE_SITE_TOKEN || undefined,
  };
}
