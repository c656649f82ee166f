/**
 * The core's public face: what adapters (the CLI, the GitHub app, the site, file sources) use.
 * Files in, snapshots, findings and reviews out; nothing here reads a disk or an environment.
 */
export type { AnyEntity, Entity, Finding, Kind, KindDocuments, MeshSnapshot, Severity, SourceFile } from './model.ts';
export { emptySnapshot, KINDS } from './model.ts';
export type { GrantTarget, LineageEdge, Relations } from './relations.ts';
export { dataLocation } from './relations.ts';
export { countFindings, formatFinding, sortFindings } from './findings/finding.ts';
export { fromRecord, isEntityPath, loadEntityFile, loadMesh, type FileLoad, type LoadOptions } from './load/mesh.ts';
export { checkMesh, type CheckOptions, type MeshCheck } from './check.ts';
export { lintFile, type LintResult } from './validate/lint.ts';
export { review, type ReviewOptions } from './review/review.ts';
export { renderJson, renderMarkdown, renderText, CHECK_RUN_SUMMARY_LIMIT } from './review/render.ts';
export type { PullContext, PullReview, Review } from './review/types.ts';
