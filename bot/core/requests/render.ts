/**
 * What the app writes on GitHub for an access request: the comment on the issue (what to fix, or
 * where the request went) and the pull request's body. Markers (HTML comments) let the app find
 * its own comment again and update it instead of adding another.
 */
import type { Entity, Finding } from '../model.ts';
import { REQUEST_FIELDS } from './form.ts';
import type { ProposedGrant, RequestProblem } from './request.ts';

export const REQUEST_COMMENT_MARKER = '<!-- meshgate:access-request -->';
/** In the body of a pull request the app opened for an issue: `<!-- meshgate:request-issue 12 -->`. */
export const requestIssueMarker = (issue: number) => `<!-- meshgate:request-issue ${issue} -->`;
export const REQUEST_ISSUE_MARKER = /<!-- meshgate:request-issue (\d+) -->/;

/** Markdown inline code that survives backticks in the value. */
const code = (value: string) => {
  const ticks = value.match(/`+/g)?.reduce((a, b) => (b.length > a.length ? b : a), '') ?? '';
  const fence = '`'.repeat(ticks.length + 1);
  return `${fence}${ticks ? ' ' : ''}${value}${ticks ? ' ' : ''}${fence}`;
};

/** One line per field to fix, in the form's order. */
export function renderProblems(problems: readonly RequestProblem[]): string {
  const lines = problems.map((p) => {
    const where = p.field === 'request' ? 'The request' : `**${REQUEST_FIELDS[p.field]}**`;
    const hint = p.hint?.replace(/\s+/g, ' ');
    return `- ${where}: ${p.message.replace(/\s+/g, ' ')}${hint ? `. ${hint[0].toUpperCase()}${hint.slice(1)}` : ''}`;
  });
  return [
    REQUEST_COMMENT_MARKER,
    '### Meshgate cannot open this access request yet',
    '',
    ...lines,
    '',
    'Edit the issue (⋯ → Edit) to fix these; Meshgate reads it again on every edit. No pull request was opened.',
  ].join('\n');
}

export function renderGranted(existing: Entity<'AccessGrant'>): string {
  return [
    REQUEST_COMMENT_MARKER,
    '### This access is already granted',
    '',
    `${code(existing.file)} (${code(existing.id)}) gives ${existing.doc.consumer.team} the role ${code(existing.doc.role)} on this port until ${existing.doc.validUntil}.`,
    'To extend it, open a pull request that changes its `validUntil`; it is reviewed like a new grant. No pull request was opened.',
  ].join('\n');
}

export function renderAlreadyRequested(pull: { number: number }, sameIssue: boolean): string {
  return [
    REQUEST_COMMENT_MARKER,
    sameIssue ? `### The request is in #${pull.number}` : '### This access is already requested',
    '',
    sameIssue
      ? `#${pull.number} proposes the grant; its review decides. Editing this issue does not change that pull request: comment there, or close it and edit this issue to ask again.`
      : `#${pull.number} already asks for the same role on the same port for the same team; follow or comment there. No second pull request was opened.`,
  ].join('\n');
}

export function renderOpened(pull: { number: number }, proposed: ProposedGrant, warnings: readonly Finding[]): string {
  return [
    REQUEST_COMMENT_MARKER,
    `### Opened #${pull.number}`,
    '',
    `#${pull.number} adds ${code(proposed.path)}. Meshgate reviews it like any access request and asks the contract's approvers; it merges once they approve, and access ends on ${proposed.grant.validUntil}.`,
    ...(warnings.length ? ['', 'Warnings (they do not block the request):', ...warnings.map((w) => `- ${w.message}`)] : []),
  ].join('\n');
}

export function renderPullBody(proposed: ProposedGrant, issue: { number: number }): string {
  const { grant } = proposed;
  return [
    requestIssueMarker(issue.number),
    `Access request from #${issue.number}, opened by Meshgate from the issue form. Closes #${issue.number} when merged.`,
    '',
    '| | |',
    '| --- | --- |',
    `| Data product · port | ${code(grant.dataProduct)} · ${code(grant.outputPort)} |`,
    `| Role | ${code(grant.role)} |`,
    `| Consumer | ${grant.consumer.team} |`,
    `| Requested by | ${grant.requestedBy} |`,
    `| Until | ${grant.validUntil} |`,
    '',
    `Purpose: ${grant.purpose}`,
    '',
    "Merging grants access; deleting the file later revokes it. Meshgate's check lists the approvals this needs.",
  ].join('\n');
}
