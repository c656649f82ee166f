/**
 * What `meshgate test` plans, asks an engine and reports. A contract's promises become checks
 * (plan.ts); the checks of one schema object become one scan in the engine's dialect (sql.ts);
 * an engine (bot/platform) runs it; run.ts turns the numbers into results placed at the promise.
 */

/** The SQL dialects the planner writes. Both quote identifiers with double quotes. */
export type Dialect = 'duckdb' | 'postgres';

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'error' | 'skipped';

export type CheckKind =
  | 'server'
  | 'object'
  | 'property'
  | 'type'
  | 'required'
  | 'unique'
  | 'primaryKey'
  | 'logicalTypeOptions'
  | 'enum'
  | 'extraColumn'
  | 'library'
  | 'sql'
  | 'text'
  | 'custom'
  | 'sla';

export type Operator =
  | 'mustBe'
  | 'mustNotBe'
  | 'mustBeGreaterThan'
  | 'mustBeGreaterOrEqualTo'
  | 'mustBeLessThan'
  | 'mustBeLessOrEqualTo'
  | 'mustBeBetween'
  | 'mustNotBeBetween';

export const OPERATORS: readonly Operator[] = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
];

/** A comparison of one measured number, as ODCS states it. */
export interface Expectation {
  operator: Operator;
  value: number | [number, number];
  unit: 'rows' | 'percent';
}

/** A scalar literal in a condition: rendered per dialect. */
export type Literal = string | number | boolean | null;

/** A row condition, dialect-free; sql.ts renders it. Every condition is false for NULL unless it says otherwise. */
export type Condition =
  | { op: 'isNull'; column: string }
  | { op: 'in'; column: string; values: Literal[]; negate: boolean }
  | { op: 'notMatches'; column: string; pattern: string }
  | { op: 'length'; column: string; cmp: '<' | '>'; value: number }
  | { op: 'compare'; column: string; cmp: '<' | '>' | '<=' | '>='; value: number | string }
  | { op: 'or'; items: Condition[] };

/** What one check measures in the object's scan. */
export type Metric =
  | { type: 'rowCount' }
  | { type: 'count'; where: Condition }
  /** Rows whose value (or combination of values) repeats one seen before: non-null rows − distinct values. */
  | { type: 'duplicates'; columns: string[] }
  /** Milliseconds since the epoch of the newest / oldest value. */
  | { type: 'newest' | 'oldest'; column: string };

/** One promise of the contract, placed at the line that made it. */
export interface PlannedCheck {
  id: string;
  kind: CheckKind;
  /** The schema object's name as the contract gives it (empty for contract-level checks). */
  object: string;
  property?: string;
  /** JSON Pointer of the promise in the contract. */
  path: string;
  /** What a failure is reported as: `failed` (an error) or `warning`. */
  onFailure: 'failed' | 'warning';
  /** Measured only when the column is stored as text (a date format on a VARCHAR); a DATE column keeps it by type. */
  textOnly?: boolean;
  /** What is promised, in words: "no nulls", "at most 0 duplicates". */
  description: string;
  how:
    | { type: 'exists' }
    | { type: 'column'; column: string }
    | { type: 'columnType'; column: string; logicalType?: string; physicalType?: string; format?: string }
    | { type: 'metric'; metric: Metric; expect: Expectation; columns: string[] }
    | { type: 'sql'; query: string; expect: Expectation }
    | { type: 'age'; metric: Metric & { type: 'newest' | 'oldest' }; maxAgeMs: number; promised: string; columns: string[] }
    | { type: 'skip'; reason: string }
    | { type: 'invalid'; reason: string };
}

/** A schema object and the checks it promises. */
export interface ObjectPlan {
  /** Index in `schema`. */
  index: number;
  name: string;
  /** The table, view or file model the engine reads: physicalName, else name. */
  physicalName: string;
  /** Columns the contract names (physical names), in contract order. */
  columns: string[];
  checks: PlannedCheck[];
}

export interface ContractPlan {
  objects: ObjectPlan[];
  /** Checks that belong to no object the engine can read (text/custom at contract level, SLA without element…). */
  other: PlannedCheck[];
}

export interface ColumnInfo {
  name: string;
  /** The engine's type name, upper-case, e.g. `BIGINT`, `TIMESTAMP WITH TIME ZONE`, `VARCHAR`. */
  type: string;
}

export interface ObjectDescription {
  columns: ColumnInfo[];
}

/**
 * A data platform as `meshgate test` needs it. Implementations live in bot/platform (DuckDB,
 * PostgreSQL); anything that can describe a table and run SQL can be added without touching the checks.
 */
export interface DataEngine {
  readonly dialect: Dialect;
  /** The columns of an object, or null when it does not exist. */
  describe(object: string): Promise<ObjectDescription | null>;
  /** The object as SQL names it (quoted, schema-qualified as the server says). */
  relation(object: string): string;
  /** Runs a query the planner wrote; one row of named values back. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Runs a contract's own query so that it cannot change data (read-only transaction, rolled back). */
  queryReadOnly(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface CheckResult {
  id: string;
  kind: CheckKind;
  object: string;
  property?: string;
  status: CheckStatus;
  expected: string;
  actual: string;
  message: string;
  file: string;
  line: number;
  column: number;
  /** JSON Pointer of the promise. */
  path: string;
}

export interface Summary {
  checks: number;
  passed: number;
  failed: number;
  warnings: number;
  errors: number;
  skipped: number;
}

/** One contract tested on one server. */
export interface ContractRun {
  contract: string;
  file: string;
  server: string;
  serverType: string;
  startedAt: string;
  finishedAt: string;
  checks: CheckResult[];
  summary: Summary;
  /** How many queries the engine ran, by what for; what the note and the benchmark report. */
  queries: { scans: number; sql: number; describe: number };
}
