import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPagefind } from '../../site/scripts/build.ts';

describe('runPagefind', () => {
  it('fails with Pagefind’s reason as the cause when there is nothing to index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshgate-pagefind-'));
    try {
      const error = await runPagefind(dir).then(() => undefined, (e: unknown) => e as Error);
      expect(error?.message).toBe('Failed to run Pagefind.');
      expect(String((error?.cause as Error).message)).toMatch(/^no pages to index in /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
