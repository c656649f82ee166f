/**
 * The scale benchmark: for each N, generate a mesh of N products and measure, each in its own
 * child process, `meshgate validate` against its floor, the review of a one-contract PR, the
 * GitHub app's API calls for one evaluation, and the catalog site's build and first search.
 * Prints a table, how each figure grows with N, and writes bench/results.json.
 *
 *   npm run bench                 N = 1,000, 5,000, 10,000
 *   npm run bench -- --quick      N = 1,000 only (CI)
 *   npm run bench -- --sizes 1000,2000 --skip site --repeat 3 --seed 42
 *
 * Timings are reported, never asserted: the exit code is 0 unless the harness itself breaks.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultOut, generateMesh, REPOSITORY_ROOT, writeMesh } from './generate.ts';
import { measureNode, type Measurement, type Skipped } from './measure.ts';
import { measureSite, type SiteResult } from './site.ts';
import { measureApiCalls, type ApiResult } from './api.ts';
import { measureDatatest, renderDatatest, type DatatestResult } from './datatest.ts';
import { measureAccess, renderAccess, type AccessBenchResult } from './access.ts';
import { commandLine } from './args.ts';

interface MeshStats {
  files: number;
  megabytes: number;
  domains: number;
  products: number;
  contracts: number;
  grants: number;
  avgContractKB: number;
  generateMs: number;
  /**
   * Entries and JSON size of `GET /repos/{o}/{r}/git/trees/{sha}?recursive=1` for this tree (as
   * the app reads it to check the tarball), estimated from GitHub's entry format. GitHub truncates
   * the answer past 100,000 entries or 7 MB.
   */
  gitTree: { entries: number; megabytes: number };
}

interface ValidateResult {
  wallMs: number;
  maxRssMB: number | null;
  exitCode: number;
  errors: number | null;
  warnings: number | null;
  floorWallMs: number;
  floorInProcessMs: number | null;
  floorMaxRssMB: number | null;
  ratio: number;
  /** CPU seconds (user + system) of each, and their ratio: steadier than wall time on a shared machine. */
  cpuS: number | null;
  floorCpuS: number | null;
  cpuRatio: number | null;
}

interface ReviewResult {
  coldMs: number;
  warmMs: number | null;
  loadBaseMs: number;
  loadHeadMs: number;
  conclusion: string;
  findings: number;
  errors: number;
  changes: number;
  breakingChanges: number;
  approvals: number;
  changedFile: string;
  maxRssMB: number | null;
}

interface Run {
  products: number;
  mesh: MeshStats;
  validate: ValidateResult | Skipped;
  review: ReviewResult | Skipped;
  /** The review of a policy change: its impact preview evaluates the head's policies on the whole mesh. */
  reviewPolicy?: ReviewResult | Skipped;
  /** The change approved through the owners' team (a team lookup): the budget's worst case. */
  api: ApiResult | Skipped;
  /** The same change approved by an owner the domain names directly (no team lookup). */
  apiLogin?: ApiResult | Skipped;
  /** A PR with a few hundred findings, measured at the first N only: annotation batching does not depend on N. */
  apiAnnotations?: ApiResult | Skipped;
  site: SiteResult | Skipped;
}

interface Options {
  sizes: number[];
  seed: number;
  repeat: number;
  skip: Set<string>;
  quick: boolean;
  out: string;
  siteTimeoutMinutes: number;
  /** Also write the tables into bench/README.md, between its results markers. */
  readme: boolean;
  /** Measure nothing: render the tables of an earlier results.json (with --readme, into the README). */
  from?: string;
}

const TSX = ['--import', 'tsx'];
const isSkipped = (x: unknown): x is Skipped => typeof x === 'object' && x !== null && 'skipped' in x;
const firstLine = (text: string) => text.trim().split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 300);

const USAGE = 'npm run bench -- [--quick] [--sizes 1000,5000] [--skip validate,review,api,site,datatest,access] [--repeat R] [--seed S] [--out FILE] [--site-timeout MINUTES] [--readme] [--from results.json]';

