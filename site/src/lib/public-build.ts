/**
 * A catalog built for everyone to read (`MESHGATE_SITE_PUBLIC=1`): a public repository's GitHub
 * Pages site is public, whatever the repository's own visibility rules. Such a build leaves out
 * what only the mesh's own people should see: where the data lives (server hosts, accounts,
 * databases, paths — a server keeps its name, type and environment), the raw YAML downloads (they
 * carry all of it), and why each team was granted access (grant purposes).
 */
import type { Catalog } from './catalog.ts';

/** What a public build shows of a server: nothing that locates it. */
const PUBLIC_SERVER_FIELDS = new Set(['server', 'type', 'environment', 'description', 'id']);

export const WITHHELD = 'not shown in the public catalog';

/** Whether this build is public: `MESHGATE_SITE_PUBLIC` set to `1` or `true`. */
export const isPublicBuild = (env: Record<string, string | undefined>): boolean => /^(1|true)$/i.test(env.MESHGATE_SITE_PUBLIC ?? '');

/** Redacts the catalog in place, before any page or file is written from it. */
export function redactForPublic(catalog: Catalog): void {
  catalog.public = true;
  for (const contract of catalog.contracts) {
    const servers = contract.doc.servers;
    if (!servers) continue;
    contract.doc.servers = servers.map((server) => Object.fromEntries(Object.entries(server).filter(([key]) => PUBLIC_SERVER_FIELDS.has(key))) as typeof server);
  }
  for (const grant of catalog.grants) grant.doc.purpose = WITHHELD;
  catalog.texts = new Map();
}
