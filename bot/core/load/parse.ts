/**
 * Text to document, one file at a time, reporting instead of throwing. js-yaml 4 with the CORE
 * schema parses 7–10× faster than `yaml` and keeps unquoted dates (`2022-10-03`) as strings, as
 * ODCS examples need; positions are recovered lazily with `yaml` only for files with findings.
 */
import jsYaml from 'js-yaml';
import type { Severity } from '../findings/finding.ts';

/** Files larger than this are not parsed: no mesh entity is anywhere near it. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Nesting deeper than this is not an entity; it would only exhaust the stack of later stages. */
export const MAX_DEPTH = 64;
/** Upper bound on nodes after alias expansion, relative to the text: alias bombs stop here. */
const MAX_EXPANSION_FACTOR = 10;
const MIN_EXPANSION_BUDGET = 100_000;

export interface ParseProblem {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
  hint?: string;
}

export type ParseResult =
  | { ok: true; text: string; doc: unknown }
  | { ok: false; text?: string; problem: ParseProblem };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Short plain scalars, one string per distinct value. A mesh repeats the same few hundred short
 * words (`string`, `internal`, `varchar(36)`, `completeness`, …): most strings of the documents
 * are 12 characters or fewer, with few distinct values, and while a snapshot keeps the documents
 * the garbage collector copies every one of them twice on its way to the old generation; one copy
 * per value leaves it less to copy (bench/README.md, "Figures measured"). Longer strings are
 * slices of their file's text in V8: sharing one would keep that text alive, and copying them
 * first (measured) cost more than it saved.
 */
const SHARED_MAX_LENGTH = 12;
/**
 * A direct-mapped table rather than a Map: it is asked for every plain scalar, keys included (~3
 * million times at 5,000 products), and a probe of a few characters costs less than hashing the
 * whole string; a collision only means one string less shared.
 */
const SHARED_SLOTS = 8192;
const sharedSlots: (string | undefined)[] = new Array<string | undefined>(SHARED_SLOTS).fill(undefined);
const sharedString = new jsYaml.Type('tag:yaml.org,2002:str', {
  kind: 'scalar',
  // After null, bool, int and float: what reaches it is a plain string scalar.
  resolve: (data: unknown) => typeof data === 'string',
  construct: (data: string) => {
    const n = data.length;
    if (n === 0 || n > SHARED_MAX_LENGTH) return data;
    const slot = (n * 31 + data.charCodeAt(0) * 7 + data.charCodeAt(n >> 1) * 17 + data.charCodeAt(n - 1) * 131) & (SHARED_SLOTS - 1);
    const known = sharedSlots[slot];
    if (known === data) return known;
    sharedSlots[slot] = data;
    return data;
  },
});
/** CORE_SCHEMA, whose plain string scalars are shared: the documents are equal to CORE_SCHEMA's. */
const SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [sharedString] });

function problem(code: string, message: string, line = 1, column = 1, hint?: string): ParseResult {
  return { ok: false, problem: { severity: 'error', code, message, line, column, hint } };
}

/** Line and column (1-based) of a byte offset in raw bytes, for encoding errors. */
function byteOffsetPosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Small linear scan; only run after the decoder refused the bytes.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return 0;
}

/** Bytes to text: refuses binary content and invalid UTF-8 with the position of the first bad byte. */
export function decode(content: Uint8Array | string): { ok: true; text: string } | { ok: false; result: ParseResult } {
  if (typeof content === 'string') {
    if (content.includes('\u0000')) return { ok: false, result: problem('file.binary', 'file contains NUL bytes: it is binary, not YAML', 1, 1, 'remove it, or give it another extension') };
    return { ok: true, text: content.charCodeAt(0) === 0xfeff ? content.slice(1) : content };
  }
  if (content.includes(0)) {
    const at = byteOffsetPosition(content, content.indexOf(0));
    return { ok: false, result: problem('file.binary', 'file contains NUL bytes: it is binary, not YAML', at.line, at.column, 'remove it, or give it another extension') };
  }
  try {
    return { ok: true, text: decoder.decode(content) };
  } catch {
    const at = byteOffsetPosition(content, firstInvalidUtf8(content));
    return {
      ok: false,
      result: problem('file.encoding', 'file is not valid UTF-8', at.line, at.column, 're-save the file as UTF-8'),
    };
  }
}

const hintForYamlReason = (reason: string, text: string): string => {
  if (/tab/i.test(reason) || text.includes('\t')) return 'YAML indents with spaces; replace tab characters with spaces';
  if (/duplicated mapping key/.test(reason)) return 'each key may appear once per mapping; remove or rename one';
  if (/bad indentation/.test(reason)) return 'align the key with its siblings';
  return 'check the brackets, quotes and indentation around this line; every [ { and quote must be closed';
};

/**
 * Walks the parsed document once, iteratively, to bound nesting depth and the size it would
 * have once aliases are expanded (js-yaml shares aliased objects, but every later stage — ajv,
 * JSON output — walks the expansion). Also finds keys that could reach Object.prototype.
 */
