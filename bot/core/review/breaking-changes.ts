/**
 * Breaking changes between two versions of one ODCS v3 data contract.
 *
 * A contract is the producer's promise to its consumers. A change breaks them when data or queries
 * that worked under the base contract may stop working under the head one: a property disappears,
 * its type changes, a guarantee they relied on is weakened, or a constraint is tightened so that
 * values they have (or produce from it) no longer fit. Each breaking change carries its reason
 * and where it is, so the review can point at the line and name the consumers it hits.
 *
 * Matching is by ODCS stable `id` when both sides have one, else by `name`; a property that
 * disappears while one with the same id (or, without ids, the same definition) appears under
 * another name is reported once, as a rename.
 */
import type { DataContract, DataQuality, Role, SchemaObject, SchemaProperty, Server, ServiceLevelAgreementProperty } from '../kinds/data-contract.ts';
import type { Entity, Finding, LooseDocument, MeshSnapshot } from '../model.ts';
import { pointer } from '../findings/finding.ts';
import type { AffectedGrant, BreakingChange } from './types.ts';
import { asArray, isRecord, stableJson } from '../shapes.ts';

/** One difference that may break consumers, before it is placed in a file and tied to grants. */
export interface ContractDelta {
  /** Instance path in the head contract, or in the base contract when `side` is `base` (removals). */
  path: string;
  side: 'base' | 'head';
  reason: string;
  severity: 'error' | 'warning';
  /** For removals: where in the head the element used to sit (its parent list), to annotate. */
  headPath?: string;
  /** For a removed role: grants under that role are the ones it hits. */
  role?: string;
}

export type Locate = (file: string, path: string) => { line: number; column: number };

export interface BreakingChangeOptions {
  /** Grants to check against (normally the base mesh's: those are the granted ones). */
  grants?: Iterable<Entity<'AccessGrant'>>;
  /** Products, to resolve a grant's output port to its contract. */
  products?: Map<string, Entity<'DataProduct'>>;
  /** Today, for deciding which grants are still active; defaults to the current date. */
  now?: Date;
  /** Places an instance path; without it every change sits at line 1. */
  locate?: Locate;
}

// --------------------------------------------------------------------------------------------
// Comparison of the documents
// --------------------------------------------------------------------------------------------

/**
 * Every difference between two contract documents that may break a consumer, with its reason.
 * Either may have failed the schema: every shape is checked before it is read.
 */
export function compareContracts(base: DataContract | LooseDocument, head: DataContract | LooseDocument): ContractDelta[] {
  const out: ContractDelta[] = [];
  compareStatus(base.status, head.status, out);
  compareSchemaObjects(asArray(base.schema), asArray(head.schema), out);
  compareSla(asArray(base.slaProperties), asArray(head.slaProperties), out);
  compareRoles(asArray(base.roles), asArray(head.roles), out);
  compareServers(asArray(base.servers), asArray(head.servers), out);
  return out;
}

/** Lifecycle states that take data away from consumers: retiring breaks them, deprecating warns them. */
function compareStatus(b: unknown, h: unknown, out: ContractDelta[]): void {
  if (typeof b !== 'string' || typeof h !== 'string' || b.toLowerCase() === h.toLowerCase()) return;
  const to = h.toLowerCase();
  if (to === 'retired') out.push({ side: 'head', path: '/status', severity: 'error', reason: `status changed from ${b} to retired: consumers lose the data` });
  else if (to === 'deprecated') out.push({ side: 'head', path: '/status', severity: 'warning', reason: `status changed from ${b} to deprecated: consumers should plan to move` });
}

interface Named {
  id?: string;
  name?: string;
}

interface Pairing<T> {
  pairs: { base: T; baseIndex: number; head: T; headIndex: number; renamed: boolean }[];
  removed: { base: T; baseIndex: number }[];
  added: { head: T; headIndex: number }[];
}

/**
 * Pairs elements by stable id, then by name; then pairs one leftover with one leftover when their
 * definitions are the same apart from the name (a rename without ids).
 */
