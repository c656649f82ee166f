/**
 * The core's layering, held by construction: a file of bot/core touches no disk, no threads, no
 * child processes and no environment, imports no adapter, and imports no layer above its own.
 *
 *   findings, shapes  <  kinds  <  model, relations, locations, classification, principals  <  load  <  validate  <  policies  <  review  <  the rest
 *
 * "The rest" is every other folder or file of the core (requests/, scaffold.ts, check.ts, index.ts,
 * and areas added later): they may use every layer, and no layer may use them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const CORE = join(REPO, 'bot/core');

const LAYERS: [RegExp, number][] = [
  [/^findings\//, 0],
  [/^shapes\.ts$/, 0],
  [/^kinds\//, 1],
  [/^(model|relations|locations|classification|principals)\.ts$/, 2],
  [/^load\//, 3],
  [/^validate\//, 4],
  [/^policies\//, 5],
  [/^review\//, 6],
];
const TOP = 7;

function layerOf(corePath: string): number {
  for (const [pattern, layer] of LAYERS) if (pattern.test(corePath)) return layer;
  return TOP;
}

const FORBIDDEN_MODULES = /^(node:)?(fs|fs\/promises|worker_threads|child_process|net|http|https)$/;

/** Import specifiers of a module's text: static imports and re-exports, dynamic imports, require. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/\brequire\)?\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

/** Code without comments, so a comment may mention what the code must not do. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** What is wrong with one core file (path relative to bot/core), given its text. */
export function layeringProblems(corePath: string, text: string): string[] {
  const problems: string[] = [];
  const code = withoutComments(text);
  const own = layerOf(corePath);
  if (/\bprocess\s*\.\s*env\b/.test(code)) problems.push(`${corePath} reads process.env`);
  for (const spec of specifiers(code)) {
    if (FORBIDDEN_MODULES.test(spec)) {
      problems.push(`${corePath} imports ${spec}`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = relative(CORE, resolve(CORE, dirname(corePath), spec)).split('\\').join('/');
    if (target.startsWith('..')) {
      problems.push(`${corePath} imports ${spec}, outside the core (an adapter or a test)`);
      continue;
    }
    const layer = layerOf(target);
    if (layer > own) problems.push(`${corePath} (layer ${own}) imports ${target} (layer ${layer}), a layer above it`);
  }
  return problems;
}

function coreFiles(dir = CORE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return coreFiles(full);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [relative(CORE, full).split('\\').join('/')] : [];
  });
}

describe('the layering check', () => {
  it('flags a core file that reads the disk', () => {
    expect(layeringProblems('load/mesh.ts', "import { readFileSync } from 'node:fs';\n")).toEqual(['load/mesh.ts imports node:fs']);
  });

  it('flags a core file that starts threads', () => {
    expect(layeringProblems('load/mesh.ts', "import { Worker } from 'node:worker_threads';\n")).toEqual(['load/mesh.ts imports node:worker_threads']);
  });

  it('flags a core file that reads the environment', () => {
    expect(layeringProblems('review/review.ts', 'const workers = process.env.MESHGATE_LOAD_WORKERS;\n')).toEqual(['review/review.ts reads process.env']);
  });

  it('flags a core file that imports an adapter', () => {
    expect(layeringProblems('review/review.ts', "import { readDirectory } from '../../sources/directory.ts';\n")).toHaveLength(1);
  });

  it('flags an import from a layer above', () => {
    expect(layeringProblems('load/mesh.ts', "import { validateMesh } from '../validate/mesh.ts';\n")).toEqual([
      'load/mesh.ts (layer 3) imports validate/mesh.ts (layer 4), a layer above it',
    ]);
  });

  it('flags a dynamic import from a layer above', () => {
    expect(layeringProblems('findings/place.ts', "const m = await import('../load/mesh.ts');\n")).toHaveLength(1);
  });

  it('allows imports downward and within a layer, and comments about what is forbidden', () => {
    const text = "// never process.env here\nimport type { Finding } from '../findings/finding.ts';\nimport { parseYaml } from './parse.ts';\n";
    expect(layeringProblems('load/mesh.ts', text)).toEqual([]);
  });
});

describe('bot/core', () => {
  it('holds its layering: no disk, threads, environment, adapters or upward imports', () => {
    const problems = coreFiles().flatMap((path) => layeringProblems(path, readFileSync(join(CORE, path), 'utf8')));
    expect(problems).toEqual([]);
  });
});
