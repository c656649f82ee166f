import { describe, expect, it } from 'vitest';
import { dateFormatPattern, meets, planContract } from '../../../bot/core/datatest/plan.ts';
import { fillPlaceholders, scanQuery } from '../../../bot/core/datatest/sql.ts';
import type { Metric } from '../../../bot/core/datatest/types.ts';
import type { DataContract } from '../../../bot/core/kinds/data-contract.ts';

const contract = (properties: DataContract['schema'] extends (infer O)[] | undefined ? O extends { properties?: infer P } ? P : never : never): DataContract => ({
  apiVersion: 'v3.1.0', kind: 'DataContract', id: 'c', version: '1.0.0', status: 'active', schema: [{ name: 'orders', properties }],
});

const metricsOf = (c: DataContract): Metric[] =>
  planContract(c).objects[0].checks.flatMap((k) => (k.how.type === 'metric' || k.how.type === 'age' ? [k.how.metric] : []));

describe('planning a contract', () => {
  it('required and a nullValues rule on the same column are computed once in the scan', () => {
    const c = contract([{ name: 'id', required: true, quality: [{ metric: 'nullValues', mustBe: 0 }] }]);
    const { sql } = scanQuery('"orders"', metricsOf(c), 'duckdb', new Map([['id', 'VARCHAR']]));
    expect(sql).toBe('SELECT count(*) AS m0,\n       count(*) FILTER (WHERE "id" IS NULL) AS m1\nFROM "orders"');
  });

  it('a pattern is a regular-expression match in each dialect', () => {
    const c = contract([{ name: 'code', logicalTypeOptions: { pattern: "^[A-Z]'$" } }]);
    const types = new Map([['code', 'VARCHAR']]);
    expect([scanQuery('t', metricsOf(c), 'duckdb', types).sql.split('\n')[1], scanQuery('t', metricsOf(c), 'postgres', types).sql.split('\n')[1]]).toEqual([
      `       count(*) FILTER (WHERE NOT regexp_matches(CAST("code" AS VARCHAR), '^[A-Z]''$')) AS m1`,
      `       count(*) FILTER (WHERE NOT (CAST("code" AS VARCHAR) ~ '^[A-Z]''$')) AS m1`,
    ]);
  });

  it('each check points at its promise', () => {
    const c = contract([{ name: 'id', required: true }]);
    expect(planContract(c).objects[0].checks.map((k) => [k.id, k.path])).toEqual([
      ['orders.exists', '/schema/0'],
      ['orders.id.exists', '/schema/0/properties/0'],
      ['orders.id.required', '/schema/0/properties/0/required'],
      ['orders.extraColumns', '/schema/0/properties'],
    ]);
  });

  it('an SLA element names the object whose scan measures it', () => {
    const c = { ...contract([{ name: 'updated_at', logicalType: 'timestamp' as const }]), slaProperties: [{ property: 'latency', value: 15, unit: 'min', element: 'orders.updated_at' }] };
    expect(planContract(c).objects[0].checks.at(-1)).toMatchObject({ kind: 'sla', path: '/slaProperties/0', how: { type: 'age', maxAgeMs: 900_000, metric: { type: 'newest', column: 'updated_at' } } });
  });
});

describe('SQL helpers', () => {
  it('fills {object}, ${object}, {table}, {property} and {column}', () => {
    expect(fillPlaceholders('SELECT count(*) FROM ${object} JOIN {table} WHERE {property} > 0 AND {column} < 9;', '"s"."t"', 'amount')).toBe(
      'SELECT count(*) FROM "s"."t" JOIN "s"."t" WHERE "amount" > 0 AND "amount" < 9',
    );
  });

  it('turns a Java date format into an anchored pattern', () => {
    expect(dateFormatPattern("yyyy-MM-dd'T'HH:mm:ssZ")).toBe('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}(:?[0-9]{2})?)$');
  });

  it('mustBeBetween excludes its bounds, as ODCS defines it', () => {
    expect([9, 10, 11, 12].map((n) => meets(n, { operator: 'mustBeBetween', value: [10, 12], unit: 'rows' }))).toEqual([false, false, true, false]);
  });
});
