/**
 * Who can approve: GitHub principals, and nothing else. A principal is written `@login` (a user)
 * or `@org/team` (a team), as GitHub writes mentions. Every reader of owners, members, approvers
 * and requesters parses them here, so that one spelling decides everywhere what counts.
 *
 * Free-text fields (ODCS roles' `firstLevelApprovers`) are lists of principals separated by commas,
 * semicolons or spaces. Nothing in them is searched for an `@`: an e-mail address
 * (`dpo@acme-privacy.eu`) or a URL (`https://example.com/@x/y`) holds an `@` but names no GitHub
 * account, and reading `@acme-privacy` out of it would let whoever registers that login approve.
 * What is not a principal is reported (see `approverIssues`) and never asked.
 */
import { type Issue, pointer } from './findings/finding.ts';

/** The one spelling of a principal; the kinds' JSON Schemas (`$defs/Principal`) use the same. */
export const PRINCIPAL_PATTERN = '^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$';
// Anchored, no nested quantifiers: linear on the backtracking engine too.
const PRINCIPAL = new RegExp(PRINCIPAL_PATTERN);

export type ParsedPrincipal =
  | { kind: 'user'; text: string; login: string }
  | { kind: 'team'; text: string; org: string; slug: string };

/** `@login` or `@org/team`, or undefined for anything else (an e-mail, a URL, a name). */
export function parsePrincipal(value: unknown): ParsedPrincipal | undefined {
  if (typeof value !== 'string' || !PRINCIPAL.test(value)) return undefined;
  const name = value.slice(1);
  const slash = name.indexOf('/');
  return slash < 0 ? { kind: 'user', text: value, login: name } : { kind: 'team', text: value, org: name.slice(0, slash), slug: name.slice(slash + 1) };
}

export function isPrincipal(value: unknown): value is string {
  return parsePrincipal(value) !== undefined;
}

/** The principals of a list field (`owners`, `members`, `from`), in order, without duplicates; the rest dropped. */
export function principalsOf(list: unknown): string[] {
  return Array.isArray(list) ? [...new Set(list.filter(isPrincipal))] : [];
}

export interface ApproverList {
  /** The GitHub principals named, in order, without duplicates. */
  principals: string[];
  /** Each part that is not a principal, as written (`dpo@acme-privacy.eu`, `Reporting Manager`). */
  others: string[];
}

/** Words that join names in prose ("@alice and @bob"): neither a principal nor worth a finding. */
const JOINERS = new Set(['and', 'or', '&']);

/**
 * A free-text approvers field, read as a list: parts separated by commas, semicolons or line
 * breaks, words separated by spaces. A word is a principal only when it is one as a whole; the
 * other words of a part (`dpo@acme-privacy.eu`, `Reporting Manager`) count as no one.
 */
export function parseApprovers(text: unknown): ApproverList {
  const principals: string[] = [];
  const others: string[] = [];
  if (typeof text !== 'string') return { principals, others };
  for (const part of text.split(/[,;\n]/)) {
    const rest: string[] = [];
    for (const word of part.trim().split(/\s+/)) {
      if (word === '' || JOINERS.has(word.toLowerCase())) continue;
      if (isPrincipal(word)) principals.push(word);
      else rest.push(word);
    }
    if (rest.length > 0) others.push(rest.join(' '));
  }
  return { principals: [...new Set(principals)], others };
}

/** The GitHub principals named in a free-text approvers field (`"@acme/privacy, @alice"`). */
export function principalsIn(text: unknown): string[] {
  return parseApprovers(text).principals;
}

const APPROVER_FIELDS = ['firstLevelApprovers', 'secondLevelApprovers'] as const;

/**
 * A finding for each part of a contract role's approvers that is not a GitHub principal, at the
 * field's line. A warning: ODCS lets these fields hold any text ("Reporting Manager"), and files
 * written for other tools must still load; but Meshgate will not ask that part to approve.
 */
export function approverIssues(roles: unknown): Issue[] {
  const issues: Issue[] = [];
  if (!Array.isArray(roles)) return issues;
  roles.forEach((role, i) => {
    if (role === null || typeof role !== 'object') return;
    for (const field of APPROVER_FIELDS) {
      const value = (role as Record<string, unknown>)[field];
      const { principals, others } = parseApprovers(value);
      for (const other of others) {
        const name = typeof (role as Record<string, unknown>).role === 'string' ? `role "${(role as Record<string, unknown>).role}"` : `roles[${i}]`;
        const looksLikeAccount = other.includes('@');
        issues.push({
          severity: 'warning',
          code: 'contract.approver-not-github',
          message:
            `${field} of ${name} names ${JSON.stringify(other)}, which is not a GitHub user (@login) or team (@org/team)` +
            (looksLikeAccount ? ': an e-mail address or URL is not read as an account' : '') +
            (principals.length > 0
              ? `; only ${principals.join(', ')} ${principals.length === 1 ? 'is' : 'are'} asked to approve`
              : field === 'firstLevelApprovers'
                ? "; no one named here is asked, so grants to this role are approved by the product's domain owners"
                : '; no second-level approval is asked for this role'),
          path: pointer('roles', i, field),
          hint: 'write GitHub users and teams, separated by commas: "@acme/privacy, @alice"; keep other contacts in the role\'s description',
        });
      }
    }
  });
  return issues;
}
