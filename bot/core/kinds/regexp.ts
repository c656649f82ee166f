/**
 * The regular-expression engine every JSON Schema `pattern` and `patternProperties` key runs on.
 *
 * Patterns come from YAML that anyone may propose: a policy's `when`/`require` in a pull request
 * is compiled (and, in the policy impact preview and `meshgate validate`, run over the whole mesh)
 * before anyone has approved it. JavaScript's RegExp backtracks, so `^(a+)+$` against
 * "aaaa…a!" takes exponential time, and a synchronous match cannot be interrupted. RE2 (here its
 * pure-JavaScript port, re2js) matches in time linear in the input, whatever the pattern. What it
 * gives up — lookaround and backreferences — it refuses when the pattern is compiled, and that
 * refusal becomes a finding at the pattern (see `UnsupportedPatternError`).
 *
 * JavaScript syntax that RE2 spells differently (`\u00e9`, `(?<name>…)`, `[^]`) is translated first.
 * RE2's `\s` and `\w` are ASCII-only, like JavaScript's `\w`; `\s` in JavaScript also matches
 * Unicode spaces. That is the one difference a policy author may notice.
 */
import { RE2JS } from 're2js';

/** A pattern RE2 cannot compile (lookaround, backreferences, or a syntax error). */
export class UnsupportedPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`pattern ${JSON.stringify(pattern)} cannot be evaluated: ${reason}`);
    this.name = 'UnsupportedPatternError';
  }
}

interface Matcher {
  test(input: string): boolean;
  toString(): string;
}

/** Why RE2 refuses `pattern`, or undefined when it compiles. */
export function patternProblem(pattern: string): string | undefined {
  try {
    compileRe2(pattern, '');
    return undefined;
  } catch (error) {
    return error instanceof UnsupportedPatternError ? error.reason : (error as Error).message;
  }
}

function compileRe2(pattern: string, flags: string): RE2JS {
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern), flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    // re2js says "error parsing regexp: invalid or unsupported Perl syntax: `(?=`": keep what follows the prefix.
    const reason = String((error as Error).message ?? error).replace(/^error parsing regexp:\s*/, '');
    throw new UnsupportedPatternError(pattern, reason);
  }
}

/** Answers remembered per pattern: at most this many, for inputs at most this long. */
const MEMO_ENTRIES = 4_096;
const MEMO_INPUT_LENGTH = 256;

/**
 * ajv's `code.regExp` engine: `(pattern, flags) => { test }`. `toString` must differ per pattern,
 * because ajv keys the compiled patterns of a schema by it.
 *
 * RE2 in JavaScript is several times slower per match than V8's RegExp, and a mesh asks the same
 * question many times (a policy's `_at$` of every property name, most of which recur across
 * contracts), so each pattern remembers its recent short answers.
 */
export const safeRegExp = Object.assign(
  (pattern: string, flags: string): Matcher => {
    const re = compileRe2(pattern, flags);
    let memo = new Map<string, boolean>();
    const test = (input: string): boolean => {
      if (input.length > MEMO_INPUT_LENGTH) return re.test(input);
      let answer = memo.get(input);
      if (answer === undefined) {
        answer = re.test(input);
        if (memo.size >= MEMO_ENTRIES) memo = new Map();
        memo.set(input, answer);
      }
      return answer;
    };
    return { test, toString: () => `/${pattern}/${flags}` };
  },
  // Only read when ajv generates standalone code, which Meshgate never does.
  { code: 'require("re2js").RE2JS' },
);
