/**
 * What `meshgate review` says before the review, so that it never disagrees with `meshgate
 * validate` without saying why: validate reads the working tree with its own policies, review reads
 * two commits and judges the head by the base's policies (as the GitHub App does).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const MESH = ['catalog', 'policies'];

/** `git` output, or undefined when git fails (a notice is never worth failing the review). */
async function gitOutput(cwd: string, args: string[]): Promise<{ stdout: string; code: number } | undefined> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 1 << 26, encoding: 'utf8' });
    return { stdout, code: 0 };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'number' ? { stdout: String((error as { stdout?: unknown }).stdout ?? ''), code } : undefined;
  }
}

/**
 * The notices for a review of `head` against `base` run in `cwd`: uncommitted changes under
 * catalog/ or policies/ (not reviewed), and policies changed on the branch (judged by the base's).
 */
export async function reviewNotices(cwd: string, base: string, head: string): Promise<string[]> {
  const notices: string[] = [];
  const top = (await gitOutput(cwd, ['rev-parse', '--show-toplevel']))?.stdout.trim();
  const status = top ? await gitOutput(top, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...MESH]) : undefined;
  const changed = (status?.stdout ?? '').split('\0').filter((record) => /^.. /.test(record)).map((record) => record.slice(3));
  if (changed.length > 0) {
    const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? `, and ${changed.length - 3} more` : '');
    notices.push(
      `Not reviewed: ${changed.length} uncommitted change${changed.length === 1 ? '' : 's'} under catalog/ or policies/ (${shown}); this review reads commit ${head.slice(0, 7)}. Commit them and review again; \`meshgate validate\` checks the working tree as it is.`,
    );
  }
  const policies = await gitOutput(cwd, ['diff', '--quiet', base, head, '--', 'policies']);
  if (policies?.code === 1) {
    notices.push('policies/ changes on this branch: the review judges the head by the base\'s policies and governance (as the GitHub App does), while `meshgate validate` uses the working tree\'s.');
  }
  return notices;
}