function parseOptions(args: string[]): Options {
  const { values, tokens } = commandLine(USAGE, {
    // A literal `--` (npm passes one on when given two) was always skipped, not an end of options.
    args: args.filter((arg) => arg !== '--'),
    tokens: true,
    options: {
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      seed: { type: 'string' },
      repeat: { type: 'string' },
      skip: { type: 'string', multiple: true },
      out: { type: 'string' },
      'site-timeout': { type: 'string' },
      readme: { type: 'boolean' },
      from: { type: 'string' },
    },
  });
  const last = (name: string) => tokens.findLastIndex((t) => t.kind === 'option' && t.name === name);
  const options: Options = {
    // --quick measures N = 1,000 only, unless --sizes comes after it.
    sizes: values.sizes !== undefined && last('sizes') > last('quick') ? values.sizes.split(',').map(Number) : values.quick ? [1000] : [1000, 5000, 10000],
    seed: values.seed === undefined ? 42 : Number(values.seed),
    repeat: values.repeat === undefined ? 0 : Number(values.repeat),
    skip: new Set((values.skip ?? []).flatMap((list) => list.split(',').map((s) => s.trim()))),
    quick: values.quick ?? false,
    out: values.out === undefined ? join(REPOSITORY_ROOT, 'bench', 'results.json') : resolve(values.out),
    siteTimeoutMinutes: values['site-timeout'] === undefined ? 30 : Number(values['site-timeout']),
    readme: values.readme ?? false,
    ...(values.from === undefined ? {} : { from: resolve(values.from) }),
  };
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 50)) throw new Error('--sizes takes integers of at least 50, e.g. --sizes 1000,5000');
  return options;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function prepareMesh(products: number, seed: number): { dir: string; stats: MeshStats } {
  const started = performance.now();
  const files = generateMesh({ products, seed });
  const dir = defaultOut(products);
  writeMesh(files, dir);
  const generateMs = performance.now() - started;
  let bytes = 0;
  let contractBytes = 0;
  const count = { domains: 0, products: 0, contracts: 0, grants: 0 };
  for (const [path, text] of files) {
    const size = Buffer.byteLength(text);
    bytes += size;
    if (path.endsWith('/domain.yaml')) count.domains++;
    else if (path.endsWith('/product.yaml')) count.products++;
    else if (path.endsWith('.contract.yaml')) {
      count.contracts++;
      contractBytes += size;
    } else if (path.includes('/access/')) count.grants++;
  }
  return {
    dir,
    stats: { gitTree: gitTreeSize(files.keys()), files: files.size, megabytes: round(bytes / 1e6, 1), ...count, avgContractKB: round(contractBytes / count.contracts / 1024, 2), generateMs: Math.round(generateMs) },
  };
}

/** The recursive git tree's JSON as GitHub would answer it for these files and their folders. */
function gitTreeSize(paths: Iterable<string>): { entries: number; megabytes: number } {
  const sha = '0'.repeat(40);
  const dirs = new Set<string>();
  let bytes = 0;
  let entries = 0;
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    bytes += JSON.stringify({ path, mode: '100644', type: 'blob', sha, size: 8888, url: `https://api.github.com/repos/acme/mesh/git/blobs/${sha}` }).length + 1;
    entries++;
  }
  for (const path of dirs) {
    bytes += JSON.stringify({ path, mode: '040000', type: 'tree', sha, url: `https://api.github.com/repos/acme/mesh/git/trees/${sha}` }).length + 1;
    entries++;
  }
  return { entries, megabytes: round(bytes / 1e6, 2) };
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The fastest of `repeat` runs: on a shared 2-core machine the minimum is the least noisy figure. */
async function fastest(repeat: number, run: () => Promise<Measurement>): Promise<Measurement> {
  let best: Measurement | undefined;
  for (let i = 0; i < repeat; i++) {
    const m = await run();
    if (m.exitCode > 1) return m;
    if (!best || m.wallMs < best.wallMs) best = m;
  }
  return best!;
}

