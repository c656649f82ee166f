/**
 * A contract → the checks it promises, each at the JSON Pointer of its promise. Pure: no engine,
 * no data; the same plan is rendered to SQL for any dialect (sql.ts) and evaluated by run.ts.
 */
import type { DataContract, DataQuality, SchemaObject, SchemaProperty, ServiceLevelAgreementProperty } from '../kinds/data-contract.ts';
import { pointer } from '../findings/finding.ts';
import { OPERATORS, type Condition, type Expectation, type Literal, type ObjectPlan, type ContractPlan, type PlannedCheck } from './types.ts';

const columnOf = (p: { name?: string; physicalName?: string }): string => p.physicalName || p.name || '';

/** The expectation a quality rule states, or why it cannot be read. */
export function expectationOf(rule: Record<string, unknown>): Expectation | string {
  const present = OPERATORS.filter((op) => rule[op] !== undefined);
  if (present.length === 0) return 'states no operator (mustBe, mustBeLessThan, …)';
  if (present.length > 1) return `states ${present.length} operators (${present.join(', ')}); ODCS allows one`;
  const operator = present[0];
  const raw = rule[operator];
  const unit = rule.unit === 'percent' || rule.unit === '%' ? 'percent' : 'rows';
  if (operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
    if (!Array.isArray(raw) || raw.length !== 2 || !raw.every((n) => typeof n === 'number')) return `${operator} needs two numbers, [low, high]`;
    return { operator, value: [raw[0] as number, raw[1] as number], unit };
  }
  const value = typeof raw === 'boolean' ? Number(raw) : raw;
  if (typeof value !== 'number') return `${operator} needs a number, not ${JSON.stringify(raw)}`;
  return { operator, value, unit };
}

const OPERATOR_WORDS: Record<string, string> = {
  mustBe: '=',
  mustNotBe: '≠',
  mustBeGreaterThan: '>',
  mustBeGreaterOrEqualTo: '≥',
  mustBeLessThan: '<',
  mustBeLessOrEqualTo: '≤',
};

/** `= 0`, `< 1 %`, `between 10 and 20 (exclusive)`. */
export function describeExpectation(e: Expectation): string {
  const unit = e.unit === 'percent' ? ' %' : '';
  if (Array.isArray(e.value)) {
    return `${e.operator === 'mustBeBetween' ? '' : 'not '}between ${e.value[0]}${unit} and ${e.value[1]}${unit} (exclusive)`;
  }
  return `${OPERATOR_WORDS[e.operator]} ${e.value}${unit}`;
}

/**
 * Whether `actual` meets `e`. ODCS defines mustBeBetween as mustBeGreaterThan the low bound and
 * mustBeLessThan the high one, so both bounds are exclusive (and mustNotBeBetween its negation).
 */
export function meets(actual: number, e: Expectation): boolean {
  const v = e.value;
  switch (e.operator) {
    case 'mustBe': return actual === v;
    case 'mustNotBe': return actual !== v;
    case 'mustBeGreaterThan': return actual > (v as number);
    case 'mustBeGreaterOrEqualTo': return actual >= (v as number);
    case 'mustBeLessThan': return actual < (v as number);
    case 'mustBeLessOrEqualTo': return actual <= (v as number);
    case 'mustBeBetween': return actual > (v as [number, number])[0] && actual < (v as [number, number])[1];
    case 'mustNotBeBetween': return !(actual > (v as [number, number])[0] && actual < (v as [number, number])[1]);
  }
}

const ZERO: Expectation = { operator: 'mustBe', value: 0, unit: 'rows' };

