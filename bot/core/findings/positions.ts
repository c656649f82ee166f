/**
 * Instance path → line and column. Only files that have findings pay for this, once per file,
 * cached per text: plain block YAML (every generated file, most hand-written ones) is outlined
 * line by line (outline.ts); anything else is re-parsed with source ranges by the `yaml` package,
 * which is loaded only then (its import alone costs time a mesh without unusual YAML never needs
 * to spend).
 */
import { createRequire } from 'node:module';
import type { LineCounter, Node } from 'yaml';
import { parsePointer } from './finding.ts';
import { outline, type OutlineNode } from './outline.ts';

export interface Position {
  line: number;
  column: number;
}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
/** Synchronous, because findings are placed synchronously; the CommonJS build is what Node resolves anyway. */
const loadYaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);

type Located = { outline: OutlineNode } | { contents: Node | null; lineCounter: LineCounter };

const cache = new Map<string, Located>();
const CACHE_LIMIT = 256;

function located(text: string): Located {
  let entry = cache.get(text);
  if (!entry) {
    const fast = outline(text);
    if (fast) entry = { outline: fast };
    else {
      const { LineCounter, parseDocument } = loadYaml();
      const lineCounter = new LineCounter();
      // Aliases are never expanded here: positions come from the node tree, not toJS().
      const doc = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false, prettyErrors: false });
      entry = { contents: doc.contents as Node | null, lineCounter };
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(text, entry);
  }
  return entry;
}

function start(node: { range?: [number, number, number] | null } | null | undefined, lc: LineCounter): Position | undefined {
  if (!node?.range) return undefined;
  const p = lc.linePos(node.range[0]);
  return { line: p.line, column: p.col };
}

/**
 * Where `instancePath` (a JSON Pointer) sits in `text`. A path that ends at a mapping key points at
 * the key; a path that goes past what exists (a missing property) stops at the deepest node found.
 */
export function locateInText(text: string, instancePath: string): Position {
  const entry = located(text);
  if ('outline' in entry) return locateInOutline(entry.outline, instancePath);
  const { isMap, isScalar, isSeq } = loadYaml();
  const { contents, lineCounter } = entry;
  let node: Node | null = contents;
  let best: Position = start(node, lineCounter) ?? { line: 1, column: 1 };
  for (const segment of parsePointer(instancePath)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === segment);
      if (!pair) break;
      best = start(pair.key as Node, lineCounter) ?? best;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      best = start(item, lineCounter) ?? best;
      node = item;
    } else {
      break;
    }
  }
  return best;
}

/** The same walk over an outline. */
function locateInOutline(root: OutlineNode, instancePath: string): Position {
  let node: OutlineNode | null = root;
  let best: Position = { ...root.start };
  for (const segment of parsePointer(instancePath)) {
    if (node?.kind === 'map') {
      const entry: Extract<OutlineNode, { kind: 'map' }>['entries'][number] | undefined = node.entries.find((e) => e.key === segment);
      if (!entry) break;
      best = { ...entry.at };
      node = entry.value;
    } else if (node?.kind === 'seq') {
      const item: Extract<OutlineNode, { kind: 'seq' }>['items'][number] | undefined = node.items[Number(segment)];
      if (!item) break;
      best = { ...item.at };
      node = item.node;
    } else {
      break;
    }
  }
  return best;
}
