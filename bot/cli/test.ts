import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderJson, renderJunit, renderText } from '../core/datatest/render.ts';
import { testContract } from '../core/datatest/run.ts';
import type { ContractRun } from '../core/datatest/types.ts';
import type { DataContract } from '../core/kinds/data-contract.ts';
import { loadMeshFromDirectory } from '../sources/directory.ts';
import { parseYaml } from '../core/load/parse.ts';
import { isTestable, openEngine } from '../platform/engine.ts';
import { mergeResults, RESULTS_FILE } from './test-results.ts';
import { EXIT, formatOption, UsageError, type CliIO } from './io.ts';

const HELP = `Usage: meshgate test [TARGET...] [--server NAME] [--format text|json|junit] [--output FILE] [--root DIR]

Runs the checks each contract promises (schema, quality rules, freshness and retention SLAs)
against the data on its servers, pushed down as SQL: DuckDB in-process for \`duckdb\` and \`local\`
servers, PostgreSQL for \`postgres\` servers (credentials from PGUSER / PGPASSWORD, or
MESHGATE_<SERVER>_USERNAME / _PASSWORD). A TARGET is a contract id or a contract file; without
one, every contract of the mesh with a server of a supported type is tested.

  --server NAME    test on this server of each contract (default: every supported one)
  --format FORMAT  text (default): file:line:column lines for failures, then a summary;
                   json: the results; junit: JUnit XML for CI
  --output FILE    write the report there instead of standard output
  --root DIR       the mesh's root (default .)
  --results FILE   where the catalog reads the last run (default ROOT/${RESULTS_FILE});
  --no-results     do not write it

Exit 0 when no check failed (warnings allowed), 1 when a check failed or errored, 2 on usage errors.
`;

interface Target {
  contract: DataContract;
  /** Absolute path of the contract file, and its text. */
  path: string;
  text: string;
  explicit: boolean;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** The demo mesh's sample data is generated with timestamps relative to now, so its freshness SLAs can hold; a mesh without the script is untouched. */
async function prepareDemoData(root: string, io: CliIO): Promise<void> {
  const script = join(root, 'demo-data', 'generate.ts');
  if (!existsSync(script)) return;
  const { writeDemoData } = (await import(pathToFileURL(script).href)) as { writeDemoData?: (dir: string, now: Date) => Promise<string[]> };
  if (typeof writeDemoData !== 'function') return;
  const files = await writeDemoData(join(root, 'demo-data'), new Date());
  io.stderr.write(`meshgate test: generated ${files.length} demo data files in ${relative(io.cwd, join(root, 'demo-data', 'generated')) || '.'} (see demo-data/README.md)\n`);
}

async function resolveTargets(positionals: string[], root: string, io: CliIO): Promise<Target[]> {
  const targets: Target[] = [];
  const ids: string[] = [];
  for (const arg of positionals) {
    const path = resolve(io.cwd, arg);
    if (/\.ya?ml$/i.test(arg) || (await isFile(path))) {
      if (!(await isFile(path))) throw new UsageError(`no contract file ${arg}`);
      const parsed = parseYaml(await readFile(path));
      if (!parsed.ok) throw new UsageError(`${arg}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message} (run \`meshgate lint ${arg}\`)`);
      const doc = parsed.doc as Partial<DataContract> | null;
      if (!doc || doc.kind !== 'DataContract') throw new UsageError(`${arg} is not a data contract (kind: DataContract)`);
      targets.push({ contract: doc as DataContract, path, text: parsed.text, explicit: true });
    } else {
      ids.push(arg);
    }
  }
  if (ids.length === 0 && positionals.length > 0) return targets;
  const snapshot = await loadMeshFromDirectory(root);
  const contracts = snapshot.byKind.DataContract;
  for (const id of ids) {
    const entity = contracts.get(id);
    if (!entity) throw new UsageError(`no contract with id "${id}" under ${relative(io.cwd, root) || '.'} (give a contract id or a file)`);
    // Named explicitly, a contract is tested even when it fails its schema (as a named file is).
    targets.push({ contract: entity.doc as DataContract, path: join(root, entity.file), text: snapshot.texts.get(entity.file) ?? '', explicit: true });
  }
  if (positionals.length === 0) {
    for (const entity of contracts.values()) {
      if (!entity.valid || !(entity.doc.servers ?? []).some(isTestable)) continue;
      targets.push({ contract: entity.doc, path: join(root, entity.file), text: snapshot.texts.get(entity.file) ?? '', explicit: false });
    }
  }
  return targets;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      root: { type: 'string' },
      results: { type: 'string' },
      'no-results': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = formatOption(values.format, ['text', 'json', 'junit']);
  const root = resolve(io.cwd, values.root ?? '.');
  const usesMesh = positionals.length === 0 || positionals.some((p) => !/\.ya?ml$/i.test(p));
  if (usesMesh && !existsSync(join(root, 'catalog'))) throw new UsageError(`${relative(io.cwd, root) || '.'} has no catalog/ folder (use --root DIR, or name contract files)`);
  if (usesMesh) await prepareDemoData(root, io);
  const targets = await resolveTargets(positionals, root, io);
  const runs: ContractRun[] = [];
  for (const target of targets) {
    const servers = (target.contract.servers ?? []).map((server, index) => ({ server, index }));
    const chosen = values.server ? servers.filter((s) => s.server.server === values.server) : servers.filter((s) => isTestable(s.server));
    const file = relative(io.cwd, target.path) || target.path;
    if (chosen.length === 0) {
      if (!target.explicit) continue;
      if (values.server) throw new UsageError(`${file}: contract ${target.contract.id} has no server "${values.server}"`);
      // A named contract with no server Meshgate can test: every check skipped, saying why.
      const first = servers[0];
      const why = first ? { unsupported: `server type ${first.server.type} is not supported by meshgate test` } : { unsupported: 'the contract names no server' };
      runs.push(await testContract({ contract: target.contract, file, text: target.text, server: { name: first?.server.server ?? '(none)', type: first?.server.type ?? '', index: first?.index ?? 0 } }, why, () => new Date()));
      continue;
    }
    for (const { server, index } of chosen) {
      const opening = await openEngine(server, { baseDir: dirname(target.path), env: process.env }, { named: values.server !== undefined });
      runs.push(await testContract({ contract: target.contract, file, text: target.text, server: { name: server.server, type: server.type, index } }, opening, () => new Date()));
    }
  }
  const report = format === 'json' ? renderJson(runs) : format === 'junit' ? renderJunit(runs) : renderText(runs);
  if (values.output) {
    const out = resolve(io.cwd, values.output);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, report);
    if (format !== 'text') io.stdout.write(renderText(runs));
  } else {
    io.stdout.write(report);
  }
  if (!values['no-results'] && runs.length > 0) {
    const resultsPath = resolve(io.cwd, values.results ?? join(root, RESULTS_FILE));
    await mergeResults(resultsPath, runs, (p) => relative(root, resolve(io.cwd, p)).split('\\').join('/'));
  }
  return runs.some((r) => r.summary.failed > 0 || r.summary.errors > 0) ? EXIT.findings : EXIT.ok;
}
