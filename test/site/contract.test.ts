import { describe, expect, it } from 'vitest';
import { classificationBadge, contractClassifications, describeQualityRule, describeSla, flattenProperties, hasSensitiveData } from '../../site/src/lib/contract.ts';

describe('flattenProperties', () => {
  it('lists nested properties under their parent’s dotted path', () => {
    const rows = flattenProperties({
      properties: [
        { name: 'id' },
        { name: 'address', logicalType: 'object', properties: [{ name: 'city' }, { name: 'geo', properties: [{ name: 'lat' }] }] },
        { name: 'lines', logicalType: 'array', items: { name: 'line', properties: [{ name: 'sku' }] } },
      ],
    });
    expect(rows.map((r) => [r.path, r.depth])).toEqual([
      ['id', 0], ['address', 0], ['address.city', 1], ['address.geo', 1], ['address.geo.lat', 2], ['lines', 0], ['lines[].sku', 1],
    ]);
  });

  it('returns no rows for a schema object without properties', () => {
    expect(flattenProperties({})).toEqual([]);
  });
});

describe('classificationBadge', () => {
  it.each([
    ['pii', 'PII'],
    ['PII', 'PII'],
    ['personal-data', 'PII'],
    ['restricted', 'Restricted'],
    ['confidential', 'Confidential'],
  ])('shows %s as a %s badge', (classification, label) => {
    expect(classificationBadge(classification)?.label).toBe(label);
  });

  it.each(['public', 'internal', undefined])('shows no badge for %s', (classification) => {
    expect(classificationBadge(classification)).toBeUndefined();
  });
});

describe('contractClassifications', () => {
  const contract = {
    apiVersion: 'v3.0.2', kind: 'DataContract' as const, id: 'c', version: '1', status: 'active',
    schema: [{ name: 'o', properties: [{ name: 'a', classification: 'PII' }, { name: 'b', classification: 'public', properties: [{ name: 'c', classification: 'restricted' }] }] }],
  };

  it('collects distinct classifications, nested ones included, in lower case', () => {
    expect(contractClassifications(contract)).toEqual(['pii', 'public', 'restricted']);
  });

  it('reports sensitive data when any property carries a badge', () => {
    expect(hasSensitiveData(contract)).toBe(true);
    expect(hasSensitiveData({ ...contract, schema: [{ name: 'o', properties: [{ name: 'a', classification: 'public' }] }] })).toBe(false);
  });
});

describe('describeQualityRule', () => {
  it('states the metric, the comparison and the description', () => {
    expect(describeQualityRule({ metric: 'rowCount', mustBeGreaterThan: 0, description: 'never empty' })).toBe('rowCount > 0 — never empty');
  });

  it('names a SQL rule without a name a SQL check', () => {
    expect(describeQualityRule({ type: 'sql', query: 'SELECT 1', mustBe: 0 })).toBe('SQL check = 0');
  });

  it('shows ranges', () => {
    expect(describeQualityRule({ metric: 'nullValues', mustBeBetween: [0, 10], unit: 'percent' })).toBe('nullValues between 0 and 10 percent');
  });
});

describe('describeSla', () => {
  it('joins value, unit and element', () => {
    expect(describeSla({ property: 'latency', value: 5, unit: 'm', element: 'orders.ordered_at' })).toBe('latency: 5 m (orders.ordered_at)');
  });
});
