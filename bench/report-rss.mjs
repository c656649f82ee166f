// Preloaded (`node --import`) into a measured child when /usr/bin/time is missing: writes the
// process's peak RSS (KB) and CPU time (µs) where the harness asked, so memory stays a
// per-measurement figure. Only this process is covered, not its own children.
import { writeFileSync } from 'node:fs';

const target = process.env.MESHGATE_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRSS: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime }));
  });
}
