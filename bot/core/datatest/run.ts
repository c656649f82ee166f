/**
 * Runs a contract's plan on one engine and turns the numbers into results, each placed at the
 * contract line that made the promise. The engine is an interface (types.ts), as PullContext is
 * for the review: this module does no I/O of its own, and tests drive it with DuckDB, PostgreSQL or a fake.
 */
import type { DataContract } from '../kinds/data-contract.ts';
import { locateInText } from '../findings/positions.ts';
import { describeExpectation, meets, planContract } from './plan.ts';
import { fillPlaceholders, renderMetric, scanQuery } from './sql.ts';
import { typeCompatible, typeFamily } from './type-compat.ts';
import type { CheckResult, CheckStatus, ContractRun, DataEngine, Expectation, Metric, ObjectPlan, PlannedCheck, Summary } from './types.ts';

export interface TestTarget {
  contract: DataContract;
  /** Where the contract was read from (shown in results), and its text (to place them). */
  file: string;
  text?: string;
  server: { name: string; type: string; index: number };
}

/** How the runner gets an engine: one, or why there is none (the checks are then skipped or errors). */
export type EngineOpening =
  | { engine: DataEngine }
  | { unsupported: string }
  | { error: string };

/** A plain number from what drivers return: bigint (DuckDB), numeric strings (pg), booleans. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (value !== null && typeof value === 'object' && 'valueOf' in value) {
    const v = (value as { valueOf(): unknown }).valueOf();
    if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  }
  return undefined;
}

export function duration(ms: number): string {
  const abs = Math.abs(ms);
  const units: [number, string][] = [[365 * 86_400_000, 'y'], [86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  for (const [size, name] of units) if (abs >= size) return `${Math.round((ms / size) * 10) / 10} ${name}`;
  return `${ms} ms`;
}

export function summarize(checks: readonly CheckResult[]): Summary {
  const s: Summary = { checks: checks.length, passed: 0, failed: 0, warnings: 0, errors: 0, skipped: 0 };
  for (const c of checks) {
    if (c.status === 'passed') s.passed++;
    else if (c.status === 'failed') s.failed++;
    else if (c.status === 'warning') s.warnings++;
    else if (c.status === 'error') s.errors++;
    else s.skipped++;
  }
  return s;
}

interface Pending {
  check: PlannedCheck;
  status?: CheckStatus;
  expected?: string;
  actual?: string;
  message?: string;
}

function columnIndex(columns: { name: string; type: string }[]): (name: string) => { name: string; type: string } | undefined {
  const exact = new Map(columns.map((c) => [c.name, c]));
  const folded = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  return (name) => exact.get(name) ?? folded.get(name.toLowerCase());
}

const expectedOf = (check: PlannedCheck): string => {
  const how = check.how;
  if (how.type === 'metric' || how.type === 'sql') return describeExpectation(how.expect);
  if (how.type === 'age') return `${check.kind === 'sla' && how.metric.type === 'oldest' ? 'oldest' : 'newest'} value ≤ ${how.promised} old`;
  return check.description;
};

function judge(p: Pending, ok: boolean, actual: string, note?: string): void {
  p.status = ok ? 'passed' : p.check.onFailure;
  p.actual = actual;
  p.expected ??= expectedOf(p.check);
  p.message = ok ? (note ?? p.check.description) : `${p.check.description}: expected ${p.expected}, got ${actual}${note ? ` (${note})` : ''}`;
}

function measured(value: number, rowCount: number, e: Expectation): { compared: number; shown: string } {
  if (e.unit !== 'percent') return { compared: value, shown: String(value) };
  const percent = rowCount === 0 ? 0 : (value / rowCount) * 100;
  return { compared: percent, shown: `${Math.round(percent * 100) / 100} % (${value} of ${rowCount} rows)` };
}

async function testObject(object: ObjectPlan, engine: DataEngine, serverName: string, now: number, queries: ContractRun['queries']): Promise<Pending[]> {
  const pending: Pending[] = object.checks.map((check) => ({ check }));
  const skipAll = (status: CheckStatus, message: string, except?: Pending) => {
    for (const p of pending) if (p !== except && !p.status) Object.assign(p, { status, message, expected: expectedOf(p.check), actual: '' });
  };
  let description;
  try {
    queries.describe++;
    description = await engine.describe(object.physicalName);
  } catch (error) {
    skipAll('error', `cannot read ${object.physicalName} on server ${serverName}: ${(error as Error).message}`);
    return pending;
  }
  const existence = pending.find((p) => p.check.kind === 'object')!;
  if (!description) {
    Object.assign(existence, { status: 'failed', expected: `${object.physicalName} exists`, actual: 'not found', message: `${object.physicalName} does not exist on server ${serverName} (name it with physicalName if the table is called otherwise)` });
    skipAll('skipped', `${object.physicalName} does not exist`, existence);
    return pending;
  }
  Object.assign(existence, { status: 'passed', expected: `${object.physicalName} exists`, actual: 'exists', message: `${object.physicalName} exists` });
  const find = columnIndex(description.columns);
  const types = new Map(description.columns.map((c) => [c.name, c.type]));
  // Metric columns are addressed by the table's own spelling of the name.
  const physical = (column: string) => find(column)?.name ?? column;
  const metricChecks: { p: Pending; metric: Metric; expect?: Expectation; maxAgeMs?: number }[] = [];
  const sqlChecks: Pending[] = [];
  for (const p of pending) {
    if (p.status) continue;
    const how = p.check.how;
    switch (how.type) {
      case 'exists': {
        // The extra-columns check: every table column the contract does not name.
        const named = new Set(object.columns.map((c) => c.toLowerCase()));
        const extra = description.columns.filter((c) => !named.has(c.name.toLowerCase())).map((c) => c.name);
        p.expected = 'only the contract\'s columns';
        judge(p, extra.length === 0, extra.length === 0 ? 'none' : extra.join(', '), extra.length ? 'add them to the contract or drop them from the table' : undefined);
        if (extra.length) p.message = `${object.physicalName} has column${extra.length === 1 ? '' : 's'} the contract does not name: ${extra.join(', ')}`;
        break;
      }
      case 'column': {
        const found = find(how.column);
        p.expected = `column ${how.column}`;
        judge(p, !!found, found ? `${found.name} ${found.type}` : 'missing');
        if (!found) p.message = `${object.physicalName} has no column ${how.column}`;
        break;
      }
      case 'columnType': {
        const found = find(how.column);
        if (!found) {
          Object.assign(p, { status: 'skipped', expected: p.check.description, actual: 'missing', message: `column ${how.column} does not exist` });
          break;
        }
        const verdict = typeCompatible(found.type, how.logicalType, how.physicalType, how.format, engine.dialect);
        p.expected = [how.logicalType, how.physicalType].filter(Boolean).join(' / ');
        judge(p, verdict.ok, found.type, verdict.note);
        if (!verdict.ok) p.message = `${how.column}: ${verdict.note}`;
        break;
      }
      case 'metric':
      case 'age': {
        const missing = how.columns.find((c) => !find(c));
        if (missing) {
          Object.assign(p, { status: 'skipped', expected: expectedOf(p.check), actual: '', message: `column ${missing} does not exist` });
          break;
        }
        if (p.check.textOnly && typeFamily(find(how.columns[0])!.type) !== 'string') {
          p.expected = p.check.description;
          judge(p, true, find(how.columns[0])!.type, `kept by the column's type ${find(how.columns[0])!.type}`);
          break;
        }
        const metric = renameColumns(how.metric, physical);
        metricChecks.push(how.type === 'metric' ? { p, metric, expect: how.expect } : { p, metric, maxAgeMs: how.maxAgeMs });
        break;
      }
      case 'sql':
        sqlChecks.push(p);
        break;
      case 'skip':
        Object.assign(p, { status: 'skipped', expected: p.check.description, actual: '', message: how.reason });
        break;
      case 'invalid':
        Object.assign(p, { status: 'error', expected: p.check.description, actual: '', message: how.reason });
        break;
    }
  }
  const relation = engine.relation(object.physicalName);
  if (metricChecks.length > 0) {
    const { sql, aliases } = scanQuery(relation, metricChecks.map((m) => m.metric), engine.dialect, types);
    let row: Record<string, unknown> | undefined;
    try {
      queries.scans++;
      row = (await engine.query(sql))[0];
    } catch (error) {
      for (const { p } of metricChecks) Object.assign(p, { status: 'error', expected: expectedOf(p.check), actual: '', message: `the scan of ${object.physicalName} failed: ${(error as Error).message}` });
    }
    if (row) {
      const rowCount = toNumber(row.m0) ?? 0;
      for (const { p, metric, expect, maxAgeMs } of metricChecks) {
        const raw = row[aliases.get(renderMetric(metric, engine.dialect, types))!];
        if (expect) {
          const value = toNumber(raw) ?? 0;
          const { compared, shown } = measured(value, rowCount, expect);
          judge(p, meets(compared, expect), shown);
        } else {
          const at = toNumber(raw);
          if (at === undefined) judge(p, false, 'no values');
          else judge(p, now - at <= maxAgeMs!, `${duration(now - at)} old (${new Date(at).toISOString()})`);
        }
      }
    }
  }
  for (const p of sqlChecks) {
    const how = p.check.how as Extract<PlannedCheck['how'], { type: 'sql' }>;
    const column = p.check.property ? physical(object.columns.find((c) => c.toLowerCase() === (p.check.property ?? '').toLowerCase()) ?? p.check.property) : undefined;
    try {
      queries.sql++;
      const rows = await engine.queryReadOnly(fillPlaceholders(how.query, relation, column));
      const first = rows[0] ? Object.values(rows[0])[0] : undefined;
      const value = toNumber(first);
      if (value === undefined) Object.assign(p, { status: 'error', expected: expectedOf(p.check), actual: String(first), message: `the query returned ${rows.length === 0 ? 'no rows' : JSON.stringify(String(first))}, not a number or boolean` });
      else judge(p, meets(value, how.expect), String(value));
    } catch (error) {
      Object.assign(p, { status: 'error', expected: expectedOf(p.check), actual: '', message: `the query failed: ${(error as Error).message}` });
    }
  }
  return pending;
}

function renameColumns(metric: Metric, physical: (c: string) => string): Metric {
  switch (metric.type) {
    case 'rowCount': return metric;
    case 'duplicates': return { ...metric, columns: metric.columns.map(physical) };
    case 'newest': case 'oldest': return { ...metric, column: physical(metric.column) };
    case 'count': return { type: 'count', where: JSON.parse(JSON.stringify(metric.where), (k, v) => (k === 'column' ? physical(v) : v)) };
  }
}

function place(target: TestTarget, p: Pending): CheckResult {
  const { line, column } = target.text === undefined ? { line: 1, column: 1 } : locateInText(target.text, p.check.path);
  return {
    id: p.check.id,
    kind: p.check.kind,
    object: p.check.object,
    ...(p.check.property !== undefined ? { property: p.check.property } : {}),
    status: p.status ?? 'error',
    expected: p.expected ?? p.check.description,
    actual: p.actual ?? '',
    message: p.message ?? 'not evaluated',
    file: target.file,
    line,
    column,
    path: p.check.path,
  };
}

/** Tests `target.contract` on its server: every check it promises, one result each. */
export async function testContract(target: TestTarget, opening: EngineOpening, now: () => Date): Promise<ContractRun> {
  const startedAt = now().toISOString();
  const plan = planContract(target.contract);
  const queries = { scans: 0, sql: 0, describe: 0 };
  const pending: Pending[] = [];
  if ('engine' in opening) {
    try {
      for (const object of plan.objects) pending.push(...(await testObject(object, opening.engine, target.server.name, now().getTime(), queries)));
    } finally {
      await opening.engine.close();
    }
  } else {
    const status: CheckStatus = 'unsupported' in opening ? 'skipped' : 'error';
    const message = 'unsupported' in opening ? opening.unsupported : opening.error;
    if ('error' in opening) {
      pending.push({ check: { id: `server.${target.server.name}`, kind: 'server', object: '', path: `/servers/${target.server.index}`, onFailure: 'failed', description: `connect to ${target.server.name}`, how: { type: 'exists' } }, status, expected: 'a connection', actual: 'none', message });
    }
    for (const object of plan.objects) for (const check of object.checks) pending.push({ check, status: 'skipped', expected: expectedOf(check), actual: '', message: 'error' in opening ? `server ${target.server.name} unavailable` : message });
  }
  for (const check of plan.other) {
    const how = check.how;
    pending.push({ check, status: how.type === 'invalid' ? 'error' : 'skipped', expected: check.description, actual: '', message: how.type === 'skip' || how.type === 'invalid' ? how.reason : 'not measured' });
  }
  const checks = pending.map((p) => place(target, p));
  return {
    contract: target.contract.id,
    file: target.file,
    server: target.server.name,
    serverType: target.server.type,
    startedAt,
    finishedAt: now().toISOString(),
    checks,
    summary: summarize(checks),
    queries,
  };
}
