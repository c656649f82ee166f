/**
 * One file with thousands of findings must not crowd the other files out of the check-run summary:
 * at most SUMMARY_FINDINGS_PER_FILE of one file are listed, and a line says how many more it has.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown, SUMMARY_FINDINGS_PER_FILE } from '../../../bot/core/review/render.ts';
import { review } from '../../../bot/core/review/review.ts';
import { baseFiles, changed, edit, load, NOW, PATHS, pull } from './pull.ts';

/** The orders contract with `n` more properties all named `dup`: n - 1 duplicate-property errors in one file. */
function withDuplicates(n: number): Record<string, string | null> {
  return edit(PATHS.ordersContract, '    properties:\n', `    properties:\n${'      - name: dup\n        logicalType: string\n'.repeat(n)}`);
}

describe('summary cap', () => {
  it("a file with 3,000 findings does not push another file's error out of the check-run summary", async () => {
    const head = changed({ ...withDuplicates(3_001), ...edit(PATHS.marketingDomain, /owners:\n.*\n/, 'owners:\n  - "not a principal"\n') });
    const r = await review(load(baseFiles), load(head), pull('mallory'), { now: NOW });
    const summary = renderMarkdown(r);
    const rows = (file: string) => summary.split('\n').filter((l) => l.startsWith('| ❌ | `' + file)).length;
    expect({ contract: rows(PATHS.ordersContract), domain: rows(PATHS.marketingDomain), more: summary.includes(`… 2980 more in \`${PATHS.ordersContract}\``) }).toEqual({
      contract: SUMMARY_FINDINGS_PER_FILE,
      domain: 1,
      more: true,
    });
  }, 120_000);
});
