/**
 * The bench scripts' command lines, parsed by node:util's parseArgs as the CLI parses its own
 * (bot/cli): `--name value` or `--name=value`. An unknown option, a missing value or an argument
 * the script does not take ends the process with exit code 2, the parser's message and the
 * script's usage line on stderr; `--help` (`-h`) prints the usage line and exits 0.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** `config.args` defaults to the process's arguments; `help` is added to `config.options`. */
export function commandLine<const T extends ParseArgsConfig>(usage: string, config: T): Parsed<T> {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ ...config, args: config.args ?? process.argv.slice(2), options: { ...config.options, help: { type: 'boolean', short: 'h' } } }) as Parsed<T>;
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw error;
    return usageError(usage, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

/** Ends the process as a wrong command line does: the message and the usage line, exit code 2. */
export function usageError(usage: string, message: string): never {
  process.stderr.write(`${message}\nusage: ${usage}\n`);
  process.exit(2);
}