function pairElements<T extends Named>(base: T[], head: T[]): Pairing<T> {
  const result: Pairing<T> = { pairs: [], removed: [], added: [] };
  const headTaken = new Set<number>();
  const baseLeft: number[] = [];
  const headById = new Map<string, number>();
  const headByName = new Map<string, number>();
  head.forEach((h, i) => {
    if (!isRecord(h)) return;
    if (typeof h.id === 'string' && !headById.has(h.id)) headById.set(h.id, i);
    if (typeof h.name === 'string' && !headByName.has(h.name)) headByName.set(h.name, i);
  });
  base.forEach((b, i) => {
    if (!isRecord(b)) return;
    let j: number | undefined;
    if (typeof b.id === 'string' && headById.has(b.id)) j = headById.get(b.id);
    else if (typeof b.name === 'string' && headByName.has(b.name)) {
      const candidate = headByName.get(b.name)!;
      // A same-named element with a different stable id is another element, not this one.
      const h = head[candidate];
      if (!(typeof b.id === 'string' && typeof h.id === 'string' && h.id !== b.id)) j = candidate;
    }
    if (j !== undefined && !headTaken.has(j)) {
      headTaken.add(j);
      result.pairs.push({ base: b, baseIndex: i, head: head[j], headIndex: j, renamed: head[j].name !== b.name });
    } else baseLeft.push(i);
  });
  const headLeft = head.map((_, i) => i).filter((i) => !headTaken.has(i) && isRecord(head[i]));
  for (const i of baseLeft) {
    const sameShape = headLeft.filter((j) => sameApartFromName(base[i], head[j]));
    if (sameShape.length === 1) {
      const j = sameShape[0];
      headLeft.splice(headLeft.indexOf(j), 1);
      result.pairs.push({ base: base[i], baseIndex: i, head: head[j], headIndex: j, renamed: true });
    } else result.removed.push({ base: base[i], baseIndex: i });
  }
  for (const j of headLeft) result.added.push({ head: head[j], headIndex: j });
  return result;
}

function sameApartFromName(a: Named, b: Named): boolean {
  const rest = (x: Named) => {
    const { name: _n, id: _i, physicalName: _p, description: _d, ...others } = x as Record<string, unknown>;
    return others;
  };
  // A bare `{ name }` says too little to be recognised under another name.
  return Object.keys(rest(a)).length > 0 && stableJson(rest(a)) === stableJson(rest(b));
}

function compareSchemaObjects(base: SchemaObject[], head: SchemaObject[], out: ContractDelta[]): void {
  const pairing = pairElements(base, head);
  for (const r of pairing.removed) {
    out.push({ side: 'base', path: pointer('schema', r.baseIndex), headPath: '/schema', severity: 'error', reason: `schema object \`${r.base.name}\` removed: consumers reading it lose it` });
  }
  for (const p of pairing.pairs) {
    const at = (...rest: (string | number)[]) => pointer('schema', p.headIndex, ...rest);
    const label = p.head.name;
    if (p.renamed) {
      out.push({ side: 'head', path: at('name'), severity: 'error', reason: `schema object \`${p.base.name}\` renamed to \`${p.head.name}\`: consumers addressing it by its old name break` });
    }
    if (changedString(p.base.physicalName, p.head.physicalName)) {
      out.push({ side: 'head', path: at('physicalName'), severity: 'error', reason: `physicalName of \`${label}\` changed from \`${p.base.physicalName}\` to \`${p.head.physicalName}\`: queries against the old name break` });
    }
    if (changedString(p.base.physicalType, p.head.physicalType, normalizeType)) {
      out.push({ side: 'head', path: at('physicalType'), severity: 'error', reason: `physicalType of \`${label}\` changed from \`${p.base.physicalType}\` to \`${p.head.physicalType}\`` });
    }
    compareQuality(asArray(p.base.quality), asArray(p.head.quality), label, (...rest) => at('quality', ...rest), out);
    compareProperties(asArray(p.base.properties), asArray(p.head.properties), label, (...rest) => at('properties', ...rest), out, (i) => pointer('schema', p.baseIndex, 'properties', i));
  }
}

type At = (...rest: (string | number)[]) => string;

function compareProperties(
  base: SchemaProperty[],
  head: SchemaProperty[],
  parent: string,
  at: At,
  out: ContractDelta[],
  baseAt: (index: number) => string,
): void {
  const pairing = pairElements(base, head);
  for (const r of pairing.removed) {
    out.push({ side: 'base', path: baseAt(r.baseIndex), headPath: at(), severity: 'error', reason: `property \`${parent}.${r.base.name}\` removed: consumers reading it break` });
  }
  for (const a of pairing.added) {
    if (a.head.required === true) {
      out.push({
        side: 'head',
        path: at(a.headIndex),
        severity: 'warning',
        reason: `required property \`${parent}.${a.head.name}\` added: consumers that write this dataset or validate it against a closed schema must now supply it`,
      });
    }
  }
  for (const p of pairing.pairs) {
    const name = `${parent}.${p.head.name}`;
    const here: At = (...rest) => at(p.headIndex, ...rest);
    if (p.renamed) {
      out.push({ side: 'head', path: here('name'), severity: 'error', reason: `property \`${parent}.${p.base.name}\` renamed to \`${name}\`: consumers reading the old name break` });
    }
    compareProperty(p.base, p.head, name, here, out, (...rest) => baseAt(p.baseIndex) + pointer(...rest));
  }
}

