/** Where a verb writes, and where it runs: real streams in the command, buffers in tests. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

export type Verb = (args: string[], io: CliIO) => Promise<number>;

/** Exit codes shared by all verbs. */
export const EXIT = { ok: 0, findings: 1, usage: 2, actionRequired: 3 } as const;

export class UsageError extends Error {}

/** Reads `--format`, accepting only `allowed`. */
export function formatOption(value: string | undefined, allowed: readonly string[]): string {
  const format = value ?? allowed[0];
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, not "${format}"`);
  return format;
}