async function measureValidate(dir: string, repeat: number): Promise<ValidateResult | Skipped> {
  if (!existsSync(join(REPOSITORY_ROOT, 'bot', 'cli', 'meshgate.js'))) return { skipped: 'bot/cli/meshgate.js not found' };
  // Alternate validate and floor so that both see the same machine load.
  let validate: Measurement | undefined;
  let floor: Measurement | undefined;
  for (let i = 0; i < repeat; i++) {
    const v = await fastest(1, () => measureNode([], ['bot/cli/meshgate.js', 'validate', dir, '--format', 'json'], { timeoutMs: 600_000 }));
    if (v.exitCode > 1) return { skipped: `meshgate validate exited ${v.exitCode}: ${firstLine(v.stderr)}` };
    if (!validate || v.wallMs < validate.wallMs) validate = v;
    const f = await fastest(1, () => measureNode(TSX, ['bench/floor.ts', dir], { timeoutMs: 600_000 }));
    if (f.exitCode !== 0) return { skipped: `floor exited ${f.exitCode}: ${firstLine(f.stderr)}` };
    if (!floor || f.wallMs < floor.wallMs) floor = f;
  }
  let errors: number | null = null;
  let warnings: number | null = null;
  try {
    const summary = JSON.parse(validate!.stdout).summary as { errors: number; warnings: number };
    errors = summary.errors;
    warnings = summary.warnings;
  } catch {
    return { skipped: `meshgate validate printed no JSON summary (exit ${validate!.exitCode}): ${firstLine(validate!.stderr || validate!.stdout)}` };
  }
  const floorOut = JSON.parse(floor!.stdout) as { ms: number };
  return {
    wallMs: Math.round(validate!.wallMs),
    maxRssMB: validate!.maxRssMB === null ? null : Math.round(validate!.maxRssMB),
    exitCode: validate!.exitCode,
    errors,
    warnings,
    floorWallMs: Math.round(floor!.wallMs),
    floorInProcessMs: floorOut.ms,
    floorMaxRssMB: floor!.maxRssMB === null ? null : Math.round(floor!.maxRssMB),
    ratio: round(validate!.wallMs / floor!.wallMs, 2),
    cpuS: validate!.cpuS,
    floorCpuS: floor!.cpuS,
    cpuRatio: validate!.cpuS && floor!.cpuS ? round(validate!.cpuS / floor!.cpuS, 2) : null,
  };
}

async function measureReview(dir: string, scenario: 'contract' | 'policy' = 'contract'): Promise<ReviewResult | Skipped> {
  if (!existsSync(join(REPOSITORY_ROOT, 'bot', 'core', 'review', 'review.ts'))) return { skipped: 'bot/core/review/review.ts not found' };
  const m = await measureNode(TSX, ['bench/review-eval.ts', dir, '--runs', scenario === 'contract' ? '5' : '3', '--scenario', scenario], { timeoutMs: 600_000 });
  if (m.exitCode !== 0) return { skipped: `review-eval exited ${m.exitCode}: ${firstLine(m.stderr)}` };
  const out = JSON.parse(m.stdout) as Omit<ReviewResult, 'maxRssMB'>;
  return { ...out, maxRssMB: m.maxRssMB === null ? null : Math.round(m.maxRssMB) };
}

