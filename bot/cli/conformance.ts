/**
 * `npm run conformance`: lints the official examples of the standards Meshgate reads, to show that
 * real ODCS and ODPS files written by other tools load unchanged and that Data Contract
 * Specification files are recognised as the deprecated format they are.
 *
 *   tsx bot/cli/conformance.ts DIR [--expect odcs=18,odps=2,dcs=7]
 *
 * DIR holds odcs/, odps/ and dcs/ folders (the reference copies in ../shared/standards); every
 * .yaml/.yml file below them is linted with the same lintFile the `meshgate lint` verb uses.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatFinding } from '../core/findings/finding.ts';
import { lintFile, type LintResult } from '../core/validate/lint.ts';
import { EXIT, UsageError, type CliIO } from './io.ts';

const HELP = `Usage: tsx bot/cli/conformance.ts DIR [--expect odcs=18,odps=2,dcs=7]

Lints every .yaml file under DIR/odcs, DIR/odps and DIR/dcs. Passes when every ODCS file is a
valid DataContract, every ODPS file a valid DataProduct, every DCS file is recognised as the
deprecated Data Contract Specification, and each folder holds the expected number of files.
`;

type Standard = 'odcs' | 'odps' | 'dcs';

const STANDARDS: { folder: Standard; label: string; verb: string; passes: (r: LintResult) => boolean }[] = [
  { folder: 'odcs', label: 'ODCS', verb: 'valid', passes: (r) => r.valid && r.kind === 'DataContract' },
  { folder: 'odps', label: 'ODPS', verb: 'valid', passes: (r) => r.valid && r.kind === 'DataProduct' },
  {
    folder: 'dcs',
    label: 'DCS',
    verb: 'recognised',
    passes: (r) => r.kind === 'DataContractSpecification' && r.findings.some((f) => f.code === 'format.dcs-deprecated'),
  },
];

/** The reference copies hold 18 ODCS examples, 2 ODPS examples and 7 DCS files (6 examples and the init template). */
const DEFAULT_EXPECT: Record<Standard, number> = { odcs: 18, odps: 2, dcs: 7 };

export async function run(args: string[], io: CliIO): Promise<number> {
  let dir: string;
  let expected: Record<Standard, number>;
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { expect: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('name exactly one DIR holding odcs/, odps/ and dcs/');
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
      const result = lintFile(shown, await readFile(path));
      if (standard.passes(result)) {
        passed++;
        continue;
      }
      ok = false;
      io.stdout.write(`FAIL ${shown}: expected ${standard.label} ${standard.verb}, got ${describe(result)}\n`);
      for (const finding of result.findings) io.stdout.write(`  ${formatFinding(finding)}\n`);
    }
    if (files.length !== expected[standard.folder]) {
      ok = false;
      io.stdout.write(`FAIL ${relative(io.cwd, join(dir, standard.folder)) || standard.folder}: found ${files.length} ${standard.label} files, expected ${expected[standard.folder]}\n`);
    }
    tally.push(`${passed}/${files.length} ${standard.label} ${standard.verb}`);
  }
  io.stdout.write(`conformance: ${tally.join(', ')}\n`);
  return ok ? EXIT.ok : EXIT.findings;
}

function describe(result: LintResult): string {
  const kind = result.kind ?? 'unknown kind';
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  return `${kind}${result.apiVersion ? ` ${result.apiVersion}` : ''}, ${result.valid ? 'valid' : `${errors} error${errors === 1 ? '' : 's'}`}`;
}

/** `odcs=18,odps=2,dcs=7`; standards left out keep their default. */
function parseExpect(value: string | undefined): Record<Standard, number> {
  const expected = { ...DEFAULT_EXPECT };
  if (value === undefined) return expected;
  for (const part of value.split(',')) {
    const match = /^(odcs|odps|dcs)=(\d+)$/.exec(part.trim());
    if (!match) throw new UsageError(`--expect takes odcs=N,odps=N,dcs=N, not "${part}"`);
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
