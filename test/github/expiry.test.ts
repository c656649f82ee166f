/**
 * The scheduled expiry run against a fake GitHub that keeps state (fake-github.ts), so that a run
 * can be repeated over what the one before it left: reminders are kept one per grant and updated
 * rather than repeated, and one pull request removes the expired grants.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateMesh } from '../../bench/generate.ts';
import { EXPIRING_LABEL, REVOCATION_BRANCH } from '../../bot/core/requests/expiry.ts';
import { runExpiry } from '../../bot/github/expiry.ts';
import { SnapshotCache } from '../../bot/github/snapshots.ts';
import { requestMeshFiles } from '../fixtures/meshes/requests.ts';
import { FakeGitHub } from './fake-github.ts';
import { installationOctokit, quietLog } from './helpers.ts';

const run = (github: FakeGitHub, today: string, maxReminderWrites?: number) =>
  runExpiry(installationOctokit(), { owner: 'acme', repo: 'mesh', branch: 'main' }, { log: quietLog(), now: new Date(`${today}T06:00:00Z`), cache: new SnapshotCache(), maxReminderWrites });

/** The request mesh's one grant (marketing on orders, until 2027-06-30) with another end date. */
const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const until = (date: string) => ({ ...requestMeshFiles, [GRANT]: requestMeshFiles[GRANT].replace('2027-06-30', date) });

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('the expiry run', () => {
  it('a grant expiring within expiringSoonDays: one reminder issue, and a repeated run changes nothing', async () => {
    const github = new FakeGitHub(until('2027-06-30'));
    github.install();
    await run(github, '2027-06-10');
    expect(github.open(EXPIRING_LABEL).map((i) => i.title)).toEqual(['Access grant marketing-checkout-orders expires on 2027-06-30']);
    expect(github.open(EXPIRING_LABEL)[0].body).toContain('Approvers: @acme/checkout-data');
    const before = github.requests.length;
    await run(github, '2027-06-11');
    expect(github.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect(github.issues.size).toBe(1);
  });

  it('expired: one pull request deleting the file, listing the grant and its end date; repeated, nothing new', async () => {
    const github = new FakeGitHub(until('2027-06-30'));
    github.install();
    await run(github, '2027-07-02');
    expect(github.trees).toEqual([{ base_tree: 'tree-of-c0', tree: [{ path: GRANT, mode: '100644', type: 'blob', sha: null }] }]);
    expect(Object.keys(github.commits.get(github.refs.get(`refs/heads/${REVOCATION_BRANCH}`)!)!)).not.toContain(GRANT);
    const [removal] = github.open('access-revocation');
    expect(removal.title).toBe('Remove 1 expired access grant');
    expect(removal.body).toContain('| `marketing-checkout-orders` | @acme/marketing | 2027-06-30 | `catalog/checkout/orders/access/marketing.yaml` |');
    expect(github.open(EXPIRING_LABEL)[0].body).toContain(`#${removal.number} removes the file`);
    const before = github.requests.length;
    await run(github, '2027-07-03');
    expect(github.requests.slice(before).filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect([...github.issues.values()].map((i) => i.title)).toEqual(['Remove 1 expired access grant', 'Access grant marketing-checkout-orders expired on 2027-06-30']);
  });

  it('renewed: the reminder is closed with a comment saying until when', async () => {
    const github = new FakeGitHub(until('2027-06-30'));
    github.install();
    await run(github, '2027-06-10');
    github.push(until('2027-09-30'));
    await run(github, '2027-06-12');
    const [reminder] = github.issues.values();
    expect([reminder.state, reminder.comments.map((c) => c.body)]).toEqual(['closed', ['Renewed: `marketing-checkout-orders` now runs until 2027-09-30.']]);
  });

  it('the removal merged (the grant gone): the reminder is closed as revoked', async () => {
    const github = new FakeGitHub(until('2027-06-30'));
    github.install();
    await run(github, '2027-07-02');
    github.merge(github.open('access-revocation')[0].number);
    await run(github, '2027-07-03');
    const reminder = [...github.issues.values()].find((i) => i.labels.includes(EXPIRING_LABEL))!;
    expect([reminder.state, reminder.comments.map((c) => c.body)]).toEqual(['closed', ['Removed: `marketing-checkout-orders` is no longer in the mesh, so its access is revoked.']]);
  });
});

/**
 * The API requests of a scheduled run on a generated mesh (bench/generate.ts): reads are a
 * constant 3 plus one per 100 open reminders (the commit, the tarball, the reminder issues in pages of 100, the open removal pull
 * request), the removal pull request 5 writes however many grants it deletes, and reminders at
 * most `maxReminderWrites` (50) writes a run. MESHGATE_EXPIRY_PRODUCTS=10000 measures the 10k mesh.
 */
describe('the expiry run on a generated mesh', () => {
  const products = Number(process.env.MESHGATE_EXPIRY_PRODUCTS ?? 2_000);
  let files: Record<string, string>;
  let grants: number;
  beforeAll(() => {
    const generated = generateMesh({ products, org: 'acme', seed: 7, today: '2026-12-01' });
    grants = [...generated.keys()].filter((p) => p.includes('/access/')).length;
    files = Object.fromEntries(generated);
  }, 600_000);

  it('a bounded number of requests per run, the same on a repeat once the reminders are open', async () => {
    const github = new FakeGitHub(files);
    github.install();
    const first = await run(github, '2027-05-01');
    const firstRequests = [...github.requests];
    const expired = first.plan.expired.length;
    const due = first.plan.create.length;
    // Until every reminder is open (50 a run), then once more: nothing left to write.
    const runs: number[] = [];
    for (let i = 0; i < Math.ceil(due / 50) + 1; i++) {
      const start = github.requests.length;
      await run(github, '2027-05-01');
      runs.push(github.requests.length - start);
    }
    const reads = (requests: string[]) => requests.filter((r) => r.startsWith('GET ')).length;
    console.info(
      `[expiry scale] ${products} products, ${grants} grants, ${expired} expired, ${due} reminders due: first run ${firstRequests.length} requests ` +
        `(${reads(firstRequests)} reads, ${firstRequests.length - reads(firstRequests)} writes); then ${runs.join(', ')}`,
    );
    expect(expired).toBeGreaterThan(0);
    expect(github.trees).toHaveLength(1);
    expect(github.trees[0].tree).toHaveLength(expired);
    // The commit, the tarball, one (empty) page of reminders, the open removal pull request.
    expect(reads(firstRequests)).toBe(4);
    expect(firstRequests.length - reads(firstRequests)).toBe(5 + Math.min(50, due));
    expect(github.open(EXPIRING_LABEL)).toHaveLength(due);
    expect(runs.at(-1)).toBe(3 + Math.ceil(due / 100));
  }, 600_000);
});
