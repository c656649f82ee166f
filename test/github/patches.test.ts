/**
 * Rebuilding a pull request's head from its base and GitHub's file list: each case starts from a
 * small base, changes one thing, and checks the rebuilt files — or that the app is told to fall
 * back to the head tarball, with a reason, whenever the result could be wrong.
 */
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../bot/core/model.ts';
import { applyPatch, applyPullFiles, PULL_FILES_LIMIT, type PatchedHead } from '../../bot/github/patches.ts';
import { HEAD2_SHA, HEAD_SHA, diffEntryBase, pullFiles, unifiedDiff, type DiffEntry } from './helpers.ts';

const GRANT = 'catalog/checkout/orders/access/marketing.yaml';
const PRODUCT = 'catalog/checkout/orders/product.yaml';

const product = Array.from({ length: 20 }, (_, i) => `field${i}: value ${i}\n`).join('');
const base: Record<string, string> = {
  [PRODUCT]: product,
  [GRANT]: 'apiVersion: meshgate/v1\nkind: AccessGrant\nid: marketing\n',
  'catalog/checkout/README.md': '# Checkout\n',
  'package.json': '{ "name": "mesh" }\n',
};

const sources = (files: Record<string, string>): SourceFile[] => Object.entries(files).map(([path, text]) => ({ path, content: new TextEncoder().encode(text) }));

/** The rebuilt head as path → text, or the reason it could not be rebuilt. */
function rebuild(from: Record<string, string>, files: Array<Partial<DiffEntry>>, headSha = HEAD_SHA): Record<string, string> | string {
  const result: PatchedHead = applyPullFiles(sources(from), files as DiffEntry[], { headSha });
  if (!result.ok) return result.reason;
  return Object.fromEntries(result.files.map((f) => [f.path, typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content)]));
}

/** Base and head as GitHub would list them, rebuilt: equals `head` when it works. */
const roundTrip = (from: Record<string, string>, head: Record<string, string | null>, context: number | 'whole' = 'whole') => rebuild(from, pullFiles(from, head, { context }));

