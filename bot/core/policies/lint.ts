/**
 * Policies say when they are wrong. ajv ignores what it does not know, so a governance member's
 * `requierd` or `minItem`, a `required` left under `properties`, or a `$contracts` in a grant's
 * view would make a policy that compiles, runs and silently checks nothing. This module reads a
 * policy's `when` and `require` as its author wrote them and reports, at the line:
 *
 * - `policy.unknown-keyword` (error): a key where a JSON Schema keyword belongs that is none, with
 *   "did you mean …" when one keyword is close;
 * - `policy.misplaced-keyword` (error): a keyword where it cannot act — under `properties` (where
 *   keys are field names), or for a type the data there never has (`required` on an array);
 * - `policy.unknown-view-key` (error): a `$`-key the entity view of `appliesTo` does not have;
 * - `policy.never-applies` (warning): `when` that no valid entity can match, or an `appliesTo`
 *   kind the mesh has no entity of.
 *
 * What the data looks like comes from the kinds' own JSON Schemas, so a `const` that a field's
 * `enum` never allows (`consumer-alligned`) is caught without a mesh to try it on.
 */
import { locate, placeIssue } from '../findings/place.ts';
import { parseYaml } from '../load/parse.ts';
import { lintFile, type LintResult } from '../validate/lint.ts';
import { pointer, sortFindings, type Issue } from '../findings/finding.ts';
import type { Entity, Finding, Kind, MeshSnapshot } from '../model.ts';
import { isRecord } from '../shapes.ts';
import { KIND_INFO } from '../kinds/index.ts';
import { VIEW_KEYS } from './view.ts';

/** JSON Schema 2019-09's keywords, and the ones ajv and ajv-formats add. */
const KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$anchor', '$recursiveRef', '$recursiveAnchor', '$defs', '$comment', '$vocabulary', 'definitions',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'dependencies',
  'items', 'additionalItems', 'unevaluatedItems', 'contains', 'properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties', 'propertyNames',
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties', 'minProperties', 'required', 'dependentRequired',
  'format', 'formatMaximum', 'formatMinimum', 'formatExclusiveMaximum', 'formatExclusiveMinimum',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples', 'contentEncoding', 'contentMediaType', 'contentSchema', 'nullable',
]);

/** Keywords that act on one type of value only, by that type. */
const TYPE_OF_KEYWORD: Record<string, 'object' | 'array' | 'string' | 'number'> = {
  required: 'object', properties: 'object', patternProperties: 'object', additionalProperties: 'object', unevaluatedProperties: 'object',
  minProperties: 'object', maxProperties: 'object', dependentRequired: 'object', dependentSchemas: 'object', propertyNames: 'object',
  items: 'array', additionalItems: 'array', unevaluatedItems: 'array', contains: 'array', minItems: 'array', maxItems: 'array',
  uniqueItems: 'array', minContains: 'array', maxContains: 'array',
  minLength: 'string', maxLength: 'string', pattern: 'string',
  minimum: 'number', maximum: 'number', exclusiveMinimum: 'number', exclusiveMaximum: 'number', multipleOf: 'number',
};

const TYPE_NOUN: Record<string, string> = { object: 'objects (mappings)', array: 'arrays (lists)', string: 'strings', number: 'numbers' };

/** What the data at one place of a view looks like, as far as the kinds' schemas say. */
interface Shape {
  /** JSON types the value can have; undefined when unknown. */
  types?: string[];
  /** The only values it can take (`enum`/`const`), when the schema lists them. */
  values?: unknown[];
  /** Properties that a valid value always has. */
  required: ReadonlySet<string>;
  property(name: string): Shape | undefined;
  items(): Shape | undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a value of JSON type `actual` is of schema type `declared` (an integer is a number). */
function typeCovers(declared: string, actual: string): boolean {
  return declared === actual || (declared === 'number' && actual === 'integer') || (declared === 'integer' && actual === 'number');
}

function typesOf(schema: Record<string, unknown>): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type) && schema.type.every((t) => typeof t === 'string')) return schema.type as string[];
  return undefined;
}

