/**
 * The one comment that tells the consumers of a contract that this pull request breaks them. It
 * carries a hidden marker so that every later evaluation finds and updates it instead of posting
 * another; teams are mentioned only when the comment is first written or the list changes.
 */
import { parsePrincipal } from '../core/principals.ts';
import { escapeMarkdown } from '../core/review/markdown.ts';
import type { Review } from '../core/review/types.ts';
import { hasBreakingChange } from './labels.ts';
import type { GitHub } from './octokit.ts';

export const BREAKING_MARKER = '<!-- meshgate:breaking-change -->';

export interface CommentTarget {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  /** Whether the pull request carries the breaking-change label now: a comment may exist to update. */
  labelled: boolean;
}

export function breakingCommentBody(review: Review, headSha: string): string | undefined {
  const breaking = review.breakingChanges.filter((change) => change.severity === 'error');
  if (!breaking.length) return undefined;
  const teams = new Set<string>();
  const lines = [BREAKING_MARKER, '### Breaking contract change', '', 'This pull request changes contracts in a way that breaks their consumers:', ''];
  // Everything from the mesh is escaped (markdown.ts); only a real principal is written as a mention.
  for (const change of breaking) {
    lines.push(`- **${escapeMarkdown(change.contractId)}** (${escapeMarkdown(`\`${change.file}:${change.line}\``)}): ${escapeMarkdown(change.reason)}`);
    for (const grant of change.affectedGrants) {
      const principal = parsePrincipal(grant.team);
      if (principal) teams.add(principal.text);
      const who = principal ? principal.text : escapeMarkdown(grant.team);
      lines.push(`  - ${who}${escapeMarkdown(`${grant.dataProduct ? ` for ${grant.dataProduct}` : ''} (grant \`${grant.id}\`, valid until ${grant.validUntil})`)}`);
    }
  }
  lines.push('');
  lines.push(
    teams.size
      ? `${[...teams].sort().join(' ')}: please review whether you can follow this change, or ask for a new major version alongside the old one.`
      : 'No active access grant reaches these contracts, so no consumer team is affected.',
  );
  lines.push('', `<sub>Meshgate, as of ${headSha.slice(0, 7)}. This comment is updated on every push.</sub>`);
  return lines.join('\n');
}

function resolvedBody(headSha: string): string {
  return [
    BREAKING_MARKER,
    '### ~~Breaking contract change~~',
    '',
    `As of ${headSha.slice(0, 7)}, this pull request no longer breaks any contract's consumers.`,
  ].join('\n');
}

/**
 * Creates, updates or resolves the comment. The comment list is read only when there is a breaking
 * change or the label says a comment from before may need resolving, so a plain pull request
 * costs no request here.
 */
export async function syncBreakingComment(octokit: GitHub, target: CommentTarget, review: Review): Promise<'created' | 'updated' | 'unchanged' | 'none'> {
  const breaking = hasBreakingChange(review);
  if (!breaking && !target.labelled) return 'none';
  const { owner, repo, number } = target;
  let existing: { id: number; body?: string } | undefined;
  for await (const page of octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  })) {
    existing = page.data.find((comment) => comment.body?.includes(BREAKING_MARKER));
    if (existing) break;
  }
  const body = breaking ? breakingCommentBody(review, target.headSha)! : existing ? resolvedBody(target.headSha) : undefined;
  if (!body) return 'none';
  if (existing) {
    // The sha line changes on every push; compare without it so an unchanged list re-notifies nobody.
    if (stripFooter(existing.body ?? '') === stripFooter(body)) return 'unchanged';
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo, comment_id: existing.id, body });
    return 'updated';
  }
  await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: number, body });
  return 'created';
}

const stripFooter = (body: string) => body.replace(/\n\n<sub>Meshgate, as of [^<]*<\/sub>$/, '').replace(/As of [0-9a-f]{7}, /, '');