describe('the head rebuilt from the file list', () => {
  it('a modified file gets its patched content', () => {
    const head = { ...base, [GRANT]: base[GRANT] + 'purpose: campaigns\n' };
    expect(roundTrip(base, head)).toEqual(head);
  });

  it('a hunk with three lines of context, as GitHub sends it, applies in the middle of a file', () => {
    const head = { ...base, [PRODUCT]: product.replace('field9: value 9\n', 'field9: value nine\n').replace('field15: value 15\n', '') };
    const [entry] = pullFiles(base, head, { context: 3 });
    expect(entry.patch).toBe(
      '@@ -7,13 +7,12 @@\n field6: value 6\n field7: value 7\n field8: value 8\n-field9: value 9\n+field9: value nine\n field10: value 10\n field11: value 11\n field12: value 12\n field13: value 13\n field14: value 14\n-field15: value 15\n field16: value 16\n field17: value 17\n field18: value 18',
    );
    expect(rebuild(base, [entry])).toEqual(head);
  });

  it('two hunks far apart both apply', () => {
    const head = { ...base, [PRODUCT]: product.replace('field1: value 1\n', 'field1: one\n').replace('field18: value 18\n', 'field18: eighteen\n') };
    const [entry] = pullFiles(base, head, { context: 3 });
    expect(entry.patch!.match(/^@@/gm)).toHaveLength(2);
    expect(rebuild(base, [entry])).toEqual(head);
  });

  it('an added file is created from its patch', () => {
    const head = { ...base, 'catalog/checkout/orders/access/ml.yaml': 'apiVersion: meshgate/v1\nkind: AccessGrant\nid: ml\n' };
    const files = pullFiles(base, head);
    expect(files[0].patch).toMatch(/^@@ -0,0 \+1,3 @@\n/);
    expect(roundTrip(base, head)).toEqual(head);
  });

  it('a removed file is gone from the head', () => {
    const { [GRANT]: _gone, ...head } = base;
    expect(roundTrip(base, { ...base, [GRANT]: null, [PRODUCT]: product + 'x: y\n' })).toEqual({ ...head, [PRODUCT]: product + 'x: y\n' });
  });

  it('a pure rename, which GitHub lists without a patch, moves the file', () => {
    const to = 'catalog/checkout/orders/access/marketing-2027.yaml';
    const { [GRANT]: text, ...rest } = base;
    expect(rebuild(base, [{ ...diffEntryBase(to, text), status: 'renamed', previous_filename: GRANT }])).toEqual({ ...rest, [to]: text });
  });

  it('a rename with an edit moves the file, then applies the patch', () => {
    const to = 'catalog/checkout/orders/access/marketing-2027.yaml';
    const { [GRANT]: text, ...rest } = base;
    const edited = text.replace('id: marketing', 'id: marketing-2027');
    const entry = { ...diffEntryBase(to, edited), status: 'renamed' as const, previous_filename: GRANT, patch: unifiedDiff(text, edited, 3) };
    expect(rebuild(base, [entry])).toEqual({ ...rest, [to]: edited });
  });

  it('a rename and a new file under the old name both land', () => {
    const to = 'catalog/checkout/orders/access/marketing-2027.yaml';
    const fresh = 'apiVersion: meshgate/v1\nkind: AccessGrant\nid: marketing-new\n';
    const files = [
      { ...diffEntryBase(GRANT, fresh), status: 'added' as const, patch: unifiedDiff('', fresh) },
      { ...diffEntryBase(to, base[GRANT]), status: 'renamed' as const, previous_filename: GRANT },
    ];
    expect(rebuild(base, files)).toEqual({ ...base, [GRANT]: fresh, [to]: base[GRANT] });
  });

  it('a copied file keeps its source', () => {
    const to = 'catalog/checkout/orders/access/copy.yaml';
    expect(rebuild(base, [{ ...diffEntryBase(to, base[GRANT]), status: 'copied', previous_filename: GRANT }])).toEqual({ ...base, [to]: base[GRANT] });
  });

  it('"No newline at end of file" on either side is honoured', () => {
    const noEol = { ...base, [GRANT]: 'apiVersion: meshgate/v1\nkind: AccessGrant\nid: marketing' };
    const patch = pullFiles(base, noEol, { context: 3 })[0].patch!;
    expect(patch).toContain('\n\\ No newline at end of file');
    expect(rebuild(base, pullFiles(base, noEol, { context: 3 }))).toEqual(noEol);
    expect(roundTrip(noEol, { ...noEol, [GRANT]: noEol[GRANT] + '\npurpose: campaigns' }, 3)).toEqual({ ...noEol, [GRANT]: noEol[GRANT] + '\npurpose: campaigns' });
  });

  it('a CRLF file keeps its line endings', () => {
    const crlf = { ...base, [GRANT]: 'apiVersion: meshgate/v1\r\nkind: AccessGrant\r\nid: marketing\r\n' };
    const head = { ...crlf, [GRANT]: crlf[GRANT] + 'purpose: campaigns\r\n' };
    expect(roundTrip(crlf, head, 3)).toEqual(head);
  });

  it('an empty file, which GitHub lists without a patch, is added empty', () => {
    const empty = 'catalog/checkout/orders/access/empty.yaml';
    expect(rebuild(base, [{ ...diffEntryBase(empty, ''), status: 'added' }])).toEqual({ ...base, [empty]: '' });
  });

  it("a removed file's entry may name another commit when another entry names the head", () => {
    const [removed] = pullFiles(base, { ...base, [GRANT]: null });
    const [modified] = pullFiles(base, { ...base, [PRODUCT]: product + 'x: y\n' });
    const { [GRANT]: _gone, ...rest } = base;
    expect(rebuild(base, [removed, modified])).toEqual({ ...rest, [PRODUCT]: product + 'x: y\n' });
  });

  it('a changed path outside the files the loader reads is kept by name, with content that differs from the base', () => {
    const result = rebuild(base, [{ ...diffEntryBase('package.json', '{ "name": "other" }\n'), status: 'modified' }]) as Record<string, string>;
    expect(Object.keys(result).sort()).toEqual(Object.keys(base).sort());
    expect(result['package.json']).not.toBe(base['package.json']);
  });

  it('a binary file added under catalog/ without a patch is kept by name', () => {
    const result = rebuild(base, [{ ...diffEntryBase('catalog/checkout/diagram.png', '\u0089PNG'), status: 'added' }]);
    expect(Object.keys(result)).toContain('catalog/checkout/diagram.png');
  });
});

