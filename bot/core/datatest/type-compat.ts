/**
 * Which engine types keep which ODCS logicalType. Each engine's type names (DuckDB's `BIGINT`,
 * PostgreSQL's `bigint` / `character varying(20)`, and the names contracts borrow from other
 * platforms, e.g. BigQuery's `INT64`) fall into one family; a column keeps a logicalType when its
 * family is one the logicalType accepts, and a physicalType when both are of the same family.
 */
import type { Dialect } from './types.ts';

export type TypeFamily = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'time' | 'object' | 'array' | 'binary' | 'interval';

const FAMILIES: Record<TypeFamily, string[]> = {
  string: ['VARCHAR', 'CHAR', 'BPCHAR', 'TEXT', 'STRING', 'CHARACTER', 'CHARACTER VARYING', 'NVARCHAR', 'NCHAR', 'UUID', 'ENUM', 'CITEXT', 'NAME'],
  integer: ['TINYINT', 'SMALLINT', 'INTEGER', 'INT', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'INT2', 'INT4', 'INT8', 'INT64', 'INT32', 'INT16', 'BYTEINT', 'SERIAL', 'BIGSERIAL', 'SMALLSERIAL', 'LONG'],
  number: ['DOUBLE', 'FLOAT', 'REAL', 'DECIMAL', 'NUMERIC', 'DOUBLE PRECISION', 'FLOAT4', 'FLOAT8', 'FLOAT64', 'BIGNUMERIC', 'NUMBER', 'MONEY'],
  boolean: ['BOOLEAN', 'BOOL'],
  date: ['DATE'],
  timestamp: ['TIMESTAMP', 'TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITHOUT TIME ZONE', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'DATETIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ'],
  time: ['TIME', 'TIMETZ', 'TIME WITH TIME ZONE', 'TIME WITHOUT TIME ZONE'],
  object: ['STRUCT', 'MAP', 'JSON', 'JSONB', 'OBJECT', 'RECORD', 'VARIANT', 'UNION'],
  array: ['ARRAY', 'LIST'],
  binary: ['BLOB', 'BYTEA', 'BYTES', 'BINARY', 'VARBINARY'],
  interval: ['INTERVAL'],
};

const BY_NAME = new Map<string, TypeFamily>();
for (const [family, names] of Object.entries(FAMILIES) as [TypeFamily, string[]][]) for (const n of names) BY_NAME.set(n, family);

/** The family of a type name in either engine's spelling, or undefined when it is not one Meshgate knows. */
export function typeFamily(type: string): TypeFamily | undefined {
  const t = type.trim().toUpperCase();
  if (t.endsWith('[]') || t.startsWith('ARRAY<') || t.startsWith('ARRAY(') || t.startsWith('LIST')) return 'array';
  if (t.startsWith('STRUCT') || t.startsWith('MAP')) return 'object';
  const bare = t.replace(/\s*\(.*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
  return BY_NAME.get(bare) ?? BY_NAME.get(bare.split(' ')[0]);
}

const ACCEPTS: Record<string, TypeFamily[]> = {
  string: ['string'],
  integer: ['integer'],
  number: ['integer', 'number'],
  boolean: ['boolean'],
  date: ['date'],
  timestamp: ['timestamp'],
  time: ['time'],
  object: ['object'],
  map: ['object'],
  array: ['array'],
};

export interface TypeVerdict {
  ok: boolean;
  /** Why not, or what was not checked. */
  note?: string;
}

/**
 * Whether a column of engine type `actual` keeps `logicalType` and `physicalType`. A date, timestamp
 * or time with a `format` may be stored as text (the format check then reads the values).
 */
export function typeCompatible(actual: string, logicalType: string | undefined, physicalType: string | undefined, format: string | undefined, dialect: Dialect): TypeVerdict {
  const family = typeFamily(actual);
  if (logicalType) {
    const accepted = [...(ACCEPTS[logicalType] ?? [])];
    if (format && ['date', 'timestamp', 'time'].includes(logicalType)) accepted.push('string');
    if (!family || !accepted.includes(family)) return { ok: false, note: `${actual} does not hold logicalType ${logicalType}` };
  }
  if (physicalType) {
    const promised = typeFamily(physicalType);
    if (!promised) return { ok: true, note: `physicalType ${physicalType} is not a type Meshgate knows for ${dialect}; not compared` };
    if (promised !== family) return { ok: false, note: `${actual} is not compatible with physicalType ${physicalType}` };
  }
  return { ok: true };
}
