import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataContract } from '../../bot/core/kinds/data-contract.ts';
import { contractHistories, contractVersions, gitLog, parseGitLog } from '../../site/src/lib/history.ts';

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
    expect(parseGitLog(output).changed).toEqual(
      new Map([
        ['catalog/a/product.yaml', '2026-11-20T10:00:00+00:00'],
        ['catalog/a/c.contract.yaml', '2026-11-20T10:00:00+00:00'],
        ['catalog/b/product.yaml', '2026-11-01T10:00:00+00:00'],
      ]),
    );
  });

  it('reads each commit’s blob of a file from a --raw log, and a deletion as no blob', () => {
    const blob = (c: string) => c.repeat(40);
    const output = [
      `\u0000${'2'.repeat(40)} 2026-11-20T10:00:00+00:00`,
      '',
      `:100644 000000 ${blob('a')} ${blob('0')} D\tcatalog/a/c.contract.yaml`,
      `\u0000${'1'.repeat(40)} 2026-11-01T10:00:00+00:00`,
      '',
      `:000000 100644 ${blob('0')} ${blob('a')} A\tcatalog/a/c.contract.yaml`,
      '',
    ].join('\n');
    expect(parseGitLog(output).revisions.get('catalog/a/c.contract.yaml')).toEqual([
      { commit: '2'.repeat(40), date: '2026-11-20T10:00:00+00:00', blob: undefined },
      { commit: '1'.repeat(40), date: '2026-11-01T10:00:00+00:00', blob: blob('a') },
    ]);
  });

  it('returns nothing for an empty log', () => {
    expect(parseGitLog('')).toEqual({ changed: new Map(), revisions: new Map() });
  });
});

const FILE = 'catalog/checkout/orders/orders-v1.contract.yaml';
const contractYaml = (version: string, properties: string[]) =>
  [
    'apiVersion: v3.0.2',
    'kind: DataContract',
    'id: orders-v1',
    `version: ${version}`,
    'status: active',
    'schema:',
    '  - name: orders',
    '    properties:',
    ...properties.map((p) => `      - name: ${p}\n        logicalType: string`),
    '',
  ].join('\n');
const docOf = (version: string, properties: string[]): DataContract =>
  ({ apiVersion: 'v3.0.2', kind: 'DataContract', id: 'orders-v1', version, status: 'active', schema: [{ name: 'orders', properties: properties.map((name) => ({ name, logicalType: 'string' })) }] }) as DataContract;

describe('contractVersions', () => {
  const revision = (commit: string, date: string, version: string, properties: string[]) => ({ commit, date, text: contractYaml(version, properties) });

  it('makes consecutive commits of one version a single version, dated by its first commit', () => {
    const versions = contractVersions([revision('c2', '2026-02-01', '1.0.0', ['id', 'email']), revision('c1', '2026-01-01', '1.0.0', ['id'])], docOf('1.0.0', ['id', 'email']));
    expect(versions.map((v) => [v.version, v.date, v.commit])).toEqual([['1.0.0', '2026-01-01', 'c1']]);
  });

  it('lists a removed property as a breaking change of the version that removed it', () => {
    const versions = contractVersions([revision('c2', '2026-02-01', '2.0.0', ['id']), revision('c1', '2026-01-01', '1.0.0', ['id', 'email'])], docOf('2.0.0', ['id']));
    expect(versions.map((v) => v.version)).toEqual(['2.0.0', '1.0.0']);
    expect(versions[0]!.breaking).toEqual([expect.objectContaining({ severity: 'error', reason: expect.stringContaining('email') })]);
    expect(versions[1]!.breaking).toEqual([]);
  });

  it('adds the version in the work tree when it is not committed yet', () => {
    const versions = contractVersions([revision('c1', '2026-01-01', '1.0.0', ['id'])], docOf('1.1.0', ['id', 'email']));
    expect(versions.map((v) => [v.version, v.date])).toEqual([['1.1.0', undefined], ['1.0.0', '2026-01-01']]);
  });

  it('skips a revision that is not a contract', () => {
    const versions = contractVersions([{ commit: 'c2', date: '2026-02-01', text: ': not yaml: [' }, revision('c1', '2026-01-01', '1.0.0', ['id'])], docOf('1.0.0', ['id']));
    expect(versions.map((v) => v.commit)).toEqual(['c1']);
  });
});

describe('contractHistories (a git repository)', () => {
  let root: string;
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  const commit = (version: string, properties: string[], date: string) => {
    writeFileSync(join(root, FILE), contractYaml(version, properties));
    git('add', '-A');
    execFileSync('git', ['-C', root, 'commit', '-qm', version], { env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } });
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'meshgate-history-'));
    git('init', '-q');
    mkdirSync(join(root, 'catalog/checkout/orders'), { recursive: true });
    commit('1.0.0', ['id', 'email'], '2026-01-01T10:00:00Z');
    commit('1.1.0', ['id', 'email', 'total'], '2026-02-01T10:00:00Z');
    commit('2.0.0', ['id', 'total'], '2026-03-01T10:00:00Z');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads every committed version with its date and the breaking changes between them', async () => {
    const log = await gitLog(root);
    const history = (await contractHistories(root, log, [{ file: FILE, doc: docOf('2.0.0', ['id', 'total']) }])).get(FILE)!;
    expect(history.map((v) => [v.version, v.date?.slice(0, 10), v.breaking.length])).toEqual([
      ['2.0.0', '2026-03-01', 1],
      ['1.1.0', '2026-02-01', 0],
      ['1.0.0', '2026-01-01', 0],
    ]);
  });

  it('gives a contract outside git only its current version, undated', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'meshgate-no-git-'));
    try {
      const history = (await contractHistories(outside, await gitLog(outside), [{ file: FILE, doc: docOf('1.0.0', ['id']) }])).get(FILE)!;
      expect(history).toEqual([{ version: '1.0.0', date: undefined, commit: undefined, breaking: [] }]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
