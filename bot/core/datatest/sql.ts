/**
 * Checks → SQL in an engine's dialect. Every metric of one schema object goes into a single
 * `SELECT count(*), count(*) FILTER (WHERE …), … FROM object`: one scan per object, however many
 * checks it promises (identical metrics, e.g. `required` and a `nullValues` rule, are computed once).
 */
import { typeFamily } from './type-compat.ts';
import type { Condition, Dialect, Literal, Metric } from './types.ts';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function sqlLiteral(value: Literal): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return `'${value.replace(/'/g, "''")}'`;
}

/** Column name → its engine type, for literals that must match it. */
export type ColumnTypes = ReadonlyMap<string, string>;

const text = (column: string): string => `CAST(${quoteIdent(column)} AS VARCHAR)`;

function renderIn(column: string, values: Literal[], types: ColumnTypes): string {
  const list = values.filter((v) => v !== null);
  if (list.length === 0) return 'FALSE';
  const family = typeFamily(types.get(column) ?? '');
  const numeric = (family === 'integer' || family === 'number') && list.every((v) => typeof v === 'number');
  const boolean = family === 'boolean' && list.every((v) => typeof v === 'boolean');
  if (numeric || boolean) return `${quoteIdent(column)} IN (${list.map(sqlLiteral).join(', ')})`;
  return `${text(column)} IN (${list.map((v) => sqlLiteral(String(v))).join(', ')})`;
}

/** A condition as a boolean SQL expression; NULL values never satisfy one unless it tests for NULL. */
export function renderCondition(c: Condition, dialect: Dialect, types: ColumnTypes): string {
  switch (c.op) {
    case 'isNull':
      return `${quoteIdent(c.column)} IS NULL`;
    case 'in': {
      const inList = renderIn(c.column, c.values, types);
      return c.negate ? `${quoteIdent(c.column)} IS NOT NULL AND NOT (${inList})` : inList;
    }
    case 'notMatches':
      return dialect === 'postgres'
        ? `NOT (${text(c.column)} ~ ${sqlLiteral(c.pattern)})`
        : `NOT regexp_matches(${text(c.column)}, ${sqlLiteral(c.pattern)})`;
    case 'length':
      return `length(${text(c.column)}) ${c.cmp} ${c.value}`;
    case 'compare': {
      const type = types.get(c.column) ?? 'VARCHAR';
      const value = typeof c.value === 'number' ? String(c.value) : `CAST(${sqlLiteral(c.value)} AS ${type})`;
      return `${quoteIdent(c.column)} ${c.cmp} ${value}`;
    }
    case 'or':
      return c.items.map((i) => `(${renderCondition(i, dialect, types)})`).join(' OR ');
  }
}

/** One metric as an aggregate expression. */
export function renderMetric(m: Metric, dialect: Dialect, types: ColumnTypes): string {
  switch (m.type) {
    case 'rowCount':
      return 'count(*)';
    case 'count':
      return `count(*) FILTER (WHERE ${renderCondition(m.where, dialect, types)})`;
    case 'duplicates':
      if (m.columns.length === 1) return `count(${quoteIdent(m.columns[0])}) - count(DISTINCT ${quoteIdent(m.columns[0])})`;
      // Rows of the key minus distinct keys; a key with a NULL in it still counts (ODCS names no exception).
      return `count(*) - count(DISTINCT (${m.columns.map(quoteIdent).join(', ')}))`;
    case 'newest':
    case 'oldest': {
      const agg = m.type === 'newest' ? 'max' : 'min';
      const value = `${agg}(CAST(${quoteIdent(m.column)} AS TIMESTAMPTZ))`;
      return dialect === 'postgres' ? `CAST(EXTRACT(EPOCH FROM ${value}) * 1000 AS BIGINT)` : `epoch_ms(${value})`;
    }
  }
}

/** The single scan of one object: every metric once, named m0, m1, … (`aliases` maps a metric's SQL to its name). */
export function scanQuery(relation: string, metrics: Metric[], dialect: Dialect, types: ColumnTypes): { sql: string; aliases: Map<string, string> } {
  const aliases = new Map<string, string>();
  const columns: string[] = [];
  for (const metric of [{ type: 'rowCount' } as Metric, ...metrics]) {
    const expression = renderMetric(metric, dialect, types);
    if (aliases.has(expression)) continue;
    const alias = `m${aliases.size}`;
    aliases.set(expression, alias);
    columns.push(`${expression} AS ${alias}`);
  }
  return { sql: `SELECT ${columns.join(',\n       ')}\nFROM ${relation}`, aliases };
}

/**
 * A contract's own query with its placeholders filled: `{object}` / `{table}` (also `${object}`)
 * become the object as the engine names it, `{property}` / `{column}` the property's column.
 */
export function fillPlaceholders(query: string, relation: string, column: string | undefined): string {
  let out = query.replace(/\$?\{(object|table|model)\}/g, relation);
  if (column !== undefined) out = out.replace(/\$?\{(property|column|field)\}/g, quoteIdent(column));
  return out.trim().replace(/;\s*$/, '');
}
