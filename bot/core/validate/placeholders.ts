/**
 * Placeholders left for the author: the `TODO …` text and `your-…` values that `meshgate new` and
 * the catalog's Request access prefill write where only the author knows the answer. Each one is an
 * error at its line until it is replaced, so a half-filled file can never merge.
 */
import { type Issue, pointer } from '../findings/finding.ts';
import type { AnyEntity, MeshSnapshot } from '../model.ts';
import { isRecord } from '../shapes.ts';

/** `TODO` as a word, in capitals, as the scaffolds write it. */
const TODO = /\bTODO\b/;
/** A `your-…` token at the start of a value or after a separator: `@your-org/your-team`, `your-role`, `https://your-chat…`. */
const YOUR = /(^|[^A-Za-z0-9])your-[A-Za-z0-9]/;

/** The placeholder kind of a text, if it is one. */
export function placeholderIn(text: string): 'todo' | 'your' | undefined {
  if (TODO.test(text)) return 'todo';
  if (YOUR.test(text)) return 'your';
  return undefined;
}

/** One issue per string value of `doc` (at any depth) that still holds a placeholder. */
export function placeholderIssues(doc: unknown): Issue[] {
  const issues: Issue[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      const found = placeholderIn(value);
      if (!found) return;
      const field = path.length === 0 ? 'the document' : `\`${path.join('.')}\``;
      issues.push({
        severity: 'error',
        code: `placeholder.${found}`,
        message:
          found === 'todo'
            ? `${field} is still a TODO placeholder: ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}…` : value)}`
            : `${field} is still a placeholder: ${JSON.stringify(value)}`,
        path: pointer(...path),
        hint: found === 'todo' ? 'write what it stands for in place of the TODO text' : 'replace the your-… value with the real one (your team, your GitHub login, a role the contract offers)',
      });
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (isRecord(value)) for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(doc, []);
  return issues;
}

/** Documents already walked: a review's head shares the base's documents for unchanged files. */
const cache = new WeakMap<object, Issue[]>();

/** The placeholders left in every entity of the snapshot. */
export function checkPlaceholders(snapshot: MeshSnapshot): { entity: AnyEntity; issue: Issue }[] {
  const out: { entity: AnyEntity; issue: Issue }[] = [];
  for (const entity of snapshot.entities) {
    // Most files hold no placeholder at all: their text says so faster than a walk of the document.
    const text = snapshot.texts.get(entity.file);
    if (text !== undefined && !text.includes('TODO') && !/your-/i.test(text)) continue;
    const doc = entity.doc as unknown;
    let issues = isRecord(doc) ? cache.get(doc) : undefined;
    if (!issues) {
      issues = placeholderIssues(doc);
      if (isRecord(doc)) cache.set(doc, issues);
    }
    for (const issue of issues) out.push({ entity, issue });
  }
  return out;
}
