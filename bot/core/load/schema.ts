/**
 * Schema validation of one entity: ajv errors turned into issues that say, in words, which field
 * is wrong and what to write instead.
 */
import type { ErrorObject } from '../kinds/ajv.ts';
import { hintFor } from '../kinds/hints.ts';
import { validatorFor } from '../kinds/index.ts';
import type { Kind } from '../model.ts';
import { type Issue, parsePointer, pointerSegment } from '../findings/finding.ts';

/** At most this many schema issues per file: past that, the first ones say enough. */
const MAX_ISSUES_PER_FILE = 25;

/** `/schema/0/properties/2/name` → `schema[0].properties[2].name`. */
export function readablePath(path: string): string {
  let out = '';
  for (const segment of parsePointer(path)) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += (out ? '.' : '') + segment;
  }
  return out || '(document)';
}

const list = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function describe(error: ErrorObject): { path: string; message: string } {
  const at = error.instancePath;
  const where = readablePath(at);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(p.additionalProperty ?? p.unevaluatedProperty);
      const path = `${at}/${pointerSegment(name)}`;
      return { path, message: `unknown field "${name}" in ${where}` };
    }
    case 'required':
      return { path: at, message: `${where} is missing required field "${String(p.missingProperty)}"` };
    case 'enum':
      return { path: at, message: `${where} must be one of ${list((p.allowedValues as unknown[]) ?? [])}` };
    case 'const':
      return { path: at, message: `${where} must be ${JSON.stringify(p.allowedValue)}` };
    case 'type':
      return { path: at, message: `${where} must be of type ${String(p.type)}` };
    case 'format':
      return { path: at, message: `${where} must be a valid ${String(p.format)}` };
    case 'false schema': {
      const segments = parsePointer(at);
      const last = segments[segments.length - 1];
      return last !== undefined && !/^\d+$/.test(last)
        ? { path: at, message: `field "${last}" is not allowed in ${readablePath(at.slice(0, at.lastIndexOf('/')))}` }
        : { path: at, message: `${where} is not allowed here` };
    }
    case 'pattern': {
      const meaning = PATTERN_MEANINGS[String(p.pattern)];
      return { path: at, message: meaning ? `${where} ${meaning.message}` : `${where} must match ${String(p.pattern)}` };
    }
    default:
      return { path: at, message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

/**
 * The patterns the kinds share, said in words: the id every kind's `$defs/Id` takes, and the URLs
 * the catalog may turn into links (`$defs/LinkUrl`, governance's `site.repository`).
 */
const PATTERN_MEANINGS: Record<string, { message: string; hint: string }> = {
  '^[a-z0-9][a-z0-9._-]*$': {
    message: 'must be an id: lower-case letters, digits, ".", "_" and "-", starting with a letter or digit',
    hint: 'ids name the catalog\'s pages and files, so they cannot hold "/", "..", capitals or spaces; write e.g. orders-v1',
  },
  '^(?:[Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)': {
    message: 'is not a URL the catalog links to: only https:, http: and mailto: are',
    hint: 'write e.g. https://chat.example.com/channel or mailto:team@example.com',
  },
  '^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]': {
    message: 'is not a web URL: the catalog links to the repository, so only https: and http: are',
    hint: 'write the repository\'s web address, e.g. https://github.com/acme/mesh',
  },
};

/** What to write instead, for errors the kind's own hints (kinds/hints.ts) say nothing about. */
function genericHint(kind: Kind, error: ErrorObject, apiVersion: unknown): string {
  const version = kind === 'DataContract' && apiVersion === 'v3.2.0' ? '-v3.2' : '';
  const schemaFile = `bot/core/kinds/${kind.replace(/[A-Z]/g, (c, i: number) => (i > 0 ? '-' : '') + c.toLowerCase())}${version}.schema.json`;
  const where = readablePath(error.instancePath);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `add ${String(p.missingProperty)}: to ${where === '(document)' ? 'the document' : where} (see ${schemaFile})`;
    case 'enum':
      return `write one of ${list((p.allowedValues as unknown[]) ?? [])}`;
    case 'const':
      return `write ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `write ${where} as ${String(p.type)} (see ${schemaFile})`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
    case 'false schema':
      return `remove the field or correct its spelling; ${schemaFile} lists the fields ${where} takes`;
    case 'format':
      return `write a valid ${String(p.format)}`;
    case 'pattern':
      return PATTERN_MEANINGS[String(p.pattern)]?.hint ?? `write a value that matches ${String(p.pattern)}`;
    default:
      return `see ${schemaFile} for what ${where} takes`;
  }
}

/** Combinator errors only repeat what their branches said; keep them only when nothing else was said there. */
function isNoise(error: ErrorObject, all: ErrorObject[]): boolean {
  if (error.keyword === 'if') return true;
  if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf' && error.keyword !== 'not') return false;
  return all.some((other) => other !== error && other.keyword !== error.keyword && other.instancePath.startsWith(error.instancePath));
}

/** Validates `doc` against its kind's schema. */
export function schemaIssues(kind: Kind, doc: unknown): Issue[] {
  const apiVersion = (doc as { apiVersion?: unknown } | null)?.apiVersion;
  const validate = validatorFor(kind, apiVersion);
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (isNoise(error, errors)) continue;
    const { path, message } = describe(error);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ severity: 'error', code: 'schema', message, path, hint: hintFor(kind, error, doc) ?? genericHint(kind, error, apiVersion) });
    if (issues.length === MAX_ISSUES_PER_FILE) {
      const rest = errors.length - issues.length;
      if (rest > 0) issues.push({ severity: 'error', code: 'schema', message: `…and up to ${rest} more schema errors in this file`, path: '', hint: 'fix the errors above, then validate again to see the rest' });
      break;
    }
  }
  return issues;
}
