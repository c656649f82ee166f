/**
 * The mesh as the pages see it: every page and endpoint awaits the same catalog. In a build run by
 * site/scripts/build.ts that is the catalog the build script loaded (lib/build-context.ts); in a
 * plain `astro build` the pages load it themselves, once, from the settings they were bundled with.
 *
 * Only the pages import this module (it imports `virtual:meshgate/settings`, which exists only in
 * Astro's bundle); the build script and the tests use lib/load-catalog.ts.
 */
import settings from 'virtual:meshgate/settings';
import { buildContext } from './build-context.ts';
import type { Catalog } from './catalog.ts';
import { loadCatalog } from './load-catalog.ts';
import { fetchPendingRequests, type PendingRequests } from './pending-requests.ts';
import type { RepositoryRef } from './access.ts';

let ownCatalog: Promise<Catalog> | undefined;

/** The catalog of this build, shared by every page. */
export function getCatalog(): Promise<Catalog> {
  return buildContext()?.catalog ?? (ownCatalog ??= loadCatalog(settings));
}

let pending: Promise<PendingRequests> | undefined;

/**
 * The pending requests of this build, read once. The token comes from MESHGATE_SITE_TOKEN only
 * (the Pages workflow passes the workflow's token there), never from a GITHUB_TOKEN that happens
 * to be set, so a local build or a test run does not reach the network unless asked to. It reaches
 * the pages through the build context, never their bundle: a plain `astro build` has none.
 */
export function getPendingRequests(repository: RepositoryRef | undefined): Promise<PendingRequests> {
  return (pending ??= fetchPendingRequests({ repository, token: buildContext()?.token, apiUrl: settings.apiUrl }));
}
