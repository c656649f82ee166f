/**
 * What an evaluation must know of a pull request besides its files, in one GraphQL request
 * (GitHub's REST API needs four: reviews, commits, the base branch's tip and its tree):
 * - the **current tip of the base branch**, which the evaluation judges against (a webhook's
 *   `pull.base.sha` is the base as of the last push, so rules merged since would be missed);
 * - the tip's tree under `catalog/` and `policies/` (paths, modes and blob ids), to check the base
 *   tarball against: GitHub's tarball is `git archive`, which `.gitattributes` can alter
 *   (`export-subst`, `export-ignore`, eol conversion);
 * - the **reviews**;
 * - everyone who **wrote** the change: each commit's author and committer (GitHub's account for
 *   the e-mail, else the noreply e-mail's login, else a name that is a valid login), and the actor
 *   of a force push that set the current head (the only pusher GitHub reports).
 * Further pages (over 100 reviews or commits) cost one request each; trees deeper than the query
 * reaches, one REST tree request each.
 */
import type { PullReview, ReviewState } from '../core/review/types.ts';
import { commitLogin } from '../sources/identity.ts';
import type { GitHub } from './octokit.ts';

export interface PullDataLocator {
  owner: string;
  repo: string;
  number: number;
}

/** One entry of a git tree: a blob (mode 100644/100755), a link (120000) or a submodule (160000). */
export interface TreeEntry {
  mode: string;
  oid: string;
}

export interface PullData {
  /** The commit the base branch points at now. */
  baseTip: string;
  /** Every blob, link and submodule under catalog/ and policies/ at `baseTip`, by path. */
  baseTree: Map<string, TreeEntry>;
  reviews: PullReview[];
  /** Logins of everyone who authored, committed or (force-)pushed the head, sorted. */
  writers: string[];
}

/** GitHub could not say all the evaluation needs (a deleted base branch, a cut list). */
export class PullDataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PullDataError';
  }
}

/** Folders deep the query reads a tree; deeper folders are read with one REST request each. */
const TREE_DEPTH = 8;
/** GitHub lists at most this many commits of a pull request. */
export const PULL_COMMITS_LIMIT = 250;

const REVIEW_STATES = new Set<ReviewState>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);

function treeFields(depth: number): string {
  const entry = 'name mode oid type';
  return depth === 0 ? `entries { ${entry} }` : `entries { ${entry} object { ... on Tree { ${treeFields(depth - 1)} } } }`;
}

const REVIEWS = 'reviews(first: 100, after: $reviewsAfter) { totalCount pageInfo { hasNextPage endCursor } nodes { author { login } state submittedAt commit { oid } } }';
const IDENTITY = 'name email user { login }';
const COMMITS = `commits(first: 100, after: $commitsAfter) { totalCount pageInfo { hasNextPage endCursor } nodes { commit { author { ${IDENTITY} } committer { ${IDENTITY} } } } }`;
const FOLDER = (name: string) => `${name}: file(path: "${name}") { type object { ... on Tree { ${treeFields(TREE_DEPTH)} } } }`;

export const PULL_QUERY = `query MeshgatePull($owner: String!, $repo: String!, $number: Int!, $reviewsAfter: String, $commitsAfter: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      headRefOid
      baseRef { target { oid ... on Commit { ${FOLDER('catalog')} ${FOLDER('policies')} } } }
      ${REVIEWS}
      ${COMMITS}
      timelineItems(last: 1, itemTypes: [HEAD_REF_FORCE_PUSHED_EVENT]) { nodes { ... on HeadRefForcePushedEvent { actor { login } afterCommit { oid } } } }
    }
  }
}`;

const REVIEWS_QUERY = `query MeshgatePullReviews($owner: String!, $repo: String!, $number: Int!, $reviewsAfter: String) {
  repository(owner: $owner, name: $repo) { pullRequest(number: $number) { ${REVIEWS} } }
}`;
const COMMITS_QUERY = `query MeshgatePullCommits($owner: String!, $repo: String!, $number: Int!, $commitsAfter: String) {
  repository(owner: $owner, name: $repo) { pullRequest(number: $number) { ${COMMITS} } }
}`;

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<T | null>;
}
interface ReviewNode {
  author: { login: string } | null;
  state: string;
  submittedAt: string | null;
  commit: { oid: string } | null;
}
interface Identity {
  name: string | null;
  email: string | null;
  user: { login: string } | null;
}
interface CommitNode {
  commit: { author: Identity | null; committer: Identity | null };
}
interface GraphTreeEntry {
  name: string;
  mode: number;
  oid: string;
  type: string;
  object?: { entries?: GraphTreeEntry[] } | null;
}
interface Folder {
  type: string;
  object: { entries?: GraphTreeEntry[] } | null;
}
interface PullAnswer {
  repository: {
    pullRequest: {
      headRefOid: string;
      baseRef: { target: { oid: string; catalog?: Folder | null; policies?: Folder | null } } | null;
      reviews: Page<ReviewNode>;
      commits: Page<CommitNode>;
      timelineItems: { nodes: Array<{ actor?: { login: string } | null; afterCommit?: { oid: string } | null } | null> };
    } | null;
  } | null;
}