function compareProperty(b: SchemaProperty, h: SchemaProperty, name: string, at: At, out: ContractDelta[], baseAt: At): void {
  const push = (path: string, severity: 'error' | 'warning', reason: string) => out.push({ side: 'head', path, severity, reason });
  if (changedString(b.logicalType, h.logicalType)) {
    push(at('logicalType'), 'error', `logicalType of \`${name}\` changed from ${b.logicalType} to ${h.logicalType}`);
  }
  if (changedString(b.physicalType, h.physicalType, normalizeType)) {
    push(at('physicalType'), 'error', `physicalType of \`${name}\` changed from ${b.physicalType} to ${h.physicalType}`);
  }
  if (changedString(b.physicalName, h.physicalName)) {
    push(at('physicalName'), 'error', `physicalName of \`${name}\` changed from \`${b.physicalName}\` to \`${h.physicalName}\`: queries against the old column break`);
  }
  if (b.required !== true && h.required === true) {
    push(at('required'), 'error', `\`${name}\` is now required (was optional): existing rows with nulls and producers that omit it no longer conform`);
  } else if (b.required === true && h.required !== true) {
    push(at(), 'warning', `\`${name}\` is no longer required: consumers that assumed non-null values may break`);
  }
  if (b.unique !== true && h.unique === true) {
    push(at('unique'), 'error', `\`${name}\` is now unique: existing duplicate values no longer conform`);
  }
  if (b.primaryKey !== true && h.primaryKey === true) {
    push(at('primaryKey'), 'error', `\`${name}\` is now part of the primary key: existing rows may no longer conform and joins change grain`);
  }
  compareBounds(isRecord(b.logicalTypeOptions) ? b.logicalTypeOptions : {}, isRecord(h.logicalTypeOptions) ? h.logicalTypeOptions : {}, name, (...rest) => at('logicalTypeOptions', ...rest), h.logicalTypeOptions ? undefined : at(), out);
  compareClassification(b.classification, h.classification, name, h.classification === undefined ? at() : at('classification'), out);
  compareEnumInQuality(asArray(b.quality), asArray(h.quality), name, at, out);
  compareEnum(b.enum, h.enum, name, at, out);
  compareSemanticType(b.semanticType, h.semanticType, name, at, out);
  if (isRecord(b.map) && isRecord(h.map)) {
    for (const side of ['key', 'value'] as const) {
      if (!isRecord(b.map[side]) || !isRecord(h.map[side])) continue;
      compareProperty(b.map[side] as unknown as SchemaProperty, h.map[side] as unknown as SchemaProperty, `${name}{${side}}`, (...rest) => at('map', side, ...rest), out, (...rest) => baseAt('map', side, ...rest));
    }
  }
  compareQuality(asArray(b.quality), asArray(h.quality), name, (...rest) => at('quality', ...rest), out);
  compareProperties(asArray(b.properties), asArray(h.properties), name, (...rest) => at('properties', ...rest), out, (i) => baseAt('properties', i));
  if (isRecord(b.items) && isRecord(h.items)) {
    compareProperty(b.items as SchemaProperty, h.items as SchemaProperty, `${name}[]`, (...rest) => at('items', ...rest), out, (...rest) => baseAt('items', ...rest));
  } else if (isRecord(b.items) && !isRecord(h.items) && h.logicalType === 'array') {
    push(at(), 'warning', `item definition of \`${name}\` removed: consumers can no longer rely on the element type`);
  }
}

/** ODCS v3.2.0 `enum`: a value taken away breaks consumers that match on it; a new enum restricts values that were free. */
function compareEnum(b: SchemaProperty['enum'], h: SchemaProperty['enum'], name: string, at: At, out: ContractDelta[]): void {
  if (!Array.isArray(h)) return;
  const values = (list: NonNullable<SchemaProperty['enum']>) => list.filter(isRecord).map((v) => v.value);
  if (!Array.isArray(b)) {
    out.push({ side: 'head', path: at('enum'), severity: 'error', reason: `\`${name}\` gained an enum (${values(h).map(show).join(', ')}): other values no longer conform` });
    return;
  }
  compareValueSets(values(b), values(h), name, at('enum'), out);
}

/**
 * ODCS v3.2.0 `semanticType` (absent means column): a measure is an aggregate defined by its
 * transformLogic, not a value stored per row, so turning a column into a measure (or back) breaks
 * the queries that read it. Column and dimension both read as a value per row.
 */
