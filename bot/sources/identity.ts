/**
 * Who a commit's author or committer is on GitHub, when only git's name and e-mail are known (the
 * CLI; the app also asks GitHub, which links verified e-mails to accounts).
 */

/** A GitHub login: 1–39 letters, digits or single hyphens, not starting or ending with one. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** GitHub's noreply address: `12345+login@users.noreply.github.com` or `login@users.noreply.github.com`. */
const NOREPLY = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/i;

export function isGitHubLogin(value: string): boolean {
  return LOGIN.test(value);
}

/**
 * The login of a commit identity: the one in GitHub's noreply e-mail, else the name when it is a
 * valid GitHub login. Anyone can write any name into a commit, so a match only ever takes an
 * approval away (fails closed); it never grants one.
 */
export function commitLogin({ name, email }: { name?: string | null; email?: string | null }): string | undefined {
  // GitHub itself commits web edits and merges as "GitHub <noreply@github.com>"; that is nobody.
  if ((email ?? '').trim().toLowerCase() === 'noreply@github.com') return undefined;
  const noreply = NOREPLY.exec((email ?? '').trim());
  if (noreply && isGitHubLogin(noreply[1])) return noreply[1];
  const trimmed = (name ?? '').trim().replace(/^@/, '');
  return isGitHubLogin(trimmed) ? trimmed : undefined;
}
