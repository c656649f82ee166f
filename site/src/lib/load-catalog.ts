/**
 * Loads the mesh the site is built from into the catalog, from the build's settings
 * (lib/settings.ts). Everything is read through the core (loader, validation, policy engine); the
 * site never parses YAML of its own. The build script loads it once per build and hands it to the
 * pages (lib/build-context.ts); lib/mesh.ts is how the pages ask for it.
 */
import { redactForPublic } from './public-build.ts';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mergeRuns, readResults, emptyResults, type TestResults } from '../../../bot/core/datatest/results.ts';
import { loadMeshFromDirectory } from '../../../bot/sources/directory.ts';
import type { ThreadOptions } from '../../../bot/sources/threads.ts';
import { checkMesh } from '../../../bot/core/check.ts';
import { resolveRepository } from './access.ts';
import type { Governance } from '../../../bot/core/kinds/governance.ts';
import { buildCatalog, type Catalog } from './catalog.ts';
import { changeDates, contractHistories, gitLog, gitRemote } from './history.ts';
import { parseStatus, type AccessStatus } from '../../../bot/core/provision/status.ts';
import { provisioningView } from './provisioning.ts';
import { repositoryDir, type SiteSettings } from './settings.ts';

/** What the catalog is loaded from: the settings the loader reads. */
export type CatalogSettings = Pick<SiteSettings, 'root' | 'testResults' | 'today' | 'repository' | 'branch' | 'public' | 'accessStatus'>;

interface SiteConfig {
  repository?: string;
  branch?: string;
}

async function siteConfig(): Promise<SiteConfig> {
  try {
    return JSON.parse(await readFile(resolve(repositoryDir, 'site/meshgate.config.json'), 'utf8')) as SiteConfig;
  } catch {
    return {};
  }
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

/**
 * The catalog of the mesh at `settings.root`. `threads` as the loader takes them: the build script
 * loads with `mainThread: false`, so on a mesh large enough for a worker thread
 * (bot/sources/threads.ts) the worker reads every file while this thread starts Astro.
 */
export async function loadCatalog(settings: CatalogSettings, threads: ThreadOptions = {}): Promise<Catalog> {
  const { root, today } = settings;
  const snapshot = await loadMeshFromDirectory(root, threads);
  // Policies that fail to compile are findings of the policy file; show them with the rest.
  const check = checkMesh(snapshot, { now: new Date(`${today}T00:00:00Z`), evaluations: true });
  const compileFindings = check.policyFindings.filter((finding) => !finding.policy || snapshot.byKind.Policy.get(finding.policy)?.file === finding.file);
  const findings = [...check.builtIn, ...compileFindings];
  const governance = snapshot.byKind.Governance.values().next().value;
  const config = await siteConfig();
  const git = await gitRemote(root);
  const repository = resolveRepository({
    governance: governance?.doc.site as Governance['site'],
    env: {
      repository: settings.repository || config.repository,
      branch: settings.branch || config.branch,
    },
    gitRemote: git.remote,
    gitBranch: git.branch,
  });
  const files = snapshot.entities.filter((e) => e.kind === 'DataProduct' || e.kind === 'DataContract').map((e) => e.file);
  const log = await gitLog(root);
  const changedAt = await changeDates(root, files, log);
  const testResults = await readTestResults(settings.testResults);
  const catalog = buildCatalog({ snapshot, findings, evaluations: check.evaluations, changedAt, repository, today, testResults });
  catalog.provisioning = provisioningView(snapshot, await accessStatus(root, settings.accessStatus), today);
  if (settings.public) redactForPublic(catalog);
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
async function accessStatus(root: string, path: string | undefined): Promise<AccessStatus | undefined> {
  if (!path) return undefined;
  try {
    return parseStatus(await readFile(resolve(root, path), 'utf8'));
  } catch (error) {
    throw new Error(`MESHGATE_ACCESS_STATUS=${path}: ${(error as Error).message}`, { cause: error });
  }
}