function compareSemanticType(b: SchemaProperty['semanticType'], h: SchemaProperty['semanticType'], name: string, at: At, out: ContractDelta[]): void {
  const from = b ?? 'column';
  const to = h ?? 'column';
  if (from === to || (from !== 'measure' && to !== 'measure')) return;
  const reason =
    to === 'measure'
      ? `\`${name}\` turned from a ${from} into a measure: it is now an aggregate, and queries reading it as a value per row break`
      : `\`${name}\` turned from a measure into a ${to}: queries using it as an aggregate break`;
  out.push({ side: 'head', path: h === undefined ? at() : at('semanticType'), severity: 'error', reason });
}

/** Lower bounds that tighten when they grow, upper bounds that tighten when they shrink. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
/** Constraints whose change can only be judged as "different"; any new or changed value is tighter. */
const EXACT_CONSTRAINTS = ['pattern', 'format', 'multipleOf'] as const;

function compareBounds(b: Record<string, unknown>, h: Record<string, unknown>, name: string, at: At, wholeAt: string | undefined, out: ContractDelta[]): void {
  const place = (key: string) => (key in h ? at(key) : wholeAt ?? at());
  for (const key of LOWER_BOUNDS) {
    if (h[key] === undefined) continue;
    const cmp = compareBound(b[key], h[key]);
    if (b[key] === undefined) out.push({ side: 'head', path: place(key), severity: 'error', reason: `\`${name}\` gained ${key} ${show(h[key])}: smaller values no longer conform` });
    else if (cmp !== undefined && cmp < 0) out.push({ side: 'head', path: place(key), severity: 'error', reason: `${key} of \`${name}\` raised from ${show(b[key])} to ${show(h[key])}: values in between no longer conform` });
    else if (cmp === undefined && stableJson(b[key]) !== stableJson(h[key])) out.push({ side: 'head', path: place(key), severity: 'error', reason: `${key} of \`${name}\` changed from ${show(b[key])} to ${show(h[key])} (not comparable, treated as tightened)` });
  }
  for (const key of UPPER_BOUNDS) {
    if (h[key] === undefined) continue;
    const cmp = compareBound(b[key], h[key]);
    if (b[key] === undefined) out.push({ side: 'head', path: place(key), severity: 'error', reason: `\`${name}\` gained ${key} ${show(h[key])}: larger values no longer conform` });
    else if (cmp !== undefined && cmp > 0) out.push({ side: 'head', path: place(key), severity: 'error', reason: `${key} of \`${name}\` lowered from ${show(b[key])} to ${show(h[key])}: values in between no longer conform` });
    else if (cmp === undefined && stableJson(b[key]) !== stableJson(h[key])) out.push({ side: 'head', path: place(key), severity: 'error', reason: `${key} of \`${name}\` changed from ${show(b[key])} to ${show(h[key])} (not comparable, treated as tightened)` });
  }
  for (const key of EXACT_CONSTRAINTS) {
    if (h[key] === undefined || stableJson(b[key]) === stableJson(h[key])) continue;
    const what = b[key] === undefined ? `gained ${key} ${show(h[key])}` : `${key} changed from ${show(b[key])} to ${show(h[key])}`;
    out.push({ side: 'head', path: place(key), severity: 'error', reason: `\`${name}\` ${what}: values valid before may no longer conform` });
  }
  if (b.uniqueItems !== true && h.uniqueItems === true) {
    out.push({ side: 'head', path: place('uniqueItems'), severity: 'error', reason: `\`${name}\` now requires unique items: arrays with repeats no longer conform` });
  }
  // `enum` is not an ODCS v3 logicalTypeOption, but tools write it there; honour it when present.
  compareValueSets(b.enum, h.enum, name, place('enum'), out);
}

function compareValueSets(b: unknown, h: unknown, name: string, path: string, out: ContractDelta[]): void {
  if (!Array.isArray(b)) return;
  if (!Array.isArray(h)) return;
  const kept = new Set(h.map((v) => stableJson(v)));
  const removed = b.filter((v) => !kept.has(stableJson(v)));
  if (removed.length > 0) {
    out.push({ side: 'head', path, severity: 'error', reason: `allowed values of \`${name}\` no longer include ${removed.map(show).join(', ')}: consumers matching on them break` });
  }
}

/** ODCS v3.0 `validValues` rules and v3.1 `invalidValues` library rules with `arguments.validValues`. */
function validValuesOf(rule: DataQuality): unknown[] | undefined {
  if (!isRecord(rule)) return undefined;
  if (Array.isArray(rule.validValues)) return rule.validValues;
  const args = rule.arguments;
  if (isRecord(args) && Array.isArray((args as Record<string, unknown>).validValues)) return (args as Record<string, unknown>).validValues as unknown[];
  return undefined;
}

