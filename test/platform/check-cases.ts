/**
 * One table, the same on every engine, and one case per check kind and operator, passing and
 * failing. duckdb.test.ts and postgres.test.ts run every case on their engine.
 */
import type { DataContract, DataQuality, SchemaProperty, ServiceLevelAgreementProperty } from '../../bot/core/kinds/data-contract.ts';
import type { CheckStatus } from '../../bot/core/datatest/types.ts';

/** 10 rows; comments say what each column holds for the cases below. */
export function itemsTableSql(now: Date): string[] {
  const rows = Array.from({ length: 10 }, (_, k) => {
    const i = k + 1;
    const code = i === 10 ? 'a-10' : `A-0${i}`; // one code breaks ^[A-Z]-[0-9]{2}$
    const label = i === 9 ? "''" : i === 10 ? 'NULL' : "'x'"; // one empty, one null
    const status = i <= 7 ? 'open' : i <= 9 ? 'closed' : 'lost'; // one outside [open, closed]
    const dup = i === 1 ? 'k1' : `k${i - 1}`; // k1 twice: one duplicate
    const day = i === 10 ? '01/02/2026' : `2026-01-0${i}`; // one not yyyy-MM-dd
    const created = new Date(now.getTime() - i * 60_000).toISOString().replace('T', ' ').replace('Z', ''); // 1 to 10 minutes old
    return `(${i}, '${code}', ${i * 10}, ${label}, '${status}', '${dup}', '${day}', TIMESTAMP '${created}')`;
  });
  return [
    'CREATE TABLE items (id INTEGER, code VARCHAR, amount INTEGER, label VARCHAR, status VARCHAR, dup VARCHAR, day_text VARCHAR, created_at TIMESTAMP)',
    `INSERT INTO items VALUES ${rows.join(', ')}`,
  ];
}

const BASE_PROPERTIES: SchemaProperty[] = [
  { name: 'id', logicalType: 'integer' },
  { name: 'code', logicalType: 'string' },
  { name: 'amount', logicalType: 'integer' },
  { name: 'label', logicalType: 'string' },
  { name: 'status', logicalType: 'string' },
  { name: 'dup', logicalType: 'string' },
  { name: 'day_text', logicalType: 'string' },
  { name: 'created_at', logicalType: 'timestamp' },
];

export interface ContractChange {
  property?: Record<string, Partial<SchemaProperty> & { enum?: unknown[] }>;
  quality?: DataQuality[];
  sla?: ServiceLevelAgreementProperty[];
  objectName?: string;
  dropProperties?: string[];
  addProperty?: SchemaProperty;
}

export function contractWith(change: ContractChange, server: Record<string, unknown>): DataContract {
  const properties = BASE_PROPERTIES.filter((p) => !change.dropProperties?.includes(p.name)).map((p) => ({ ...p, ...(change.property?.[p.name] ?? {}) }));
  if (change.addProperty) properties.push(change.addProperty);
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'items-v1',
    version: '1.0.0',
    status: 'active',
    servers: [server as DataContract['servers'] extends (infer S)[] | undefined ? S : never],
    schema: [{ name: change.objectName ?? 'items', properties, quality: change.quality }],
    slaProperties: change.sla,
  };
}

export interface CheckCase {
  name: string;
  change: ContractChange;
  /** The check whose status is asserted. */
  check: string;
  status: CheckStatus;
}

const rowCount = (op: string, value: unknown): DataQuality => ({ metric: 'rowCount', [op]: value }) as DataQuality;

