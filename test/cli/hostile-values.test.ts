/**
 * `meshgate validate` on the hostile site mesh (test/fixtures/meshes/hostile-site.ts): every
 * hostile value is an error at its own line, through the kinds' schemas.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileValues, writeHostileSite } from '../fixtures/meshes/hostile-site.ts';
import { meshgate } from './cli-helpers.ts';

let root: string;
let lines: string[];
let code: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'meshgate-hostile-site-'));
  await writeHostileSite(root);
  const result = await meshgate(root, 'validate');
  code = result.code;
  lines = result.stdout.split('\n');
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('meshgate validate on the hostile mesh', () => {
  it('fails', () => {
    expect(code).toBe(1);
  });

  for (const value of hostileValues) {
    it(`reports ${value.name} at ${value.file}:${value.line}`, () => {
      expect(lines.filter((line) => line.startsWith(`${value.file}:${value.line}:`) && line.includes(' error schema '))).toHaveLength(1);
    });
  }

  it('says what an id may hold', () => {
    expect(lines).toContain(
      'catalog/checkout/dotdot/product.yaml:3:1: error schema id must be an id: lower-case letters, digits, ".", "_" and "-", starting with a letter or digit (ids name the catalog\'s pages and files, so they cannot hold "/", "..", capitals or spaces; write e.g. orders-v1)',
    );
  });

  it('says which URLs the catalog links to', () => {
    expect(lines).toContain(
      'catalog/hostile/domain.yaml:8:3: error schema contact.url is not a URL the catalog links to: only https:, http: and mailto: are (write e.g. https://chat.example.com/channel or mailto:team@example.com)',
    );
  });
});