function compareEnumInQuality(b: DataQuality[], h: DataQuality[], name: string, at: At, out: ContractDelta[]): void {
  const baseSets = b.map(validValuesOf).filter((v): v is unknown[] => v !== undefined);
  if (baseSets.length === 0) return;
  const headIndex = h.findIndex((q) => validValuesOf(q) !== undefined);
  if (headIndex < 0) return; // the rule's removal is reported as a removed quality rule
  compareValueSets(baseSets.flat(), validValuesOf(h[headIndex]), name, at('quality', headIndex), out);
}

function ruleKey(q: DataQuality): string {
  if (!isRecord(q)) return stableJson(q);
  if (typeof q.id === 'string') return `id:${q.id}`;
  if (typeof q.name === 'string') return `name:${q.name}`;
  const { description: _d, ...rest } = q;
  return stableJson(rest);
}

function describeRule(q: DataQuality): string {
  if (!isRecord(q)) return 'quality rule';
  const label = q.name ?? q.id ?? q.metric ?? q.rule ?? q.description ?? q.type;
  return label ? `quality rule \`${String(label)}\`` : 'a quality rule';
}

function compareQuality(b: DataQuality[], h: DataQuality[], owner: string, at: At, out: ContractDelta[]): void {
  const headKeys = new Set(h.map(ruleKey));
  for (const rule of b) {
    if (headKeys.has(ruleKey(rule))) continue;
    out.push({
      side: 'head',
      path: h.length > 0 ? at() : at().replace(/\/quality$/, ''),
      severity: 'warning',
      reason: `${describeRule(rule)} on \`${owner}\` removed: consumers lose a guarantee they may rely on`,
    });
  }
}

/**
 * Classification levels, most open first. Values outside this list cannot be ordered, so any
 * change involving one is treated as possibly more open: the review asks, rather than assumes.
 */
const CLASSIFICATION_LEVELS: Record<string, number> = {
  public: 0,
  open: 0,
  internal: 1,
  'internal-use': 1,
  private: 2,
  sensitive: 2,
  confidential: 2,
  pii: 3,
  personal: 3,
  restricted: 3,
  'highly-confidential': 4,
  'strictly-confidential': 4,
  secret: 4,
  'top-secret': 5,
};

function classificationLevel(value: string): number | undefined {
  return lookup(CLASSIFICATION_LEVELS, value.trim().toLowerCase().replace(/[\s_]+/g, '-'));
}

function compareClassification(b: string | undefined, h: string | undefined, name: string, path: string, out: ContractDelta[]): void {
  if (typeof b !== 'string' || b === h) return;
  if (typeof h !== 'string') {
    out.push({ side: 'head', path, severity: 'error', reason: `classification \`${b}\` removed from \`${name}\`: the data would be treated as unclassified, more open than before` });
    return;
  }
  const from = classificationLevel(b);
  const to = classificationLevel(h);
  if (from !== undefined && to !== undefined) {
    if (to < from) out.push({ side: 'head', path, severity: 'error', reason: `classification of \`${name}\` opened from \`${b}\` to \`${h}\`: data approved for restricted handling becomes more widely available` });
    return;
  }
  out.push({ side: 'head', path, severity: 'error', reason: `classification of \`${name}\` changed from \`${b}\` to \`${h}\`: the levels cannot be ordered, so the change is treated as more open` });
}

// --------------------------------------------------------------------------------------------
// SLA
// --------------------------------------------------------------------------------------------

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, second: 1, seconds: 1,
  m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, wk: 604800, week: 604800, weeks: 604800,
  mo: 2629800, month: 2629800, months: 2629800,
  y: 31557600, yr: 31557600, year: 31557600, years: 31557600,
};

/** A duration in seconds from an SLA value and unit (ISO 8601 durations accepted as values). */
function durationSeconds(value: unknown, unit: unknown): number | undefined {
  if (typeof value === 'string') {
    const iso = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value.trim());
    if (iso && value.trim().length > 1) {
      const [, y, mo, w, d, h, mi, s] = iso.map((x) => (x === undefined ? 0 : Number(x)));
      return y * UNIT_SECONDS.y + mo * UNIT_SECONDS.mo + w * UNIT_SECONDS.w + d * UNIT_SECONDS.d + h * 3600 + mi * 60 + s;
    }
  }
  const n = toNumber(value);
  if (n === undefined) return undefined;
  // `unit:` left empty reads as null: no unit, as when the key is absent.
  if (unit === undefined || unit === null) return n;
  if (typeof unit !== 'string') return undefined;
  const factor = lookup(UNIT_SECONDS, unit.trim().toLowerCase());
  return factor === undefined ? undefined : n * factor;
}

function percent(value: unknown): number | undefined {
  if (typeof value === 'string') return toNumber(value.replace(/%\s*$/, ''));
  return toNumber(value);
}

