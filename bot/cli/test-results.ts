import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { emptyResults, mergeRuns, readResults } from '../core/datatest/results.ts';
import type { ContractRun } from '../core/datatest/types.ts';

/** Where `meshgate test` keeps the last run for the catalog, relative to the mesh root (ignored by Git). */
export const RESULTS_FILE = '.meshgate/test-results.json';

/** Merges `runs` into the results file at `path`; `rootRelative` turns a run's file into a mesh-root-relative path. */
export async function mergeResults(path: string, runs: readonly ContractRun[], rootRelative: (file: string) => string): Promise<void> {
  let previous = emptyResults();
  try {
    const read = readResults(JSON.parse(await readFile(path, 'utf8')));
    if (typeof read !== 'string') previous = read;
  } catch {
    // No file yet, or one we cannot read: start afresh rather than fail the run.
  }
  const relocated = runs.map((r) => ({ ...r, file: rootRelative(r.file), checks: r.checks.map((c) => ({ ...c, file: rootRelative(c.file) })) }));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(mergeRuns(previous, relocated), null, 2)}\n`);
}
