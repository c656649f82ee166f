/**
 * Runs one measured thing in its own child process, so that its peak memory is its own: wall time
 * from here, peak RSS from `/usr/bin/time -v` when the machine has it, else from the child itself
 * (a preloaded module reports `process.resourceUsage().maxRSS` at exit).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './generate.ts';

const GNU_TIME = '/usr/bin/time';
// MESHGATE_BENCH_NO_GNU_TIME=1 exercises the fallback on machines that have GNU time.
const HAS_GNU_TIME = existsSync(GNU_TIME) && !process.env.MESHGATE_BENCH_NO_GNU_TIME;

export interface Measurement {
  wallMs: number;
  /** Peak resident set size of the largest process in the tree, in MB. */
  maxRssMB: number | null;
  /** User + system CPU seconds of the tree; less sensitive than wall time to a busy machine. */
  cpuS: number | null;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the child after this long; the measurement then fails with a clear message. */
  timeoutMs?: number;
}

/** `node [nodeArgs] script args`, measured. */
export async function measureNode(nodeArgs: string[], args: string[], options: MeasureOptions = {}): Promise<Measurement> {
  if (HAS_GNU_TIME) return measure(GNU_TIME, ['-v', process.execPath, ...nodeArgs, ...args], options, true);
  const dir = mkdtempSync(join(tmpdir(), 'meshgate-bench-'));
  const rssFile = join(dir, 'rss');
  try {
    const env = { ...process.env, ...options.env, MESHGATE_BENCH_RSS_FILE: rssFile };
    const result = await measure(process.execPath, ['--import', join(REPOSITORY_ROOT, 'bench', 'report-rss.mjs'), ...nodeArgs, ...args], { ...options, env }, false);
    if (existsSync(rssFile)) {
      const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpu: number };
      result.maxRssMB = usage.maxRSS / 1024;
      result.cpuS = usage.cpu / 1e6;
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Any command, measured (RSS only with GNU time). */
export async function measureCommand(command: string, args: string[], options: MeasureOptions = {}): Promise<Measurement> {
  if (HAS_GNU_TIME) return measure(GNU_TIME, ['-v', command, ...args], options, true);
  return measure(command, args, options, false);
}

function measure(command: string, args: string[], options: MeasureOptions, gnuTime: boolean): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPOSITORY_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout ends the whole tree (time → node → pagefind).
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error) => reject(new Error(`could not start ${command}`, { cause: error })));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wallMs = performance.now() - started;
      let stderr = Buffer.concat(err).toString('utf8');
      let maxRssMB: number | null = null;
      let cpuS: number | null = null;
      if (gnuTime) {
        // GNU time appends its report to the child's stderr; split it off.
        const at = stderr.lastIndexOf('\tCommand being timed:');
        const report = at >= 0 ? stderr.slice(at) : '';
        if (at >= 0) stderr = stderr.slice(0, at);
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
        if (rss) maxRssMB = Number(rss[1]) / 1024;
        const user = /User time \(seconds\): ([\d.]+)/.exec(report);
        const system = /System time \(seconds\): ([\d.]+)/.exec(report);
        if (user && system) cpuS = Number(user[1]) + Number(system[1]);
        const status = /Exit status: (\d+)/.exec(report);
        if (status && code !== null) code = Number(status[1]);
      }
      if (timedOut) stderr += `\nkilled after ${Math.round(options.timeoutMs! / 60_000)} min (timeout)`;
      resolvePromise({ wallMs, maxRssMB, cpuS, exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
  });
}