describe('when the head cannot be rebuilt exactly, the reason', () => {
  it('a file the loader reads without a patch (binary or too large)', () => {
    const head = { ...base, [PRODUCT]: product + 'extra: line\n' };
    const [entry] = pullFiles(base, head);
    delete entry.patch;
    expect(rebuild(base, [entry])).toBe(`GitHub sent no patch for \`${PRODUCT}\` (a binary file or a large diff)`);
  });

  it('a product README without a patch', () => {
    const [entry] = pullFiles(base, { ...base, 'catalog/checkout/README.md': '# Checkout\n\nMore.\n' });
    delete entry.patch;
    expect(rebuild(base, [entry])).toMatch(/^GitHub sent no patch for `catalog\/checkout\/README.md`/);
  });

  it('a hunk whose context no longer matches the base (the base branch changed the same lines)', () => {
    const head = { ...base, [PRODUCT]: product.replace('field9: value 9\n', 'field9: value nine\n') };
    const files = pullFiles(base, head, { context: 3 });
    const moved = { ...base, [PRODUCT]: product.replace('field8: value 8\n', 'field8: changed on main\n') };
    expect(rebuild(moved, files)).toBe(`the patch of \`${PRODUCT}\` does not apply to the base: line 9 of the base differs from hunk 1`);
  });

  it('a hunk that matches only at another line is not moved there', () => {
    const head = { ...base, [PRODUCT]: product.replace('field9: value 9\n', 'field9: value nine\n') };
    const files = pullFiles(base, head, { context: 3 });
    const shifted = { ...base, [PRODUCT]: 'added: on main\n' + product };
    expect(rebuild(shifted, files)).toMatch(/^the patch of `catalog\/checkout\/orders\/product.yaml` does not apply to the base: line \d+ of the base differs/);
  });

  it('a file the base branch changed outside the hunks (the bytes would not be the pushed file)', () => {
    const head = { ...base, [PRODUCT]: product.replace('field1: value 1\n', 'field1: one\n') };
    const files = pullFiles(base, head, { context: 3 });
    const later = { ...base, [PRODUCT]: product.replace('field18: value 18\n', 'field18: on main\n') };
    expect(rebuild(later, files)).toMatch(/rebuilt from the base and its patch is not the file that was pushed/);
  });

  it(`a list of ${PULL_FILES_LIMIT} files, where GitHub stops listing`, () => {
    const files = Array.from({ length: PULL_FILES_LIMIT }, (_, i) => ({ ...diffEntryBase(`docs/f${i}.md`, 'x'), status: 'added' as const, patch: '@@ -0,0 +1 @@\n+x' }));
    expect(rebuild(base, files)).toBe(`the pull request lists ${PULL_FILES_LIMIT} files, GitHub's limit, so the list may be cut short`);
  });

  it('a list GitHub computed for another push of the branch', () => {
    const files = pullFiles(base, { ...base, [GRANT]: null, [PRODUCT]: product + 'x: y\n' }, { headSha: HEAD2_SHA });
    expect(rebuild(base, files, HEAD_SHA)).toMatch(/^the entry for `catalog\/checkout\/orders\/product.yaml` does not name the head commit 8a9f1b3/);
  });

  it('a list of removals only (a revocation), whose entries name the commit before the removal', () => {
    expect(rebuild(base, pullFiles(base, { ...base, [GRANT]: null }))).toBe('no entry names the head commit 8a9f1b3');
  });

  it('an empty list, which cannot be tied to the head commit', () => {
    expect(rebuild(base, [])).toBe('the file list is empty, so nothing ties it to the head commit');
  });

  it('an added file the base already has', () => {
    const entry = { ...diffEntryBase(GRANT, 'id: x\n'), status: 'added' as const, patch: '@@ -0,0 +1 @@\n+id: x' };
    expect(rebuild(base, [entry])).toBe(`\`${GRANT}\` is added, but the base already has it`);
  });

  it('a modified file the base no longer has', () => {
    const [entry] = pullFiles(base, { ...base, [GRANT]: 'id: x\n' });
    const { [GRANT]: _gone, ...without } = base;
    expect(rebuild(without, [entry])).toBe(`\`${GRANT}\` is modified, which the base does not have`);
  });

  it('a modified file that is a link in the base', () => {
    const [entry] = pullFiles(base, { ...base, [GRANT]: 'id: x\n' });
    const result = applyPullFiles([...sources(base).filter((f) => f.path !== GRANT), { path: GRANT, link: true }], [entry], { headSha: HEAD_SHA });
    expect(result).toEqual({ ok: false, reason: `\`${GRANT}\` in the base is a link or not UTF-8 text` });
  });

  it('a file whose type changed (status "changed")', () => {
    expect(rebuild(base, [{ ...diffEntryBase(GRANT, '../x.yaml'), status: 'changed' }])).toMatch(/has status `changed`/);
  });
});

describe('applyPatch', () => {
  it('refuses a hunk with fewer lines than its header says', () => {
    expect(applyPatch('a\nb\n', '@@ -1,2 +1,2 @@\n-a\n+c')).toEqual({ reason: 'hunk 1 ends before its 2 old and 2 new lines' });
  });

  it('refuses text before the first hunk', () => {
    expect(applyPatch('a\n', 'diff --git a/x b/x\n@@ -1 +1 @@\n-a\n+b')).toEqual({ reason: 'line 1 of the patch is not a hunk header' });
  });
});