function inspect(doc: unknown, budget: number): ParseProblem | undefined {
  if (doc === null || typeof doc !== 'object') return undefined;
  const sizes = new Map<object, number>();
  const onPath = new Set<object>();
  type Frame = { node: object; children: unknown[]; index: number; depth: number; size: number };
  const childrenOf = (node: object): unknown[] => (Array.isArray(node) ? node : Object.values(node));
  const stack: Frame[] = [{ node: doc, children: childrenOf(doc), index: 0, depth: 1, size: 1 }];
  onPath.add(doc);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.depth > MAX_DEPTH) {
      return { severity: 'error', code: 'yaml.too-deep', message: `nesting deeper than ${MAX_DEPTH} levels`, line: 1, column: 1, hint: 'flatten the document; no mesh entity needs this depth' };
    }
    if (!Array.isArray(frame.node) && frame.index === 0) {
      for (const key of Object.keys(frame.node)) {
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
          return { severity: 'error', code: 'yaml.forbidden-key', message: `key "${key}" is not allowed`, line: 1, column: 1, hint: 'rename the key; it is reserved by JavaScript' };
        }
      }
    }
    if (frame.index < frame.children.length) {
      const child = frame.children[frame.index++];
      if (child === null || typeof child !== 'object') {
        frame.size += 1;
        continue;
      }
      if (onPath.has(child)) {
        return { severity: 'error', code: 'yaml.recursive-alias', message: 'an alias refers to a node that contains it', line: 1, column: 1, hint: 'remove the recursive alias' };
      }
      const known = sizes.get(child);
      if (known !== undefined) {
        frame.size += known;
      } else {
        onPath.add(child);
        stack.push({ node: child, children: childrenOf(child), index: 0, depth: frame.depth + 1, size: 1 });
      }
    } else {
      stack.pop();
      onPath.delete(frame.node);
      sizes.set(frame.node, frame.size);
      if (stack.length > 0) stack[stack.length - 1].size += frame.size;
    }
    const total = stack.reduce((n, f) => n + f.size, 0);
    if (total > budget) {
      return { severity: 'error', code: 'yaml.alias-bomb', message: `aliases expand this file beyond ${budget} nodes`, line: 1, column: 1, hint: 'write the repeated content out, or use fewer nested aliases' };
    }
  }
  return undefined;
}

/** Parses one YAML file into a single document. Never throws. */
export function parseYaml(content: Uint8Array | string): ParseResult {
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (size > MAX_FILE_BYTES) {
    return problem('file.too-large', `file is ${(size / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB`, 1, 1, 'split it, or move data out of the mesh repository');
  }
  const decoded = decode(content);
  if (!decoded.ok) return decoded.result;
  const { text } = decoded;
  if (!/\S/.test(text) || /^(\s*#[^\n]*\n?|\s*\n)*\s*(---\s*)?(\.\.\.\s*)?$/.test(text)) {
    return { ok: false, text, problem: { severity: 'error', code: 'entity.empty', message: 'file is empty', line: 1, column: 1, hint: 'add an entity with apiVersion, kind and id, or delete the file' } };
  }
  let docs: unknown[];
  try {
    docs = jsYaml.loadAll(text, undefined, { schema: SCHEMA, json: false, maxDepth: MAX_DEPTH } as jsYaml.LoadOptions);
  } catch (error) {
    if (error instanceof jsYaml.YAMLException) {
      const mark = error.mark ?? { line: 0, column: 0 };
      const reason = error.reason || error.message;
      if (/maxDepth/.test(reason)) {
        return { ok: false, text, problem: { severity: 'error', code: 'yaml.too-deep', message: `nesting too deep: ${reason}`, line: mark.line + 1, column: mark.column + 1, hint: 'flatten the document; no mesh entity needs this depth' } };
      }
      const code = /duplicated mapping key/.test(reason) ? 'yaml.duplicate-key' : 'yaml.syntax';
      return { ok: false, text, problem: { severity: 'error', code, message: `invalid YAML: ${reason}`, line: mark.line + 1, column: mark.column + 1, hint: hintForYamlReason(reason, text) } };
    }
    if (error instanceof RangeError) {
      return { ok: false, text, problem: { severity: 'error', code: 'yaml.too-deep', message: 'nesting too deep to parse', line: 1, column: 1, hint: 'flatten the document' } };
    }
    return { ok: false, text, problem: { severity: 'error', code: 'yaml.syntax', message: `invalid YAML: ${(error as Error).message}`, line: 1, column: 1 } };
  }
  if (docs.length > 1) {
    const second = text.search(/^---/m) >= 0 ? nthDocumentLine(text) : 1;
    return { ok: false, text, problem: { severity: 'error', code: 'yaml.multiple-documents', message: `file holds ${docs.length} YAML documents; Meshgate reads one entity per file`, line: second, column: 1, hint: 'move each document into a file of its own' } };
  }
  const doc = docs[0];
  // The walk is only needed where it can find something: aliases need an anchor (`&name`), and
  // the reserved keys must appear in the text. Depth is bounded by js-yaml's maxDepth already.
  const suspicious = hasAnchor(text) || text.includes('__proto__') || text.includes('constructor') || text.includes('prototype');
  const bad = suspicious ? inspect(doc, Math.max(MIN_EXPANSION_BUDGET, text.length * MAX_EXPANSION_FACTOR)) : undefined;
  if (bad) return { ok: false, text, problem: bad };
  return { ok: true, text, doc };
}

/**
 * Whether `text` holds what `/&[^\s&]/` matches: an `&` followed by a character that is neither
 * whitespace nor `&`. Searched with indexOf because the regular expression walked every file
 * character by character (most of this check's cost), while `&` itself is
 * rare in a mesh.
 */
function hasAnchor(text: string): boolean {
  for (let at = text.indexOf('&'); at >= 0 && at < text.length - 1; at = text.indexOf('&', at + 1)) {
    if (NOT_SPACE_OR_AMPERSAND.test(text[at + 1])) return true;
  }
  return false;
}
const NOT_SPACE_OR_AMPERSAND = /[^\s&]/;

/** Line of the `---` that starts the second document. */
function nthDocumentLine(text: string): number {
  const lines = text.split('\n');
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^---(\s|$)/.test(line)) {
      if (seenContent) return i + 1;
      continue;
    }
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) seenContent = true;
  }
  return 1;
}
