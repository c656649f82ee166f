import { describe, expect, it } from 'vitest';
import { fieldsRead } from '../../../bot/core/policies/fields-read.ts';

const read = (schema: unknown) => {
  const fields = fieldsRead(schema);
  return fields && [...fields].sort();
};

describe('fieldsRead', () => {
  it('reads the fields a schema names in properties and required', () => {
    expect(read({ required: ['validUntil'], properties: { validUntil: { type: 'string', formatMaximum: '2027-11-30' } } })).toEqual(['validUntil']);
  });

  it('reads the fields of every branch that applies to the same object', () => {
    expect(read({ if: { properties: { role: { const: 'admin' } } }, then: { properties: { $validDays: { maximum: 30 } } }, allOf: [{ required: ['purpose'] }] })).toEqual(['$validDays', 'purpose', 'role']);
  });

  it('reads both sides of a dependentRequired and the fields of a dependent schema', () => {
    expect(read({ dependentRequired: { a: ['b'] }, dependentSchemas: { c: { required: ['d'] } } })).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads nothing for a boolean schema or one of annotations and type only', () => {
    expect(read(true)).toEqual([]);
    expect(read({ type: 'object', title: 't', description: 'd' })).toEqual([]);
  });

  it.each([
    ['a const on the object', { const: { role: 'admin' } }],
    ['an enum of objects', { enum: [{}] }],
    ['additionalProperties', { additionalProperties: false }],
    ['a $ref', { $ref: '#/$defs/x', $defs: { x: { required: ['a'] } } }],
    ['a keyword it does not know', { errorMessage: 'x' }],
    ['the same within not', { not: { minProperties: 3 } }],
  ])('may read any field with %s', (_what, schema) => {
    expect(fieldsRead(schema)).toBeUndefined();
  });
});
