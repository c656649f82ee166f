import { describe, expect, it } from 'vitest';
import { locateInText } from '../../../bot/core/findings/positions.ts';

const text = `id: x
schema:
  - name: orders
    properties:
      - name: a
      - name: b
        logicalType: varchar
`;

describe('locateInText', () => {
  it('places a nested instance path at its key', () => {
    expect(locateInText(text, '/schema/0/properties/1/logicalType')).toEqual({ line: 7, column: 9 });
  });

  it('places a sequence item at the item', () => {
    expect(locateInText(text, '/schema/0/properties/1')).toEqual({ line: 6, column: 9 });
  });

  it('stops at the deepest node that exists for a missing field', () => {
    expect(locateInText(text, '/schema/0/properties/0/description')).toEqual({ line: 5, column: 9 });
  });

  it('places the empty path at the start of the document', () => {
    expect(locateInText(text, '')).toEqual({ line: 1, column: 1 });
  });

  it('unescapes JSON Pointer segments', () => {
    expect(locateInText('a/b:\n  c~d: 1\n', '/a~1b/c~0d')).toEqual({ line: 2, column: 3 });
  });
});
