/**
 * What a build started by site/scripts/build.ts hands the pages it renders that is not JSON (the
 * JSON settings are the module `virtual:meshgate/settings`): the catalog the build script loaded,
 * the Pagefind page sink (lib/indexing.ts), the README renderer (lib/readme.ts), and the token for
 * GitHub (a secret, so never bundled).
 *
 * Astro bundles the pages with their own copy of every module they import, so a value the build
 * script sets in its copy of a module is not there for the pages. This module is the exception:
 * the build marks it external for the pages' bundle (site/scripts/astro-config.ts), and their
 * chunks import this very file, which Node has loaded once, for the build script and them alike.
 * It holds no state of its own: the context lives in an AsyncLocalStorage for the duration of the
 * one `withBuildContext` call that runs Astro, so only code running for that build sees it, and
 * nothing is left behind after it.
 *
 * In a plain `astro build` (no build script) the pages bundle a copy of this module, which has no
 * context: they then load the catalog themselves, index nothing while rendering, and render
 * READMEs on their own thread.
 *
 * Keep it small and free of runtime imports: the pages' chunks load it, and whatever it imports,
 * outside their bundle.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import type { Catalog } from './catalog.ts';
import type { PageSink } from './indexing.ts';
import type { ReadmeRenderer } from './readme.ts';

export interface BuildContext {
  /** The catalog of this build, loaded by the build script (it writes the entity files from it too). */
  catalog: Promise<Catalog>;
  /** Where rendered pages go to be indexed while Astro renders the next ones. */
  sink?: PageSink;
  /** Renders READMEs within a time and memory budget. */
  readmes?: ReadmeRenderer;
  /** Reads the pending access requests (MESHGATE_SITE_TOKEN). */
  token?: string;
}

/** This file, for the build to mark external. */
export const BUILD_CONTEXT_MODULE = fileURLToPath(import.meta.url);

// The store holds the context through a box emptied when the build returns: whatever Astro leaves
// behind that was created during the build (a timer, a cached promise) keeps the box, not the
// catalog, whose memory Pagefind needs when it writes the index.
const current = new AsyncLocalStorage<{ context?: BuildContext }>();

/** Runs `build` with `context` available to everything it renders, until it returns. */
export async function withBuildContext<T>(context: BuildContext, build: () => Promise<T>): Promise<T> {
  const box: { context?: BuildContext } = { context };
  try {
    return await current.run(box, build);
  } finally {
    box.context = undefined;
  }
}

/** The context of the build this code runs for; none in a plain `astro build`. */
export function buildContext(): BuildContext | undefined {
  return current.getStore()?.context;
}
