/**
 * The workflow files, parsed: what runs on a pull request's events, with which token, from whose
 * code. GitHub runs `pull_request_review` workflows from the pull request's own merge ref, and
 * `pull_request_target`/`workflow_run` ones with a writable token and the repository's secrets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../../.github/workflows/', import.meta.url);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  name?: string;
  on: Record<string, unknown> | string | string[];
  permissions?: Record<string, string> | string;
  jobs: Record<string, { permissions?: Record<string, string> | string; steps?: Step[] }>;
}

const workflows = readdirSync(DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    return { file, text, doc: yaml.load(text) as Workflow };
  });

const triggers = (doc: Workflow): string[] => (typeof doc.on === 'string' ? [doc.on] : Array.isArray(doc.on) ? doc.on : Object.keys(doc.on));
const steps = (doc: Workflow): Step[] => Object.values(doc.jobs).flatMap((job) => job.steps ?? []);
const meshgate = workflows.find((w) => w.file === 'meshgate.yml')!;
const recorder = workflows.find((w) => w.file === 'meshgate-review.yml')!;

describe('attack 1: Actions mode never runs a pull request\'s code with a token', () => {
  it('a pull_request_review workflow holds no token scope, no secret and no checkout', () => {
    const onReview = workflows.filter((w) => triggers(w.doc).includes('pull_request_review'));
    expect(onReview.map((w) => w.file)).toEqual(['meshgate-review.yml']);
    for (const { doc, text } of onReview) {
      expect(doc.permissions).toEqual({});
      for (const job of Object.values(doc.jobs)) expect(job.permissions ?? {}).toEqual({});
      expect(text).not.toMatch(/secrets\.|github\.token|GITHUB_TOKEN/);
      expect(steps(doc).filter((s) => s.uses?.startsWith('actions/checkout'))).toEqual([]);
      // It runs nothing from the repository: only shell built-ins and the artifact upload.
      expect(steps(doc).map((s) => s.run ?? '').join('\n')).not.toMatch(/\b(npm|npx|node|tsx|bash \.|\.\/)/);
    }
  });

  it('the review recorder passes the number through the environment, never spliced into the script', () => {
    for (const step of steps(recorder.doc)) expect(step.run ?? '').not.toContain('${{');
  });

  it('meshgate.yml evaluates recorded reviews on workflow_run, from the default branch, and no longer on pull_request_review', () => {
    const on = meshgate.doc.on as Record<string, { workflows?: string[]; types?: string[] }>;
    expect(Object.keys(on).sort()).toEqual(['pull_request_target', 'push', 'workflow_run']);
    expect(on.workflow_run).toEqual({ workflows: [recorder.doc.name], types: ['completed'] });
  });

  it('no workflow with a writable token or secrets checks out a pull request\'s head', () => {
    for (const { file, doc } of workflows) {
      const privileged = triggers(doc).some((t) => ['pull_request_target', 'workflow_run'].includes(t));
      if (!privileged) continue;
      for (const step of steps(doc).filter((s) => s.uses?.startsWith('actions/checkout'))) {
        const ref = String(step.with?.ref ?? '');
        expect({ file, ref }).not.toMatchObject({ ref: expect.stringMatching(/pull_request\.head|workflow_run\.head|refs\/pull|head_sha|head_branch|head\.ref|head\.sha/) });
      }
    }
  });

  it('meshgate.yml leaves no credentials in the checkout for later steps to find', () => {
    for (const step of steps(meshgate.doc).filter((s) => s.uses?.startsWith('actions/checkout'))) expect(step.with?.['persist-credentials']).toBe(false);
  });

  it('meshgate.yml asks for the least it needs: checks and pull requests to write, contents and actions to read', () => {
    expect(meshgate.doc.permissions).toEqual({ actions: 'read', checks: 'write', 'pull-requests': 'write', contents: 'read' });
    for (const job of Object.values(meshgate.doc.jobs)) expect(job.permissions).toBeUndefined();
  });

  it('the recorded artifact is downloaded outside the workspace, so it cannot replace the code that runs', () => {
    const download = steps(meshgate.doc).find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    expect(download.with).toMatchObject({ name: 'meshgate-review', 'run-id': '${{ github.event.workflow_run.id }}' });
    expect(String(download.with?.path)).toMatch(/^\$\{\{ runner\.temp \}\}\//);
    const evaluate = steps(meshgate.doc).find((s) => s.run?.includes('bot/github/action.ts'))!;
    expect(String(evaluate.env?.MESHGATE_PULL_NUMBER_FILE)).toBe(`${download.with?.path}/pull-number`);
  });
});
