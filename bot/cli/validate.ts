import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMeshFromDirectory } from '../sources/directory.ts';
import { checkMesh, countFindings, formatFinding } from '../core/index.ts';
import { EXIT, formatOption, type CliIO } from './io.ts';

const HELP = `Usage: meshgate validate [ROOT] [--format text|json] [--no-policies]

Checks the whole mesh under ROOT/catalog and ROOT/policies: YAML, schemas, ids, references,
folders, contract semantics, lineage cycles, and the mesh's own policies.
Exit 0 when there is no error (warnings allowed), 1 when there are errors, 2 on usage errors.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, 'no-policies': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = formatOption(values.format, ['text', 'json']);
  if (positionals.length > 1) {
    io.stderr.write(`meshgate validate: one ROOT at most\n\n${HELP}`);
    return EXIT.usage;
  }
  const root = resolve(io.cwd, positionals[0] ?? '.');
  const snapshot = await loadMeshFromDirectory(root);
  const { findings } = checkMesh(snapshot, { policies: !values['no-policies'] });
  const counts = countFindings(findings);
  const entities = Object.fromEntries(Object.entries(snapshot.byKind).map(([kind, map]) => [kind, map.size]));
  const summary = { ...counts, entities, files: snapshot.texts.size, filesWithFindings: counts.files };
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ findings, summary }, null, 2)}\n`);
  } else {
    for (const f of findings) io.stdout.write(`${formatFinding(f)}\n`);
    const e = entities as Record<string, number>;
    io.stdout.write(
      `${findings.length > 0 ? '\n' : ''}${counts.errors} error${counts.errors === 1 ? '' : 's'}, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'} ` +
        `in ${snapshot.texts.size} files (${e.Domain} domains, ${e.DataProduct} products, ${e.DataContract} contracts, ${e.AccessGrant} access grants, ${e.Policy} policies)\n`,
    );
  }
  return counts.errors > 0 ? EXIT.findings : EXIT.ok;
}
