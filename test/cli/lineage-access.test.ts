/**
 * Lineage implies access, walked with `meshgate validate` on the demo mesh: a data product whose
 * input port consumes a contract needs an active access grant for it.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDirectory } from '../../bot/sources/directory.ts';
import { meshgate, writeTree } from './cli-helpers.ts';

const REPO = join(import.meta.dirname, '../..');
let demo: Record<string, string | Uint8Array>;

beforeAll(async () => {
  demo = {};
  for (const file of await readDirectory(REPO, ['catalog', 'policies'])) if (file.content !== undefined) demo[file.path] = file.content;
});

interface JsonFinding { file: string; line: number; severity: string; code: string; message: string }

async function lineageFindings(files: Record<string, string | Uint8Array | null>): Promise<JsonFinding[]> {
  const tree = Object.fromEntries(Object.entries({ ...demo, ...files }).filter((e): e is [string, string | Uint8Array] => e[1] !== null));
  const { stdout } = await meshgate(await writeTree(tree), 'validate', '--format', 'json');
  return (JSON.parse(stdout).findings as JsonFinding[]).filter((f) => f.code === 'lineage.no-grant');
}

const RETURNS_GRANT = 'catalog/shipping/shipments/access/shipping-returns.yaml';
const SEARCH_EVENTS_GRANT = 'catalog/product-search/articles/access/product-search-search-events.yaml';

describe('lineage implies access', () => {
  it('the demo mesh has an active grant for every input port', async () => {
    expect(await lineageFindings({})).toEqual([]);
  });

  it('an input port consuming a contract with restricted data and no grant is an error at the port', async () => {
    expect(await lineageFindings({ [RETURNS_GRANT]: null })).toEqual([
      expect.objectContaining({
        file: 'catalog/shipping/returns/product.yaml',
        line: 19,
        severity: 'error',
        message: 'input port "shipments" consumes "shipping-shipments-v1", which holds restricted data, but no active access grant lets data product "shipping-returns" read it',
      }),
    ]);
  });

  it('without restricted data, the missing grant is a warning', async () => {
    expect(await lineageFindings({ [SEARCH_EVENTS_GRANT]: null })).toEqual([
      expect.objectContaining({ file: 'catalog/product-search/search-events/product.yaml', severity: 'warning' }),
    ]);
  });

  it('an expired grant does not count', async () => {
    const expired = String(demo[RETURNS_GRANT]).replace(/validUntil: .*/, 'validUntil: "2020-01-31"');
    expect(await lineageFindings({ [RETURNS_GRANT]: expired })).toEqual([expect.objectContaining({ file: 'catalog/shipping/returns/product.yaml', severity: 'error' })]);
  });

  it('governance sets the severity (defaults.lineageWithoutGrant)', async () => {
    const governance = String(demo['policies/governance.yaml']).replace('defaults:\n', 'defaults:\n  lineageWithoutGrant: { restricted: warning }\n');
    expect(await lineageFindings({ [RETURNS_GRANT]: null, 'policies/governance.yaml': governance })).toEqual([
      expect.objectContaining({ file: 'catalog/shipping/returns/product.yaml', severity: 'warning' }),
    ]);
  });

  it('a grant to the product’s team, naming no consuming product, counts', async () => {
    const teamOnly = String(demo[RETURNS_GRANT]).replace(/  domain: shipping\n  dataProduct: shipping-returns\n/, '');
    expect(teamOnly).not.toContain('dataProduct: shipping-returns');
    expect(await lineageFindings({ [RETURNS_GRANT]: teamOnly })).toEqual([]);
  });
});
