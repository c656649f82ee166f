/**
 * The scheduled expiry run, as a plan: which reminder issues to open, update or close, and which
 * expired grants the removal pull request deletes. Pure: the GitHub job lists the reminders and
 * the open removal pull request, and carries out what this returns. A second run over the same
 * state plans nothing new.
 */
import type { AccessGrant } from '../kinds/access-grant.ts';
import type { Entity, MeshSnapshot } from '../model.ts';
import { isRecord } from '../shapes.ts';
import { addDays } from './end-date.ts';
import { grantApproverNames } from './grant-target.ts';
import { escapeMarkdown } from '../review/markdown.ts';
import { isPrincipal } from '../principals.ts';

export const EXPIRING_LABEL = 'access-expiring';
export const REVOCATION_LABEL = 'access-revocation';
export const REVOCATION_BRANCH = 'meshgate/remove-expired-grants';
export const DEFAULT_EXPIRING_SOON_DAYS = 30;

/** `<!-- meshgate:expiring grant-id -->`: the reminder issue of one grant. */
const reminderMarker = (grantId: string) => `<!-- meshgate:expiring ${grantId} -->`;
const REMINDER_MARKER = /<!-- meshgate:expiring ([a-z0-9][a-z0-9._-]*) -->/;

/** An open reminder issue as GitHub lists it. */
export interface ReminderIssue {
  number: number;
  title: string;
  body: string;
}

/** The grant a reminder issue is about, from its marker. */
export const reminderGrant = (issue: Pick<ReminderIssue, 'body'>): string | undefined => REMINDER_MARKER.exec(issue.body ?? '')?.[1];

export interface ExpiredGrant {
  id: string;
  file: string;
  validUntil: string;
  team: string;
}

export interface ExpiryPlan {
  today: string;
  expiringSoonDays: number;
  create: Array<{ grant: string; title: string; body: string }>;
  update: Array<{ number: number; grant: string; title: string; body: string }>;
  close: Array<{ number: number; grant: string; comment: string }>;
  /** Expired grants, soonest first; the removal pull request deletes their files. */
  expired: ExpiredGrant[];
}

export function expiringSoonDays(mesh: MeshSnapshot): number {
  // The first Governance file, valid or not; an invalid one's value is taken unchecked, as it always was.
  const defaults: unknown = mesh.byKind.Governance.values().next().value?.doc.defaults;
  return (isRecord(defaults) ? (defaults.expiringSoonDays as number | undefined) : undefined) ?? DEFAULT_EXPIRING_SOON_DAYS;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function reminder(mesh: MeshSnapshot, grant: Entity<'AccessGrant'>, today: string, removal: { number: number } | undefined): { title: string; body: string } {
  // The grant may have failed its schema (only its validUntil is known to be a date): its other
  // fields are read unchecked, as they always were.
  const doc = grant.doc as AccessGrant;
  const expired = doc.validUntil < today;
  const approvers = grantApproverNames(mesh, doc);
  const title = `Access grant ${grant.id} ${expired ? 'expired on' : 'expires on'} ${doc.validUntil}`;
  const lines = [
    reminderMarker(grant.id),
    // Values of the mesh are text (review/markdown.ts); the team is mentioned only when it is a principal.
    `${isPrincipal(doc.consumer.team) ? doc.consumer.team : escapeMarkdown(String(doc.consumer.team))}: your access to ${escapeMarkdown(`\`${doc.dataProduct}\` · \`${doc.outputPort}\` (role \`${doc.role}\`)`)} ${expired ? 'ended' : 'ends'} on **${escapeMarkdown(doc.validUntil)}** (${escapeMarkdown(`\`${grant.file}\``)}).`,
    '',
    expired
      ? removal
        ? `It has expired; #${removal.number} removes the file, which revokes it.`
        : 'It has expired; the next scheduled run opens a pull request that removes the file.'
      : 'To keep it, open a pull request that changes `validUntil`; it is reviewed like a new grant. To let it end, do nothing: after that day a pull request removes the file.',
    '',
    `Approvers: ${approvers.length ? escapeMarkdown(approvers.join(', ')) : '(none named; the product domain has no owners)'}`,
    '',
    'Meshgate updates this issue on every scheduled run and closes it once the grant is renewed or removed.',
  ];
  return { title, body: lines.join('\n') };
}

/**
 * What the run must do. `reminders` are the open issues labelled access-expiring; `removal` is the
 * open removal pull request, if any (named in the expired grants' reminders).
 */
export function planExpiry(mesh: MeshSnapshot, { today, reminders, removal }: { today: string; reminders: readonly ReminderIssue[]; removal?: { number: number } }): ExpiryPlan {
  const soonDays = expiringSoonDays(mesh);
  const horizon = addDays(today, soonDays);
  const plan: ExpiryPlan = { today, expiringSoonDays: soonDays, create: [], update: [], close: [], expired: [] };
  const open = new Map<string, ReminderIssue>();
  for (const issue of reminders) {
    const id = reminderGrant(issue);
    if (id === undefined) continue;
    // Two reminders for one grant (a run that failed half-way, or a copy): keep the first, close the rest.
    if (open.has(id)) plan.close.push({ number: issue.number, grant: id, comment: `A duplicate of #${open.get(id)!.number}.` });
    else open.set(id, issue);
  }
  const due = new Set<string>();
  // Every grant with a date, valid or not: an invalid grant file still expires.
  const grants = [...mesh.byKind.AccessGrant.values()]
    .flatMap((grant) => (typeof grant.doc.validUntil === 'string' && DATE.test(grant.doc.validUntil) ? [{ grant, validUntil: grant.doc.validUntil }] : []))
    .sort((a, b) => (a.validUntil === b.validUntil ? (a.grant.id < b.grant.id ? -1 : 1) : a.validUntil < b.validUntil ? -1 : 1));
  for (const { grant } of grants) {
    const doc = grant.doc as AccessGrant; // valid or not: see reminder
    if (doc.validUntil > horizon) continue;
    due.add(grant.id);
    if (doc.validUntil < today) plan.expired.push({ id: grant.id, file: grant.file, validUntil: doc.validUntil, team: String(doc.consumer?.team ?? '') });
    const wanted = reminder(mesh, grant, today, removal);
    const issue = open.get(grant.id);
    if (!issue) plan.create.push({ grant: grant.id, ...wanted });
    else if (issue.title !== wanted.title || issue.body.trim() !== wanted.body.trim()) plan.update.push({ number: issue.number, grant: grant.id, ...wanted });
  }
  for (const [id, issue] of open) {
    if (due.has(id)) continue;
    const grant = mesh.byKind.AccessGrant.get(id);
    plan.close.push({
      number: issue.number,
      grant: id,
      comment: grant ? `Renewed: \`${id}\` now runs until ${grant.doc.validUntil}.` : `Removed: \`${id}\` is no longer in the mesh, so its access is revoked.`,
    });
  }
  return plan;
}

/** The removal pull request's body: every grant it deletes, with its end date. */
export function renderRemovalBody(expired: readonly ExpiredGrant[]): string {
  return [
    'These access grants have ended. Merging this pull request deletes their files, which revokes the access; the repository stays the truth.',
    '',
    '| Grant | Consumer | Ended | File |',
    '| --- | --- | --- | --- |',
    ...expired.map((g) => `| \`${g.id}\` | ${g.team} | ${g.validUntil} | \`${g.file}\` |`),
    '',
    'To keep one, close this pull request and renew the grant (a pull request that changes its `validUntil`); the next run opens a new one without it.',
  ].join('\n');
}
