/**
 * Three renderings of the same runs: text lines that editors and problem matchers understand,
 * JSON for machines and the catalog, JUnit XML for CI systems.
 */
import { summarize } from './run.ts';
import type { CheckResult, ContractRun, Summary } from './types.ts';

const SEVERITY: Record<string, string> = { failed: 'error', error: 'error', warning: 'warning' };

/** `file:line:column: severity code message` for a failed, erroring or warning check. */
export function formatCheck(c: CheckResult, server: string): string {
  const where = [c.object, c.property].filter(Boolean).join('.');
  return `${c.file}:${c.line}:${c.column}: ${SEVERITY[c.status]} test.${c.kind} ${where ? `${where}: ` : ''}${c.message} [${server}]`;
}

export function totalSummary(runs: readonly ContractRun[]): Summary {
  return summarize(runs.flatMap((r) => r.checks));
}

export function formatSummary(s: Summary): string {
  const errors = s.errors ? `, ${s.errors} error${s.errors === 1 ? '' : 's'}` : '';
  return `${s.checks} checks: ${s.passed} passed, ${s.failed} failed${errors}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.skipped} skipped`;
}

export function renderText(runs: readonly ContractRun[]): string {
  const lines: string[] = [];
  for (const run of runs) {
    for (const c of run.checks) if (SEVERITY[c.status]) lines.push(formatCheck(c, run.server));
    lines.push(`${run.file}: ${run.contract} on ${run.server} (${run.serverType}): ${formatSummary(run.summary)}`);
  }
  if (runs.length > 1) lines.push('', formatSummary(totalSummary(runs)));
  if (runs.length === 0) lines.push('no contract with a server to test', formatSummary(totalSummary(runs)));
  return `${lines.join('\n')}\n`;
}

/** The JSON the issue specifies: one object per run, an array when there are several. */
export function renderJson(runs: readonly ContractRun[]): string {
  const shaped = runs.map(({ contract, file, server, serverType, startedAt, finishedAt, checks, summary, queries }) => ({
    contract, file, server, serverType, startedAt, finishedAt,
    checks: checks.map(({ id, kind, object, property, status, expected, actual, message, file: f, line, column }) => ({ id, kind, object, property, status, expected, actual, message, file: f, line, column })),
    summary, queries,
  }));
  return `${JSON.stringify(shaped.length === 1 ? shaped[0] : shaped, null, 2)}\n`;
}

const xml = (s: string): string => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function renderJunit(runs: readonly ContractRun[]): string {
  const total = totalSummary(runs);
  const seconds = (r: ContractRun) => Math.max(0, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000);
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="meshgate test" tests="${total.checks}" failures="${total.failed}" errors="${total.errors}" skipped="${total.skipped}">`];
  for (const run of runs) {
    const s = run.summary;
    out.push(`  <testsuite name="${xml(`${run.contract} on ${run.server}`)}" tests="${s.checks}" failures="${s.failed}" errors="${s.errors}" skipped="${s.skipped}" timestamp="${run.startedAt}" time="${seconds(run)}">`);
    for (const c of run.checks) {
      const name = xml(`${c.id} (${c.kind})`);
      const attrs = `classname="${xml(`${run.contract}.${c.object || 'contract'}`)}" name="${name}" file="${xml(c.file)}" line="${c.line}"`;
      const body = `expected ${c.expected}, actual ${c.actual || '—'}; ${c.message} (${c.file}:${c.line}:${c.column})`;
      if (c.status === 'passed') out.push(`    <testcase ${attrs}/>`);
      else if (c.status === 'failed') out.push(`    <testcase ${attrs}><failure message="${xml(c.message)}">${xml(body)}</failure></testcase>`);
      else if (c.status === 'error') out.push(`    <testcase ${attrs}><error message="${xml(c.message)}">${xml(body)}</error></testcase>`);
      else if (c.status === 'skipped') out.push(`    <testcase ${attrs}><skipped message="${xml(c.message)}"/></testcase>`);
      else out.push(`    <testcase ${attrs}><system-out>${xml(`warning: ${body}`)}</system-out></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
