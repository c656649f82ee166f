/**
 * Placeholders are findings: the TODO and your-… values that `meshgate new` and the catalog's
 * Request access prefill leave are errors at their line until replaced.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMesh } from '../../bot/core/load/mesh.ts';
import { readDirectory } from '../../bot/sources/directory.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { portRequest } from '../../site/src/lib/product.ts';
import { meshgate, writeTree } from './cli-helpers.ts';

const REPO = join(import.meta.dirname, '../..');
let demo: Record<string, string | Uint8Array>;

beforeAll(async () => {
  demo = {};
  for (const file of await readDirectory(REPO, ['catalog', 'policies'])) if (file.content !== undefined) demo[file.path] = file.content;
});

describe('placeholders', () => {
  it('a Request access prefill committed as it is fails validate at the team, role, purpose, requester and id', async () => {
    const mesh = loadMesh(Object.entries(demo).map(([path, content]) => ({ path, content })));
    const catalog = buildCatalog({ snapshot: mesh, findings: [], evaluations: [], today: '2026-12-05', repository: { url: 'https://github.com/acme-shop/data-mesh', branch: 'main' } });
    const request = portRequest(catalog, catalog.productById.get('checkout-orders')!, 'orders')!;
    const root = await writeTree({ ...demo, [request.filename]: request.yaml });
    const { code, stdout } = await meshgate(root, 'validate', '--format', 'json');
    expect(code).toBe(1);
    const placeholders = (JSON.parse(stdout).findings as { file: string; path: string; code: string; severity: string }[])
      .filter((f) => f.file === request.filename && f.code.startsWith('placeholder.'))
      .map((f) => `${f.severity} ${f.code} ${f.path}`);
    expect(placeholders.sort()).toEqual([
      'error placeholder.todo /purpose',
      'error placeholder.your /consumer/team',
      'error placeholder.your /id',
      'error placeholder.your /requestedBy',
      'error placeholder.your /role',
    ]);
  });

  it('meshgate lint reports a TODO left in a domain at its line', async () => {
    const root = await writeTree({ 'domain.yaml': 'apiVersion: meshgate/v1\nkind: Domain\nid: loyalty\nname: Loyalty\ntype: source-aligned\ndescription: "TODO: what the domain does."\nowners: ["@acme/loyalty"]\n' });
    const { code, stdout } = await meshgate(root, 'lint', 'domain.yaml');
    expect(code).toBe(1);
    expect(stdout).toContain('domain.yaml:6:1: error placeholder.todo `description` is still a TODO placeholder: "TODO: what the domain does."');
  });

  it('a word that merely contains "your" or "todo" is not a placeholder', async () => {
    const root = await writeTree({ 'domain.yaml': 'apiVersion: meshgate/v1\nkind: Domain\nid: loyalty\nname: Loyalty\ntype: source-aligned\ndescription: Points for yourself; the todo-list team\'s data.\nowners: ["@acme/loyalty"]\n' });
    const { code } = await meshgate(root, 'lint', 'domain.yaml');
    expect(code).toBe(0);
  });
});
