/**
 * Chromium for the browser test and the screenshots: the system's /usr/bin/chromium driven by
 * playwright-core (never a downloaded browser), headless, with a fresh profile and no background
 * traffic.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.MESHGATE_CHROMIUM || '/usr/bin/chromium';
export const INSTALL_HINT = `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or point MESHGATE_CHROMIUM at a Chromium binary).`;

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export interface ChromiumSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<ChromiumSession> {
  const profile = await mkdtemp(join(tmpdir(), 'meshgate-chromium-'));
  // A persistent context is how playwright takes a fresh --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
