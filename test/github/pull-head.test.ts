/**
 * The head a pull request is judged on, end to end with the real core review: the base tip plus
 * the pull request's changes, rebuilt from its file list; and when that list cannot be applied
 * exactly, the head commit's tarball, which still reaches the right verdict — never a pass on a
 * file that was skipped.
 *
 * Pull request #7 (by @lena) branched from `forkPoint`: the small mesh without the access grant
 * `marketing-checkout-orders`, which it adds. `@acme/checkout-data` (maria, jonas) approves it.
 */
import nock from 'nock';
import type { Probot } from 'probot';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { smallMesh, withFiles } from '../fixtures/meshes/small.ts';
import {
  API,
  BASE_SHA,
  HEAD2_SHA,
  HEAD_SHA,
  REPO,
  capture,
  countApiRequests,
  createTestProbot,
  deliver,
  interceptRequests,
  mockCheckRunLookup,
  mockInstallationToken,
  mockPullFiles,
  mockReviews,
  mockTarball,
  payload,
  pullFiles,
  tarball,
  type ReviewRecord,
} from './helpers.ts';

const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const PRODUCT = 'catalog/checkout/orders/product.yaml';
const forkPoint = withFiles({ [GRANT]: null });

let probot: Probot;

interceptRequests();

beforeEach(async () => {
  probot = await createTestProbot({ evaluate: { cache: new SnapshotCache() } });
  mockInstallationToken();
});

/**
 * One first evaluation of #7 on a `pull_request_review` by maria: the base tip's tarball, the file
 * list (from the fork point to `head`, with `edit` applied to it), and the head tarball when
 * `headTarball` is set. Resolves with the check run written and the requests made.
 */
async function evaluate({
  baseTip,
  from = forkPoint,
  head,
  edit = (files) => files,
  headTarball = false,
  reviews = [{ user: 'maria', state: 'APPROVED', commit: HEAD_SHA }],
  labels = ['access-request'],
}: {
  baseTip: Record<string, string>;
  /** Where the branch forked off. */
  from?: Record<string, string>;
  head: Record<string, string>;
  edit?: (files: ReturnType<typeof pullFiles>) => ReturnType<typeof pullFiles>;
  headTarball?: boolean;
  reviews?: ReviewRecord[];
  /** The labels the pull request already has (those of an access request by default). */
  labels?: string[];
}) {
  mockTarball(REPO, BASE_SHA, await tarball(baseTip));
  mockPullFiles(edit(pullFiles(from, head, { context: 3 })));
  if (headTarball) mockTarball(REPO, HEAD_SHA, await tarball(head));
  mockCheckRunLookup(HEAD_SHA);
  mockReviews(reviews);
  if (reviews.length) nock(API).get('/orgs/acme/teams/checkout-data/members').query(true).reply(200, [{ login: 'maria' }, { login: 'jonas' }]);
  const created = capture('post', `/repos/${REPO}/check-runs`, { id: 1 });
  const fixture = payload('pull_request_review.submitted');
  fixture.pull_request.labels = labels.map((name) => ({ name }));
  fixture.pull_request.requested_teams = [{ slug: 'checkout-data' }];
  const counter = countApiRequests();
  await deliver(probot, 'pull_request_review', fixture, 'head-1');
  counter.stop();
  const run = created[0] as { conclusion: string; output: { title: string; summary: string; annotations?: Array<Record<string, unknown>> } };
  return { run, requests: counter.requests };
}

describe('the head rebuilt from the file list', () => {
  it('a team-approved access request: 6 requests, no head tarball', async () => {
    const { run, requests } = await evaluate({ baseTip: forkPoint, head: smallMesh });
    expect(run.conclusion).toBe('success');
    expect(requests).toHaveLength(6);
    expect(requests.filter((r) => r.includes('/tarball/'))).toEqual([`GET /repos/${REPO}/tarball/${BASE_SHA}`]);
  });

  it('a branch that is behind: what landed on the base since is not shown as removed by the pull request', async () => {
    // The marketing domain changed on the base branch after #7 branched off.
    const baseTip = withFiles({ [GRANT]: null, 'catalog/marketing/domain.yaml': smallMesh['catalog/marketing/domain.yaml'].replace('name: Marketing', 'name: Marketing & CRM') });
    const { run } = await evaluate({ baseTip, head: smallMesh });
    expect(run).toMatchObject({ conclusion: 'success', output: { title: 'Access request: all checks passed' } });
    expect(run.output.summary).not.toContain('Domain change');
  });
});

describe('when the file list cannot be applied, the head tarball', () => {
  it('a patch that does not apply (the base changed the same lines) is not skipped: the head tarball shows the broken reference', async () => {
    // #7 also points the product at a contract that does not exist; the base has since added a
    // comment right above that line, so the hunk no longer matches where it says.
    const head = { ...smallMesh, [PRODUCT]: smallMesh[PRODUCT].replace('contractId: checkout-orders-v1', 'contractId: checkout-orders-v9') };
    const baseTip = { ...forkPoint, [PRODUCT]: smallMesh[PRODUCT].replace('outputPorts:\n', 'outputPorts:\n  # one port per contract version\n') };
    const { run, requests } = await evaluate({ baseTip, head, headTarball: true });
    expect(run.conclusion).toBe('failure');
    expect(run.output.annotations).toContainEqual(expect.objectContaining({ path: PRODUCT, start_line: 15, annotation_level: 'failure' }));
    expect(requests).toHaveLength(7);
  });

  it('a file GitHub lists without a patch (too large) is read from the head tarball', async () => {
    const { run, requests } = await evaluate({
      baseTip: forkPoint,
      head: smallMesh,
      edit: (files) => files.map(({ patch: _omitted, ...file }) => file),
      headTarball: true,
      reviews: [],
    });
    expect(run).toMatchObject({ conclusion: 'action_required', output: { title: 'Access request: needs approval from @acme/checkout-data' } });
    expect(requests.filter((r) => r.includes('/tarball/'))).toEqual([`GET /repos/${REPO}/tarball/${BASE_SHA}`, `GET /repos/${REPO}/tarball/${HEAD_SHA}`]);
  });

  it('a revocation (only removals, whose entries name the commit before them) cannot be tied to the head: 7 requests with a team approval', async () => {
    const { run, requests } = await evaluate({ baseTip: smallMesh, from: smallMesh, head: forkPoint, headTarball: true, labels: [] });
    // The revocation is judged in full (marketing's product still consumes the contract through an
    // input port, which now needs an active grant: lineage.no-grant), with the same 7 requests.
    expect(run).toMatchObject({ conclusion: 'failure', output: { title: 'Access revocation: 1 error' } });
    expect(run.output.annotations).toMatchObject([{ path: 'catalog/marketing/audiences/product.yaml', title: 'lineage.no-grant' }]);
    expect(requests).toHaveLength(7);
  });

  it('a file list GitHub computed for a newer push is not used for this commit', async () => {
    // The newer push dropped the grant again and renamed a domain; judged on that list, this
    // commit's grant would pass unseen.
    const { run } = await evaluate({
      baseTip: forkPoint,
      head: smallMesh,
      edit: () => pullFiles(forkPoint, { ...forkPoint, 'catalog/marketing/domain.yaml': smallMesh['catalog/marketing/domain.yaml'].replace('name: Marketing', 'name: CRM') }, { headSha: HEAD2_SHA }),
      headTarball: true,
      reviews: [],
    });
    expect(run).toMatchObject({ conclusion: 'action_required', output: { title: 'Access request: needs approval from @acme/checkout-data' } });
  });
});
