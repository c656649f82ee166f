/**
 * The "Publish a data product" guide, walked as a reader does on the demo mesh: run the
 * `meshgate new` it shows, get the files it says, put its filled-in YAML in them, and validate.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDirectory } from '../../bot/sources/directory.ts';
import { meshgate, writeTree } from '../cli/cli-helpers.ts';

const REPO = join(import.meta.dirname, '../..');
const GUIDE = readFileSync(join(REPO, 'site/src/content/guides/publish-a-data-product.mdx'), 'utf8');
const blocks = (lang: string) => [...GUIDE.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((m) => m[1]);

describe('the Publish a data product guide', () => {
  it('its meshgate new prints what the guide shows, and its filled-in files pass validate', async () => {
    const demo: Record<string, string | Uint8Array> = {};
    for (const file of await readDirectory(REPO, ['catalog', 'policies'])) if (file.content !== undefined) demo[file.path] = file.content;
    const root = await writeTree(demo);
    const command = blocks('').find((b) => b.includes('meshgate new product'))!;
    const args = /npx meshgate (new product .*)$/m.exec(command)![1].split(' ');
    const { stdout } = await meshgate(root, ...args);
    expect(blocks('')).toContain(stdout);
    const [product, contract] = blocks('yaml');
    const paths = [...stdout.matchAll(/^created (\S+)/gm)].map((m) => m[1]);
    await writeFile(join(root, paths.find((p) => p.endsWith('product.yaml'))!), product);
    await writeFile(join(root, paths.find((p) => p.endsWith('.contract.yaml'))!), contract);
    const validate = await meshgate(root, 'validate');
    expect(validate.stdout).toMatch(/^0 errors, /m);
  });

  it('says how personal data is marked in the demo’s classification scheme', () => {
    expect(GUIDE).toContain('tag the column `pii` and classify it `restricted`');
    const [, contract] = blocks('yaml');
    expect(contract).toMatch(/classification: restricted\n\s+tags: \[pii\]/);
  });
});
