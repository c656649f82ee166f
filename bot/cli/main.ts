import { EXIT, UsageError, type CliIO, type Verb } from './io.ts';

const VERBS: Record<string, { summary: string; load: () => Promise<{ run: Verb }> }> = {
  validate: { summary: 'validate [ROOT]            check the whole mesh at ROOT (default .)', load: () => import('./validate.ts') },
  lint: { summary: 'lint FILE...               check files on their own, whatever their kind', load: () => import('./lint.ts') },
  review: { summary: 'review --base REF          review the local branch as the GitHub App would', load: () => import('./review.ts') },
  new: { summary: 'new KIND ID [options]      scaffold a domain, product, contract or access grant', load: () => import('./scaffold.ts') },
  test: { summary: 'test [TARGET...]           run the checks contracts promise against the data on their servers', load: () => import('./test.ts') },
  access: { summary: 'access plan|apply [ROOT]   reconcile a database\'s privileges to the merged grants', load: () => import('./access.ts') },
  convert: { summary: 'convert FILE...            Data Contract Specification files to ODCS v3.2.0 (--out DIR)', load: () => import('./convert.ts') },
  export: { summary: 'export [ROOT]              the catalog as JSON (entities, lineage, findings)', load: () => import('./export.ts') },
};

export function usage(): string {
  return [
    'Usage: meshgate <command> [options]',
    '',
    'Commands:',
    ...Object.values(VERBS).map((v) => `  ${v.summary}`),
    '',
    'Run `meshgate <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [verb, ...args] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    (verb === undefined ? io.stderr : io.stdout).write(usage());
    return verb === undefined ? EXIT.usage : EXIT.ok;
  }
  if (verb === '--version' || verb === '-v') {
    const pkg = await import('../../package.json', { with: { type: 'json' } });
    io.stdout.write(`${pkg.default.version}\n`);
    return EXIT.ok;
  }
  const entry = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (!entry) {
    io.stderr.write(`meshgate: unknown command "${verb}"\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    const { run } = await entry.load();
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`meshgate ${verb}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
