/**
 * The review of a pull request that changes one contract on a generated mesh, timed without I/O:
 * both snapshots are loaded from memory first, then only `review(base, head, pr)` is timed, with
 * an in-memory PullContext. The first run is reported apart (it compiles the policies' schemas).
 *
 * `--scenario policy` instead edits one policy's rationale: a policy change, whose review also
 * previews what the head's policies would flag across the whole mesh.
 *
 *   tsx bench/review-eval.ts DIR [--runs 5] [--scenario contract|policy]   → prints one JSON object
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { loadMesh } from '../bot/core/load/mesh.ts';
import { readDirectory } from '../bot/sources/directory.ts';
import type { MeshSnapshot, SourceFile } from '../bot/core/model.ts';
import type { PullContext, Review } from '../bot/core/review/types.ts';
import { commandLine, usageError } from './args.ts';

type ReviewFunction = (base: MeshSnapshot, head: MeshSnapshot, pr: PullContext) => Promise<Review> | Review;

const text = (file: SourceFile) => (typeof file.content === 'string' ? file.content : Buffer.from(file.content ?? []).toString('utf8'));

/**
 * The changed contract: the first, in path order, that an access grant reaches, so the review has
 * consumers to find. The change is the everyday one: a new optional property and a minor version.
 */
export function changeOneContract(files: SourceFile[], base: MeshSnapshot): { files: SourceFile[]; changed: string } {
  const granted = new Set<string>();
  for (const grant of base.byKind.AccessGrant.values()) {
    const contractId = base.relations.grantTarget(grant).port?.contractId;
    if (typeof contractId === 'string' && contractId) granted.add(contractId);
  }
  const contract = [...base.byKind.DataContract.values()].find((c) => granted.has(c.id)) ?? [...base.byKind.DataContract.values()][0];
  if (!contract) throw new Error('the mesh has no contract to change; generate one with npm run bench:generate');
  const source = files.find((f) => f.path === contract.file)!;
  const doc = yaml.load(text(source), { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
  const [major, minor] = String(doc.version).split('.').map(Number);
  doc.version = `${major}.${minor + 1}.0`;
  doc.schema[0].properties.push({
    name: 'loyalty_tier',
    logicalType: 'string',
    physicalType: 'varchar(16)',
    description: 'Loyalty programme tier of the customer at the time of the event: none, silver or gold.',
    classification: 'internal',
  });
  const changed = yaml.dump(doc, { lineWidth: 120, noRefs: true, noArrayIndent: true });
  return { files: files.map((f) => (f === source ? { path: f.path, content: changed } : f)), changed: contract.file };
}

/** A governance pull request: one policy's rationale reworded (the policy itself unchanged). */
export function changeOnePolicy(files: SourceFile[], base: MeshSnapshot): { files: SourceFile[]; changed: string } {
  const policy = [...base.byKind.Policy.values()][0];
  if (!policy) throw new Error('the mesh has no policy to change; copy policies/ into it');
  const source = files.find((f) => f.path === policy.file)!;
  const doc = yaml.load(text(source), { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
  doc.rationale = `${doc.rationale} Reviewed by the governance group this quarter.`;
  const changed = yaml.dump(doc, { lineWidth: 120, noRefs: true });
  return { files: files.map((f) => (f === source ? { path: f.path, content: changed } : f)), changed: policy.file };
}

/** An author who is no owner; one owner of the contract's domain approved the current head. */
function pullContext(base: MeshSnapshot, changedFile: string): PullContext {
  const domain = changedFile.split('/')[1];
  const entity = base.byKind.Domain.get(domain);
  const owner = (entity?.valid ? entity.doc.owners.find((o) => !o.includes('/'))?.slice(1) : undefined) ?? 'owner';
  const headSha = 'b'.repeat(40);
  return {
    author: 'bench-author',
    headSha,
    reviews: async () => [{ user: owner, state: 'APPROVED', commitId: headSha, submittedAt: '2026-11-24T12:00:00Z' }],
    teamMembers: async () => [],
  };
}

const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const usage = 'tsx bench/review-eval.ts DIR [--runs 5] [--scenario contract|policy]';
  const { values, positionals } = commandLine(usage, {
    allowPositionals: true,
    options: { scenario: { type: 'string', default: 'contract' }, runs: { type: 'string', default: '5' } },
  });
  if (positionals.length !== 1) usageError(usage, 'one DIR, the generated mesh');
  const { scenario } = values;
  if (scenario !== 'contract' && scenario !== 'policy') usageError(usage, `--scenario ${scenario}: contract or policy`);
  const dir = positionals[0];
  const runs = Number(values.runs);
  const { review } = (await import('../bot/core/review/review.ts')) as { review: ReviewFunction };
  const files = await readDirectory(resolve(dir));
  let started = performance.now();
  const base = loadMesh(files);
  const loadBaseMs = performance.now() - started;
  const changed = scenario === 'policy' ? changeOnePolicy(files, base) : changeOneContract(files, base);
  started = performance.now();
  // As the app and `meshgate review` do: unchanged files reuse the base's parsed entities.
  const head = loadMesh(changed.files, { previous: base });
  const loadHeadMs = performance.now() - started;
  const pr = pullContext(base, changed.changed);

  const times: number[] = [];
  let result: Review | undefined;
  for (let i = 0; i < Math.max(1, runs); i++) {
    started = performance.now();
    result = await review(base, head, pr);
    times.push(performance.now() - started);
  }
  const r = result!;
  process.stdout.write(
    `${JSON.stringify({
      scenario,
      files: files.length,
      changedFile: changed.changed,
      loadBaseMs: round(loadBaseMs),
      loadHeadMs: round(loadHeadMs),
      coldMs: round(times[0]),
      warmMs: times.length > 1 ? round(median(times.slice(1))) : null,
      runs: times.map(round),
      conclusion: r.conclusion,
      findings: r.findings.length,
      errors: r.findings.filter((f) => f.severity === 'error').length,
      changes: r.changes.length,
      breakingChanges: r.breakingChanges.length,
      approvals: r.approvals.length,
      maxRssKB: process.resourceUsage().maxRSS,
    })}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
