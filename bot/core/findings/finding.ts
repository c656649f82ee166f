/**
 * Findings, the bottom layer of the core: what a problem is, where it sits (a JSON Pointer into the
 * entity, then file:line:column), and how findings are ordered, counted and printed. Everything
 * above (loading, validation, policies, review) reports through these; this layer imports nothing
 * from them.
 */

export type Severity = 'error' | 'warning';

/** One problem, placed as precisely as the loader can: file, 1-based line and column, instance path. */
export interface Finding {
  severity: Severity;
  /** Stable, greppable identifier, e.g. `schema`, `reference.contract`, `yaml.syntax`, `policy:<id>`. */
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  /** JSON Pointer into the entity (`/schema/0/properties/2/logicalType`); empty for the whole file. */
  path: string;
  /** What to do about it. */
  hint?: string;
  /** The id of the policy that raised it, for policy findings. */
  policy?: string;
}

/** A finding before it is placed: the instance path still to be turned into a line and column. */
export interface Issue {
  severity: Severity;
  code: string;
  message: string;
  path: string;
  hint?: string;
  policy?: string;
}

/** Orders findings the way people read them: by file, then line, then column. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number; files: number } {
  let errors = 0;
  let warnings = 0;
  const files = new Set<string>();
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
    files.add(f.file);
  }
  return { errors, warnings, files: files.size };
}

/** `file:line:column: severity code message` — the form editors and CI problem matchers understand. */
export function formatFinding(f: Finding): string {
  const hint = f.hint ? ` (${f.hint})` : '';
  return `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}${hint}`;
}

/** Escapes one JSON Pointer segment. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.length === 0 ? '' : '/' + segments.map(pointerSegment).join('/');
}

export function parsePointer(path: string): string[] {
  if (path === '' || path === '/') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
