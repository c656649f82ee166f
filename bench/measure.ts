/**
 * Runs one measured thing in its own child process, so that its peak memory is its own: wall time
 * from here, peak RSS from `/usr/bin/time -v` when the machine has it, else from the child itself
 * (a preloaded module reports `process.resourceUsage().maxRSS` at exit).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './generate.ts';

const GNU_TIME = '/usr/bin/time';
// MESHGATE_BENCH_NO_GNU_TIME=1 exercises the fallback on machines that have GNU time.
const HAS_GNU_TIME = existsSync(GNU_TIME) && !process.env.MESHGATE_BENCH_NO_GNU_TIME;

/** A figure that was not measured, and why (a missing tool, a child that failed). */
export interface Skipped {
  skipped: string;
}

export interface Measurement {
  wallMs: number;
  /** Peak resident set size of the largest process in the tree, in MB. */
  maxRssMB: number | null;
  /** User + system CPU seconds of the tree; less sensitive than wall time to a busy machine. */
  cpuS: number | null;
  /**
   * Peak of the summed RSS of every process in the tree at once, sampled from /proc every 250 ms:
   * counts helpers that their parent never waits for (Pagefind's service binary), which
   * GNU time and resourceUsage miss.
   */
  treeRssMB: number | null;
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

/** Samples the RSS of a process tree (Linux /proc); `stop()` returns the peaks seen. */
function sampleTree(rootPid: number | undefined): { stop(): { sumMB: number; maxSingleMB: number } | null } {
  if (rootPid === undefined || !existsSync('/proc/self/status')) return { stop: () => null };
  let sum = 0;
  let single = 0;
  const kb = (pid: string, field: string) => {
    try {
      const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  };
  const tick = () => {
    const parent = new Map<string, string>();
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      } catch {
        // Gone since readdir.
      }
    }
    const tree = new Set([String(rootPid)]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of parent) {
        if (!tree.has(pid) && tree.has(ppid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    let now = 0;
    for (const pid of tree) {
      now += kb(pid, 'VmRSS');
      single = Math.max(single, kb(pid, 'VmHWM'));
    }
    sum = Math.max(sum, now);
  };
  const timer = setInterval(tick, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return { sumMB: sum / 1024, maxSingleMB: single / 1024 };
    },
  };
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
    const sampler = sampleTree(child.pid);
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
      const sampled = sampler.stop();
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
      if (sampled && sampled.maxSingleMB > (maxRssMB ?? 0)) maxRssMB = sampled.maxSingleMB;
      resolvePromise({ wallMs, maxRssMB, cpuS, treeRssMB: sampled ? sampled.sumMB : null, exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
  });
}
