/**
 * Pagefind alone on an already built catalog, with the site's own indexing step (runPagefind from
 * site/scripts/build.ts), so the harness can tell Astro's share of a build from Pagefind's.
 *
 *   tsx bench/pagefind-only.ts OUT_DIR   → prints {"ms": …}
 */
import { resolve } from 'node:path';
import { runPagefind } from '../site/scripts/build.ts';
import { commandLine, usageError } from './args.ts';

const usage = 'tsx bench/pagefind-only.ts OUT_DIR';
const { positionals } = commandLine(usage, { allowPositionals: true, options: {} });
if (positionals.length !== 1) usageError(usage, 'one OUT_DIR, the built site');
const outDir = positionals[0];
const started = performance.now();
await runPagefind(resolve(outDir));
process.stdout.write(`${JSON.stringify({ ms: Math.round(performance.now() - started) })}\n`);
