/**
 * The one "Meshgate" check run per head commit. It is found and updated in place, so redeliveries,
 * re-runs and every new review on the same commit rewrite it instead of adding a second one.
 */
import type { Finding } from '../core/model.ts';
import type { Conclusion } from '../core/review/types.ts';
import type { GitHub } from './octokit.ts';

export const CHECK_NAME = 'Meshgate';
/** GitHub accepts at most 50 annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limit on `output.summary`, in characters. */
export const SUMMARY_LIMIT = 65_535;
/**
 * Annotations posted per evaluation, and per file. Each 50 cost a request on every push, and past
 * a few hundred nobody reads them in the diff: a file with tens of thousands of findings would
 * otherwise make a thousand requests. The summary says how many were left out.
 */
export const MAX_ANNOTATIONS = 250;
export const MAX_ANNOTATIONS_PER_FILE = 50;

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
  raw_details?: string;
}

export interface CheckRunOutput {
  conclusion: Conclusion | 'neutral';
  title: string;
  summary: string;
  annotations: Annotation[];
}

export interface ExistingCheckRun {
  id: number;
  externalId: string | null;
  annotationsCount: number;
  /** The commit the run belongs to, when known from a payload. */
  headSha?: string;
}

export interface CheckRunTarget {
  owner: string;
  repo: string;
  headSha: string;
  /**
   * Identifies what the annotations were computed from (pull request and base commit). Annotations
   * only ever append on GitHub; the key tells whether those already posted are still right.
   */
  externalId: string;
}

/** The existing Meshgate check run on a commit, if any (one request). */
export async function findCheckRun(octokit: GitHub, { owner, repo, headSha }: Omit<CheckRunTarget, 'externalId'>): Promise<ExistingCheckRun | undefined> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
    owner,
    repo,
    ref: headSha,
    check_name: CHECK_NAME,
    filter: 'latest',
    per_page: 100,
  });
  const run = data.check_runs.find((candidate) => candidate.name === CHECK_NAME);
  if (!run) return undefined;
  return { id: Number(run.id), externalId: run.external_id ?? null, annotationsCount: run.output?.annotations_count ?? 0 };
}

/**
 * Creates or updates the check run and posts its annotations, the first 50 with the result and
 * the rest in further updates. Returns the check run's id.
 *
 * Annotations already on the run from the same pull request and base are not posted again (a new
 * review re-evaluates the same commits and yields the same findings in the same order). When the
 * base changed, the old annotations are wrong and cannot be deleted, so a fresh run replaces the
 * old one, which is marked neutral and pointed at its successor.
 */
export async function writeCheckRun(
  octokit: GitHub,
  target: CheckRunTarget,
  existing: ExistingCheckRun | undefined,
  output: CheckRunOutput,
): Promise<number> {
  const { owner, repo, headSha, externalId } = target;
  const { annotations, note } = capAnnotations(output.annotations);
  const summary = note ? limitSummary(output.summary, SUMMARY_LIMIT - note.length) + note : limitSummary(output.summary);
  const title = output.title.length > 1000 ? `${output.title.slice(0, 997)}…` : output.title;
  let skip = 0;
  let replace: ExistingCheckRun | undefined;
  if (existing) {
    if (existing.externalId === externalId) skip = Math.min(existing.annotationsCount, annotations.length);
    else if (existing.annotationsCount > 0) replace = existing;
  }
  const pending = annotations.slice(skip);
  const first = pending.slice(0, ANNOTATIONS_PER_REQUEST);
  const body = {
    status: 'completed' as const,
    conclusion: output.conclusion,
    completed_at: new Date().toISOString(),
    external_id: externalId,
    output: { title, summary, ...(first.length ? { annotations: first } : {}) },
  };
  let id: number;
  if (existing && !replace) {
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner, repo, check_run_id: existing.id, ...body });
    id = existing.id;
  } else {
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner, repo, name: CHECK_NAME, head_sha: headSha, ...body });
    id = Number(data.id);
  }
  for (let start = ANNOTATIONS_PER_REQUEST; start < pending.length; start += ANNOTATIONS_PER_REQUEST) {
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner,
      repo,
      check_run_id: id,
      output: { title, summary, annotations: pending.slice(start, start + ANNOTATIONS_PER_REQUEST) },
    });
  }
  if (replace) {
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner,
      repo,
      check_run_id: replace.id,
      status: 'completed',
      conclusion: 'neutral',
      output: {
        title: 'Superseded',
        summary: `The pull request's base changed, so this evaluation and its annotations are out of date. See check run ${id}.`,
      },
    });
  }
  return id;
}

/** Findings as annotations, in a stable order so that a re-evaluation yields the same list. */
export function toAnnotations(findings: Finding[], existingPaths?: ReadonlySet<string>): Annotation[] {
  return findings
    // GitHub rejects the whole request for an annotation on a path missing from the commit.
    .filter((finding) => finding.file && (!existingPaths || existingPaths.has(finding.file)))
    .map((finding): Annotation => {
      const line = Math.max(1, finding.line || 1);
      return {
        path: finding.file,
        start_line: line,
        end_line: line,
        annotation_level: finding.severity === 'error' ? 'failure' : 'warning',
        title: finding.code,
        message: finding.message,
        ...(finding.hint ? { raw_details: finding.hint } : {}),
      };
    })
    .sort(
      (a, b) =>
        compare(a.path, b.path) || a.start_line - b.start_line || compare(a.title, b.title) || compare(a.message, b.message),
    );
}

const LEVEL_ORDER: Record<Annotation['annotation_level'], number> = { failure: 0, warning: 1, notice: 2 };

/**
 * The annotations to post: the most severe first, at most `MAX_ANNOTATIONS_PER_FILE` per file and
 * `MAX_ANNOTATIONS` in all, in a stable order (a re-evaluation posts the same list, so the ones
 * already on the run are skipped); and, when some were left out, the line that says so.
 */
export function capAnnotations(all: Annotation[], limits = { total: MAX_ANNOTATIONS, perFile: MAX_ANNOTATIONS_PER_FILE }): { annotations: Annotation[]; note?: string } {
  const bySeverity = all.map((a, i) => ({ a, i })).sort((x, y) => LEVEL_ORDER[x.a.annotation_level] - LEVEL_ORDER[y.a.annotation_level] || x.i - y.i);
  const perFile = new Map<string, number>();
  const annotations: Annotation[] = [];
  for (const { a } of bySeverity) {
    if (annotations.length >= limits.total) break;
    const count = perFile.get(a.path) ?? 0;
    if (count >= limits.perFile) continue;
    perFile.set(a.path, count + 1);
    annotations.push(a);
  }
  const left = all.length - annotations.length;
  if (left === 0) return { annotations };
  return {
    annotations,
    note:
      `\n\n**Annotations:** ${annotations.length} of ${all.length} findings are annotated on the files, errors first ` +
      `(at most ${limits.perFile} per file and ${limits.total} per run); ${left} more are not. ` +
      'Run `npx meshgate review --base <base>` locally for every finding.\n',
  };
}

/** Keeps the summary inside GitHub's limit, saying how much was cut. */
export function limitSummary(summary: string, limit = SUMMARY_LIMIT): string {
  if (summary.length <= limit) return summary;
  const note = (cut: number) => `\n\n… ${cut} more characters not shown (GitHub limits a check-run summary to ${limit} characters).`;
  const keep = limit - note(summary.length).length;
  const cutAt = summary.lastIndexOf('\n', keep) > keep - 2000 ? summary.lastIndexOf('\n', keep) : keep;
  return summary.slice(0, cutAt) + note(summary.length - cutAt);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