function clockMinutes(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,2}):(\d{2})/.exec(value.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function dateValue(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * How each known SLA property is read, and which direction is weaker for consumers. Unknown
 * properties whose value changes are reported as warnings: the review cannot tell the direction.
 */
const SLA_RULES: Record<string, { read: (p: ServiceLevelAgreementProperty) => number | undefined; weakerWhen: 'higher' | 'lower'; what: string }> = {
  latency: { read: (p) => durationSeconds(p.value, p.unit), weakerWhen: 'higher', what: 'data arrives later' },
  freshness: { read: (p) => durationSeconds(p.value, p.unit), weakerWhen: 'higher', what: 'data may be older' },
  frequency: { read: (p) => durationSeconds(p.value, p.unit), weakerWhen: 'higher', what: 'data is updated less often' },
  retention: { read: (p) => durationSeconds(p.value, p.unit), weakerWhen: 'lower', what: 'history is kept for less time' },
  availability: { read: (p) => percent(p.value), weakerWhen: 'lower', what: 'the data is available less of the time' },
  uptime: { read: (p) => percent(p.value), weakerWhen: 'lower', what: 'the data is available less of the time' },
  completeness: { read: (p) => percent(p.value), weakerWhen: 'lower', what: 'fewer records are guaranteed' },
  throughput: { read: (p) => toNumber(p.value), weakerWhen: 'lower', what: 'less data can be read per unit of time' },
  errorrate: { read: (p) => percent(p.value), weakerWhen: 'higher', what: 'more errors are tolerated' },
  timeofavailability: { read: (p) => clockMinutes(p.value), weakerWhen: 'higher', what: 'data is ready later in the day' },
  endofsupport: { read: (p) => dateValue(p.value), weakerWhen: 'lower', what: 'support ends sooner' },
  endoflife: { read: (p) => dateValue(p.value), weakerWhen: 'lower', what: 'the data is retired sooner' },
};

function slaKey(p: ServiceLevelAgreementProperty): string {
  return `${String(p.property).toLowerCase()}|${p.element ?? ''}|${p.driver ?? ''}`;
}

function slaLabel(p: ServiceLevelAgreementProperty): string {
  return `SLA \`${p.property}\`${p.element ? ` on \`${p.element}\`` : ''}`;
}

function showSla(p: ServiceLevelAgreementProperty): string {
  return `${show(p.value)}${p.unit ? ` ${p.unit}` : ''}`;
}

function compareSla(base: ServiceLevelAgreementProperty[], head: ServiceLevelAgreementProperty[], out: ContractDelta[]): void {
  const headByKey = new Map<string, number>();
  head.forEach((p, i) => isRecord(p) && !headByKey.has(slaKey(p)) && headByKey.set(slaKey(p), i));
  base.forEach((b, bi) => {
    if (!isRecord(b) || typeof b.property !== 'string') return;
    const hi = headByKey.get(slaKey(b));
    if (hi === undefined) {
      out.push({ side: 'base', path: pointer('slaProperties', bi), headPath: head.length > 0 ? '/slaProperties' : '', severity: 'error', reason: `${slaLabel(b)} (${showSla(b)}) removed: consumers lose the guarantee` });
      return;
    }
    const h = head[hi];
    if (stableJson(b.value) === stableJson(h.value) && b.unit === h.unit && stableJson(b.valueExt) === stableJson(h.valueExt)) return;
    const rule = lookup(SLA_RULES, b.property.toLowerCase());
    const path = pointer('slaProperties', hi, 'value');
    if (!rule) {
      out.push({ side: 'head', path, severity: 'warning', reason: `${slaLabel(b)} changed from ${showSla(b)} to ${showSla(h)}: Meshgate cannot tell whether this is weaker; check with consumers` });
      return;
    }
    const from = rule.read(b);
    const to = rule.read(h);
    if (from === undefined || to === undefined) {
      out.push({ side: 'head', path, severity: 'error', reason: `${slaLabel(b)} changed from ${showSla(b)} to ${showSla(h)} and the values cannot be compared, so it is treated as weakened` });
      return;
    }
    const weaker = rule.weakerWhen === 'higher' ? to > from : to < from;
    if (weaker) out.push({ side: 'head', path, severity: 'error', reason: `${slaLabel(b)} weakened from ${showSla(b)} to ${showSla(h)}: ${rule.what}` });
  });
}

// --------------------------------------------------------------------------------------------
// Roles and servers: what grants and connections stand on
// --------------------------------------------------------------------------------------------

function compareRoles(base: Role[], head: Role[], out: ContractDelta[]): void {
  const headRoles = new Set(head.filter(isRecord).map((r) => r.role));
  base.forEach((r, i) => {
    if (!isRecord(r) || headRoles.has(r.role)) return;
    out.push({ side: 'base', path: pointer('roles', i), headPath: head.length > 0 ? '/roles' : '', severity: 'error', role: r.role, reason: `role \`${r.role}\` removed: grants under it lose their access role` });
  });
  head.forEach((h, i) => {
    const b = base.find((r) => isRecord(r) && r.role === h?.role);
    if (!b || !isRecord(h) || typeof b.access !== 'string' || typeof h.access !== 'string') return;
    if (b.access.toLowerCase() !== h.access.toLowerCase() && !/write/i.test(h.access)) {
      out.push({ side: 'head', path: pointer('roles', i, 'access'), severity: 'error', role: h.role, reason: `access of role \`${h.role}\` changed from ${b.access} to ${h.access}: grants under it can do less` });
    }
  });
}

