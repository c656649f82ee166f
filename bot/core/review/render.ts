/**
 * Three renderings of one Review: markdown for the check-run summary, text for terminals and CI
 * logs (`file:line:column: severity code message`, which editors and problem matchers read), and
 * JSON for scripts. None of them decides anything; they only show the review.
 */
import type { Finding } from '../model.ts';
import { formatFinding } from '../findings/finding.ts';
import { categoryLabel } from './review.ts';
import { escapeMarkdown } from './markdown.ts';
import type { ApprovalRequirement, BreakingChange, Change, Conclusion, PolicyImpactEntry, Review } from './types.ts';

/** GitHub's limit for a check run's summary. */
export const CHECK_RUN_SUMMARY_LIMIT = 65_535;

const ICON: Record<Conclusion, string> = { success: '✅', failure: '❌', action_required: '⏳' };
const CONCLUSION_TEXT: Record<Conclusion, string> = {
  success: 'success',
  failure: 'failure: errors must be fixed',
  action_required: 'action required: approvals missing',
};

/** Text from the mesh in a table cell: escaped (markdown.ts), so a YAML file cannot draw into the summary. */
function cell(text: string): string {
  return escapeMarkdown(text, { cell: true });
}

/** A terminal line: a value from a YAML file cannot start a line of its own (a fake `[x]`, a `::` workflow command). */
function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ');
}

function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

function describeChange(c: Change): string {
  if (c.kind === 'File') return `file ${c.type}`;
  const kind = c.kind;
  if (c.type === 'moved') return `${kind} \`${c.id}\` moved from \`${c.previousFile}\``;
  const fields = c.type === 'modified' && c.fields && c.fields.length > 0 ? ` (${c.fields.join(', ')})` : '';
  return `${kind} \`${c.id}\` ${c.type}${fields}`;
}

function consumersOf(b: BreakingChange): string {
  if (b.affectedGrants.length === 0) return 'no active grants';
  return b.affectedGrants.map((g) => `${g.team} (grant \`${g.id}\`, until ${g.validUntil})`).join(', ');
}

function approvalStatus(a: ApprovalRequirement): string {
  if (a.informational) return a.satisfied ? 'reviewed' : 'asked to review';
  return a.satisfied ? '✅ approved' : '⏳ waiting';
}

interface Limits {
  findings: number;
  changes: number;
  breaking: number;
  impact: number;
}

/** Findings listed per file: one file's thousands of findings must not push the other files' out of the summary. */
export const SUMMARY_FINDINGS_PER_FILE = 20;

/** The findings to list, errors first, at most `SUMMARY_FINDINGS_PER_FILE` per file; and how many each file has beyond. */
function listedFindings(findings: readonly Finding[]): { listed: Finding[]; unlisted: Map<string, number> } {
  const ordered = [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity !== 'error')];
  const perFile = new Map<string, number>();
  const unlisted = new Map<string, number>();
  const listed = ordered.filter((f) => {
    const n = perFile.get(f.file) ?? 0;
    perFile.set(f.file, n + 1);
    if (n < SUMMARY_FINDINGS_PER_FILE) return true;
    unlisted.set(f.file, (unlisted.get(f.file) ?? 0) + 1);
    return false;
  });
  return { listed, unlisted };
}

function unlistedLine(unlisted: Map<string, number>): string {
  const files = [...unlisted];
  const named = files.slice(0, 10).map(([file, n]) => `${n} more in ${escapeMarkdown(`\`${file}\``)}`);
  const rest = files.length > 10 ? `, and more in ${files.length - 10} other files` : '';
  return `\n… ${named.join(', ')}${rest} (at most ${SUMMARY_FINDINGS_PER_FILE} findings per file are listed here; run \`npx meshgate review --base <base>\` locally for the full list)\n`;
}

function more(n: number, what: string): string {
  return `\n… ${n} more ${what} (run \`npx meshgate review --base <base>\` locally for the full list)\n`;
}

