import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { convertDcsToOdcs } from '../core/convert/dcs-to-odcs.ts';
import { placeIssue } from '../core/findings/place.ts';
import { parseYaml } from '../core/load/parse.ts';
import { dump } from '../core/scaffold.ts';
import { formatFinding } from '../core/findings/finding.ts';
import { lintFile } from '../core/validate/lint.ts';
import { EXIT, type CliIO } from './io.ts';

const HELP = `Usage: meshgate convert FILE... [--out DIR] [--force]

Converts Data Contract Specification files (the deprecated datacontract.com format) to ODCS
v3.2.0 contracts: FILE.yaml becomes FILE.odcs.yaml beside it, or in DIR with --out. Lists every
part of each file that ODCS has no place for, at its line, and lints what it wrote.
An existing output file is left alone unless --force.
Exit 0 when every file was converted to a valid contract, 1 otherwise, 2 on usage errors.
`;

/** `orders.yaml` → `orders.odcs.yaml`. */
const outputName = (file: string): string => `${basename(file).replace(/\.ya?ml$/i, '')}.odcs.yaml`;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    io.stderr.write(`meshgate convert: name at least one FILE\n\n${HELP}`);
    return EXIT.usage;
  }
  const outDir = values.out === undefined ? undefined : resolve(io.cwd, values.out);
  const shown = (path: string): string => relative(io.cwd, path) || path;
  const written = new Map<string, string>();
  let converted = 0;
  for (const arg of positionals) {
    const source = resolve(io.cwd, arg);
    const file = shown(source);
    const fail = (message: string, line = 1, column = 1): void => {
      io.stdout.write(`${formatFinding({ file, line, column, severity: 'error', code: 'convert.failed', message, path: '' })}\n`);
    };
    let content: Buffer;
    try {
      content = await readFile(source);
    } catch (error) {
      fail(`cannot read file: ${(error as Error).message}`);
      continue;
    }
    const parsed = parseYaml(content);
    if (!parsed.ok) {
      fail(parsed.problem.message, parsed.problem.line, parsed.problem.column);
      continue;
    }
    const conversion = convertDcsToOdcs(parsed.doc);
    if (!conversion.ok) {
      const at = placeIssue(file, parsed.text, { severity: 'error', code: 'convert.failed', message: conversion.message, path: conversion.path });
      fail(conversion.message, at.line, at.column);
      continue;
    }
    const target = join(outDir ?? dirname(source), outputName(source));
    const targetShown = shown(target);
    const earlier = written.get(target);
    if (earlier !== undefined) {
      fail(`would write ${targetShown} again (already written from ${earlier}); convert the files one at a time or into separate --out folders`);
      continue;
    }
    if (!values.force && (await exists(target))) {
      fail(`${targetShown} exists; pass --force to overwrite it`);
      continue;
    }
    const text = `# Converted by \`meshgate convert\` from the Data Contract Specification file ${basename(source)}.\n${dump(conversion.contract)}`;
    const lint = lintFile(targetShown, text);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    written.set(target, file);
    for (const item of conversion.notCarried) {
      const finding = placeIssue(file, parsed.text, { severity: 'warning', code: 'convert.not-carried', message: `${item.path} not carried over: ${item.reason}`, path: item.path });
      io.stdout.write(`${formatFinding(finding)}\n`);
    }
    for (const finding of lint.findings) io.stdout.write(`${formatFinding(finding)}\n`);
    const left = conversion.notCarried.length;
    io.stdout.write(
      `${file} → ${targetShown}: ODCS ${conversion.contract.apiVersion} ${lint.valid ? 'valid' : 'INVALID'}, ${left === 0 ? 'everything carried over' : `${left} part${left === 1 ? '' : 's'} not carried over`}\n`,
    );
    if (lint.valid) converted++;
  }
  io.stdout.write(`\n${converted} of ${positionals.length} file${positionals.length === 1 ? '' : 's'} converted to valid ODCS\n`);
  return converted === positionals.length ? EXIT.ok : EXIT.findings;
}
