// Preloaded (`node --import`) into a measured child when /usr/bin/time is missing: writes the
// process's peak RSS (KB) where the harness asked, so memory stays a per-measurement figure.
import { writeFileSync } from 'node:fs';

const target = process.env.MESHGATE_BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