function compareServers(base: Server[], head: Server[], out: ContractDelta[]): void {
  base.forEach((b, i) => {
    if (!isRecord(b)) return;
    const hi = head.findIndex((h) => isRecord(h) && h.server === b.server);
    if (hi < 0) {
      out.push({ side: 'base', path: pointer('servers', i), headPath: head.length > 0 ? '/servers' : '', severity: 'error', reason: `server \`${b.server}\` removed: consumers connected to it lose access` });
      return;
    }
    const h = head[hi] as unknown as Record<string, unknown>;
    const bs = b as unknown as Record<string, unknown>;
    for (const key of ['type', 'host', 'port', 'database', 'schema', 'project', 'dataset', 'catalog', 'location', 'topic', 'path', 'format'] as const) {
      if (bs[key] !== undefined && stableJson(bs[key]) !== stableJson(h[key])) {
        out.push({ side: 'head', path: pointer('servers', hi, ...(h[key] === undefined ? [] : [key])), severity: 'error', reason: `${key} of server \`${b.server}\` changed from ${show(bs[key])} to ${show(h[key])}: consumers connected to it must reconfigure` });
      }
    }
  });
}

// --------------------------------------------------------------------------------------------
// Entities: placing the changes, tying them to grants, the version rule
// --------------------------------------------------------------------------------------------

