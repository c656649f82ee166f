import { describe, expect, it } from 'vitest';
import { outline } from '../../../bot/core/findings/outline.ts';
import { locateInText } from '../../../bot/core/findings/positions.ts';

const plain = `# a contract
id: x
tags:
- a
- 'b: c'
schema:
  - name: orders
    description: "say \\"hi\\"" # a comment
    properties:
    -   name: a
        quality:
        - mustBe: 0
`;

describe('outline', () => {
  it('reads plain block YAML: quoted scalars, comments, sequences in the column of their key', () => {
    expect(outline(plain)).toBeDefined();
  });

  it('places keys and items where the yaml parse places them', () => {
    expect(locateInText(plain, '/id')).toEqual({ line: 2, column: 1 });
    expect(locateInText(plain, '/tags/1')).toEqual({ line: 5, column: 3 });
    expect(locateInText(plain, '/schema/0/description')).toEqual({ line: 8, column: 5 });
    expect(locateInText(plain, '/schema/0/properties/0/quality/0/mustBe')).toEqual({ line: 12, column: 11 });
    expect(locateInText(plain, '/schema/0/properties/0/missing')).toEqual({ line: 10, column: 9 });
  });

  it.each([
    ['a flow collection', 'tags: [a, b]\n'],
    ['a block scalar', 'description: |\n  text\n'],
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a scalar continued on the next line', 'description: one\n  two\n'],
    ['a quoted scalar continued on the next line', "description: 'one\n  two'\n"],
    ['a key that is not a plain word', '"quoted": 1\n'],
    ['a key the core schema reads as a boolean', 'true: 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['CR line ends', 'a: 1\r\nb: 2\r\n'],
  ])('gives up on %s', (_what, text) => {
    expect(outline(text)).toBeUndefined();
  });

  it('still places what it gives up on, through the yaml parse', () => {
    expect(locateInText('tags: [a, b]\nid: x\n', '/tags/1')).toEqual({ line: 1, column: 11 });
  });
});
