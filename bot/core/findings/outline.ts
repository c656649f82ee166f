/**
 * Where the keys and items of plain block YAML sit, read line by line without a YAML parser: what
 * every finding of a generated or hand-written mesh file needs, at a fraction of the cost of the
 * `yaml` package (its import and its parse; bench/README.md, "Figures measured"). It answers
 * only for the simplest YAML — block mappings and sequences, keys that
 * are plain words, scalars on one line — and gives up (undefined) on anything else: flow
 * collections, block scalars, quoted or multi-line keys and scalars, anchors, aliases, tags,
 * directives, tabs, CR line ends. positions.ts then asks `yaml`, so an answer here is always the
 * one `yaml` would give.
 */

export interface OutlinePosition {
  line: number;
  column: number;
}

/** A block mapping, a block sequence, or a scalar (whose inside no path can enter). */
export type OutlineNode =
  | { kind: 'map'; start: OutlinePosition; entries: { key: string; at: OutlinePosition; value: OutlineNode | null }[] }
  | { kind: 'seq'; start: OutlinePosition; items: { at: OutlinePosition; node: OutlineNode }[] }
  | { kind: 'scalar'; start: OutlinePosition };

/** A plain key that YAML 1.2's core schema reads as this very string (not a number, bool or null). */
const KEY = /^([A-Za-z_$][A-Za-z0-9_$.-]*):(?= |$)/;
const NOT_STRING_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);
/** Scalars that start like something else: flow collections, block scalars, properties, quotes, reserved. */
const COMPLEX_START = /^[[\]{}|>&*!?%@`"',#]|^-(?: |$)|^:(?: |$)/;

class GiveUp extends Error {}

interface Line {
  /** 1-based line number. */
  number: number;
  indent: number;
  text: string;
}

/** The outline of `text`, or undefined when it is not YAML this reader is sure of. */
export function outline(text: string): OutlineNode | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const lines: Line[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
    let indent = 0;
    while (indent < line.length && line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) continue;
    if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) return undefined;
    lines.push({ number: i + 1, indent, text: line });
  }
  if (lines.length === 0) return undefined;
  const reader = new Reader(lines);
  try {
    const first = lines[0];
    if (first.indent !== 0 || !KEY.test(first.text)) return undefined;
    const root = reader.map(0, 0);
    return reader.done() ? root : undefined;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class Reader {
  private next = 0;
  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.next === this.lines.length;
  }

  private peek(): Line | undefined {
    return this.lines[this.next];
  }

  /** A block mapping whose keys start at `column` (0-based); the first key may follow a `- ` at `offset`. */
  map(column: number, offset: number): OutlineNode {
    const entries: { key: string; at: OutlinePosition; value: OutlineNode | null }[] = [];
    let start: OutlinePosition | undefined;
    let from = offset;
    for (let line = this.peek(); line !== undefined; line = this.peek()) {
      if (from === 0 && line.indent !== column) {
        if (line.indent > column) throw new GiveUp();
        break;
      }
      const content = line.text.slice(column);
      if (from === 0 && content.startsWith('-') && (content.length === 1 || content[1] === ' ')) break;
      const match = KEY.exec(content);
      if (!match || NOT_STRING_KEYS.has(match[1])) throw new GiveUp();
      const key = match[1];
      const at = { line: line.number, column: column + 1 };
      start ??= at;
      this.next++;
      from = 0;
      const rest = content.slice(match[0].length).trimStart();
      let value: OutlineNode | null;
      if (rest === '' || rest.startsWith('#')) value = this.block(column);
      else {
        value = { kind: 'scalar', start: { line: line.number, column: column + match[0].length + (content.length - match[0].length - rest.length) + 1 } };
        this.scalar(rest, column);
      }
      entries.push({ key, at, value });
    }
    return { kind: 'map', start: start!, entries };
  }

  /** The value under a key at `column` that has nothing after its colon: nested, a same-column sequence, or null. */
  private block(column: number): OutlineNode | null {
    const line = this.peek();
    if (line === undefined || line.indent < column) return null;
    const content = line.text.slice(line.indent);
    const dash = content.startsWith('-') && (content.length === 1 || content[1] === ' ');
    if (line.indent === column) return dash ? this.seq(column) : null;
    if (dash) return this.seq(line.indent);
    if (!KEY.test(content)) throw new GiveUp();
    return this.map(line.indent, 0);
  }

  /** A block sequence whose dashes sit at `column`. */
  private seq(column: number): OutlineNode {
    const items: { at: OutlinePosition; node: OutlineNode }[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === column; line = this.peek()) {
      const content = line.text.slice(column);
      if (!(content.startsWith('-') && (content.length === 1 || content[1] === ' '))) break;
      let at = 1;
      while (at < content.length && content.charCodeAt(at) === 32) at++;
      const rest = content.slice(at);
      if (rest === '' || rest.startsWith('#')) throw new GiveUp();
      const position = { line: line.number, column: column + at + 1 };
      if (KEY.test(rest)) {
        items.push({ at: position, node: this.map(column + at, column + at) });
        continue;
      }
      this.next++;
      this.scalar(rest, column);
      items.push({ at: position, node: { kind: 'scalar', start: position } });
    }
    return { kind: 'seq', start: items[0].at, items };
  }

  /** A scalar on the rest of a line, owned by a key or dash at `column`; nothing may continue it below. */
  private scalar(rest: string, column: number): void {
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      if (!quotedOnOneLine(rest)) throw new GiveUp();
    } else if (COMPLEX_START.test(rest) || rest.includes(': ') || rest.endsWith(':')) throw new GiveUp();
    const line = this.peek();
    if (line !== undefined && line.indent > column) throw new GiveUp();
  }
}

/**
 * Whether `rest` is one quoted scalar closed on this line, followed by nothing but spaces and a
 * comment: `'…'` (where `''` is a quote) or `"…"` (where a backslash escapes the next character).
 */
function quotedOnOneLine(rest: string): boolean {
  const quote = rest[0];
  let i = 1;
  for (;;) {
    if (i >= rest.length) return false;
    const c = rest[i];
    if (quote === '"' && c === '\\') i += 2;
    else if (c !== quote) i++;
    else if (quote === "'" && rest[i + 1] === "'") i += 2;
    else break;
  }
  const after = rest.slice(i + 1);
  return after.trim() === '' || /^ +#/.test(after);
}
