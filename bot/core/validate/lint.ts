/**
 * One file on its own, whatever its kind: parse, envelope, schema and contract semantics — no
 * mesh references. What `meshgate lint` and the conformance run use.
 */
import { placeIssue } from '../findings/place.ts';
import { checkEnvelope } from '../load/mesh.ts';
import { parseYaml } from '../load/parse.ts';
import type { DataContract } from '../kinds/data-contract.ts';
import type { DataProduct } from '../kinds/data-product.ts';
import type { Finding } from '../model.ts';
import { checkContractSemantics, checkProductSemantics } from './contract-semantics.ts';
import { type Issue, sortFindings } from '../findings/finding.ts';
import { schemaIssues } from '../load/schema.ts';
import { placeholderIssues } from './placeholders.ts';

export interface LintResult {
  file: string;
  /** The entity's kind, `DataContractSpecification` for a DCS file, or null when unknown. */
  kind: string | null;
  apiVersion: string | null;
  /** True when there is no error (warnings allowed). */
  valid: boolean;
  findings: Finding[];
}

export function lintFile(file: string, content: Uint8Array | string): LintResult {
  const parsed = parseYaml(content);
  if (!parsed.ok) {
    const { problem } = parsed;
    return {
      file,
      kind: null,
      apiVersion: null,
      valid: false,
      findings: [{ file, line: problem.line, column: problem.column, severity: problem.severity, code: problem.code, message: problem.message, path: '', hint: problem.hint }],
    };
  }
  const { text, doc } = parsed;
  const record = (doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  const issues: Issue[] = [];
  const kind = checkEnvelope(doc, issues);
  const isDcs = Object.hasOwn(record, 'dataContractSpecification');
  if (kind) {
    issues.push(...schemaIssues(kind, doc));
    const schemaValid = issues.every((i) => i.severity !== 'error');
    if (schemaValid && kind === 'DataContract') issues.push(...checkContractSemantics(doc as DataContract));
    if (schemaValid && kind === 'DataProduct') issues.push(...checkProductSemantics(doc as DataProduct));
    issues.push(...placeholderIssues(doc));
  }
  const findings = sortFindings(issues.map((issue) => placeIssue(file, text, issue)));
  const apiVersion = isDcs ? record.dataContractSpecification : record.apiVersion;
  return {
    file,
    kind: isDcs ? 'DataContractSpecification' : typeof record.kind === 'string' ? record.kind : null,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : null,
    valid: findings.every((f) => f.severity !== 'error'),
    findings,
  };
}