/** Grants reaching a contract through a product's output port and not yet expired on `now`. */
export function activeGrantsOf(
  contractId: string,
  grants: Iterable<Entity<'AccessGrant'>>,
  products: Map<string, Entity<'DataProduct'>>,
  now: Date,
  role?: string,
): AffectedGrant[] {
  const today = now.toISOString().slice(0, 10);
  const out: AffectedGrant[] = [];
  for (const g of grants) {
    const doc = g.doc; // valid or not
    if (!isRecord(doc)) continue;
    const product = typeof doc.dataProduct === 'string' ? products.get(doc.dataProduct) : undefined;
    const port = asArray<{ name?: string; contractId?: string }>(product?.doc.outputPorts).find((p) => isRecord(p) && p.name === doc.outputPort);
    if (!port || port.contractId !== contractId) continue;
    if (typeof doc.validUntil !== 'string' || doc.validUntil < today) continue;
    if (role !== undefined && doc.role !== role) continue;
    // An invalid grant's consumer fields are passed on unchecked, as they always were.
    const consumer = isRecord(doc.consumer) ? (doc.consumer as { team?: unknown; dataProduct?: unknown }) : undefined;
    out.push({ id: g.id, file: g.file, team: consumer?.team as string, dataProduct: consumer?.dataProduct as string | undefined, validUntil: doc.validUntil });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The breaking changes from one contract entity to its next version, placed at their lines and
 * each listing the active grants it affects.
 */
export function findBreakingChanges(
  baseContract: Entity<'DataContract'>,
  headContract: Entity<'DataContract'>,
  options: BreakingChangeOptions = {},
): BreakingChange[] {
  const now = options.now ?? new Date();
  const grants = [...(options.grants ?? [])];
  const products = options.products ?? new Map();
  const all = activeGrantsOf(baseContract.id, grants, products, now);
  const roleOf = new Map(grants.map((g) => [g.id, isRecord(g.doc) ? g.doc.role : undefined]));
  return compareContracts(baseContract.doc, headContract.doc).map((d) => {
    // A removal has no line in the head; annotate where the element used to sit, so the
    // annotation lands on a file the pull request changes.
    const annotated = d.side === 'base' ? d.headPath ?? '' : d.path;
    const { line, column } = options.locate?.(headContract.file, annotated) ?? { line: 1, column: 1 };
    const affected = d.role === undefined ? all : all.filter((g) => roleOf.get(g.id) === d.role);
    return { contractId: headContract.id, file: headContract.file, line, column, path: d.path, reason: d.reason, severity: d.severity, affectedGrants: affected };
  });
}

/** `major` of a semantic version (`v` prefix allowed), or undefined when the version is not semver-like. */
export function majorVersion(version: unknown): number | undefined {
  if (typeof version !== 'string' && typeof version !== 'number') return undefined;
  const m = /^v?(\d+)(?:\.\d+)*(?:[-+].*)?$/.exec(String(version).trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The rule "a contract change that breaks consumers raises the major version": an error finding
 * at the head's `version` when any error-severity breaking change ships without one.
 */
export function breakingWithoutMajorFinding(
  baseContract: Entity<'DataContract'>,
  headContract: Entity<'DataContract'>,
  changes: BreakingChange[],
  locate?: Locate,
): Finding | undefined {
  const breaking = changes.filter((c) => c.severity === 'error');
  if (breaking.length === 0) return undefined;
  const from = majorVersion(baseContract.doc.version);
  const to = majorVersion(headContract.doc.version);
  if (from !== undefined && to !== undefined && to > from) return undefined;
  const { line, column } = locate?.(headContract.file, '/version') ?? { line: 1, column: 1 };
  const teams = [...new Set(breaking.flatMap((c) => c.affectedGrants.map((g) => g.team)))];
  const consumers = teams.length > 0 ? ` It affects ${teams.join(', ')}.` : ' No active grant is affected.';
  const next = from !== undefined ? `${from + 1}.0.0` : 'a new major version';
  const versionMove =
    stableJson(baseContract.doc.version) === stableJson(headContract.doc.version)
      ? `keeps version ${show(headContract.doc.version)}`
      : `its version goes from ${show(baseContract.doc.version)} to ${show(headContract.doc.version)}`;
  return {
    severity: 'error',
    code: 'contract.breaking-without-major',
    message: `contract \`${headContract.id}\` has ${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} but ${versionMove} without a major bump.${consumers}`,
    file: headContract.file,
    line,
    column,
    path: '/version',
    hint: `set version to ${next} and tell the consumers, or make the change backward compatible`,
  };
}

/** Breaking changes of every contract present in both meshes, plus contracts removed while granted. */
export function findMeshBreakingChanges(
  base: MeshSnapshot,
  head: MeshSnapshot,
  options: { now?: Date; locate?: Locate } = {},
): { breakingChanges: BreakingChange[]; findings: Finding[] } {
  const breakingChanges: BreakingChange[] = [];
  const findings: Finding[] = [];
  const now = options.now ?? new Date();
  for (const [id, b] of base.byKind.DataContract) {
    const h = head.byKind.DataContract.get(id);
    const grants = base.relations.grantsOf(id);
    if (!h) {
      const affected = activeGrantsOf(id, grants, base.byKind.DataProduct, now);
      if (affected.length > 0) {
        breakingChanges.push({ contractId: id, file: b.file, line: 1, column: 1, path: '', severity: 'error', reason: `contract \`${id}\` removed while ${affected.length} active grant${affected.length === 1 ? '' : 's'} depend on it`, affectedGrants: affected });
      }
      continue;
    }
    if (!isRecord(b.doc) || !isRecord(h.doc) || (b.file === h.file && base.digests.get(b.file) === head.digests.get(h.file) && base.digests.has(b.file))) continue;
    const changes = findBreakingChanges(b, h, { grants, products: base.byKind.DataProduct, now, locate: options.locate });
    breakingChanges.push(...changes);
    const f = breakingWithoutMajorFinding(b, h, changes, options.locate);
    if (f) findings.push(f);
  }
  return { breakingChanges, findings };
}

// --------------------------------------------------------------------------------------------

/** A table entry by a key from a contract: `constructor` or `__proto__` must not find Object's own members. */
function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function changedString(a: unknown, b: unknown, normalize: (s: string) => string = (s) => s): boolean {
  return typeof a === 'string' && typeof b === 'string' && normalize(a) !== normalize(b);
}

function normalizeType(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** -1 when head is larger, 1 when smaller, 0 equal, undefined when they cannot be compared. */
function compareBound(b: unknown, h: unknown): number | undefined {
  if (b === undefined || h === undefined) return undefined;
  const nb = toNumber(b);
  const nh = toNumber(h);
  if (nb !== undefined && nh !== undefined) return nb < nh ? -1 : nb > nh ? 1 : 0;
  // Date and timestamp bounds are ISO strings: ordered as instants.
  const db = dateValue(b);
  const dh = dateValue(h);
  if (db !== undefined && dh !== undefined) return db < dh ? -1 : db > dh ? 1 : 0;
  return undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `\`${value}\`` : JSON.stringify(value);
}

