/**
 * The mesh the site is built from, loaded once per build: every page and endpoint awaits the same
 * promise. Everything is read through the core (loader, validation, policy engine); the site never
 * parses YAML of its own.
 */
import { isPublicBuild, redactForPublic } from './public-build.ts';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mergeRuns, readResults, emptyResults, type TestResults } from '../../../bot/core/datatest/results.ts';
import { fileURLToPath } from 'node:url';
import { loadMeshFromDirectory } from '../../../bot/sources/directory.ts';
import type { ThreadOptions } from '../../../bot/sources/threads.ts';
import { checkMesh } from '../../../bot/core/check.ts';
import { resolveRepository } from './access.ts';
import type { Governance } from '../../../bot/core/kinds/governance.ts';
import { buildCatalog, type Catalog } from './catalog.ts';
import { changeDates, contractHistories, gitLog, gitRemote } from './history.ts';
import { parseStatus, type AccessStatus } from '../../../bot/core/provision/status.ts';
import { provisioningView } from './provisioning.ts';

const repositoryRoot = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** The mesh root: MESHGATE_ROOT, else the repository this site lives in. */
export function meshRoot(): string {
  return resolve(process.env.MESHGATE_ROOT || repositoryRoot);
}

interface SiteConfig {
  repository?: string;
  branch?: string;
}

async function siteConfig(): Promise<SiteConfig> {
  try {
    return JSON.parse(await readFile(resolve(repositoryRoot, 'site/meshgate.config.json'), 'utf8')) as SiteConfig;
  } catch {
    return {};
  }
}

/** Where the last `meshgate test` runs are: MESHGATE_TEST_RESULTS (a file or a folder of them), else ROOT/.meshgate/test-results.json. */
export function testResultsPath(root: string): string {
  return resolve(process.env.MESHGATE_TEST_RESULTS || join(root, '.meshgate', 'test-results.json'));
}

/** The runs in a results file, or in every .json file of a folder; a file that is missing or not results is reported and left out. */
export async function readTestResults(path: string): Promise<TestResults | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  const files = info.isDirectory() ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f)) : [path];
  let merged = emptyResults();
  for (const file of files) {
    let read: TestResults | string;
    try {
      read = readResults(JSON.parse(await readFile(file, 'utf8')));
    } catch (error) {
      read = (error as Error).message;
    }
    if (typeof read === 'string') process.stderr.write(`meshgate site: ignoring test results ${file}: ${read}\n`);
    else merged = mergeRuns(merged, read.runs);
  }
  return merged;
}

async function load(threads: ThreadOptions): Promise<Catalog> {
  const root = meshRoot();
  const snapshot = await loadMeshFromDirectory(root, threads);
  const today = process.env.MESHGATE_TODAY || new Date().toISOString().slice(0, 10);
  // Policies that fail to compile are findings of the policy file; show them with the rest.
  const check = checkMesh(snapshot, { now: new Date(`${today}T00:00:00Z`), evaluations: true });
  const compileFindings = check.policyFindings.filter((finding) => !finding.policy || snapshot.byKind.Policy.get(finding.policy)?.file === finding.file);
  const findings = [...check.builtIn, ...compileFindings];
  // The first Governance file, valid or not (its `site` taken unchecked, as it always was).
  const governance = snapshot.byKind.Governance.values().next().value;
  const config = await siteConfig();
  const git = await gitRemote(root);
  const repository = resolveRepository({
    governance: governance?.doc.site as Governance['site'],
    env: {
      repository: process.env.MESHGATE_REPOSITORY || config.repository,
      branch: process.env.MESHGATE_BRANCH || config.branch,
    },
    gitRemote: git.remote,
    gitBranch: git.branch,
  });
  const files = snapshot.entities.filter((e) => e.kind === 'DataProduct' || e.kind === 'DataContract').map((e) => e.file);
  const log = await gitLog(root);
  const changedAt = await changeDates(root, files, log);
  const testResults = await readTestResults(testResultsPath(root));
  const catalog = buildCatalog({ snapshot, findings, evaluations: check.evaluations, changedAt, repository, today, testResults });
  catalog.provisioning = provisioningView(snapshot, await accessStatus(root), today);
  if (isPublicBuild(process.env)) redactForPublic(catalog);
  // Outside a git work tree there is no history to show (the pages say so).
  if (log.revisions.size > 0) {
    const histories = await contractHistories(root, log, catalog.contracts);
    catalog.contractHistory = new Map(catalog.contracts.map((c) => [c.id, histories.get(c.file) ?? []]));
  }
  return catalog;
}

/**
 * The provisioning status file (`meshgate access apply --output FILE`) named by
 * MESHGATE_ACCESS_STATUS, relative to the mesh root; none when unset. A file that is named but
 * unreadable fails the build: a catalog that silently drops the status would show every grant as if
 * nobody had ever provisioned it.
 */
async function accessStatus(root: string): Promise<AccessStatus | undefined> {
  const path = process.env.MESHGATE_ACCESS_STATUS;
  if (!path) return undefined;
  try {
    return parseStatus(await readFile(resolve(root, path), 'utf8'));
  } catch (error) {
    throw new Error(`MESHGATE_ACCESS_STATUS=${path}: ${(error as Error).message}`, { cause: error });
  }
}

// On globalThis, not in a module variable: Astro's bundle and the build script each import their
// own copy of this module, and the build script writes the per-entity files (lib/entity-files.ts)
// from the catalog the pages were rendered from instead of loading the mesh a second time.
const CATALOG = Symbol.for('meshgate.site.catalog');
type CatalogStore = Record<symbol, { root: string; catalog: Promise<Catalog> } | undefined>;

/** The catalog of this build; loaded on first use, shared by every page. */
export function getCatalog(): Promise<Catalog> {
  return catalogOf({});
}

/**
 * Starts loading the catalog while this thread does something else: on a mesh large enough for a
 * worker thread (bot/sources/threads.ts) the worker reads every file, and this thread only takes
 * the results in. The site's build calls it before Astro starts; pages then get the same catalog.
 */
export function preloadCatalog(): Promise<Catalog> {
  return catalogOf({ mainThread: false });
}

function catalogOf(threads: ThreadOptions): Promise<Catalog> {
  const store = globalThis as unknown as CatalogStore;
  const root = `${meshRoot()}\u0000${testResultsPath(meshRoot())}`;
  if (store[CATALOG]?.root !== root) store[CATALOG] = { root, catalog: load(threads) };
  return store[CATALOG]!.catalog;
}

/** Drops the loaded catalog, so the next build in this process reads the mesh afresh. */
export function forgetCatalog(): void {
  (globalThis as unknown as CatalogStore)[CATALOG] = undefined;
}
