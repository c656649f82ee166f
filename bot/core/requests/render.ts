/**
 * What the app writes on GitHub for an access request: the comment on the issue (what to fix, or
 * where the request went) and the pull request's body. Markers (HTML comments) let the app find
 * its own comment again and update it instead of adding another.
 */
import type { Entity, Finding } from '../model.ts';
import { REQUEST_FIELDS } from './form.ts';
import type { ProposedGrant, RequestProblem } from './request.ts';
import { escapeMarkdown } from '../review/markdown.ts';

export const REQUEST_COMMENT_MARKER = '<!-- meshgate:access-request -->';
/** In the body of a pull request the app opened for an issue: `<!-- meshgate:request-issue 12 -->`. */
export const requestIssueMarker = (issue: number) => `<!-- meshgate:request-issue ${issue} -->`;
export const REQUEST_ISSUE_MARKER = /<!-- meshgate:request-issue (\d+) -->/;

/**
 * What the requester typed in the issue form, and values of the mesh, are text: escaped
 * (review/markdown.ts), so a purpose cannot draw a table row, HTML or a fake approval into the
 * comment or the pull request. `code` shows a value as code, `cell` one in a table cell.
 */
const text = (value: string) => escapeMarkdown(value);
const code = (value: string) => escapeMarkdown(`\`${value}\``);
const cell = (value: string) => escapeMarkdown(value, { cell: true });

/** One line per field to fix, in the form's order. */
export function renderProblems(problems: readonly RequestProblem[]): string {
  const lines = problems.map((p) => {
    const where = p.field === 'request' ? 'The request' : `**${REQUEST_FIELDS[p.field]}**`;
    const hint = p.hint?.replace(/\s+/g, ' ');
    return `- ${where}: ${text(p.message.replace(/\s+/g, ' '))}${hint ? `. ${text(`${hint[0].toUpperCase()}${hint.slice(1)}`)}` : ''}`;
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

/**
 * `existing` comes from `existingGrant`, which matches any base grant on its consumer team,
 * product, port and role (all strings then), valid or not; its `validUntil` is shown as it is.
 */
export function renderGranted(existing: Entity<'AccessGrant'>): string {
  const doc = existing.doc as { consumer: { team: string }; role: string; validUntil: string };
  return [
    REQUEST_COMMENT_MARKER,
    '### This access is already granted',
    '',
    `${code(existing.file)} (${code(existing.id)}) gives ${text(doc.consumer.team)} the role ${code(doc.role)} on this port until ${text(doc.validUntil)}.`,
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
    `#${pull.number} adds ${code(proposed.path)}. Meshgate reviews it like any access request and asks the contract's approvers; it merges once they approve, and access ends on ${text(proposed.grant.validUntil)}.`,
    ...(warnings.length ? ['', 'Warnings (they do not block the request):', ...warnings.map((w) => `- ${text(w.message)}`)] : []),
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
    `| Data product · port | ${cell(`\`${grant.dataProduct}\` · \`${grant.outputPort}\``)} |`,
    `| Role | ${cell(`\`${grant.role}\``)} |`,
    `| Consumer | ${cell(grant.consumer.team)} |`,
    `| Requested by | ${cell(grant.requestedBy)} |`,
    `| Until | ${cell(grant.validUntil)} |`,
    '',
    `Purpose: ${text(grant.purpose)}`,
    '',
    "Merging grants access; deleting the file later revokes it. Meshgate's check lists the approvals this needs.",
  ].join('\n');
}
