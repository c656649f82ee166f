/**
 * `npm run conformance`: lints the official examples of the standards Meshgate reads, to show that
 * real ODCS and ODPS files written by other tools load unchanged, and that Data Contract
 * Specification files are recognised as the deprecated format they are and convert to valid ODCS.
 *
 *   tsx bot/cli/conformance.ts DIR [--expect odcs=18,odcs32=28,odps=2,dcs=7]
 *
 * DIR holds odcs/ (ODCS v3.1.0), odcs-v3.2.0/, odps/ and dcs/ folders (the reference copies in
 * ../shared/standards); every .yaml/.yml file below them is linted with the same lintFile the
 * `meshgate lint` verb uses, and every DCS file converted as `meshgate convert` does.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { convertDcsToOdcs } from '../core/convert/dcs-to-odcs.ts';
import { parseYaml } from '../core/load/parse.ts';
import { dump } from '../core/scaffold.ts';
import { formatFinding } from '../core/findings/finding.ts';
import { lintFile, type LintResult } from '../core/validate/lint.ts';
import { EXIT, UsageError, type CliIO } from './io.ts';

const HELP = `Usage: tsx bot/cli/conformance.ts DIR [--expect odcs=18,odcs32=28,odps=2,dcs=7]

Lints every .yaml file under DIR/odcs, DIR/odcs-v3.2.0, DIR/odps and DIR/dcs. Passes when every
ODCS file is a valid DataContract, every ODPS file a valid DataProduct, every DCS file is
recognised as the deprecated Data Contract Specification and converts to a valid ODCS contract,
and each folder holds the expected number of files.
`;

type Standard = 'odcs' | 'odcs32' | 'odps' | 'dcs';

interface StandardRun {
  key: Standard;
  folder: string;
  label: string;
  verb: string;
  /** Undefined when the file passes, else what went wrong (its findings follow). */
  check: (shown: string, content: Buffer, lint: LintResult) => { ok: true } | { ok: false; got: string; findings: LintResult['findings'] };
}

const isValid = (kind: string) => (_shown: string, _content: Buffer, r: LintResult) =>
  r.valid && r.kind === kind ? ({ ok: true } as const) : ({ ok: false, got: describe(r), findings: r.findings } as const);

/** A DCS file must be recognised as the deprecated format, and `meshgate convert` must turn it into a valid ODCS contract. */
function recognisedAndConverted(shown: string, content: Buffer, r: LintResult): ReturnType<StandardRun['check']> {
  if (r.kind !== 'DataContractSpecification' || !r.findings.some((f) => f.code === 'format.dcs-deprecated')) return { ok: false, got: describe(r), findings: r.findings };
  const parsed = parseYaml(content);
  const conversion = parsed.ok ? convertDcsToOdcs(parsed.doc) : undefined;
  if (!conversion?.ok) return { ok: false, got: `no conversion (${conversion ? conversion.message : 'unreadable'})`, findings: [] };
  const converted = lintFile(`${shown} (converted)`, dump(conversion.contract));
  return converted.valid ? { ok: true } : { ok: false, got: `a conversion that is ${describe(converted)}`, findings: converted.findings };
}

const STANDARDS: StandardRun[] = [
  { key: 'odcs', folder: 'odcs', label: 'ODCS v3.1', verb: 'valid', check: isValid('DataContract') },
  { key: 'odcs32', folder: 'odcs-v3.2.0', label: 'ODCS v3.2', verb: 'valid', check: isValid('DataContract') },
  { key: 'odps', folder: 'odps', label: 'ODPS', verb: 'valid', check: isValid('DataProduct') },
  { key: 'dcs', folder: 'dcs', label: 'DCS', verb: 'recognised and converted', check: recognisedAndConverted },
];

/**
 * The reference copies hold 18 ODCS v3.1 examples (odcs/), 28 ODCS v3.2.0 examples (odcs-v3.2.0/,
 * which also holds v3.0.x files), 2 ODPS examples and 7 DCS files (6 examples and the init template).
 */
const DEFAULT_EXPECT: Record<Standard, number> = { odcs: 18, odcs32: 28, odps: 2, dcs: 7 };

export async function run(args: string[], io: CliIO): Promise<number> {
  let dir: string;
  let expected: Record<Standard, number>;
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { expect: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('name exactly one DIR holding odcs/, odcs-v3.2.0/, odps/ and dcs/');
    dir = resolve(io.cwd, positionals[0]);
    expected = parseExpect(values.expect);
    if (!(await isDirectory(dir))) throw new UsageError(`${positionals[0]} is not a directory (expected the standards reference copies, e.g. ../shared/standards)`);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.stderr.write(`conformance: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }

  const tally: string[] = [];
  let ok = true;
  for (const standard of STANDARDS) {
    const files = await yamlFilesUnder(join(dir, standard.folder));
    let passed = 0;
    for (const path of files) {
      const shown = relative(io.cwd, path) || path;
      const content = await readFile(path);
      const lint = lintFile(shown, content);
      const outcome = standard.check(shown, content, lint);
      if (outcome.ok) {
        passed++;
        continue;
      }
      ok = false;
      io.stdout.write(`FAIL ${shown}: expected ${standard.label} ${standard.verb}, got ${outcome.got}\n`);
      for (const finding of outcome.findings) io.stdout.write(`  ${formatFinding(finding)}\n`);
    }
    if (files.length !== expected[standard.key]) {
      ok = false;
      io.stdout.write(`FAIL ${relative(io.cwd, join(dir, standard.folder)) || standard.folder}: found ${files.length} ${standard.label} files, expected ${expected[standard.key]}\n`);
    }
    tally.push(`${standard.label} ${passed}/${files.length} ${standard.verb}`);
  }
  io.stdout.write(`conformance: ${tally.join(', ')}\n`);
  return ok ? EXIT.ok : EXIT.findings;
}

function describe(result: LintResult): string {
  const kind = result.kind ?? 'unknown kind';
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  return `${kind}${result.apiVersion ? ` ${result.apiVersion}` : ''}, ${result.valid ? 'valid' : `${errors} error${errors === 1 ? '' : 's'}`}`;
}

/** `odcs=18,odcs32=28,odps=2,dcs=7`; standards left out keep their default. */
function parseExpect(value: string | undefined): Record<Standard, number> {
  const expected = { ...DEFAULT_EXPECT };
  if (value === undefined) return expected;
  for (const part of value.split(',')) {
    const match = /^(odcs|odcs32|odps|dcs)=(\d+)$/.exec(part.trim());
    if (!match) throw new UsageError(`--expect takes odcs=N,odcs32=N,odps=N,dcs=N, not "${part}"`);
    expected[match[1] as Standard] = Number(match[2]);
  }
  return expected;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Every .yaml/.yml file below `dir`, sorted; none when the folder does not exist. */
async function yamlFilesUnder(dir: string): Promise<string[]> {
  if (!(await isDirectory(dir))) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`conformance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
