/**
 * Text from the mesh in markdown that GitHub renders: check-run summaries and pull-request comments.
 *
 * Ids, titles, messages and reasons carry what someone wrote in a YAML file. Put into markdown as
 * they are, `<img>`, `<!-- … -->`, `<details>` or `| ✅ approved | @boss |` and a line break
 * would draw tables, fake approvals or hide text in the verdict everyone reads. Every piece of
 * such text goes through `escapeMarkdown` once, where it is put into markdown, and nothing else
 * is needed: the result shows exactly the text, on one line.
 *
 * Pairs of backticks stay code spans, so messages keep their `field` formatting: nothing inside
 * a code span is markdown or HTML, and the text outside them is escaped character by character.
 * Whatever the backticks in a value do to the pairing, every character ends up either inside a
 * code span or escaped.
 */

/** Characters with a meaning in CommonMark or GFM inline text (tables, emphasis, links, HTML, entities, strikethrough). */
const SPECIAL = /[\\`*_[\]<>|~&#!]/g;

/**
 * Line breaks (which would end the table row or list item), other control characters, and the
 * bidirectional overrides and isolates that make text read in another order than it is written.
 */
const BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export interface EscapeOptions {
  /**
   * The text goes into a GFM table cell. There a `|` splits the cell even inside a code span, so
   * code spans escape it too (GFM reads `\|` there as `|`; elsewhere it would show the backslash).
   */
  cell?: boolean;
}

/** Plain text as markdown that renders exactly as that text, on one line. */
export function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  const line = text.replace(BREAKS, ' ').replace(INVISIBLE, '\uFFFD');
  let out = '';
  let last = 0;
  for (const span of line.matchAll(/`([^`]+)`/g)) {
    out += line.slice(last, span.index).replace(SPECIAL, '\\$&');
    out += `\`${options.cell ? span[1].replace(/\|/g, '\\|') : span[1]}\``;
    last = span.index + span[0].length;
  }
  return out + line.slice(last).replace(SPECIAL, '\\$&');
}
