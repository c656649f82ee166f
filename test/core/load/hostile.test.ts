import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMesh } from '../../../bot/core/load/mesh.ts';
import { loadMeshFromDirectory } from '../../../bot/sources/directory.ts';
import { validateMesh } from '../../../bot/core/validate/mesh.ts';
import type { SourceFile } from '../../../bot/core/model.ts';
import { hostileCases } from '../../fixtures/hostile.ts';
import { smallMesh } from '../../fixtures/meshes/small.ts';

const asSource = (c: (typeof hostileCases)[number]): SourceFile =>
  c.content === 'link' ? { path: c.path, link: true } : { path: c.path, content: c.content };

describe('hostile input', () => {
  it('has at least 20 cases', () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(20);
  });

  for (const c of hostileCases) {
    it(`reports ${c.name} as ${c.code} at line ${c.line}`, () => {
      const findings = validateMesh(loadMesh([asSource(c)]));
      expect(findings.find((f) => f.code === c.code)).toMatchObject({ file: c.path, line: c.line });
      for (const f of findings) expect(f.message.length).toBeGreaterThan(10);
    });
  }

  it('loads the good files next to every hostile one', () => {
    const files = [...Object.entries(smallMesh).map(([path, content]) => ({ path, content })), ...hostileCases.map(asSource)];
    const mesh = loadMesh(files);
    expect(mesh.byKind.DataContract.size).toBe(2);
    expect(mesh.byKind.DataProduct.size).toBe(2);
    const codes = new Set(validateMesh(mesh).map((f) => f.code));
    for (const c of hostileCases) expect(codes).toContain(c.code);
  });

  it('leaves Object.prototype untouched', () => {
    loadMesh(hostileCases.map(asSource));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  describe('from a directory', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'meshgate-hostile-'));
      for (const c of hostileCases) {
        const target = join(root, c.path);
        await mkdir(dirname(target), { recursive: true });
        if (c.content === 'link') await symlink('/etc/passwd', target);
        else await writeFile(target, c.content);
      }
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('reports a symbolic link without following it', async () => {
      const mesh = await loadMeshFromDirectory(root);
      expect(mesh.findings.find((f) => f.file === 'catalog/h17/domain.yaml')).toMatchObject({ code: 'file.link' });
      expect([...mesh.texts.values()].some((t) => t.includes('root:'))).toBe(false);
    });
  });
});
