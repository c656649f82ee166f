/** Breaking changes in what ODCS v3.2.0 adds: enumerations, maps, measures and dimensions. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { DataContract, SchemaProperty } from '../../../bot/core/kinds/data-contract.ts';
import { compareContracts } from '../../../bot/core/review/breaking-changes.ts';

const base: DataContract = {
  apiVersion: 'v3.2.0',
  kind: 'DataContract',
  id: 'orders-v3',
  version: '3.0.0',
  schema: [
    {
      name: 'orders',
      synonyms: [{ synonym: 'purchases' }],
      properties: [
        { name: 'status', logicalType: 'string', enum: [{ value: 'placed', label: 'Placed' }, { value: 'shipped', label: 'Shipped' }, { value: 'cancelled' }] },
        { name: 'attributes', logicalType: 'map', map: { key: { logicalType: 'string' }, value: { logicalType: 'integer', physicalType: 'INT' } } },
        { name: 'amount', logicalType: 'number' },
        { name: 'country', logicalType: 'string', semanticType: 'dimension' },
        { name: 'revenue', logicalType: 'number', semanticType: 'measure', transformLogic: 'SUM(amount)' },
      ],
    },
  ],
};

let head: DataContract;
const prop = (name: string): SchemaProperty => head.schema![0].properties!.find((p) => p.name === name)!;
const changes = () => compareContracts(base, head).map((d) => `${d.severity} ${d.path}: ${d.reason}`);

beforeEach(() => {
  head = structuredClone(base);
});

describe('compareContracts on ODCS v3.2.0 fields', () => {
  it('finds nothing when the contract is unchanged', () => {
    expect(changes()).toEqual([]);
  });

  it('breaks when an enum value is removed', () => {
    prop('status').enum = prop('status').enum!.filter((v) => v.value !== 'shipped');
    expect(changes()).toEqual([
      'error /schema/0/properties/0/enum: allowed values of `orders.status` no longer include `shipped`: consumers matching on them break',
    ]);
  });

  it('accepts an enum value added, and labels and descriptions changed', () => {
    prop('status').enum!.push({ value: 'returned' });
    prop('status').enum![0].label = 'Order placed';
    prop('status').enum![2].description = 'By the customer or the shop.';
    expect(changes()).toEqual([]);
  });

  it('breaks when a property gains an enum', () => {
    prop('amount').enum = [{ value: 1 }, { value: 2 }];
    expect(changes()).toEqual(['error /schema/0/properties/2/enum: `orders.amount` gained an enum (1, 2): other values no longer conform']);
  });

  it('breaks when a map’s key type changes', () => {
    prop('attributes').map!.key.logicalType = 'integer';
    expect(changes()).toEqual(['error /schema/0/properties/1/map/key/logicalType: logicalType of `orders.attributes{key}` changed from string to integer']);
  });

  it('breaks when a map’s value type changes', () => {
    prop('attributes').map!.value.physicalType = 'BIGINT';
    expect(changes()).toEqual(['error /schema/0/properties/1/map/value/physicalType: physicalType of `orders.attributes{value}` changed from INT to BIGINT']);
  });

  it('breaks when a column turns into a measure', () => {
    prop('amount').semanticType = 'measure';
    expect(changes()).toEqual([
      'error /schema/0/properties/2/semanticType: `orders.amount` turned from a column into a measure: it is now an aggregate, and queries reading it as a value per row break',
    ]);
  });

  it('breaks when a measure turns back into a column (semanticType removed)', () => {
    delete prop('revenue').semanticType;
    expect(changes()).toEqual(['error /schema/0/properties/4: `orders.revenue` turned from a measure into a column: queries using it as an aggregate break']);
  });

  it('accepts a dimension turned into a plain column, and synonyms changed', () => {
    prop('country').semanticType = 'column';
    head.schema![0].synonyms = [{ synonym: 'sales' }];
    prop('status').synonyms = [{ synonym: 'order state' }];
    expect(changes()).toEqual([]);
  });
});