/** value(N2) / value(N1) against N2 / N1, and the exponent k in value ∝ N^k (1 = linear). */
function growth(runs: Run[]): { metric: string; from: number; to: number; factor: number; nFactor: number; exponent: number }[] {
  const metrics: [string, (r: Run) => number | null | undefined][] = [
    ['validate wall', (r) => (isSkipped(r.validate) ? null : r.validate.wallMs)],
    ['validate CPU', (r) => (isSkipped(r.validate) ? null : r.validate.cpuS)],
    ['validate RSS', (r) => (isSkipped(r.validate) ? null : r.validate.maxRssMB)],
    ['floor wall', (r) => (isSkipped(r.validate) ? null : r.validate.floorWallMs)],
    ['floor CPU', (r) => (isSkipped(r.validate) ? null : r.validate.floorCpuS)],
    ['review warm', (r) => (isSkipped(r.review) ? null : r.review.warmMs)],
    ['review cold', (r) => (isSkipped(r.review) ? null : r.review.coldMs)],
    ['review of a policy change (warm)', (r) => (!r.reviewPolicy || isSkipped(r.reviewPolicy) ? null : r.reviewPolicy.warmMs)],
    ['api calls', (r) => (isSkipped(r.api) ? null : r.api.calls)],
    ['site build', (r) => (isSkipped(r.site) ? null : r.site.buildMs)],
    ['site CPU', (r) => (isSkipped(r.site) ? null : r.site.cpuS)],
    ['site RSS (all)', (r) => (isSkipped(r.site) ? null : r.site.treeRssMB)],
    ['pagefind RSS', (r) => (isSkipped(r.site) ? null : r.site.pagefindRssMB)],
    ['pagefind', (r) => (isSkipped(r.site) ? null : r.site.pagefindMs)],
    ['pages', (r) => (isSkipped(r.site) ? null : r.site.pages)],
    ['first search', (r) => (isSkipped(r.site) ? null : r.site.firstSearchBytesGzip)],
  ];
  const rows = [];
  for (const [metric, get] of metrics) {
    for (let i = 1; i < runs.length; i++) {
      const a = get(runs[i - 1]);
      const b = get(runs[i]);
      if (a == null || b == null || a <= 0) continue;
      const nFactor = runs[i].products / runs[i - 1].products;
      const factor = b / a;
      rows.push({ metric, from: runs[i - 1].products, to: runs[i].products, factor: round(factor, 2), nFactor: round(nFactor, 2), exponent: round(Math.log(factor) / Math.log(nFactor), 2) });
    }
  }
  return rows;
}

interface Target {
  what: string;
  target: string;
  products: number;
  value: string;
  met: boolean | null;
}

function targets(runs: Run[]): Target[] {
  const out: Target[] = [];
  const largest = runs[runs.length - 1];
  for (const r of runs) {
    if (r.apiAnnotations && !isSkipped(r.apiAnnotations)) {
      const a = r.apiAnnotations;
      const followUps = Object.entries(a.byRoute)
        .filter(([route]) => /labels|requested_reviewers|comments/.test(route))
        .reduce((n, [, count]) => n + count, 0);
      const teams = Object.entries(a.byRoute).filter(([route]) => route.includes('/teams/')).reduce((n, [, count]) => n + count, 0);
      out.push({
        what: 'API calls, PR with many findings',
        target: '≤ 6 + 1 per 50 annotations',
        products: r.products,
        value: `${a.calls} = ${a.calls - followUps} for the verdict (${teams} team lookups) + ${followUps} follow-ups; ${a.annotations} annotations`,
        met: a.calls - followUps <= 6 + Math.ceil(a.annotations / 50),
      });
    }
    if (!isSkipped(r.validate)) out.push({ what: 'validate / floor', target: '≤ 1.5×', products: r.products, value: `${r.validate.ratio}×`, met: r.validate.ratio <= 1.5 });
    if (!isSkipped(r.api)) out.push({ what: `API calls per evaluation${r.api.approval ? `, ${r.api.approval} approval` : ''}`, target: '≤ 6 + 1 per 50 annotations', products: r.products, value: `${r.api.calls} (${r.api.annotations} annotations)`, met: r.api.calls <= 6 + Math.ceil(r.api.annotations / 50) });
    if (r.apiLogin && !isSkipped(r.apiLogin)) out.push({ what: 'API calls per evaluation, login approval', target: '≤ 6 + 1 per 50 annotations', products: r.products, value: `${r.apiLogin.calls} (${r.apiLogin.annotations} annotations)`, met: r.apiLogin.calls <= 6 + Math.ceil(r.apiLogin.annotations / 50) });
    if (!isSkipped(r.site)) {
      // What the browser transfers from a host that gzips JS and CSS, as GitHub Pages does.
      out.push({
        what: 'first search (gzip-served)',
        target: '≤ 250 KB',
        products: r.products,
        value: `${round(r.site.firstSearchBytesGzip / 1024, 1)} KB (${round(r.site.firstSearchBytes / 1024, 1)} KB uncompressed)`,
        met: r.site.firstSearchBytesGzip <= 250 * 1024,
      });
      if (r.site.latency) {
        out.push({ what: 'first query on a cold page (Chromium, local server)', target: '< 500 ms', products: r.products, value: `${r.site.latency.coldMs} ms`, met: r.site.latency.coldMs < 500 });
        out.push({ what: 'keystroke to first result, warm page (median)', target: '< 150 ms', products: r.products, value: `${r.site.latency.warmMedianMs} ms (${r.site.latency.warmMs.join(', ')})`, met: r.site.latency.warmMedianMs < 150 });
      }
    }
  }
  for (const r of runs.filter((x) => x.products >= 10000 || x === largest)) {
    const note = r.products >= 10000 ? '' : ` (only N=${r.products} measured)`;
    if (!isSkipped(r.review)) out.push({ what: `review of one contract${note}`, target: '< 1500 ms at 10k', products: r.products, value: `${r.review.warmMs ?? r.review.coldMs} ms`, met: r.products >= 10000 ? (r.review.warmMs ?? r.review.coldMs) < 1500 : null });
    if (!isSkipped(r.site)) {
      out.push({ what: `site build incl. search index${note}`, target: '< 60 s at 10k', products: r.products, value: `${round(r.site.buildMs / 1000, 1)} s`, met: r.products >= 10000 ? r.site.buildMs < 60_000 : null });
      const peak = Math.max(r.site.treeRssMB ?? 0, r.site.maxRssMB ?? 0);
      out.push({ what: `site build peak memory, all processes${note}`, target: '< 2 GB at 10k', products: r.products, value: `${peak} MB`, met: r.products >= 10000 && peak > 0 ? peak < 2048 : null });
    }
  }
  return out;
}

