/**
 * The one way to check a mesh, for every adapter (the CLI's validate and export, the site): load
 * the files, run the built-in checks, evaluate the mesh's own policies against it.
 */
import { type Finding, sortFindings } from './findings/finding.ts';
import { loadMesh, type LoadOptions } from './load/mesh.ts';
import type { MeshSnapshot, SourceFile } from './model.ts';
import { evaluatePolicies, type PolicyEvaluation } from './policies/engine.ts';
import { lintPolicies } from './policies/lint.ts';
import { validateMesh } from './validate/mesh.ts';

export interface CheckOptions {
  /** Today, for grant validity and policies' `$validDays`; defaults to the current date. */
  now?: Date;
  /** Whether to evaluate the mesh's policies (default true). */
  policies?: boolean;
  /**
   * Whether to keep, per policy, every entity it applies to (the catalog shows them); default
   * false, when only findings are wanted and an entity that passes costs nothing.
   */
  evaluations?: boolean;
  /** Passed to the loader (files another thread already read, a related snapshot to reuse). */
  load?: LoadOptions;
}

export interface MeshCheck {
  snapshot: MeshSnapshot;
  /** What the built-in checks found (YAML, schemas, ids, references, layout, semantics, lineage), sorted. */
  builtIn: Finding[];
  /** What the policies found: policy files that cannot be compiled or say what they do not mean, then each entity a policy flags. */
  policyFindings: Finding[];
  /** Per policy, the entities it applies to and how each fared; empty unless `evaluations` was asked for. */
  evaluations: PolicyEvaluation[];
  /** Every finding, built-in and policy, sorted by file, line, column and code. */
  findings: Finding[];
}

/** Checks the mesh made of `files` (or an already loaded snapshot). Pure: no disk, no clock unless `now` is absent. */
export function checkMesh(files: Iterable<SourceFile> | MeshSnapshot, options: CheckOptions = {}): MeshCheck {
  const snapshot = isSnapshot(files) ? files : loadMesh(files, options.load);
  const builtIn = validateMesh(snapshot, { now: options.now });
  const report =
    options.policies === false
      ? { findings: [], evaluations: [] }
      : evaluatePolicies(snapshot, snapshot, { now: options.now, findingsOnly: !options.evaluations });
  // A policy that says nothing it means (an unknown keyword, a `$`-key its view lacks) is wrong too.
  const policyFindings = options.policies === false ? report.findings : [...lintPolicies(snapshot), ...report.findings];
  return { snapshot, builtIn, policyFindings, evaluations: report.evaluations, findings: sortFindings([...builtIn, ...policyFindings]) };
}

function isSnapshot(value: Iterable<SourceFile> | MeshSnapshot): value is MeshSnapshot {
  return 'byKind' in value && 'entities' in value;
}
