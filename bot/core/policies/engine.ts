/**
 * The policy engine: each `Policy` of one snapshot (the policy source — in a review, always the
 * base) applied to the entities of another (the target). A policy is JSON Schema: `when` picks the
 * entities it applies to, `require` is what they must satisfy, both evaluated against the entity's
 * view (see view.ts). Broken policies are findings at the policy file, never exceptions: a
 * governance group's typo must not take the review down, and must not pass silently either.
 */
import { createAjv, type AjvInstance, type ErrorObject, type ValidateFunction } from '../kinds/ajv.ts';
import { UnsupportedPatternError } from '../kinds/regexp.ts';
import { kindsAjv } from '../kinds/index.ts';
import { locate } from '../findings/place.ts';
import type { Entity, Finding, Kind, MeshSnapshot } from '../model.ts';
import { parsePointer, pointer } from '../findings/finding.ts';
import { buildView, referencingPath, type EntityView } from './view.ts';
import { isRecord, stableJson } from '../shapes.ts';

export { buildView, referencingPath, type EntityView } from './view.ts';

export interface PolicyResult {
  kind: Kind;
  id: string;
  file: string;
  domain?: string;
  status: 'pass' | 'fail';
  findings: Finding[];
}

export interface PolicyEvaluation {
  policy: Entity<'Policy'>;
  /** Only entities of `appliesTo` that match `when`, in path order. */
  results: PolicyResult[];
}

export interface PolicyReport {
  findings: Finding[];
  evaluations: PolicyEvaluation[];
}

export interface EvaluateOptions {
  /** "Today" for `$validDays`; defaults to now. */
  now?: Date;
  /** Evaluate only entities loaded from these files (the review's changed files); all when absent. */
  files?: ReadonlySet<string>;
  /**
   * Only the findings are wanted (`meshgate validate`): `evaluations` stays empty, and an entity
   * that passes costs no result object. The findings are the same, in the same order.
   */
  findingsOnly?: boolean;
  /** Findings kept per policy and entity (default 10); the impact preview of a policy change keeps them all. */
  findingsPerEntity?: number;
}

/** Kinds a policy may apply to: the mesh's content, not its governance. */
export const POLICY_TARGET_KINDS: readonly Kind[] = ['Domain', 'DataProduct', 'DataContract', 'AccessGrant'];

/** At most this many findings per policy and entity: one broken field should not bury the rest. */
const MAX_FINDINGS_PER_ENTITY = 10;

type Compiled =
  | { validate: ValidateFunction; problem?: undefined }
  | { validate?: undefined; problem: { message: string; path: string; /** RE2 refused a `pattern`. */ pattern?: boolean } };

/** Compiled validators by schema content, shared by every call (review, site, bench). */
const compiled = new Map<string, Compiled>();
const COMPILED_LIMIT = 2_000;