function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((row) => row.map((c) => (c === null || c === undefined ? '–' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}

const skipReason = (x: unknown) => (isSkipped(x) ? x.skipped : null);

/** The results as markdown tables: the same text goes to the terminal and into bench/README.md. */
export function renderTables(results: { runs: Run[]; growth: ReturnType<typeof growth>; targets: Target[]; datatest?: DatatestResult | Skipped }): string {
  const { runs } = results;
  const fmtS = (ms: number | null | undefined) => (ms == null ? null : `${round(ms / 1000, 2)} s`);
  const parts: string[] = [];
  parts.push(
    table(
      ['N products', 'files', 'MB', 'domains', 'contracts', 'grants', 'avg contract'],
      runs.map((r) => [r.products, r.mesh.files, r.mesh.megabytes, r.mesh.domains, r.mesh.contracts, r.mesh.grants, `${r.mesh.avgContractKB} KB`]),
    ),
  );
  parts.push(
    table(
      ['N', 'validate', 'validate RSS', 'floor', 'floor RSS', 'ratio (CPU ratio)', 'validate errors/warnings', 'review (warm)', 'review (cold)', 'load base+head', 'review conclusion', 'policy-change review (warm/cold)', 'API calls'],
      runs.map((r) => {
        const v = isSkipped(r.validate) ? null : r.validate;
        const rv = isSkipped(r.review) ? null : r.review;
        const api = isSkipped(r.api) ? null : r.api;
        const apiLogin = r.apiLogin && !isSkipped(r.apiLogin) ? r.apiLogin : null;
        return [
          r.products,
          v ? fmtS(v.wallMs) : 'not measured',
          v?.maxRssMB != null ? `${v.maxRssMB} MB` : null,
          v ? fmtS(v.floorWallMs) : null,
          v?.floorMaxRssMB != null ? `${v.floorMaxRssMB} MB` : null,
          v ? `${v.ratio}× (${v.cpuRatio ?? '?'}×)` : null,
          v ? `${v.errors ?? '?'} / ${v.warnings ?? '?'}` : null,
          rv?.warmMs != null ? `${rv.warmMs} ms` : rv ? null : 'not measured',
          rv ? `${rv.coldMs} ms` : null,
          rv ? `${Math.round(rv.loadBaseMs + rv.loadHeadMs)} ms` : null,
          rv ? `${rv.conclusion} (${rv.findings} findings)` : null,
          r.reviewPolicy && !isSkipped(r.reviewPolicy) ? `${r.reviewPolicy.warmMs} / ${r.reviewPolicy.coldMs} ms` : 'not measured',
          api ? `${api.calls}${api.approval ? ` (${api.approval})` : ''}${apiLogin ? ` / ${apiLogin.calls} (login)` : ''}${api.annotations ? ` (${api.annotations} annotations)` : ''}` : 'not measured',
        ];
      }),
    ),
  );
  parts.push(
    table(
      ['N', 'site build (Astro + Pagefind)', 'Pagefind alone (re-run)', 'peak RSS (all processes)', 'largest process / Pagefind alone', 'pages', 'first search', 'search query'],
      runs.map((r) => {
        const s = isSkipped(r.site) ? null : r.site;
        return [
          r.products,
          s ? fmtS(s.buildMs) : 'not measured',
          s ? fmtS(s.pagefindMs) : null,
          s?.treeRssMB != null ? `${s.treeRssMB} MB` : null,
          s ? `${s.maxRssMB ?? '?'} / ${s.pagefindRssMB ?? '?'} MB` : null,
          s?.pages,
          s ? `${round(s.firstSearchBytesGzip / 1024, 1)} KB gzip / ${round(s.firstSearchBytes / 1024, 1)} KB raw` : null,
          s?.query,
        ];
      }),
    ),
  );
  const big = runs.filter((r) => !isSkipped(r.site)).map((r) => {
    const s = r.site as SiteResult;
    const list = (items: { path: string; kb: number }[]) => items.map((i) => `${i.path} ${i.kb} KB`).join(', ');
    return `- N=${r.products}: pages ${list(s.largest.html)}; JSON ${list(s.largest.json)}`;
  });
  if (big.length > 0) parts.push(`Largest files of the site (a list that grows with N shows here):\n${big.join('\n')}`);
  const skipped = runs.flatMap((r) =>
    (['validate', 'review', 'reviewPolicy', 'api', 'site'] as const).map((k) => [r.products, k, skipReason(r[k])] as const).filter(([, , reason]) => reason),
  );
  if (skipped.length > 0) parts.push(`Not measured:\n${skipped.map(([n, k, reason]) => `- N=${n} ${k}: ${reason}`).join('\n')}`);
  if (results.growth.length > 0) {
    parts.push(
      `Growth with N (exponent k in value ∝ N^k; 1 = linear):\n\n${table(
        ['metric', 'N from → to', 'value ×', 'N ×', 'k'],
        results.growth.map((g) => [g.metric, `${g.from} → ${g.to}`, g.factor, g.nFactor, g.exponent]),
      )}`,
    );
  }
  if (results.targets.length > 0) {
    parts.push(
      `Targets:\n\n${table(
        ['what', 'N', 'target', 'measured', 'met'],
        results.targets.map((t) => [t.what, t.products, t.target, t.value, t.met === null ? 'n/a' : t.met ? 'yes' : 'NO']),
      )}`,
    );
  }
  if (results.datatest) parts.push(isSkipped(results.datatest) ? `meshgate test: not measured (${results.datatest.skipped})` : renderDatatest(results.datatest, table));
  return parts.join('\n\n');
}

const README = join(REPOSITORY_ROOT, 'bench', 'README.md');
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

/** Replaces the README's results section with this run's tables, machine and date. */
function writeReadme(results: Parameters<typeof renderTables>[0] & { date: string; durationS: number; machine: ReturnType<typeof machine> & { loadAverageAtStart: number[] } }): void {
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${README} has no ${START} … ${END} section to replace`);
  const m = results.machine;
  const section = [
    START,
    '',
    `Run of ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(results.durationS / 60)} min: ${m.nproc} cores (${m.cpu}), ${m.memoryGB} GB memory, Node ${m.node}, ${m.platform}; load average ${m.loadAverageAtStart.join(' / ')} at the start and ${m.loadAverage.join(' / ')} at the end (1 / 5 / 15 min).`,
    '',
    renderTables(results),
    '',
    END,
  ].join('\n');
  writeFileSync(README, text.slice(0, from) + section + text.slice(to + END.length));
}

function machine() {
  return {
    loadAverage: loadavg().map((x) => round(x, 2)),
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.from) {
    const earlier = JSON.parse(readFileSync(options.from, 'utf8')) as Parameters<typeof writeReadme>[0];
    earlier.targets = targets(earlier.runs);
    earlier.growth = growth(earlier.runs);
    if (options.readme) writeReadme(earlier);
    process.stdout.write(`${renderTables(earlier)}\n`);
    return;
  }
  const repeat = (n: number) => options.repeat || (n <= 1000 ? 3 : 2);
  const runs: Run[] = [];
  const started = new Date();
  // Others may share the machine: the load average says how much to trust wall times.
  const loadAverageAtStart = loadavg().map((x) => round(x, 2));
  for (const products of options.sizes) {
    log(`N=${products}: generating`);
    const { dir, stats } = prepareMesh(products, options.seed);
    log(`N=${products}: ${stats.files} files, ${stats.megabytes} MB in ${relative(process.cwd(), dir)} (${stats.generateMs} ms)`);
    const run: Run = { products, mesh: stats, validate: { skipped: 'skipped by --skip' }, review: { skipped: 'skipped by --skip' }, api: { skipped: 'skipped by --skip' }, site: { skipped: 'skipped by --skip' } };
    // Each section reports its own failure and the run goes on: a broken part never hides the others.
    const section = async <T>(name: string, fn: () => Promise<T | Skipped>): Promise<T | Skipped> => {
      if (options.skip.has(name)) return { skipped: 'skipped by --skip' };
      log(`N=${products}: ${name}`);
      try {
        const result = await fn();
        if (isSkipped(result)) log(`N=${products}: ${name} not measured: ${result.skipped}`);
        return result;
      } catch (error) {
        const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
        log(`N=${products}: ${name} failed: ${message}`);
        return { skipped: `failed: ${message}` };
      }
    };
    run.validate = await section('validate', () => measureValidate(dir, repeat(products)));
    run.review = await section('review', () => measureReview(dir));
    run.reviewPolicy = await section('review', () => measureReview(dir, 'policy'));
    run.api = await section('api', () => measureApiCalls(dir, 'one-contract', 'team'));
    run.apiLogin = await section('api', () => measureApiCalls(dir, 'one-contract', 'login'));
    if (runs.length === 0) run.apiAnnotations = await section('api', () => measureApiCalls(dir, 'annotations'));
    run.site = await section('site', () => measureSite(dir, products, options.siteTimeoutMinutes));
    runs.push(run);
  }
  // meshgate test against its floor: once per run, not per N (its size is rows, not products).
  let datatest: DatatestResult | Skipped = { skipped: 'skipped by --skip' };
  if (!options.skip.has('datatest')) {
    log(`meshgate test: ${options.quick ? '200,000 rows (DuckDB) / 50,000 (PostgreSQL)' : '10,000,000 rows (DuckDB) / 1,000,000 (PostgreSQL)'}`);
    datatest = await measureDatatest(options.quick).catch((error: Error) => ({ skipped: `failed: ${error.message}` }));
  }
  // Access provisioning needs a PostgreSQL server; its size is its own (grants over tables), not N.
  let access: AccessBenchResult | Skipped = { skipped: 'skipped by --skip' };
  const accessUrl = process.env.MESHGATE_BENCH_POSTGRES_URL || process.env.MESHGATE_TEST_POSTGRES_URL;
  if (!options.skip.has('access')) {
    if (!accessUrl) access = { skipped: 'no PostgreSQL server: set MESHGATE_BENCH_POSTGRES_URL or MESHGATE_TEST_POSTGRES_URL' };
    else {
      try {
        access = await measureAccess(accessUrl, options.quick ? { grants: 500, products: 75, seed: options.seed } : { grants: 10_000, products: 1470, seed: options.seed }, log);
      } catch (error) {
        access = { skipped: `failed: ${(error as Error).message}` };
      }
    }
    log(isSkipped(access) ? `access not measured: ${access.skipped}` : `access measured`);
  }
  const results = {
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    machine: { ...machine(), loadAverageAtStart },
    seed: options.seed,
    quick: options.quick,
    runs,
    growth: growth(runs),
    targets: targets(runs),
    datatest,
    access,
  };
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  if (options.readme) writeReadme(results);
  if (!isSkipped(access)) process.stdout.write(`\n${renderAccess(access)}\n`);
  process.stdout.write(`\n${renderTables(results)}\n\nWritten to ${relative(process.cwd(), options.out)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
