import { describe, expect, it } from 'vitest';
import { generateMesh } from '../../bench/generate.ts';
import { changeOneContract } from '../../bench/review-eval.ts';
import { loadMesh } from '../../bot/core/load/mesh.ts';
import { validateMesh } from '../../bot/core/validate/mesh.ts';

describe('the pull request the review benchmark evaluates', () => {
  const files = [...generateMesh({ products: 50, seed: 42 })].map(([path, content]) => ({ path, content }));
  const base = loadMesh(files);
  const pr = changeOneContract(files, base);

  it('changes exactly one file, a contract that an access grant reaches', () => {
    const changed = pr.files.filter((f, i) => f.content !== files[i].content).map((f) => f.path);
    expect(changed).toEqual([pr.changed]);
    expect(pr.changed).toMatch(/\.contract\.yaml$/);
    const contract = [...base.byKind.DataContract.values()].find((c) => c.file === pr.changed)!;
    const granted = [...base.byKind.AccessGrant.values()].map((g) => {
      const product = typeof g.doc.dataProduct === 'string' ? base.byKind.DataProduct.get(g.doc.dataProduct) : undefined;
      return product?.valid ? product.doc.outputPorts?.find((p) => p.name === g.doc.outputPort)?.contractId : undefined;
    });
    expect(granted).toContain(contract.id);
  });

  it('leaves the mesh valid', () => {
    const head = loadMesh(pr.files);
    expect(validateMesh(head).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
