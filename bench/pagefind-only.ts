/**
 * Pagefind alone on an already built catalog, with the site's own indexing step (runPagefind from
 * site/scripts/build.ts), so the harness can tell Astro's share of a build from Pagefind's.
 *
 *   tsx bench/pagefind-only.ts OUT_DIR   → prints {"ms": …}
 */
import { resolve } from 'node:path';
import { runPagefind } from '../site/scripts/build.ts';

const outDir = process.argv[2];
if (!outDir) {
  process.stderr.write('usage: tsx bench/pagefind-only.ts OUT_DIR\n');
  process.exit(2);
}
const started = performance.now();
await runPagefind(resolve(outDir));
process.stdout.write(`${JSON.stringify({ ms: Math.round(performance.now() - started) })}\n`);