/** The shape a kind's JSON Schema gives a value: `$ref`s inside the schema followed, `allOf` merged. */
function schemaShape(node: unknown, root: Record<string, unknown>, depth = 0): Shape | undefined {
  if (!isRecord(node) || depth > 20) return undefined;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/$defs/')) {
    const defs = root.$defs;
    return schemaShape(isRecord(defs) ? defs[node.$ref.slice('#/$defs/'.length)] : undefined, root, depth + 1);
  }
  const parts = [node, ...(Array.isArray(node.allOf) ? node.allOf.filter(isRecord) : [])];
  const required = new Set<string>();
  for (const part of parts) if (Array.isArray(part.required)) for (const r of part.required) if (typeof r === 'string') required.add(r);
  const values = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  const types = typesOf(node) ?? (values ? [...new Set(values.map(jsonType))] : undefined);
  return {
    types,
    values,
    required,
    property(name) {
      for (const part of parts) {
        if (isRecord(part.properties) && Object.hasOwn(part.properties, name)) return schemaShape(part.properties[name], root, depth + 1);
      }
      return undefined;
    },
    items() {
      return isRecord(node.items) ? schemaShape(node.items, root, depth + 1) : undefined;
    },
  };
}

function kindShape(kind: Kind): Shape | undefined {
  const schema = KIND_INFO[kind].schema as Record<string, unknown>;
  return schemaShape(schema, schema);
}

function objectShape(properties: Record<string, Shape | undefined>, required: Iterable<string>): Shape {
  return { types: ['object'], required: new Set(required), property: (name) => properties[name], items: () => undefined };
}

const scalar = (type: string): Shape => ({ types: [type], required: new Set(), property: () => undefined, items: () => undefined });

/** The shape of a view of `kind`: the kind's schema plus its `$`-keys. */
function viewShape(kind: keyof typeof VIEW_KEYS): Shape | undefined {
  const own = kindShape(kind);
  if (!own) return undefined;
  const extra: Record<string, Shape | undefined> = {
    $domain: kindShape('Domain'),
    $product: kindShape('DataProduct'),
    $contract: kindShape('DataContract'),
    $contracts: { types: ['array'], required: new Set(), property: () => undefined, items: () => kindShape('DataContract') },
    $consumer: objectShape({ team: scalar('string'), domain: kindShape('Domain'), dataProduct: kindShape('DataProduct') }, ['team']),
    $validDays: scalar('integer'),
    $expectedIdPrefix: scalar('string'),
    $expectedIdSuffix: scalar('string'),
    $idName: scalar('string'),
  };
  const keys = VIEW_KEYS[kind];
  const always = Object.keys(keys).filter((k) => keys[k].always);
  return {
    types: ['object'],
    required: new Set([...own.required, ...always]),
    property: (name) => (name.startsWith('$') ? (Object.hasOwn(keys, name) ? extra[name] : undefined) : own.property(name)),
    items: () => undefined,
  };
}

/** Optimal string alignment distance: edits, with a swap of two neighbours counting as one. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The one candidate close to `word` (a typo's distance), if exactly one is closest. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance, tie] = [candidate, d, false];
    else if (d === bestDistance) tie = true;
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

interface Problem {
  severity: 'error' | 'warning';
  code: string;
  path: string[];
  message: string;
  hint: string;
}

const SUBSCHEMA_SAME_PLACE = ['not', 'if', 'then', 'else'];
const SUBSCHEMA_LISTS_SAME_PLACE = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_ITEMS = ['contains', 'additionalItems', 'unevaluatedItems'];
const SUBSCHEMA_ELSEWHERE = ['additionalProperties', 'unevaluatedProperties', 'propertyNames', 'contentSchema'];
const SUBSCHEMA_MAPS_ELSEWHERE = ['patternProperties', '$defs', 'definitions'];

/** Reads one `when` or `require` schema for keys that cannot mean what their author meant. */
class SchemaReader {
  readonly problems: Problem[] = [];
  constructor(private readonly kind: keyof typeof VIEW_KEYS) {}

