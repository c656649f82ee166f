import { describe, expect, it } from 'vitest';
import { limitSummary, writeCheckRun, type Annotation } from '../../bot/github/check-run.ts';
import { HEAD_SHA, REPO, capture, installationOctokit, interceptRequests } from './helpers.ts';

const target = { owner: 'acme', repo: 'mesh', headSha: HEAD_SHA, externalId: 'pr:7;base:b1' };
/** `n` annotations over three files, so that none reaches the cap per file. */
const annotations = (n: number): Annotation[] =>
  Array.from({ length: n }, (_, i) => ({ path: `catalog/a${i % 3}.yaml`, start_line: i + 1, end_line: i + 1, annotation_level: 'failure', title: 'schema', message: `m${i}` }));
const sent = (bodies: unknown[]) => bodies.map((b) => ((b as { output: { annotations?: Annotation[] } }).output.annotations ?? []).map((a) => a.message));

interceptRequests();

describe('writeCheckRun', () => {
  it('resumes annotations where an interrupted evaluation of the same commits stopped', async () => {
    const first = capture('patch', `/repos/${REPO}/check-runs/10`);
    const second = capture('patch', `/repos/${REPO}/check-runs/10`);
    await writeCheckRun(installationOctokit(), target, { id: 10, externalId: target.externalId, annotationsCount: 50 }, {
      conclusion: 'failure',
      title: 't',
      summary: 's',
      annotations: annotations(120),
    });
    expect(sent([...first, ...second]).map((batch) => [batch[0], batch.length])).toEqual([
      ['m50', 50],
      ['m100', 20],
    ]);
  });

  it('replaces an annotated run computed from another base even when the new result has no annotations', async () => {
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 11 });
    const superseded = capture('patch', `/repos/${REPO}/check-runs/10`);
    const id = await writeCheckRun(installationOctokit(), target, { id: 10, externalId: 'pr:7;base:b0', annotationsCount: 3 }, {
      conclusion: 'success',
      title: 't',
      summary: 's',
      annotations: [],
    });
    expect(id).toBe(11);
    expect(created).toHaveLength(1);
    expect(superseded).toMatchObject([{ conclusion: 'neutral', output: { summary: expect.stringContaining('See check run 11.') } }]);
  });

  it('updates an unannotated run in place even when its base differs', async () => {
    const updated = capture('patch', `/repos/${REPO}/check-runs/10`);
    await writeCheckRun(installationOctokit(), target, { id: 10, externalId: 'pr:7;base:b0', annotationsCount: 0 }, { conclusion: 'success', title: 't', summary: 's', annotations: [] });
    expect(updated).toMatchObject([{ external_id: target.externalId }]);
  });
});

describe('limitSummary', () => {
  it('leaves a summary within the limit as it is', () => {
    expect(limitSummary('short', 100)).toBe('short');
  });

  it('cuts at a line break and says how many characters were cut', () => {
    const summary = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const limited = limitSummary(summary, 200);
    expect(limited.length).toBeLessThanOrEqual(200);
    expect(limited).toMatch(/\nline \d+\n\n… \d+ more characters not shown \(GitHub limits a check-run summary to 200 characters\)\.$/);
  });
});