export async function fetchPullData(octokit: GitHub, { owner, repo, number }: PullDataLocator, headSha: string): Promise<PullData> {
  const variables = { owner, repo, number };
  const answer = await octokit.graphql<PullAnswer>(PULL_QUERY, variables);
  const pull = answer.repository?.pullRequest;
  if (!pull) throw new PullDataError(`GitHub's GraphQL API knows no pull request ${owner}/${repo}#${number}.`);
  if (!pull.baseRef) throw new PullDataError(`The base branch of ${owner}/${repo}#${number} no longer exists; retarget the pull request.`);
  const baseTip = pull.baseRef.target.oid;

  const reviewNodes = [...pull.reviews.nodes];
  for (let page = pull.reviews.pageInfo; page.hasNextPage; ) {
    const more = await octokit.graphql<PullAnswer>(REVIEWS_QUERY, { ...variables, reviewsAfter: page.endCursor });
    const reviews = more.repository!.pullRequest!.reviews;
    reviewNodes.push(...reviews.nodes);
    page = reviews.pageInfo;
  }
  const commitNodes = [...pull.commits.nodes];
  for (let page = pull.commits.pageInfo; page.hasNextPage; ) {
    const more = await octokit.graphql<PullAnswer>(COMMITS_QUERY, { ...variables, commitsAfter: page.endCursor });
    const commits = more.repository!.pullRequest!.commits;
    commitNodes.push(...commits.nodes);
    page = commits.pageInfo;
  }
  if (commitNodes.length < pull.commits.totalCount) {
    throw new PullDataError(
      `${owner}/${repo}#${number} has ${pull.commits.totalCount} commits and GitHub lists only ${commitNodes.length} (at most ${PULL_COMMITS_LIMIT}), so Meshgate cannot tell who wrote it; squash or split the pull request.`,
    );
  }

  const reviews: PullReview[] = [];
  for (const node of reviewNodes) {
    // A deleted account (`author: null`) cannot be anyone's approval.
    if (!node?.author?.login || !node.commit?.oid || !REVIEW_STATES.has(node.state as ReviewState)) continue;
    reviews.push({ user: node.author.login, state: node.state as ReviewState, commitId: node.commit.oid, submittedAt: node.submittedAt ?? '' });
  }
  const writers = new Set<string>();
  for (const node of commitNodes) {
    for (const who of [node?.commit.author, node?.commit.committer]) {
      // GitHub's own link of the e-mail to an account; else what the commit says (see identity.ts).
      const login = who?.user?.login ?? (who ? commitLogin(who) : undefined);
      if (login) writers.add(login);
    }
  }
  const push = pull.timelineItems.nodes[0];
  if (push?.actor?.login && push.afterCommit?.oid === headSha) writers.add(push.actor.login);

  const baseTree = new Map<string, TreeEntry>();
  for (const [name, folder] of [['catalog', pull.baseRef.target.catalog], ['policies', pull.baseRef.target.policies]] as const) {
    if (folder?.object?.entries) await addTree(octokit, { owner, repo }, name, folder.object.entries, baseTree);
  }
  return { baseTip, baseTree, reviews, writers: [...writers].sort() };
}

/** Adds the entries of the folder `prefix` (a repository path) to `out`, by full path. */
async function addTree(octokit: GitHub, where: { owner: string; repo: string }, prefix: string, entries: GraphTreeEntry[], out: Map<string, TreeEntry>): Promise<void> {
  for (const entry of entries) {
    const path = `${prefix}/${entry.name}`;
    const mode = entry.mode.toString(8).padStart(6, '0');
    if (entry.type !== 'tree') {
      out.set(path, { mode, oid: entry.oid });
      continue;
    }
    if (entry.object?.entries) {
      await addTree(octokit, where, path, entry.object.entries, out);
      continue;
    }
    // Deeper than the query reaches: the rest of this folder in one request.
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...where, tree_sha: entry.oid, recursive: '1' });
    if (data.truncated) throw new PullDataError(`GitHub cut the tree of \`${path}\` short; Meshgate cannot check the base tarball against it.`);
    for (const item of data.tree) {
      if (item.type !== 'tree' && item.path && item.mode && item.sha) out.set(`${path}/${item.path}`, { mode: item.mode, oid: item.sha });
    }
  }
}