  read(schema: unknown, path: string[], shape: Shape | undefined, atView: boolean): void {
    if (!isRecord(schema)) return;
    const declared = typesOf(schema);
    for (const [key, value] of Object.entries(schema)) {
      const at = [...path, key];
      if (!KEYWORDS.has(key)) {
        this.unknownKeyword(key, value, at, atView);
        continue;
      }
      const applies = TYPE_OF_KEYWORD[key];
      // `required: true` is reported as the draft-3 habit it is, not also as an object keyword out of place.
      if (applies && !(key === 'required' && typeof value === 'boolean')) this.checkPlace(key, applies, declared, shape, at);
      if (key === 'required') this.readRequired(value, at, atView);
    }
    for (const key of SUBSCHEMA_SAME_PLACE) if (key in schema) this.read(schema[key], [...path, key], shape, atView);
    for (const key of SUBSCHEMA_LISTS_SAME_PLACE) {
      const list = schema[key];
      if (Array.isArray(list)) list.forEach((sub, i) => this.read(sub, [...path, key, String(i)], shape, atView));
    }
    if (isRecord(schema.dependentSchemas)) for (const [k, sub] of Object.entries(schema.dependentSchemas)) this.read(sub, [...path, 'dependentSchemas', k], shape, atView);
    if (Array.isArray(schema.items)) schema.items.forEach((sub, i) => this.read(sub, [...path, 'items', String(i)], shape?.items(), false));
    else if ('items' in schema) this.read(schema.items, [...path, 'items'], shape?.items(), false);
    for (const key of SUBSCHEMA_ITEMS) if (key in schema) this.read(schema[key], [...path, key], shape?.items(), false);
    for (const key of SUBSCHEMA_ELSEWHERE) if (key in schema) this.read(schema[key], [...path, key], undefined, false);
    for (const key of SUBSCHEMA_MAPS_ELSEWHERE) {
      if (isRecord(schema[key])) for (const [k, sub] of Object.entries(schema[key])) this.read(sub, [...path, key, k], undefined, false);
    }
    if (isRecord(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        const at = [...path, 'properties', name];
        if (typeof sub !== 'boolean' && !isRecord(sub) && KEYWORDS.has(name)) {
          this.problems.push({
            severity: 'error', code: 'policy.misplaced-keyword', path: at,
            message: `\`${name}\` sits under \`properties\`, where every key names a field, so it is read as a field called "${name}"`,
            hint: `move \`${name}\` up one level, beside \`properties\``,
          });
          continue;
        }
        if (atView && name.startsWith('$')) this.checkViewKey(name, at);
        this.read(sub, at, shape?.property(name), false);
      }
    }
  }

  private unknownKeyword(key: string, value: unknown, at: string[], atView: boolean): void {
    const suggestion = closest(key, KEYWORDS);
    const looksLikeField = isRecord(value) || typeof value === 'boolean';
    let hint: string;
    if (suggestion) hint = `did you mean \`${suggestion}\`?`;
    else if (key.startsWith('$') && atView) hint = `\`${key}\` would be a key of the view: put it under \`properties:\``;
    else if (looksLikeField) hint = `to constrain the field "${key}", put it under \`properties:\``;
    else hint = 'use a JSON Schema 2019-09 keyword (required, properties, items, minItems, pattern, enum, const, …)';
    this.problems.push({
      severity: 'error', code: 'policy.unknown-keyword', path: at,
      message: `\`${key}\` is not a JSON Schema keyword, so the policy ignores it`,
      hint,
    });
  }

  private checkPlace(key: string, applies: string, declared: string[] | undefined, shape: Shape | undefined, at: string[]): void {
    const types = declared ?? shape?.types;
    if (!types || types.some((t) => typeCovers(t, applies))) return;
    const where = declared ? `this schema says \`type: ${declared.join(', ')}\`` : `the data here is ${types.map((t) => TYPE_NOUN[t] ?? `${t}s`).join(' or ')}`;
    let hint = applies === 'object' && types.includes('array') ? `did you mean to put \`${key}\` under \`items\`, so that it applies to each item?` : `move \`${key}\` to a schema for ${TYPE_NOUN[applies]}`;
    if (applies === 'array' && !declared && types.includes('object')) hint = `put \`${key}\` under \`properties\`, at the list it is about`;
    this.problems.push({
      severity: 'error', code: 'policy.misplaced-keyword', path: at,
      message: `\`${key}\` only applies to ${TYPE_NOUN[applies]}, but ${where}, so it never checks anything`,
      hint,
    });
  }