function markdownWith(review: Review, limits: Limits): string {
  const out: string[] = [];
  out.push(`## ${ICON[review.conclusion]} ${escapeMarkdown(review.title)}\n`);
  const errors = review.findings.filter((f) => f.severity === 'error').length;
  const unmet = review.approvals.filter((a) => !a.satisfied && !a.informational).length;
  out.push(
    `**Conclusion:** ${CONCLUSION_TEXT[review.conclusion]} · ${plural(errors, 'error')}, ${plural(review.findings.length - errors, 'warning')}` +
      ` · ${plural(review.breakingChanges.length, 'breaking change')} · ${unmet === 0 ? 'approvals complete' : `${plural(unmet, 'approval')} missing`}\n`,
  );
  if (review.categories.length > 0) out.push(`**This pull request:** ${review.categories.map(categoryLabel).join(', ')}\n`);

  if (review.findings.length > 0) {
    out.push(`### Findings\n\n| | where | check | message |\n| --- | --- | --- | --- |`);
    const { listed: ordered, unlisted } = listedFindings(review.findings);
    for (const f of ordered.slice(0, limits.findings)) {
      const hint = f.hint ? `<br>_${cell(f.hint)}_` : '';
      out.push(`| ${f.severity === 'error' ? '❌' : '⚠️'} | ${cell(`\`${f.file}:${f.line}\``)} | ${cell(`\`${f.code}\``)} | ${cell(f.message)}${hint} |`);
    }
    if (ordered.length > limits.findings) out.push(more(ordered.length - limits.findings, 'findings'));
    if (unlisted.size > 0) out.push(unlistedLine(unlisted));
    out.push('');
  }

  if (review.breakingChanges.length > 0) {
    out.push(`### Breaking contract changes\n\n| | contract | where | change | consumers affected |\n| --- | --- | --- | --- | --- |`);
    for (const b of review.breakingChanges.slice(0, limits.breaking)) {
      out.push(`| ${b.severity === 'error' ? '❌' : '⚠️'} | ${cell(`\`${b.contractId}\``)} | ${cell(`\`${b.file}:${b.line}\``)} | ${cell(b.reason)} | ${cell(consumersOf(b))} |`);
    }
    if (review.breakingChanges.length > limits.breaking) out.push(more(review.breakingChanges.length - limits.breaking, 'breaking changes'));
    out.push('');
  }

  if (review.approvals.length > 0) {
    out.push(`### Approvals\n\n| status | from | needed | approved by | why |\n| --- | --- | --- | --- | --- |`);
    for (const a of review.approvals) {
      const from = a.from.length > 0 ? cell(a.from.join(', ')) : '_nobody can — see why_';
      const by = a.by.length > 0 ? cell(a.by.map((l) => `@${l}`).join(', ')) : '—';
      out.push(`| ${approvalStatus(a)} | ${from} | ${a.informational ? '—' : a.count} | ${by} | ${cell(a.reason)} |`);
    }
    out.push('\nApprovals count when they are on the current head commit, by someone other than the author; requirements come from the base branch.\n');
  }

  if (review.policyImpact) {
    const failing = review.policyImpact.filter((p) => p.effect === 'newly-failing');
    const passing = review.policyImpact.filter((p) => p.effect === 'newly-passing');
    out.push(`### Policy impact preview\n\nWith this pull request's policies, across the whole mesh: ${plural(failing.length, 'entity')} would newly fail, ${passing.length} would newly pass. Not enforced until merged.\n`);
    const shown: PolicyImpactEntry[] = [...failing, ...passing].slice(0, limits.impact);
    if (shown.length > 0) {
      out.push('| effect | policy | entity | file | detail |\n| --- | --- | --- | --- | --- |');
      for (const p of shown) {
        out.push(`| ${p.effect === 'newly-failing' ? '🔴 newly failing' : '🟢 newly passing'} | ${cell(`\`${p.policy}\``)} | ${cell(`${p.kind} \`${p.id}\``)} | ${cell(`\`${p.file}\``)} | ${cell(p.message ?? '')} |`);
      }
    }
    if (review.policyImpact.length > limits.impact) out.push(more(review.policyImpact.length - limits.impact, 'policy impact entries'));
    out.push('');
  }

  if (review.changes.length > 0) {
    out.push(`<details><summary>${plural(review.changes.length, 'change')}</summary>\n`);
    for (const c of review.changes.slice(0, limits.changes)) out.push(`- ${escapeMarkdown(describeChange(c))} — ${escapeMarkdown(`\`${c.file}\``)}`);
    if (review.changes.length > limits.changes) out.push(more(review.changes.length - limits.changes, 'changes'));
    out.push('\n</details>\n');
  }
  return out.join('\n');
}

/**
 * The check-run summary. When it would exceed `maxLength` (GitHub's 65,535 by default), the
 * longest lists are cut first and each cut says how many entries it left out.
 */
export function renderMarkdown(review: Review, options: { maxLength?: number } = {}): string {
  const max = options.maxLength ?? CHECK_RUN_SUMMARY_LIMIT;
  const limits: Limits = {
    findings: review.findings.length,
    changes: review.changes.length,
    breaking: review.breakingChanges.length,
    impact: review.policyImpact?.length ?? 0,
  };
  let text = markdownWith(review, limits);
  while (text.length > max) {
    const key = (Object.keys(limits) as (keyof Limits)[]).reduce((a, b) => (limits[a] >= limits[b] ? a : b));
    if (limits[key] === 0) break;
    limits[key] = Math.floor(limits[key] / 2);
    text = markdownWith(review, limits);
  }
  if (text.length > max) {
    const cut = '\n\n… summary cut to fit GitHub\'s limit\n';
    text = text.slice(0, max - cut.length) + cut;
  }
  return text;
}

function textBreaking(b: BreakingChange): string {
  const consumers = b.affectedGrants.length > 0 ? ` [affects ${b.affectedGrants.map((g) => `${g.team} via ${g.id}`).join(', ')}]` : '';
  return `${b.file}:${b.line}:${b.column}: ${b.severity} contract.breaking ${b.reason}${consumers}`;
}

/** Terminal text: a title line, then `file:line:column: severity code message` lines and the approvals. */
export function renderText(review: Review): string {
  const out: string[] = [];
  out.push(oneLine(`${review.conclusion}: ${review.title}`));
  if (review.changes.length > 0) {
    out.push('', 'changes:');
    for (const c of review.changes) out.push(oneLine(`  ${c.file}: ${describeChange(c).replace(/`/g, '')}`));
  }
  if (review.findings.length > 0) {
    out.push('', 'findings:');
    for (const f of review.findings) out.push(oneLine(formatFinding(f as Finding)));
  }
  if (review.breakingChanges.length > 0) {
    out.push('', 'breaking changes:');
    for (const b of review.breakingChanges) out.push(oneLine(textBreaking(b)));
  }
  if (review.approvals.length > 0) {
    out.push('', 'approvals:');
    for (const a of review.approvals) {
      const mark = a.informational ? '[i]' : a.satisfied ? '[x]' : '[ ]';
      const by = a.by.length > 0 ? ` — approved by ${a.by.map((l) => `@${l}`).join(', ')}` : '';
      const need = a.informational ? 'asked to review' : `${a.count} of`;
      out.push(oneLine(`  ${mark} ${need} ${a.from.join(', ') || '(nobody)'}: ${a.reason}${by}`));
    }
  }
  if (review.policyImpact) {
    out.push('', `policy impact (head policies over the head mesh, not enforced): ${review.policyImpact.length === 0 ? 'no change' : ''}`.trimEnd());
    for (const p of review.policyImpact) out.push(oneLine(`  ${p.effect} ${p.policy}: ${p.kind} ${p.id} (${p.file})${p.message ? ` — ${p.message}` : ''}`));
  }
  return `${out.join('\n')}\n`;
}

/** The review as JSON: conclusion, title, findings, changes, categories, breakingChanges, approvals, … */
export function renderJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