/** The first `$ref` that leaves the policy (remote or relative to a file), with its path. */
function externalRef(schema: unknown, path: string[] = []): { ref: string; path: string } | undefined {
  if (Array.isArray(schema)) {
    for (let i = 0; i < schema.length; i++) {
      const found = externalRef(schema[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (!isRecord(schema)) return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if ((key === '$ref' || key === '$recursiveRef' || key === '$dynamicRef') && typeof value === 'string' && !value.startsWith('#')) {
      return { ref: value, path: pointer(...path, key) };
    }
    const found = externalRef(value, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Whether `schema` holds an `$id` key anywhere (its own `$id` is dropped before this is asked). */
function hasId(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(hasId);
  if (!isRecord(schema)) return false;
  for (const key in schema) if (key === '$id' || hasId(schema[key])) return true;
  return false;
}

/**
 * Where `pattern` sits in a schema: a `pattern` keyword with that value, or a `patternProperties`
 * key. ajv names the pattern it could not compile, not its place.
 */
function patternPath(schema: unknown, pattern: string, path: string[] = []): string | undefined {
  if (Array.isArray(schema)) {
    for (let i = 0; i < schema.length; i++) {
      const found = patternPath(schema[i], pattern, [...path, String(i)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(schema)) return undefined;
  if (schema.pattern === pattern) return pointer(...path, 'pattern');
  if (isRecord(schema.patternProperties) && Object.hasOwn(schema.patternProperties, pattern)) return pointer(...path, 'patternProperties', pattern);
  for (const [key, value] of Object.entries(schema)) {
    const found = patternPath(value, pattern, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

let isolated: AjvInstance | undefined;

/**
 * The kinds' ajv (created with the same options), whose 2019-09 meta-schema is compiled already
 * once files are loaded: a second ajv compiled it again on every run. A schema that names
 * an `$id` inside it would register that id in the ajv for good (and could collide with a kind's
 * schema), so such a policy compiles in an ajv of its own, as every policy once did.
 */
function ajvFor(schema: unknown): AjvInstance {
  if (!hasId(schema)) return kindsAjv();
  return (isolated ??= createAjv());
}

/**
 * ajv's "schema is invalid: data/properties/a must be object,boolean, data/…" as one problem at the
 * first place it names (repeats dropped), so the finding sits at that line instead of the file's top.
 */
function invalidSchema(message: string): { message: string; path: string } {
  const match = /^schema is invalid: (.*)$/s.exec(message);
  if (!match) return { message: `not a valid JSON Schema: ${message}`, path: '' };
  const errors = [...new Set(match[1].split(/, (?=data[/ ])/))];
  const first = /^data(\/\S*)? (.*)$/.exec(errors[0]);
  const path = first?.[1] ?? '';
  const here = errors.filter((e) => e.startsWith(`data${path} `)).map((e) => e.slice(`data${path} `.length));
  const where = path === '' ? '' : ` at ${path.slice(1).replace(/\//g, '.')}`;
  return { message: `not a valid JSON Schema${where}: ${here.length > 0 ? here.join('; ') : match[1]}`, path };
}

/** Compiles one `when` or `require` schema, once per distinct content. */
function compileSchema(schema: unknown): Compiled {
  const key = stableJson(schema);
  const cached = compiled.get(key);
  if (cached) return cached;
  let result: Compiled;
  const external = externalRef(schema);
  if (external) {
    result = { problem: { message: `$ref "${external.ref}" points outside the policy; policies may only reference their own definitions (#/...)`, path: external.path } };
  } else {
    // `$id` and `$schema` are dropped: two versions of a policy (base and head) may share an `$id`
    // in one process, and every policy is read as JSON Schema 2019-09 whatever it declares.
    const copy = isRecord(schema) ? { ...schema } : schema;
    if (isRecord(copy)) {
      delete copy.$id;
      delete copy.$schema;
    }
    try {
      result = { validate: ajvFor(copy).compile(copy as object) };
    } catch (error) {
      result =
        error instanceof UnsupportedPatternError
          ? { problem: { message: error.message, path: patternPath(schema, error.pattern) ?? '', pattern: true } }
          : { problem: invalidSchema((error as Error).message) };
    }
  }
  if (compiled.size >= COMPILED_LIMIT) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, result);
  return result;
}

export interface CompiledPolicy {
  policy: Entity<'Policy'>;
  appliesTo: Kind;
  when?: ValidateFunction;
  require?: ValidateFunction;
}

/** A policy ready to run, or the findings that say why it cannot run. */
export function compilePolicy(policySource: MeshSnapshot, policy: Entity<'Policy'>): { compiled?: CompiledPolicy; findings: Finding[] } {
  const doc: Record<string, unknown> = isRecord(policy.doc) ? policy.doc : {}; // valid or not
  const findings: Finding[] = [];
  const problem = (path: string, message: string, hint: string) =>
    findings.push({ severity: 'error', code: 'policy.invalid', message: `policy "${policy.id}" cannot be evaluated: ${message}`, file: policy.file, ...locate(policySource, policy.file, path), path, hint, policy: policy.id });
  const appliesTo = doc.appliesTo;
  if (typeof appliesTo !== 'string' || !POLICY_TARGET_KINDS.includes(appliesTo as Kind)) {
    problem('/appliesTo', `appliesTo ${JSON.stringify(appliesTo)} is not a kind policies apply to`, `use one of ${POLICY_TARGET_KINDS.join(', ')}`);
  }
  const validators: { when?: ValidateFunction; require?: ValidateFunction } = {};
  for (const key of ['when', 'require'] as const) {
    if (doc[key] === undefined) continue;
    if (typeof doc[key] !== 'boolean' && !isRecord(doc[key])) {
      problem(`/${key}`, `${key} must be a JSON Schema (a mapping or a boolean)`, `write ${key} as a JSON Schema mapping, e.g. { required: [description] }`);
      continue;
    }
    const result = compileSchema(doc[key]);
    if (result.problem) {
      const hint = result.problem.pattern
        ? 'Meshgate matches patterns with RE2, in time linear in the input, so lookahead, lookbehind and backreferences are not available: rewrite the pattern without them'
        : 'fix the JSON Schema; see the policy format in the README';
      problem(`/${key}${result.problem.path}`, `${key}: ${result.problem.message}`, hint);
    }
    else validators[key] = result.validate;
  }
  if (findings.length > 0) return { findings };
  return { compiled: { policy, appliesTo: appliesTo as Kind, ...validators }, findings };
}

function errorPath(error: ErrorObject): string {
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') return `${error.instancePath}${pointer(error.params.missingProperty)}`;
  if (error.keyword === 'dependentRequired' && typeof error.params.missingProperty === 'string') return `${error.instancePath}${pointer(error.params.missingProperty)}`;
  return error.instancePath;
}

/**
 * A readable name for an instance path of the view: `validUntil`,
 * `$contract.schema[orders].properties[customer_email]`. List items are named by their `name`
 * (`role`, `property`, `id`; entities by `id`) when they have one, by their index otherwise.
 */
export function describePath(path: string, view?: unknown): string {
  let out = '';
  let node: unknown = view;
  for (const segment of parsePointer(path)) {
    const next = Array.isArray(node) ? node[Number(segment)] : isRecord(node) ? node[segment] : undefined;
    if (/^\d+$/.test(segment)) {
      // Entities (`$contracts` items) are known by id; schema objects, properties, roles by name.
      const candidates = isRecord(next) ? (typeof next.kind === 'string' ? [next.id] : [next.name, next.role, next.property, next.id]) : [];
      const label = candidates.find((v) => typeof v === 'string');
      out += `[${label ?? segment}]`;
    } else out += out === '' ? segment : `.${segment}`;
    node = next;
  }
  return out;
}

function describeError(error: ErrorObject, view: EntityView): string {
  if (error.instancePath === '/$validDays' && typeof view.$validDays === 'number' && /^(maximum|minimum|exclusiveMaximum|exclusiveMinimum)$/.test(error.keyword)) {
    const days = view.$validDays;
    const limit = error.params.limit as number;
    const when = days < 0 ? `ended ${-days} days ago` : `is ${days} days from today`;
    return `\`validUntil\` ${when}; ${error.keyword.endsWith('aximum') ? 'at most' : 'at least'} ${limit}${error.keyword.startsWith('exclusive') ? ' (exclusive)' : ''} days are allowed`;
  }
  if (error.instancePath === '' && error.keyword === 'required' && error.params.missingProperty === '$idName') {
    const prefix = typeof view.$expectedIdPrefix === 'string' ? view.$expectedIdPrefix : '<domain>-';
    const suffix = typeof view.$expectedIdSuffix === 'string' ? view.$expectedIdSuffix : '-v<major>';
    return `\`id\` ${JSON.stringify(view.id)} does not read ${prefix}<name>${suffix} (domain ${JSON.stringify(view.domain)}, version ${JSON.stringify(view.version)})`;
  }
  if (error.instancePath === '/$idName' && typeof view.$idName === 'string') {
    return `the name ${JSON.stringify(view.$idName)} in \`id\` ${JSON.stringify(view.id)} (between ${view.$expectedIdPrefix} and ${view.$expectedIdSuffix}) ${error.message ?? 'does not match'}`;
  }
  const where = describePath(error.instancePath, view);
  const subject = where === '' ? 'the entity' : `\`${where}\``;
  switch (error.keyword) {
    case 'required':
      return `${subject} is missing \`${error.params.missingProperty}\``;
    case 'const':
      return `${subject} must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'enum':
      return `${subject} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'false schema':
      return `${subject} is not allowed`;
    case 'not':
      return `${subject} matches what the policy forbids`;
    case 'contains':
      return `${subject} has no item that matches`;
    default:
      return `${subject} ${error.message ?? 'does not match'}`;
  }
}

/**
 * ajv's errors, minus the ones that only restate another: `if` ("must match then schema") is
 * always accompanied by the failing `then` error.
 */
function meaningfulErrors(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'if');
  const seen = new Set<string>();
  return (kept.length > 0 ? kept : errors).filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${e.message}|${stableJson(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where in the entity's own file a view path sits: `$`-keys point at the field that references them. */
function entityPath(target: MeshSnapshot, entity: Entity, viewPath: string): string {
  const segments = parsePointer(viewPath);
  if (segments.length === 0 || !segments[0].startsWith('$')) return viewPath;
  const index = segments[0] === '$contracts' && /^\d+$/.test(segments[1] ?? '') ? Number(segments[1]) : undefined;
  return referencingPath(target, entity, segments[0], index);
}

/** Whether the entity passes the policy or the policy does not apply to it (no finding either way). */
function passes(policy: CompiledPolicy, view: EntityView): boolean {
  return (policy.when !== undefined && !policy.when(view)) || policy.require === undefined || policy.require(view);
}

/** Runs one compiled policy over one entity: undefined when `when` does not match. */
export function evaluateEntity(
  target: MeshSnapshot,
  policy: CompiledPolicy,
  entity: Entity,
  view: EntityView = buildView(target, entity),
  maxFindings = MAX_FINDINGS_PER_ENTITY,
): PolicyResult | undefined {
  if (policy.when && !policy.when(view)) return undefined;
  const result: PolicyResult = { kind: entity.kind, id: entity.id, file: entity.file, domain: entity.domain, status: 'pass', findings: [] };
  if (!policy.require || policy.require(view)) return result;
  result.status = 'fail';
  const doc = policy.policy.doc;
  for (const error of meaningfulErrors(policy.require.errors ?? []).slice(0, maxFindings)) {
    const viewPath = errorPath(error);
    const path = entityPath(target, entity, viewPath);
    result.findings.push({
      severity: doc.severity === 'warning' ? 'warning' : 'error',
      code: `policy:${policy.policy.id}`,
      message: `${doc.title}: ${describeError(error, view)}`,
      file: entity.file,
      ...locate(target, entity.file, path),
      path,
      hint: typeof doc.rationale === 'string' ? doc.rationale : undefined,
      policy: policy.policy.id,
    });
  }
  if (result.findings.length === 0) {
    // A schema can fail without an error object (e.g. a `false` subschema under `not`): still say so.
    result.findings.push({
      severity: doc.severity === 'warning' ? 'warning' : 'error', code: `policy:${policy.policy.id}`, message: `${doc.title}: not satisfied`,
      // An invalid policy's rationale is passed on unchecked here, as it always was.
      file: entity.file, line: 1, column: 1, path: '', hint: doc.rationale as string | undefined, policy: policy.policy.id,
    });
  }
  return result;
}

/**
 * Applies the policies of `policySource` to the entities of `target`. The catalog evaluates a mesh
 * against itself; the review evaluates the head against the base's policies.
 */
export function evaluatePolicies(policySource: MeshSnapshot, target: MeshSnapshot, options: EvaluateOptions = {}): PolicyReport {
  const report: PolicyReport = { findings: [], evaluations: [] };
  const policies: CompiledPolicy[] = [];
  for (const policy of policySource.byKind.Policy.values()) {
    const { compiled: c, findings } = compilePolicy(policySource, policy);
    report.findings.push(...findings);
    if (c) policies.push(c);
  }
  if (policies.length === 0) return report;
  // Entity by entity, every policy of its kind against one view, so that each view (a copy of the
  // document's top level plus its references) is garbage by the next entity instead of living,
  // one per entity of the mesh, until the last policy has run. Results and findings come out in
  // the same order as policy by policy.
  const evaluations = policies.map((policy): PolicyEvaluation => ({ policy: policy.policy, results: [] }));
  for (const kind of POLICY_TARGET_KINDS) {
    const applicable = policies.flatMap((policy, i) => (policy.appliesTo === kind ? [i] : []));
    if (applicable.length === 0) continue;
    for (const entity of target.byKind[kind].values()) {
      if (options.files && !options.files.has(entity.file)) continue;
      const view = buildView(target, entity as Entity, { now: options.now });
      for (const i of applicable) {
        if (options.findingsOnly && passes(policies[i], view)) continue;
        const result = evaluateEntity(target, policies[i], entity as Entity, view, options.findingsPerEntity);
        if (result) evaluations[i].results.push(result);
      }
    }
  }
  for (const evaluation of evaluations) {
    for (const result of evaluation.results) report.findings.push(...result.findings);
    if (options.findingsOnly) continue;
    evaluation.results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    report.evaluations.push(evaluation);
  }
  return report;
}
