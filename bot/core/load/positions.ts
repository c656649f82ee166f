/**
 * Instance path → line and column. Only files that have findings pay for this: the `yaml`
 * package re-parses them with source ranges, once per file, cached per text.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parsePointer } from '../validate/findings.ts';

export interface Position {
  line: number;
  column: number;
}

interface Located {
  contents: Node | null;
  lineCounter: LineCounter;
}

const cache = new Map<string, Located>();
const CACHE_LIMIT = 256;

function located(text: string): Located {
  let entry = cache.get(text);
  if (!entry) {
    const lineCounter = new LineCounter();
    // Aliases are never expanded here: positions come from the node tree, not toJS().
    const doc = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false, prettyErrors: false });
    entry = { contents: doc.contents as Node | null, lineCounter };
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
  const { contents, lineCounter } = located(text);
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
