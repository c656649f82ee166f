import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMeshFromDirectory } from '../sources/directory.ts';
import { checkMesh, countFindings } from '../core/index.ts';
import { EXIT, type CliIO } from './io.ts';

const HELP = `Usage: meshgate export [ROOT]

Prints the whole catalog as one JSON document: every entity by kind (with its file), the lineage
edges between data products, and the findings of validation and policies.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const snapshot = await loadMeshFromDirectory(resolve(io.cwd, positionals[0] ?? '.'));
  const { findings } = checkMesh(snapshot);
  const kinds = Object.fromEntries(
    Object.entries(snapshot.byKind).map(([kind, map]) => [kind, [...map.values()].map((e) => ({ file: e.file, domain: e.domain, ...(e.doc as object) }))]),
  );
  const out = {
    meshgate: 'v1',
    ...kinds,
    lineage: snapshot.relations.lineage().map((e) => ({ from: e.upstream.id, to: e.product.id, contractId: e.contractId })),
    findings,
    summary: countFindings(findings),
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return EXIT.ok;
}
