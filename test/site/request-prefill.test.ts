/**
 * The Request access prefill on the demo mesh: for every output port that offers a role, the
 * grant passes the mesh's own checks and policies once the requester has replaced what only they
 * know (team, role, purpose, their user, the id), and until then those placeholders are findings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMesh } from '../../bot/core/load/mesh.ts';
import { readDirectory } from '../../bot/core/load/sources.ts';
import type { MeshSnapshot, SourceFile } from '../../bot/core/model.ts';
import { evaluatePolicies } from '../../bot/core/policies/engine.ts';
import { grantTarget } from '../../bot/core/requests/grant-target.ts';
import { validateMesh } from '../../bot/core/validate/mesh.ts';
import { buildCatalog } from '../../site/src/lib/catalog.ts';
import { portRequest } from '../../site/src/lib/product.ts';

const TODAY = '2026-12-05';
const ROOT = new URL('../../', import.meta.url).pathname;
let files: SourceFile[];
let mesh: MeshSnapshot;

beforeAll(async () => {
  files = await readDirectory(ROOT, ['catalog', 'policies']);
  mesh = loadMesh(files);
}, 60_000);

/** What a requester does: fill in the team, a role the contract offers, the purpose, themselves. */
function filledIn(text: string, role: string): string {
  return text
    .replace(/your-team-/g, 'finance-')
    .replace('"@your-org/your-team"', '"@acme-shop/finance"')
    .replace('role: your-role', `role: ${role}`)
    .replace(/purpose: .*/, 'purpose: Monthly revenue reporting for the finance team.')
    .replace('"@your-github-user"', '"@olga-petrova"');
}

function errorsWith(path: string, text: string): string[] {
  const head = loadMesh([...files, { path, content: text }], { previous: mesh });
  const now = new Date(`${TODAY}T00:00:00Z`);
  return [...validateMesh(head, { now }), ...evaluatePolicies(mesh, head, { findingsOnly: true, now }).findings]
    .filter((f) => f.file === path && f.severity === 'error')
    .map((f) => `${f.code}: ${f.message}`);
}

describe('the Request access prefill on the demo mesh', () => {
  it('once the requester fills in their part, every port’s grant passes the mesh’s checks and policies', () => {
    const catalog = buildCatalog({ snapshot: mesh, findings: [], evaluations: [], today: TODAY, repository: { url: 'https://github.com/acme-shop/data-mesh', branch: 'main' } });
    const failures: Record<string, string[]> = {};
    let ports = 0;
    for (const product of catalog.products) {
      for (const view of product.outputPorts) {
        const request = portRequest(catalog, product, view.port.name);
        if (!request) continue;
        ports++;
        const role = grantTarget(mesh, product.id, view.port.name).roles[0].role;
        const errors = errorsWith(request.filename.replace('your-team-', 'finance-'), filledIn(request.yaml, role));
        if (errors.length) failures[`${product.id} · ${view.port.name}`] = errors;
      }
    }
    expect(ports).toBeGreaterThan(10);
    expect(failures).toEqual({});
  });

  it('the end date is inside grantMaxDays and the recertification policy', () => {
    const catalog = buildCatalog({ snapshot: mesh, findings: [], evaluations: [], today: TODAY, repository: { url: 'https://github.com/acme-shop/data-mesh', branch: 'main' } });
    const product = catalog.products.find((p) => p.outputPorts.length)!;
    // grantMaxDays 365 would give 2027-12-05; grant-annual-recertification ends grants by 2027-11-30.
    expect(portRequest(catalog, product, product.outputPorts[0].port.name)?.grant.validUntil).toBe('2027-11-30');
  });

  it('left as prefilled, the role placeholder is an error at the role', () => {
    const catalog = buildCatalog({ snapshot: mesh, findings: [], evaluations: [], today: TODAY, repository: { url: 'https://github.com/acme-shop/data-mesh', branch: 'main' } });
    const product = catalog.productById.get('checkout-orders') ?? catalog.products.find((p) => p.outputPorts.length)!;
    const request = portRequest(catalog, product, product.outputPorts[0].port.name)!;
    expect(errorsWith(request.filename, request.yaml)).toContainEqual(expect.stringMatching(/^reference\.role: contract "[^"]+" offers no role "your-role"$/));
  });
});
