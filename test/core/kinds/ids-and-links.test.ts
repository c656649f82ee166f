import { describe, expect, it } from 'vitest';
import { KIND_INFO } from '../../../bot/core/kinds/index.ts';
import { createAjv } from '../../../bot/core/kinds/ajv.ts';
import type { Kind } from '../../../bot/core/model.ts';

type Schema = { properties: Record<string, { $ref?: string; pattern?: string }>; $defs: Record<string, { pattern?: string; maxLength?: number }> };
const schemaOf = (kind: Kind) => KIND_INFO[kind].schema as Schema;
const kinds = Object.keys(KIND_INFO) as Kind[];

/** The `$defs/Id` of a kind, checked to be what its `id` refers to. */
function idSchema(kind: Kind) {
  const schema = schemaOf(kind);
  expect(schema.properties.id.$ref).toBe('#/$defs/Id');
  return schema.$defs.Id;
}

describe('one id pattern for every kind', () => {
  it('is the same for all six kinds', () => {
    const patterns = new Set(kinds.map((kind) => `${idSchema(kind).pattern} ${idSchema(kind).maxLength}`));
    expect([...patterns]).toEqual(['^[a-z0-9][a-z0-9._-]*$ 128']);
  });

  const validate = createAjv().compile(idSchema('DataProduct'));
  it.each(['orders', 'orders-v1', 'a.b_c', '53581432-6c55-4ba2-a65f-72344a91553a'])('takes %s', (id) => {
    expect(validate(id)).toBe(true);
  });
  it.each(['.', '..', '../../x', 'a/b', 'a\\b', 'Orders', 'a b', '', '-x', '_x', 'x'.repeat(129)])('refuses %j', (id) => {
    expect(validate(id)).toBe(false);
  });
});

describe('URLs the catalog links to', () => {
  const link = createAjv().compile(schemaOf('DataProduct').$defs.LinkUrl);
  it('is the same definition in products and contracts', () => {
    expect(schemaOf('DataContract').$defs.LinkUrl).toEqual(schemaOf('DataProduct').$defs.LinkUrl);
  });
  it.each(['https://chat.example.com/x', 'HTTP://example.com', 'mailto:team@example.com'])('takes %s', (url) => {
    expect(link(url)).toBe(true);
  });
  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//example.com', 'example.com'])('refuses %j', (url) => {
    expect(link(url)).toBe(false);
  });
});