  private readRequired(value: unknown, at: string[], atView: boolean): void {
    if (typeof value === 'boolean') {
      this.problems.push({
        severity: 'error', code: 'policy.misplaced-keyword', path: at,
        message: '`required: true|false` on a field is not JSON Schema 2019-09: `required` lists field names on the object that holds them',
        hint: 'remove it here and list the field in `required: [...]` one level up, beside `properties`',
      });
      return;
    }
    if (!atView || !Array.isArray(value)) return;
    value.forEach((name, i) => {
      if (typeof name === 'string' && name.startsWith('$')) this.checkViewKey(name, [...at, String(i)]);
    });
  }

  private checkViewKey(name: string, at: string[]): void {
    const keys = Object.keys(VIEW_KEYS[this.kind]);
    if (keys.includes(name)) return;
    const suggestion = closest(name, keys);
    this.problems.push({
      severity: 'error', code: 'policy.unknown-view-key', path: at,
      message: `the view of ${this.kind === 'AccessGrant' ? 'an' : 'a'} ${this.kind} has no \`${name}\`, so this never sees any data`,
      hint: suggestion ? `did you mean \`${suggestion}\`?` : keys.length > 0 ? `a ${this.kind}'s view has ${keys.map((k) => `\`${k}\``).join(', ')}` : `a ${this.kind}'s view has no \`$\`-keys; use its own fields`,
    });
  }
}

interface Never {
  path: string[];
  reason: string;
}

const BOUNDS: [string, string][] = [['minimum', 'maximum'], ['minLength', 'maxLength'], ['minItems', 'maxItems'], ['minProperties', 'maxProperties']];

/**
 * Why no valid value can match `schema` at a place of shape `shape`, or undefined when some may.
 * Only what can be shown for certain: a wrong guess here would call a working policy dead.
 */
