/**
 * The floor for `meshgate validate`: read every YAML file of the mesh, parse it with js-yaml 4
 * (CORE_SCHEMA) and validate it with the same compiled kind schemas, and nothing else — no
 * positions, references, lineage or policies. What validate costs above this is Meshgate's own.
 *
 *   tsx bench/floor.ts DIR   → prints {"files":…, "invalid":…, "ms":…, "maxRssKB":…}
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { isKind, validatorFor } from '../bot/core/kinds/index.ts';
import { commandLine, usageError } from './args.ts';

function yamlFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(full, out);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

export function floor(root: string): { files: number; invalid: number } {
  let files = 0;
  let invalid = 0;
  for (const file of [...yamlFiles(join(root, 'catalog')), ...yamlFiles(join(root, 'policies'))]) {
    files++;
    const doc = yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA }) as { kind?: unknown } | null;
    const kind = doc?.kind;
    if (!isKind(kind) || !validatorFor(kind)(doc)) invalid++;
  }
  return { files, invalid };
}

function main(): void {
  const usage = 'tsx bench/floor.ts DIR';
  const { positionals } = commandLine(usage, { allowPositionals: true, options: {} });
  if (positionals.length !== 1) usageError(usage, 'one DIR, the generated mesh');
  const root = positionals[0];
  const started = performance.now();
  const result = floor(root);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${JSON.stringify({ ...result, ms, maxRssKB: process.resourceUsage().maxRSS })}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
