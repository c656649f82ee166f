/**
 * A file with thousands of findings must not make a request per 50 of them on every push:
 * annotations are capped per file and per evaluation, errors first, and the summary says how many
 * were left out. Through signed webhook deliveries to the app, GitHub mocked by nock.
 */
import type { Probot } from 'probot';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../bot/core/model.ts';
import type { Review } from '../../bot/core/review/types.ts';
import { MAX_ANNOTATIONS, MAX_ANNOTATIONS_PER_FILE } from '../../bot/github/check-run.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { smallMesh } from '../fixtures/meshes/small.ts';
import { capture, countApiRequests, createTestProbot, deliver, interceptRequests, mockCheckRunLookup, mockInstallationToken, mockPullRequestMeshes, mockReviews, payload, REPO, HEAD_SHA } from './helpers.ts';

interface Output {
  output: { summary: string; annotations?: Array<{ path: string; annotation_level: string }> };
}
const annotationsOf = (bodies: unknown[]) => bodies.flatMap((b) => (b as Output).output.annotations ?? []);

const CONTRACT = 'catalog/checkout/orders/orders-v1.contract.yaml';

/** The small mesh's orders contract with `n` more properties all named `dup`: n - 1 duplicate-property errors in one file. */
function contractWithDuplicates(n: number): string {
  const text = smallMesh[CONTRACT];
  const at = text.indexOf('    properties:\n') + '    properties:\n'.length;
  return text.slice(0, at) + '      - name: dup\n        logicalType: string\n'.repeat(n) + text.slice(at);
}

let probot: Probot;

interceptRequests();

beforeEach(() => {
  mockInstallationToken();
});

describe('annotation cap', () => {
  it('a pull request whose one file has 3,000 findings posts 50 annotations in one request, and the summary says how many more', async () => {
    probot = await createTestProbot({ evaluate: { cache: new SnapshotCache() } });
    await mockPullRequestMeshes(smallMesh, { ...smallMesh, [CONTRACT]: contractWithDuplicates(3_001) });
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 900 });
    const asked = capture('post', `/repos/${REPO}/pulls/7/requested_reviewers`, {});
    const counter = countApiRequests();
    await deliver(probot, 'pull_request', payload('pull_request.opened'));
    counter.stop();
    const annotations = annotationsOf(created);
    expect({
      checkRunRequests: counter.requests.filter((r) => r.includes('/check-runs')).length,
      annotations: annotations.length,
      inTheFile: annotations.filter((a) => a.path === CONTRACT).length,
      note: (created[0] as Output).output.summary.match(/\*\*Annotations:\*\* .*/)?.[0],
      asked: asked.length,
    }).toEqual({
      // The lookup and the create; before the cap, one update more per further 50 (60 in all).
      checkRunRequests: 2,
      annotations: MAX_ANNOTATIONS_PER_FILE,
      inTheFile: MAX_ANNOTATIONS_PER_FILE,
      note: `**Annotations:** 50 of 3000 findings are annotated on the files, errors first (at most 50 per file and ${MAX_ANNOTATIONS} per run); 2950 more are not. Run \`npx meshgate review --base <base>\` locally for every finding.`,
      asked: 1,
    });
  }, 120_000);
});

describe('annotation cap, the app over a review with findings in many files', () => {
  let current: Review;
  const FILES = Object.keys(smallMesh).slice(0, 8);

  beforeEach(async () => {
    probot = await createTestProbot({ evaluate: { cache: new SnapshotCache(), review: async (_base, _head, pr) => {
          await pr.reviews();
          return current;
        },
        render: (review) => `summary: ${review.title}` } });
  });

  function review(findings: Finding[]): Review {
    return {
      conclusion: 'failure', title: 'Findings', findings, changes: [], categories: [], breakingChanges: [], approvals: [], reviewersToRequest: { users: [], teams: [] },
    };
  }

  const warning = (file: string, line: number): Finding => ({ severity: 'warning', code: 'policy:p', message: `warning ${line}`, file, line, column: 1, path: '' });

  it(`more findings than ${MAX_ANNOTATIONS} across files: the errors are annotated first, and no more than ${MAX_ANNOTATIONS} in all`, async () => {
    // 8 files × 40 warnings, and one error on the last line of the last file: the last annotation in file order.
    const last = FILES[FILES.length - 1];
    current = review([...FILES.flatMap((file) => Array.from({ length: 40 }, (_, i) => warning(file, i + 1))), { ...warning(last, 99), severity: 'error', message: 'the error' }]);
    await mockPullRequestMeshes(smallMesh, { ...smallMesh, [CONTRACT]: smallMesh[CONTRACT].replace('One row per order.', 'One row per order placed.') });
    mockCheckRunLookup(HEAD_SHA);
    mockReviews([]);
    const created = capture('post', `/repos/${REPO}/check-runs`, { id: 901 });
    const updates = Array.from({ length: MAX_ANNOTATIONS / 50 - 1 }, () => capture('patch', `/repos/${REPO}/check-runs/901`));
    await deliver(probot, 'pull_request', payload('pull_request.opened'));
    const annotations = [created, ...updates].flatMap(annotationsOf);
    expect({ total: annotations.length, first: annotations[0] }).toEqual({
      total: MAX_ANNOTATIONS,
      first: expect.objectContaining({ path: last, annotation_level: 'failure', message: 'the error' }),
    });
  });
});
