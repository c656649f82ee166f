import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFinding } from '../core/findings/finding.ts';
import type { LintResult } from '../core/validate/lint.ts';
import { lintFileAndPolicy } from '../core/policies/lint.ts';
import { EXIT, formatOption, type CliIO } from './io.ts';

const HELP = `Usage: meshgate lint FILE... [--format text|json]

Checks each file on its own, whatever its kind: YAML, schema and contract semantics (no mesh
references). A Data Contract Specification file is reported as the deprecated format it is.
Exit 0 when every file is valid, 1 when any is not, 2 on usage errors.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = formatOption(values.format, ['text', 'json']);
  if (positionals.length === 0) {
    io.stderr.write(`meshgate lint: name at least one FILE\n\n${HELP}`);
    return EXIT.usage;
  }
  const results: LintResult[] = [];
  for (const arg of positionals) {
    const path = resolve(io.cwd, arg);
    const shown = relative(io.cwd, path) || arg;
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (error) {
      results.push({ file: shown, kind: null, apiVersion: null, valid: false, findings: [{ file: shown, line: 1, column: 1, severity: 'error', code: 'file.unreadable', message: `cannot read file: ${(error as Error).message}`, path: '' }] });
      continue;
    }
    results.push(lintFileAndPolicy(shown, content));
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const result of results) {
      for (const f of result.findings) io.stdout.write(`${formatFinding(f)}\n`);
      io.stdout.write(`${result.file}: ${result.valid ? 'valid' : 'invalid'} ${result.kind ?? 'unknown kind'}${result.apiVersion ? ` ${result.apiVersion}` : ''}\n`);
    }
    const invalid = results.filter((r) => !r.valid).length;
    io.stdout.write(`\n${results.length - invalid} of ${results.length} file${results.length === 1 ? '' : 's'} valid\n`);
  }
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.findings;
}