export const CASES: CheckCase[] = [
  { name: 'object exists: passes for a table that is there', change: {}, check: 'items.exists', status: 'passed' },
  { name: 'object exists: fails for a table that is not', change: { objectName: 'nowhere' }, check: 'nowhere.exists', status: 'failed' },
  { name: 'property exists: passes for a column that is there', change: {}, check: 'items.code.exists', status: 'passed' },
  { name: 'property exists: fails for a column that is not', change: { addProperty: { name: 'missing_col', logicalType: 'string' } }, check: 'items.missing_col.exists', status: 'failed' },
  { name: 'type: an INTEGER column keeps logicalType integer', change: {}, check: 'items.amount.type', status: 'passed' },
  { name: 'type: an INTEGER column breaks logicalType string', change: { property: { amount: { logicalType: 'string' } } }, check: 'items.amount.type', status: 'failed' },
  { name: 'type: physicalType INT64 is compatible with INTEGER', change: { property: { amount: { physicalType: 'INT64' } } }, check: 'items.amount.type', status: 'passed' },
  { name: 'type: physicalType VARCHAR is not compatible with INTEGER', change: { property: { amount: { physicalType: 'VARCHAR(20)' } } }, check: 'items.amount.type', status: 'failed' },
  { name: 'required: passes without nulls', change: { property: { id: { required: true } } }, check: 'items.id.required', status: 'passed' },
  { name: 'required: fails with a null', change: { property: { label: { required: true } } }, check: 'items.label.required', status: 'failed' },
  { name: 'unique: passes without duplicates', change: { property: { id: { unique: true } } }, check: 'items.id.unique', status: 'passed' },
  { name: 'unique: fails with a duplicate', change: { property: { dup: { unique: true } } }, check: 'items.dup.unique', status: 'failed' },
  { name: 'primaryKey: a unique, non-null key passes', change: { property: { id: { primaryKey: true } } }, check: 'items.primaryKey.unique', status: 'passed' },
  { name: 'primaryKey: a key with a duplicate fails', change: { property: { dup: { primaryKey: true } } }, check: 'items.primaryKey.unique', status: 'failed' },
  { name: 'primaryKey: a key with a null fails', change: { property: { label: { primaryKey: true } } }, check: 'items.label.primaryKey.notNull', status: 'failed' },
  { name: 'primaryKey: a composite key (primaryKeyPosition) unique as a whole passes', change: { property: { dup: { primaryKey: true, primaryKeyPosition: 1 }, id: { primaryKey: true, primaryKeyPosition: 2 } } }, check: 'items.primaryKey.unique', status: 'passed' },
  { name: 'minLength: passes when every value is long enough', change: { property: { code: { logicalTypeOptions: { minLength: 4 } } } }, check: 'items.code.logicalTypeOptions.minLength', status: 'passed' },
  { name: 'minLength: fails on a shorter value', change: { property: { code: { logicalTypeOptions: { minLength: 5 } } } }, check: 'items.code.logicalTypeOptions.minLength', status: 'failed' },
  { name: 'maxLength: passes when every value is short enough', change: { property: { code: { logicalTypeOptions: { maxLength: 4 } } } }, check: 'items.code.logicalTypeOptions.maxLength', status: 'passed' },
  { name: 'maxLength: fails on a longer value', change: { property: { code: { logicalTypeOptions: { maxLength: 3 } } } }, check: 'items.code.logicalTypeOptions.maxLength', status: 'failed' },
  { name: 'pattern: passes when every value matches', change: { property: { code: { logicalTypeOptions: { pattern: '^[A-Za-z]-[0-9]+$' } } } }, check: 'items.code.logicalTypeOptions.pattern', status: 'passed' },
  { name: 'pattern: fails on a value that does not match', change: { property: { code: { logicalTypeOptions: { pattern: '^[A-Z]-[0-9]{2}$' } } } }, check: 'items.code.logicalTypeOptions.pattern', status: 'failed' },
  { name: 'minimum: passes at the bound', change: { property: { amount: { logicalTypeOptions: { minimum: 10 } } } }, check: 'items.amount.logicalTypeOptions.minimum', status: 'passed' },
  { name: 'minimum: fails below it', change: { property: { amount: { logicalTypeOptions: { minimum: 11 } } } }, check: 'items.amount.logicalTypeOptions.minimum', status: 'failed' },
  { name: 'maximum: passes at the bound', change: { property: { amount: { logicalTypeOptions: { maximum: 100 } } } }, check: 'items.amount.logicalTypeOptions.maximum', status: 'passed' },
  { name: 'maximum: fails above it', change: { property: { amount: { logicalTypeOptions: { maximum: 99 } } } }, check: 'items.amount.logicalTypeOptions.maximum', status: 'failed' },
  { name: 'exclusiveMinimum: passes above the bound', change: { property: { amount: { logicalTypeOptions: { exclusiveMinimum: 9 } } } }, check: 'items.amount.logicalTypeOptions.exclusiveMinimum', status: 'passed' },
  { name: 'exclusiveMinimum: fails at the bound', change: { property: { amount: { logicalTypeOptions: { exclusiveMinimum: 10 } } } }, check: 'items.amount.logicalTypeOptions.exclusiveMinimum', status: 'failed' },
  { name: 'exclusiveMaximum: passes below the bound', change: { property: { amount: { logicalTypeOptions: { exclusiveMaximum: 101 } } } }, check: 'items.amount.logicalTypeOptions.exclusiveMaximum', status: 'passed' },
  { name: 'exclusiveMaximum: fails at the bound', change: { property: { amount: { logicalTypeOptions: { exclusiveMaximum: 100 } } } }, check: 'items.amount.logicalTypeOptions.exclusiveMaximum', status: 'failed' },
  { name: 'minimum of a timestamp: passes for a date before every value', change: { property: { created_at: { logicalTypeOptions: { minimum: '2020-01-01T00:00:00' } } } }, check: 'items.created_at.logicalTypeOptions.minimum', status: 'passed' },
  { name: 'maximum of a timestamp: fails for a date before every value', change: { property: { created_at: { logicalTypeOptions: { maximum: '2020-01-01T00:00:00' } } } }, check: 'items.created_at.logicalTypeOptions.maximum', status: 'failed' },
  { name: 'format of a date stored as text: fails on a value in another format', change: { property: { day_text: { logicalType: 'date', logicalTypeOptions: { format: 'yyyy-MM-dd' } } } }, check: 'items.day_text.logicalTypeOptions.format', status: 'failed' },
  { name: 'format of a TIMESTAMP column: kept by its type', change: { property: { created_at: { logicalTypeOptions: { format: 'yyyy-MM-dd HH:mm:ss' } } } }, check: 'items.created_at.logicalTypeOptions.format', status: 'passed' },
  { name: 'enum: passes when every value is listed', change: { property: { status: { enum: [{ value: 'open' }, { value: 'closed' }, { value: 'lost' }] } } }, check: 'items.status.enum', status: 'passed' },
  { name: 'enum: fails on a value not listed', change: { property: { status: { enum: [{ value: 'open' }, { value: 'closed' }] } } }, check: 'items.status.enum', status: 'failed' },
  { name: 'extra columns: none when the contract names every column', change: {}, check: 'items.extraColumns', status: 'passed' },
  { name: 'extra columns: a column the contract does not name is a warning', change: { dropProperties: ['dup'] }, check: 'items.extraColumns', status: 'warning' },
  { name: 'nullValues: mustBe 1 passes with one null', change: { property: { label: { quality: [{ id: 'q', metric: 'nullValues', mustBe: 1 }] } } }, check: 'items.q', status: 'passed' },
  { name: 'nullValues: mustBe 0 fails with one null', change: { property: { label: { quality: [{ id: 'q', metric: 'nullValues', mustBe: 0 }] } } }, check: 'items.q', status: 'failed' },
  { name: 'nullValues in percent: 10 % passes mustBeLessOrEqualTo 10', change: { property: { label: { quality: [{ id: 'q', metric: 'nullValues', unit: 'percent', mustBeLessOrEqualTo: 10 }] } } }, check: 'items.q', status: 'passed' },
  { name: 'nullValues in percent: 10 % fails mustBeLessThan 10', change: { property: { label: { quality: [{ id: 'q', metric: 'nullValues', unit: 'percent', mustBeLessThan: 10 }] } } }, check: 'items.q', status: 'failed' },
  { name: 'missingValues: null and empty count as missing (2)', change: { property: { label: { quality: [{ id: 'q', metric: 'missingValues', arguments: { missingValues: [null, ''] }, mustBe: 2 }] } } }, check: 'items.q', status: 'passed' },
  { name: 'missingValues: fails above the limit', change: { property: { label: { quality: [{ id: 'q', metric: 'missingValues', arguments: { missingValues: [null, ''] }, mustBeLessThan: 2 }] } } }, check: 'items.q', status: 'failed' },
  { name: 'invalidValues with validValues: one value outside the list', change: { property: { status: { quality: [{ id: 'q', metric: 'invalidValues', arguments: { validValues: ['open', 'closed'] }, mustBe: 1 }] } } }, check: 'items.q', status: 'passed' },
  { name: 'invalidValues with validValues: fails mustBe 0', change: { property: { status: { quality: [{ id: 'q', metric: 'invalidValues', arguments: { validValues: ['open', 'closed'] }, mustBe: 0 }] } } }, check: 'items.q', status: 'failed' },
  { name: 'invalidValues with a pattern: fails mustBe 0 on one mismatch', change: { property: { code: { quality: [{ id: 'q', metric: 'invalidValues', arguments: { pattern: '^[A-Z]-[0-9]{2}$' }, mustBe: 0 }] } } }, check: 'items.q', status: 'failed' },
  { name: 'invalidValues with a pattern: passes when every value matches', change: { property: { code: { quality: [{ id: 'q', metric: 'invalidValues', arguments: { pattern: '-' }, mustBe: 0 }] } } }, check: 'items.q', status: 'passed' },
  { name: 'duplicateValues on a property: one duplicate', change: { property: { dup: { quality: [{ id: 'q', metric: 'duplicateValues', mustBe: 1 }] } } }, check: 'items.q', status: 'passed' },
  { name: 'duplicateValues on a property: fails mustBe 0', change: { property: { dup: { quality: [{ id: 'q', metric: 'duplicateValues', mustBe: 0 }] } } }, check: 'items.q', status: 'failed' },
  { name: 'duplicateValues on the object: a unique combination passes', change: { quality: [{ id: 'q', metric: 'duplicateValues', arguments: { properties: ['dup', 'id'] }, mustBe: 0 }] }, check: 'items.q', status: 'passed' },
  { name: 'duplicateValues on the object: a repeated combination fails', change: { quality: [{ id: 'q', metric: 'duplicateValues', arguments: { properties: ['dup'] }, mustBe: 0 }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustBe: passes', change: { quality: [{ id: 'q', ...rowCount('mustBe', 10) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustBe: fails', change: { quality: [{ id: 'q', ...rowCount('mustBe', 9) }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustNotBe: passes', change: { quality: [{ id: 'q', ...rowCount('mustNotBe', 9) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustNotBe: fails', change: { quality: [{ id: 'q', ...rowCount('mustNotBe', 10) }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustBeGreaterThan: passes', change: { quality: [{ id: 'q', ...rowCount('mustBeGreaterThan', 9) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustBeGreaterThan: fails', change: { quality: [{ id: 'q', ...rowCount('mustBeGreaterThan', 10) }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustBeGreaterOrEqualTo: passes', change: { quality: [{ id: 'q', ...rowCount('mustBeGreaterOrEqualTo', 10) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustBeGreaterOrEqualTo: fails', change: { quality: [{ id: 'q', ...rowCount('mustBeGreaterOrEqualTo', 11) }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustBeLessThan: passes', change: { quality: [{ id: 'q', ...rowCount('mustBeLessThan', 11) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustBeLessThan: fails', change: { quality: [{ id: 'q', ...rowCount('mustBeLessThan', 10) }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustBeLessOrEqualTo: passes', change: { quality: [{ id: 'q', ...rowCount('mustBeLessOrEqualTo', 10) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustBeLessOrEqualTo: fails', change: { quality: [{ id: 'q', ...rowCount('mustBeLessOrEqualTo', 9) }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustBeBetween: passes inside the bounds', change: { quality: [{ id: 'q', ...rowCount('mustBeBetween', [9, 11]) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustBeBetween: fails on a bound (exclusive, as ODCS defines it)', change: { quality: [{ id: 'q', ...rowCount('mustBeBetween', [10, 11]) }] }, check: 'items.q', status: 'failed' },
  { name: 'rowCount mustNotBeBetween: passes on a bound', change: { quality: [{ id: 'q', ...rowCount('mustNotBeBetween', [10, 11]) }] }, check: 'items.q', status: 'passed' },
  { name: 'rowCount mustNotBeBetween: fails inside the bounds', change: { quality: [{ id: 'q', ...rowCount('mustNotBeBetween', [9, 11]) }] }, check: 'items.q', status: 'failed' },
  { name: 'a rule with severity warning reports a warning, not a failure', change: { quality: [{ id: 'q', severity: 'warning', ...rowCount('mustBe', 9) }] }, check: 'items.q', status: 'warning' },
  { name: 'sql: {object} and {property} filled, the result compared (pass)', change: { property: { amount: { quality: [{ id: 'q', type: 'sql', query: 'SELECT COUNT(*) FROM {object} WHERE {property} > 50', mustBe: 5 }] } } }, check: 'items.q', status: 'passed' },
  { name: 'sql: the result compared (fail)', change: { property: { amount: { quality: [{ id: 'q', type: 'sql', query: 'SELECT COUNT(*) FROM ${object} WHERE amount > 50', mustBeLessThan: 5 }] } } }, check: 'items.q', status: 'failed' },
  { name: 'sql: a query that writes is an error, never run', change: { quality: [{ id: 'q', type: 'sql', query: 'DELETE FROM {table}', mustBe: 0 }] }, check: 'items.q', status: 'error' },
  { name: 'sql: a query that fails is an error', change: { quality: [{ id: 'q', type: 'sql', query: 'SELECT COUNT(*) FROM {object} WHERE no_such_column = 1', mustBe: 0 }] }, check: 'items.q', status: 'error' },
  { name: 'text rules are skipped', change: { quality: [{ id: 'q', type: 'text', description: 'Looks right.' }] }, check: 'items.q', status: 'skipped' },
  { name: 'custom rules are skipped', change: { quality: [{ id: 'q', type: 'custom', engine: 'soda', implementation: 'type: row_count' }] }, check: 'items.q', status: 'skipped' },
  { name: 'a library rule without an operator is an error', change: { quality: [{ id: 'q', metric: 'rowCount' }] }, check: 'items.q', status: 'error' },
  { name: 'latency: newest value within the promise passes', change: { sla: [{ id: 'fresh', property: 'latency', value: 5, unit: 'min', element: 'items.created_at' }] }, check: 'sla.fresh', status: 'passed' },
  { name: 'latency: newest value older than the promise fails', change: { sla: [{ id: 'fresh', property: 'latency', value: 10, unit: 's', element: 'items.created_at' }] }, check: 'sla.fresh', status: 'failed' },
  { name: 'retention: oldest value within the promise passes', change: { sla: [{ id: 'kept', property: 'retention', value: 1, unit: 'd', element: 'items.created_at' }] }, check: 'sla.kept', status: 'passed' },
  { name: 'retention: oldest value older than the promise is a warning', change: { sla: [{ id: 'kept', property: 'retention', value: 5, unit: 'min', element: 'items.created_at' }] }, check: 'sla.kept', status: 'warning' },
];
