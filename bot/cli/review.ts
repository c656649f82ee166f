/**
 * `meshgate review --base REF`: the review the GitHub App would post, for a local branch.
 *
 * Both trees are read from git objects (bot/sources/git.ts), never from the working tree and
 * without a checkout. The base tree is the merge base of REF and
 * the head, as GitHub's "Files changed" is, so commits that landed on REF after the branch forked
 * do not show up as changes of this branch. The head is HEAD unless `--head` names another commit;
 * uncommitted edits are not reviewed (commit them first), which keeps a review reproducible.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import jsYaml from 'js-yaml';
import { loadMesh, renderJson, renderMarkdown, renderText, review, type PullContext, type PullReview } from '../core/index.ts';
import { commitLogins, git, readCommitTree } from '../sources/git.ts';
import { EXIT, formatOption, UsageError, type CliIO } from './io.ts';
import { reviewNotices } from './review-notices.ts';

const HELP = `Usage: meshgate review --base REF [--head REF] [options]

Reviews the changes from REF to the head exactly as the Meshgate GitHub App reviews a pull request:
findings with file and line, breaking contract changes and the consumers they affect, the
approvals required (read from REF's side: owners, roles, policies, governance) and a conclusion.
Both trees are read from git; nothing is checked out. The head is HEAD unless --head is given:
commit your edits before reviewing them.

Options:
  --base REF               the branch the pull request targets (required), e.g. origin/main
  --head REF               the commit to review (default: HEAD)
  --author LOGIN           the pull request's author; their own approval never counts
  --committers A,B         more people who wrote the change; their approvals never count either
                           (added to the authors and committers of the commits from the merge
                           base to the head: a GitHub noreply e-mail's login, else a name that is
                           a valid GitHub login)
  --approved-by A,B        GitHub logins that approved the head commit
  --team-members FILE      YAML map of team to logins, e.g.  acme/checkout-data: [maria, tom]
  --format FORMAT          text (default), markdown (the check-run summary) or json
  --now YYYY-MM-DD         the date to review on (grant expiry), default today

Exit codes: 0 success, 1 failure (errors), 3 action required (approvals missing), 2 usage error.
`;

async function resolveCommit(cwd: string, ref: string, option: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch (error) {
    throw new UsageError(`${option} ${ref}: no such commit in ${cwd}`, { cause: error });
  }
}

async function readTeams(file: string): Promise<Record<string, string[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--team-members ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch (error) {
    throw new UsageError(`--team-members ${file}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`--team-members ${file}: expected a map of team to logins, e.g. "acme/checkout-data: [maria, tom]"`);
  const teams: Record<string, string[]> = {};
  for (const [team, members] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) {
      throw new UsageError(`--team-members ${file}: team "${team}" must list logins, e.g. "${team}: [alice, bob]"`);
    }
    teams[team.replace(/^@/, '').toLowerCase()] = members.map((m: string) => m.replace(/^@/, ''));
  }
  return teams;
}

function logins(list: string | undefined): string[] {
  return (list ?? '').split(',').map((s) => s.trim().replace(/^@/, '')).filter((s) => s !== '');
}

export async function run(args: string[], io: CliIO): Promise<number> {
  try {
    return await reviewCommand(args, io);
  } catch (error) {
    if (error instanceof UsageError || String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`meshgate review: ${(error as Error).message}\n\nRun \`meshgate review --help\` for the options.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

async function reviewCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      author: { type: 'string' },
      'approved-by': { type: 'string', multiple: true },
      committers: { type: 'string', multiple: true },
      'team-members': { type: 'string' },
      format: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const usage = (message: string) => {
    io.stderr.write(`meshgate review: ${message}\n\n${HELP}`);
    return EXIT.usage;
  };
  if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
  if (!values.base) return usage('--base REF is required (the branch the pull request targets, e.g. origin/main)');
  const format = formatOption(values.format, ['text', 'markdown', 'json']);
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(`${values.now}T12:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.now) || Number.isNaN(now.getTime())) return usage(`--now must be a date YYYY-MM-DD, not "${values.now}"`);
  }
  const cwd = resolve(io.cwd);
  try {
    await git(cwd, ['rev-parse', '--git-dir']);
  } catch {
    return usage(`${cwd} is not inside a git repository`);
  }
  const teams = values['team-members'] ? await readTeams(resolve(cwd, values['team-members'])) : {};
  const baseRef = await resolveCommit(cwd, values.base, '--base');
  const head = await resolveCommit(cwd, values.head ?? 'HEAD', '--head');
  let base: string;
  try {
    base = (await git(cwd, ['merge-base', baseRef, head])).trim();
  } catch (error) {
    throw new UsageError(`--base ${values.base} and ${values.head ?? 'HEAD'} share no history`, { cause: error });
  }
  const [baseFiles, headFiles] = await Promise.all([readCommitTree(cwd, base), readCommitTree(cwd, head)]);
  const author = (values.author ?? '').replace(/^@/, '');
  const approvedAt = (now ?? new Date()).toISOString();
  const reviews: PullReview[] = (values['approved-by'] ?? []).flatMap(logins).map((user) => ({ user, state: 'APPROVED', commitId: head, submittedAt: approvedAt }));
  // Everyone who wrote a commit of the change, as the app reads them from the pull request's commits.
  const committers = [...new Set([...(await commitLogins(cwd, base, head)), ...(values.committers ?? []).flatMap(logins)])].sort();
  const pr: PullContext = {
    author,
    headSha: head,
    reviews: async () => reviews,
    teamMembers: async (team) => teams[team.replace(/^@/, '').toLowerCase()] ?? [],
    committers: async () => committers,
  };
  const baseMesh = loadMesh(baseFiles);
  // The head differs from the base in a few files: only those are parsed again.
  const headMesh = loadMesh(headFiles, { previous: baseMesh });
  const result = await review(baseMesh, headMesh, pr, { now });
  for (const notice of await reviewNotices(cwd, base, head)) (format === 'json' ? io.stderr : io.stdout).write(`${notice}\n`);
  io.stdout.write(format === 'json' ? renderJson(result) : format === 'markdown' ? `${renderMarkdown(result)}\n` : renderText(result));
  return result.conclusion === 'success' ? EXIT.ok : result.conclusion === 'failure' ? EXIT.findings : EXIT.actionRequired;
}