function neverMatches(schema: unknown, path: string[], shape: Shape | undefined, label: string): Never | undefined {
  if (schema === false) return { path, reason: '`false` matches nothing' };
  if (!isRecord(schema)) return undefined;
  if (Array.isArray(schema.enum) && schema.enum.length === 0) return { path: [...path, 'enum'], reason: '`enum: []` lists no value' };
  if (schema.not === true || (isRecord(schema.not) && Object.keys(schema.not).length === 0)) return { path: [...path, 'not'], reason: '`not` of a schema that matches everything matches nothing' };
  const declared = typesOf(schema);
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  const show = (vs: unknown[]) => vs.map((v) => JSON.stringify(v)).join(', ');
  const valuesAt = [...path, 'const' in schema ? 'const' : 'enum'];
  if (values && declared && !values.some((v) => declared.some((t) => typeCovers(t, jsonType(v))))) {
    return { path: valuesAt, reason: `${show(values)} is not of \`type: ${declared.join(', ')}\`` };
  }
  if ('const' in schema && Array.isArray(schema.enum) && !schema.enum.some((v) => JSON.stringify(v) === JSON.stringify(schema.const))) {
    return { path: [...path, 'const'], reason: `\`const\` ${JSON.stringify(schema.const)} is not in its \`enum\`` };
  }
  if (values && shape?.values && !values.some((v) => shape.values!.some((s) => JSON.stringify(s) === JSON.stringify(v)))) {
    return { path: valuesAt, reason: `\`${label}\` is always one of ${show(shape.values)}, never ${show(values)}` };
  }
  if (values && shape?.types && !values.some((v) => shape.types!.some((t) => typeCovers(t, jsonType(v))))) {
    return { path: valuesAt, reason: `\`${label}\` is ${shape.types.join(' or ')}, never ${show(values)}` };
  }
  if (declared && shape?.types && !declared.some((d) => shape.types!.some((t) => typeCovers(d, t)))) {
    return { path: [...path, 'type'], reason: `\`${label}\` is ${shape.types.join(' or ')}, never ${declared.join(' or ')}` };
  }
  for (const [min, max] of BOUNDS) {
    if (typeof schema[min] === 'number' && typeof schema[max] === 'number' && (schema[min] as number) > (schema[max] as number)) {
      return { path: [...path, min], reason: `\`${min}: ${schema[min]}\` is above \`${max}: ${schema[max]}\`` };
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (let i = 0; i < schema.allOf.length; i++) {
      const never = neverMatches(schema.allOf[i], [...path, 'allOf', String(i)], shape, label);
      if (never) return never;
    }
  }
  for (const key of ['anyOf', 'oneOf']) {
    const list = schema[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    const all = list.map((sub, i) => neverMatches(sub, [...path, key, String(i)], shape, label));
    if (all.every((n) => n !== undefined)) return { path: [...path, key], reason: `no branch of \`${key}\` can match (${all.map((n) => n!.reason).join('; ')})` };
  }
  if ('contains' in schema) {
    const never = neverMatches(schema.contains, [...path, 'contains'], shape?.items(), `${label}[]`);
    if (never) return never;
  }
  if (isRecord(schema.properties)) {
    const required = new Set([...(shape?.required ?? []), ...(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [])]);
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (!required.has(name)) continue;
      const never = neverMatches(sub, [...path, 'properties', name], shape?.property(name), label === '' ? name : `${label}.${name}`);
      if (never) return never;
    }
  }
  return undefined;
}

/**
 * Everything wrong with one policy document's `when` and `require`, without a mesh: what
 * `meshgate lint` says of a policy file on its own. Paths are JSON Pointers into the document.
 */
export function policyIssues(doc: unknown): Issue[] {
  if (!isRecord(doc)) return [];
  const kind = doc.appliesTo;
  if (typeof kind !== 'string' || !Object.hasOwn(VIEW_KEYS, kind)) return []; // compilePolicy and the schema report it
  const appliesTo = kind as keyof typeof VIEW_KEYS;
  const id = typeof doc.id === 'string' ? doc.id : '?';
  const reader = new SchemaReader(appliesTo);
  const shape = viewShape(appliesTo);
  for (const key of ['when', 'require'] as const) if (key in doc) reader.read(doc[key], [key], shape, true);
  const problems = [...reader.problems];
  if ('when' in doc) {
    const never = neverMatches(doc.when, ['when'], shape, '');
    if (never) {
      problems.push({
        severity: 'warning', code: 'policy.never-applies', path: never.path,
        message: `policy "${id}" never applies: its \`when\` can match no ${appliesTo}, because ${never.reason}`,
        hint: 'fix `when` so that the entities it is meant for match it, or remove the policy',
      });
    }
  }
  return problems.map((p) => ({
    severity: p.severity,
    code: p.code,
    message: p.code === 'policy.never-applies' ? p.message : `policy "${id}": ${p.message}`,
    path: pointer(...p.path),
    hint: p.hint,
    policy: id,
  }));
}

/** Everything wrong with one policy's `when` and `require`, and whether it can apply at all in `mesh`. */
export function lintPolicy(mesh: MeshSnapshot, policy: Entity<'Policy'>): Finding[] {
  const issues = policyIssues(policy.doc);
  const appliesTo: unknown = policy.doc.appliesTo; // valid or not
  if (typeof appliesTo === 'string' && Object.hasOwn(VIEW_KEYS, appliesTo) && mesh.byKind[appliesTo as Kind].size === 0) {
    issues.push({
      severity: 'warning', code: 'policy.never-applies', path: '/appliesTo',
      message: `policy "${policy.id}" applies to ${appliesTo}, and the mesh has none, so it checks nothing`,
      hint: `check that appliesTo names the kind you meant (${Object.keys(VIEW_KEYS).join(', ')})`,
      policy: policy.id,
    });
  }
  return issues.map((issue) => ({ ...issue, file: policy.file, ...locate(mesh, policy.file, issue.path), policy: policy.id }));
}

/** `lintPolicy` for every policy of `mesh`, against that mesh. */
export function lintPolicies(mesh: MeshSnapshot): Finding[] {
  return [...mesh.byKind.Policy.values()].flatMap((policy) => lintPolicy(mesh, policy));
}

/** `meshgate lint` of one file: `lintFile`, and for a policy what `policyIssues` finds in it. */
export function lintFileAndPolicy(file: string, content: Uint8Array | string): LintResult {
  const result = lintFile(file, content);
  if (result.kind !== 'Policy') return result;
  const parsed = parseYaml(content);
  if (!parsed.ok) return result;
  const findings = sortFindings([...result.findings, ...policyIssues(parsed.doc).map((issue) => placeIssue(file, parsed.text, issue))]);
  return { ...result, findings, valid: findings.every((f) => f.severity !== 'error') };
}
