/** The GitHub app's API requests for one evaluation, measured in a child (bench/api-eval.ts). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './generate.ts';
import { measureNode, type Skipped } from './measure.ts';

export interface ApiResult {
  scenario: string;
  /** How the change was approved: through the owners' team (a team lookup) or by an owner named directly. Absent in results before 2026-11-24. */
  approval?: 'team' | 'login';
  calls: number;
  annotations: number;
  conclusion: string | null;
  /** The whole delivery, tarballs (from memory) included; wall time on a busy machine. */
  evaluationMs: number;
  byRoute: Record<string, number>;
  maxRssMB: number | null;
}

export async function measureApiCalls(dir: string, scenario: 'one-contract' | 'annotations' = 'one-contract', approval: 'team' | 'login' = 'team'): Promise<ApiResult | Skipped> {
  for (const needed of ['bot/github/app.ts', 'bench/github-mock.ts']) {
    if (!existsSync(join(REPOSITORY_ROOT, needed))) return { skipped: `${needed} not found` };
  }
  const m = await measureNode(['--import', 'tsx'], ['bench/api-eval.ts', dir, '--scenario', scenario, '--approval', approval], { timeoutMs: 900_000 });
  if (m.exitCode !== 0) return { skipped: `api-eval exited ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` };
  const out = JSON.parse(m.stdout) as Omit<ApiResult, 'maxRssMB'>;
  return { scenario: out.scenario, approval: out.approval, calls: out.calls, annotations: out.annotations, conclusion: out.conclusion, evaluationMs: out.evaluationMs, byRoute: out.byRoute, maxRssMB: m.maxRssMB === null ? null : Math.round(m.maxRssMB) };
}
