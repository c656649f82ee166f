/**
 * The review's data: what `review(base, head, pr)` returns and what it needs to know of the pull
 * request. The check-run markdown, the CLI text and the JSON output are renderings of `Review`.
 */
import type { Finding, Kind } from '../model.ts';

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

/** One review as GitHub reports it. Logins carry no `@`. */
export interface PullReview {
  user: string;
  state: ReviewState;
  /** The commit the review was submitted on. */
  commitId: string;
  submittedAt: string;
}

/**
 * What the review needs to know of a pull request. The GitHub adapter implements it with Octokit,
 * the CLI and the tests in memory. Logins and teams carry no `@` (`alice`, `acme/privacy`).
 */
export interface PullContext {
  author: string;
  headSha: string;
  reviews(): Promise<PullReview[]>;
  /** Members (logins) of `org/team`; empty when the team is unknown. */
  teamMembers(team: string): Promise<string[]>;
  /**
   * Everyone else who wrote the change: the authors and committers of its commits (and its last
   * pusher, where known). Like the author, their approvals never count.
   */
  committers?(): Promise<string[]>;
}

export type ChangeType = 'added' | 'modified' | 'removed' | 'moved';

export interface Change {
  type: ChangeType;
  kind: Kind | 'File';
  id: string;
  file: string;
  previousFile?: string;
  domain?: string;
  /** Top-level fields that differ, for `modified`. */
  fields?: string[];
}

export type ChangeCategory =
  | 'new-product'
  | 'product-change'
  | 'contract-change'
  | 'access-request'
  | 'access-revocation'
  | 'domain-change'
  | 'ownership-change'
  | 'policy-change'
  | 'platform-change';

export interface AffectedGrant {
  id: string;
  file: string;
  team: string;
  dataProduct?: string;
  validUntil: string;
}

export interface BreakingChange {
  contractId: string;
  file: string;
  line: number;
  column: number;
  /** Instance path in the head contract, or in the base one for removals. */
  path: string;
  /** What changed and why it breaks consumers. */
  reason: string;
  /** `warning` for changes that may break (quality rules removed). */
  severity: 'error' | 'warning';
  affectedGrants: AffectedGrant[];
}

export interface ApprovalRequirement {
  /** Stable key, e.g. `domain-owners:checkout`, `role:orders-v1/analyst:first`, `governance-quorum`. */
  id: string;
  /** Principals with `@`: users `@alice` and teams `@org/team`. */
  from: string[];
  count: number;
  reason: string;
  satisfied: boolean;
  /** Logins (no `@`) whose approval on the head commit counts toward this requirement. */
  by: string[];
  /** Asked to review, but not blocking (consumers of a breaking change). */
  informational?: boolean;
  /**
   * Id of another requirement whose approvers must be different people (four eyes): a role's
   * second-level approval never comes from the person who gave its first-level one.
   */
  distinctFrom?: string;
}

export interface PolicyImpactEntry {
  policy: string;
  kind: Kind;
  id: string;
  file: string;
  /** `newly-failing` under the head's policies, or `newly-passing`. */
  effect: 'newly-failing' | 'newly-passing';
  message?: string;
}

export type Conclusion = 'success' | 'failure' | 'action_required';

export interface Review {
  conclusion: Conclusion;
  /** One line for a check-run title: what the PR is and what it still needs. */
  title: string;
  findings: Finding[];
  changes: Change[];
  categories: ChangeCategory[];
  breakingChanges: BreakingChange[];
  approvals: ApprovalRequirement[];
  /** Whom to ask for review: requirements not yet met, never the author. */
  reviewersToRequest: { users: string[]; teams: string[] };
  /** Present when the PR changes policies/: what the head's policies would flag across the head mesh. */
  policyImpact?: PolicyImpactEntry[];
}
