import { describe, expect, it } from 'vitest';
import { parseGitLog } from '../../site/src/lib/history.ts';

describe('parseGitLog', () => {
  it('keeps the newest date of each path (git log lists newest first)', () => {
    const output = [
      '\u00002026-11-20T10:00:00+00:00',
      '',
      'catalog/a/product.yaml',
      'catalog/a/c.contract.yaml',
      '\u00002026-11-01T10:00:00+00:00',
      '',
      'catalog/a/product.yaml',
      'catalog/b/product.yaml',
      '',
    ].join('\n');
    expect(parseGitLog(output)).toEqual(
      new Map([
        ['catalog/a/product.yaml', '2026-11-20T10:00:00+00:00'],
        ['catalog/a/c.contract.yaml', '2026-11-20T10:00:00+00:00'],
        ['catalog/b/product.yaml', '2026-11-01T10:00:00+00:00'],
      ]),
    );
  });

  it('returns nothing for an empty log', () => {
    expect(parseGitLog('')).toEqual(new Map());
  });
});