const isLiteral = (v: unknown): v is Literal => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** `yyyy-MM-dd'T'HH:mm:ss` (Java DateTimeFormatter) → an anchored regular expression both engines understand. */
export function dateFormatPattern(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i];
    if (c === "'") {
      const end = format.indexOf("'", i + 1);
      const literal = format.slice(i + 1, end < 0 ? undefined : end);
      out += literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    let run = 1;
    while (format[i + run] === c) run++;
    if (/[yMdHhmsSu]/.test(c)) out += `[0-9]{${c === 'y' && run === 2 ? 2 : c === 'y' || c === 'u' ? 4 : c === 'S' ? run : 2}}`;
    else if (c === 'Z' || c === 'X' || c === 'x') out += '(Z|[+-][0-9]{2}(:?[0-9]{2})?)';
    else if (c === 'T') out += 'T';
    else out += c.repeat(run).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i += run;
  }
  return `^${out}$`;
}

const STRING_FORMATS: Record<string, string> = {
  email: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  uuid: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
};

const DATE_TYPES = new Set(['date', 'timestamp', 'time']);

function propertyChecks(object: SchemaObject, oi: number, prop: SchemaProperty, pi: number): PlannedCheck[] {
  const at = (...rest: (string | number)[]) => pointer('schema', oi, 'properties', pi, ...rest);
  const column = columnOf(prop);
  const base = { object: object.name, property: prop.name };
  const checks: PlannedCheck[] = [
    { ...base, id: `${object.name}.${prop.name}.exists`, kind: 'property', path: at(), onFailure: 'failed', description: `column ${column} exists`, how: { type: 'column', column } },
  ];
  const opts = (prop.logicalTypeOptions ?? {}) as Record<string, unknown>;
  if (prop.logicalType || prop.physicalType) {
    checks.push({
      ...base,
      id: `${object.name}.${prop.name}.type`,
      kind: 'type',
      path: at(prop.physicalType && !prop.logicalType ? 'physicalType' : 'logicalType'),
      onFailure: 'failed',
      description: `type compatible with ${[prop.logicalType, prop.physicalType].filter(Boolean).join(' / ')}`,
      how: { type: 'columnType', column, logicalType: prop.logicalType, physicalType: prop.physicalType, format: typeof opts.format === 'string' ? opts.format : undefined },
    });
  }
  const metric = (id: string, kind: PlannedCheck['kind'], path: string, description: string, where: Condition): PlannedCheck => ({
    ...base, id: `${object.name}.${prop.name}.${id}`, kind, path, onFailure: 'failed', description,
    how: { type: 'metric', metric: { type: 'count', where }, expect: ZERO, columns: [column] },
  });
  if (prop.required) checks.push(metric('required', 'required', at('required'), 'no nulls', { op: 'isNull', column }));
  if (prop.unique) {
    checks.push({ ...base, id: `${object.name}.${prop.name}.unique`, kind: 'unique', path: at('unique'), onFailure: 'failed', description: 'no duplicates',
      how: { type: 'metric', metric: { type: 'duplicates', columns: [column] }, expect: ZERO, columns: [column] } });
  }
  if (prop.primaryKey) checks.push(metric('primaryKey.notNull', 'primaryKey', at('primaryKey'), 'primary key: no nulls', { op: 'isNull', column }));
  // logicalTypeOptions the engine can check, each a count of violating rows that must be 0.
  const option = (key: string, description: string, where: Condition) => checks.push(metric(`logicalTypeOptions.${key}`, 'logicalTypeOptions', at('logicalTypeOptions', key), description, where));
  const isDate = prop.logicalType !== undefined && DATE_TYPES.has(prop.logicalType);
  if (typeof opts.minLength === 'number') option('minLength', `length ≥ ${opts.minLength}`, { op: 'length', column, cmp: '<', value: opts.minLength });
  if (typeof opts.maxLength === 'number') option('maxLength', `length ≤ ${opts.maxLength}`, { op: 'length', column, cmp: '>', value: opts.maxLength });
  if (typeof opts.pattern === 'string') option('pattern', `matches ${opts.pattern}`, { op: 'notMatches', column, pattern: opts.pattern });
  const bound = (v: unknown): number | string | undefined => (typeof v === 'number' || (isDate && typeof v === 'string') ? v : undefined);
  const bounds: [string, '<' | '>' | '<=' | '>=', string][] = [['minimum', '<', '≥'], ['maximum', '>', '≤'], ['exclusiveMinimum', '<=', '>'], ['exclusiveMaximum', '>=', '<']];
  for (const [key, cmp, word] of bounds) {
    const value = bound(opts[key]);
    if (value !== undefined) option(key, `${word} ${value}`, { op: 'compare', column, cmp, value });
  }
  if (typeof opts.format === 'string') {
    const pattern = isDate ? dateFormatPattern(opts.format) : STRING_FORMATS[opts.format];
    // A date/timestamp stored as text must follow the format; a DATE/TIMESTAMP column needs no check (run.ts decides).
    if (pattern) checks.push({ ...metric('logicalTypeOptions.format', 'logicalTypeOptions', at('logicalTypeOptions', 'format'), `format ${opts.format}`, { op: 'notMatches', column, pattern }), textOnly: isDate });
  }
  const enumValues = (prop as { enum?: unknown }).enum;
  if (Array.isArray(enumValues) && enumValues.length > 0) {
    const values = enumValues.map((e) => (e !== null && typeof e === 'object' && 'value' in e ? (e as { value: unknown }).value : e)).filter(isLiteral);
    checks.push(metric('enum', 'enum', at('enum'), `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, { op: 'in', column, values, negate: true }));
  }
  (prop.quality ?? []).forEach((rule, qi) => checks.push(qualityCheck(object, oi, rule, at('quality', qi), `${object.name}.${prop.name}.quality[${qi}]`, prop)));
  return checks;
}

/** A quality rule at object or property level. */
function qualityCheck(object: SchemaObject, oi: number, rule: DataQuality, path: string, fallbackId: string, prop?: SchemaProperty): PlannedCheck {
  const id = rule.id ? `${object.name}.${rule.id}` : fallbackId;
  const base = { id, object: object.name, property: prop?.name, path, onFailure: severityOf(rule) };
  const type = rule.type ?? 'library';
  if (type === 'text') return { ...base, kind: 'text', description: rule.description ?? 'text rule', how: { type: 'skip', reason: 'a text rule is for people; nothing to run' } };
  if (type === 'custom') {
    return { ...base, kind: 'custom', description: rule.description ?? `custom rule for ${rule.engine ?? 'an engine'}`, how: { type: 'skip', reason: `a custom rule runs in ${rule.engine ?? 'its own engine'}, not in meshgate test` } };
  }
  const expect = expectationOf(rule as Record<string, unknown>);
  if (type === 'sql') {
    if (typeof expect === 'string') return { ...base, kind: 'sql', description: rule.description ?? 'sql rule', how: { type: 'invalid', reason: `the rule ${expect}` } };
    if (typeof rule.query !== 'string' || rule.query.trim() === '') return { ...base, kind: 'sql', description: rule.description ?? 'sql rule', how: { type: 'invalid', reason: 'a sql rule needs a query' } };
    return { ...base, kind: 'sql', description: rule.description ?? `query result ${describeExpectation(expect)}`, how: { type: 'sql', query: rule.query, expect } };
  }
  return libraryCheck(object, rule, base, expect, prop);
}

function severityOf(rule: DataQuality): 'failed' | 'warning' {
  const s = (rule.severity ?? '').toLowerCase();
  return s === 'warning' || s === 'warn' || s === 'info' ? 'warning' : 'failed';
}

function libraryCheck(object: SchemaObject, rule: DataQuality, base: Omit<PlannedCheck, 'kind' | 'description' | 'how'>, expect: Expectation | string, prop?: SchemaProperty): PlannedCheck {
  const metric = rule.metric ?? rule.rule;
  const args = (rule.arguments ?? {}) as Record<string, unknown>;
  const described = (what: string) => (typeof expect === 'string' ? what : `${what} ${describeExpectation(expect)}`);
  const invalid = (reason: string): PlannedCheck => ({ ...base, kind: 'library', description: rule.description ?? String(metric ?? 'library rule'), how: { type: 'invalid', reason } });
  if (!metric) return invalid('a library rule needs a metric (nullValues, missingValues, invalidValues, duplicateValues, rowCount)');
  if (typeof expect === 'string') return invalid(`the rule ${expect}`);
  // Property-level metrics may also sit on the object, naming their properties in arguments.properties.
  const named = Array.isArray(args.properties) ? args.properties.filter((p): p is string => typeof p === 'string') : [];
  const columns = prop ? [columnOf(prop)] : named.map((n) => columnOf(object.properties?.find((p) => p.name === n) ?? { name: n }));
  const check = (what: string, m: PlannedCheck['how']): PlannedCheck => ({ ...base, kind: 'library', description: described(what), how: m });
  const counted = (what: string, where: (column: string) => Condition): PlannedCheck => {
    if (columns.length === 0) return invalid(`${metric} needs a property: put the rule on one, or name it in arguments.properties`);
    const conditions = columns.map(where);
    return check(what, { type: 'metric', metric: { type: 'count', where: conditions.length === 1 ? conditions[0] : { op: 'or', items: conditions } }, expect, columns });
  };
  switch (metric) {
    case 'rowCount':
      return check('row count', { type: 'metric', metric: { type: 'rowCount' }, expect, columns: [] });
    case 'nullValues':
      return counted('null values', (column) => ({ op: 'isNull', column }));
    case 'missingValues': {
      const values = Array.isArray(args.missingValues) ? args.missingValues.filter(isLiteral) : [null, ''];
      return counted('missing values', (column) => {
        const nonNull = values.filter((v) => v !== null);
        const isIn: Condition = { op: 'in', column, values: nonNull, negate: false };
        if (!values.includes(null)) return isIn;
        return nonNull.length ? { op: 'or', items: [{ op: 'isNull', column }, isIn] } : { op: 'isNull', column };
      });
    }
    case 'invalidValues': {
      const valid = Array.isArray(args.validValues) ? args.validValues.filter(isLiteral) : undefined;
      const pattern = typeof args.pattern === 'string' ? args.pattern : undefined;
      if (!valid && !pattern) return invalid('invalidValues needs arguments.validValues or arguments.pattern');
      return counted('invalid values', (column) => {
        const items: Condition[] = [];
        if (valid) items.push({ op: 'in', column, values: valid, negate: true });
        if (pattern) items.push({ op: 'notMatches', column, pattern });
        return items.length === 1 ? items[0] : { op: 'or', items };
      });
    }
    case 'duplicateValues':
      if (columns.length === 0) return invalid('duplicateValues on an object needs arguments.properties');
      return check('duplicate values', { type: 'metric', metric: { type: 'duplicates', columns }, expect, columns });
    default:
      return invalid(`unknown metric "${metric}" (known: nullValues, missingValues, invalidValues, duplicateValues, rowCount)`);
  }
}

const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 7 * 86_400_000, week: 7 * 86_400_000, weeks: 7 * 86_400_000,
  month: 30 * 86_400_000, months: 30 * 86_400_000, mo: 30 * 86_400_000,
  y: 365 * 86_400_000, yr: 365 * 86_400_000, year: 365 * 86_400_000, years: 365 * 86_400_000,
};

const SLA_CHECKED: Record<string, 'newest' | 'oldest'> = { latency: 'newest', ly: 'newest', freshness: 'newest', retention: 'oldest', re: 'oldest' };

function slaCheck(contract: DataContract, sla: ServiceLevelAgreementProperty, si: number, objects: ObjectPlan[]): { check: PlannedCheck; object?: ObjectPlan } | undefined {
  const which = SLA_CHECKED[sla.property?.toLowerCase?.() ?? ''];
  if (!which) return undefined;
  const path = pointer('slaProperties', si);
  const retention = which === 'oldest';
  const base = { id: `sla.${sla.id ?? sla.property}`, kind: 'sla' as const, object: '', path, onFailure: retention ? ('warning' as const) : ('failed' as const) };
  const promised = `${sla.value} ${sla.unit ?? ''}`.trim();
  const description = retention ? `oldest value not older than ${promised}` : `newest value within ${promised} of now`;
  const element = sla.element ?? contract.slaDefaultElement;
  if (!element) return { check: { ...base, description, how: { type: 'skip', reason: `${sla.property} names no element (object.column) to measure` } } };
  const [first] = element.split(',').map((e) => e.trim());
  const dot = first.lastIndexOf('.');
  const objectName = dot < 0 ? (objects.length === 1 ? objects[0].name : undefined) : first.slice(0, dot);
  const propertyName = dot < 0 ? first : first.slice(dot + 1);
  const object = objects.find((o) => o.name === objectName);
  const schemaObject = object ? contract.schema?.[object.index] : undefined;
  const prop = schemaObject?.properties?.find((p) => p.name === propertyName);
  const unitMs = UNIT_MS[(sla.unit ?? '').toLowerCase()];
  const amount = typeof sla.value === 'number' ? sla.value : Number(sla.value);
  const checkBase = { ...base, object: object?.name ?? objectName ?? '', property: propertyName, description };
  if (!object || !prop) return { check: { ...checkBase, how: { type: 'invalid', reason: `element ${first} names no property of the contract's schema` } } };
  if (!unitMs || !Number.isFinite(amount)) return { check: { ...checkBase, how: { type: 'invalid', reason: `cannot read "${sla.value} ${sla.unit ?? ''}" as a duration (units: ms, s, min, h, d, w, months, y)` } } };
  const column = columnOf(prop);
  return { object, check: { ...checkBase, how: { type: 'age', metric: { type: which, column }, maxAgeMs: amount * unitMs, promised, columns: [column] } } };
}

/** Every check `contract` promises, grouped by the schema object each is measured on. */
export function planContract(contract: DataContract): ContractPlan {
  const objects: ObjectPlan[] = [];
  const other: PlannedCheck[] = [];
  (contract.schema ?? []).forEach((object, oi) => {
    if (!object || typeof object.name !== 'string') return;
    const physicalName = columnOf(object);
    const checks: PlannedCheck[] = [
      { id: `${object.name}.exists`, kind: 'object', object: object.name, path: pointer('schema', oi), onFailure: 'failed', description: `${physicalName} exists`, how: { type: 'exists' } },
    ];
    const properties = (object.properties ?? []).filter((p) => p && typeof p.name === 'string');
    (object.properties ?? []).forEach((prop, pi) => {
      if (prop && typeof prop.name === 'string') checks.push(...propertyChecks(object, oi, prop, pi));
    });
    const keys = properties.filter((p) => p.primaryKey).sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0));
    if (keys.length > 0) {
      const first = (object.properties ?? []).indexOf(keys[0]);
      const columns = keys.map(columnOf);
      checks.push({
        id: `${object.name}.primaryKey.unique`, kind: 'primaryKey', object: object.name, property: keys.length === 1 ? keys[0].name : undefined,
        path: pointer('schema', oi, 'properties', first, 'primaryKey'), onFailure: 'failed', description: `primary key (${columns.join(', ')}) unique`,
        how: { type: 'metric', metric: { type: 'duplicates', columns }, expect: ZERO, columns },
      });
    }
    (object.quality ?? []).forEach((rule, qi) => checks.push(qualityCheck(object, oi, rule, pointer('schema', oi, 'quality', qi), `${object.name}.quality[${qi}]`)));
    checks.push({ id: `${object.name}.extraColumns`, kind: 'extraColumn', object: object.name, path: pointer('schema', oi, 'properties'), onFailure: 'warning', description: 'no column the contract does not name', how: { type: 'exists' } });
    objects.push({ index: oi, name: object.name, physicalName, columns: properties.map(columnOf), checks });
  });
  (contract.slaProperties ?? []).forEach((sla, si) => {
    const planned = sla && slaCheck(contract, sla, si, objects);
    if (!planned) return;
    if (planned.object) planned.object.checks.push(planned.check);
    else other.push(planned.check);
  });
  return { objects, other };
}
