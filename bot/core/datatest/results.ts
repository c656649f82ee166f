/**
 * The results file the catalog reads: the last run of each contract on each server, with paths
 * relative to the mesh root. `meshgate test` merges into it; the site build shows it.
 */
import type { ContractRun } from './types.ts';

export interface TestResults {
  format: 'meshgate-test-results/1';
  runs: ContractRun[];
}

export const emptyResults = (): TestResults => ({ format: 'meshgate-test-results/1', runs: [] });

/** `previous` with each run of `latest` replacing the one of the same contract and server. */
export function mergeRuns(previous: TestResults, latest: readonly ContractRun[]): TestResults {
  const key = (r: ContractRun) => `${r.contract}\u0000${r.server}`;
  const replaced = new Set(latest.map(key));
  return { format: previous.format, runs: [...previous.runs.filter((r) => !replaced.has(key(r))), ...latest].sort((a, b) => key(a).localeCompare(key(b))) };
}

/** Reads a results file's JSON (or a bare run / array of runs, as `--format json` writes), or says why not. */
export function readResults(json: unknown): TestResults | string {
  const runs = Array.isArray(json) ? json : json && typeof json === 'object' && 'runs' in json ? (json as { runs: unknown }).runs : json && typeof json === 'object' && 'contract' in json ? [json] : undefined;
  if (!Array.isArray(runs)) return 'not a meshgate test results file (expected { runs: [...] } or the output of `meshgate test --format json`)';
  const valid = runs.filter((r): r is ContractRun => !!r && typeof r === 'object' && typeof r.contract === 'string' && typeof r.server === 'string' && Array.isArray(r.checks));
  if (valid.length !== runs.length) return `${runs.length - valid.length} of ${runs.length} runs lack contract, server or checks`;
  return { format: 'meshgate-test-results/1', runs: valid };
}
