/**
 * The catalog's Astro configuration, made from the build's settings (site/src/lib/settings.ts):
 * site/scripts/build.ts passes it to Astro inline, site/astro.config.mjs serves it to a plain
 * `astro` run. One config serves `npm start`, GitHub Pages project sites (served under
 * /<repository>/) and tests building into a temporary folder.
 */
import mdx from '@astrojs/mdx';
import { pathToFileURL } from 'node:url';
import type { AstroInlineConfig, AstroIntegration } from 'astro';
import type { Plugin } from 'vite';
import { BUILD_CONTEXT_MODULE } from '../src/lib/build-context.ts';
import { pageSettings, siteDir, type SiteSettings } from '../src/lib/settings.ts';

const SETTINGS_MODULE = 'virtual:meshgate/settings';
const RESOLVED_SETTINGS_MODULE = `\0${SETTINGS_MODULE}`;

export interface SiteIntegrationOptions {
  /**
   * Whether the pages' chunks import site/src/lib/build-context.ts itself instead of a bundled
   * copy, to see the context site/scripts/build.ts runs Astro in. Only for a build run by that
   * script: the chunks then import a TypeScript file, which Node loads through tsx.
   */
  shareBuildContext?: boolean;
}

/**
 * Leaves lib/build-context.ts out of the pages' bundle: their chunks import it by its file URL,
 * which is the URL the build script imported it by, so Node hands both the one module instance.
 * (With Rollup's `external` option instead, the chunks imported a path that did not resolve from
 * where Astro stages them: `<cwd>/.astro/work/…/build-context.ts`.)
 */
const shareBuildContext: Plugin = {
  name: 'meshgate-build-context',
  apply: 'build',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!source.includes('build-context')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === BUILD_CONTEXT_MODULE ? { id: pathToFileURL(BUILD_CONTEXT_MODULE).href, external: 'absolute' } : resolved;
  },
};

/**
 * Gives the pages the settings as the module `virtual:meshgate/settings` (JSON, less the token:
 * the module is bundled into chunks on disk), and, for a build run by site/scripts/build.ts, the
 * build context (lib/build-context.ts).
 */
export function siteIntegration(settings: SiteSettings, options: SiteIntegrationOptions = {}): AstroIntegration {
  const source = `export default ${JSON.stringify(pageSettings(settings))};`;
  return {
    name: 'meshgate-site',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'meshgate-settings',
                resolveId: (id: string) => (id === SETTINGS_MODULE ? RESOLVED_SETTINGS_MODULE : undefined),
                load: (id: string) => (id === RESOLVED_SETTINGS_MODULE ? source : undefined),
              },
              ...(options.shareBuildContext ? [shareBuildContext] : []),
            ],
          },
        });
      },
    },
  };
}

/** Astro's configuration for these settings; `integrations` come after the site's own. */
export function astroConfig(settings: SiteSettings, options: SiteIntegrationOptions & { integrations?: AstroIntegration[] } = {}): AstroInlineConfig {
  return {
    root: siteDir,
    outDir: settings.outDir,
    base: settings.base,
    site: settings.site,
    cacheDir: settings.cacheDir,
    logLevel: settings.logLevel,
    trailingSlash: 'ignore',
    build: { format: 'directory', concurrency: settings.concurrency },
    integrations: [mdx(), siteIntegration(settings, options), ...(options.integrations ?? [])],
    devToolbar: { enabled: false },
    vite: {
      // The core lives outside site/; the dev server may read it.
      server: { fs: { allow: ['..'] } },
    },
  };
}
