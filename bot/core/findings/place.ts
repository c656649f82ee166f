/** Placing an issue found in a file at its line and column. */
import type { Finding, Issue } from './finding.ts';
import { locateInText } from './positions.ts';

/** Places an issue found in `file` at its line and column (1:1 when the file is not text). */
export function placeIssue(file: string, text: string | undefined, issue: Issue): Finding {
  const position = text === undefined ? { line: 1, column: 1 } : locateInText(text, issue.path);
  return { file, ...position, ...issue };
}

/** Line and column of `instancePath` in `file`, given the texts of a tree (a snapshot's `texts`); 1:1 when the file is not text. */
export function locate(tree: { texts: ReadonlyMap<string, string> }, file: string, instancePath: string): { line: number; column: number } {
  const text = tree.texts.get(file);
  return text === undefined ? { line: 1, column: 1 } : locateInText(text, instancePath);
}
