/**
 * Which engine serves which server type. Adding BigQuery, Snowflake, Databricks or Trino is one
 * more entry here and a driver beside duckdb.ts and postgres.ts; the checks do not change.
 */
import type { EngineOpening } from '../core/datatest/run.ts';
import type { Server } from '../core/kinds/data-contract.ts';
import { serverEnvPrefix } from './credentials.ts';
import { EngineError } from './engine-error.ts';

export type { DataEngine } from '../core/datatest/types.ts';

export interface EngineContext {
  /** The contract file's folder: relative paths of local and DuckDB servers start there. */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

const OPENERS: Record<string, (server: Server, context: EngineContext) => Promise<import('../core/datatest/types.ts').DataEngine>> = {
  duckdb: async (server, c) => (await import('./duckdb.ts')).openDuckDb(server, c.baseDir),
  local: async (server, c) => (await import('./duckdb.ts')).openDuckDb(server, c.baseDir),
  postgres: async (server, c) => (await import('./postgres.ts')).openPostgres(server, c.env),
  postgresql: async (server, c) => (await import('./postgres.ts')).openPostgres(server, c.env),
};

export const TESTABLE_SERVER_TYPES = Object.keys(OPENERS);

export const isTestable = (server: Pick<Server, 'type'>): boolean => Object.hasOwn(OPENERS, server.type);

const NEEDS_CREDENTIALS = new Set(['postgres', 'postgresql']);

/**
 * Whether the environment names credentials for a server that needs them. A server nobody gave
 * credentials for is skipped (saying which variables to set) unless it was asked for by name.
 */
export function hasCredentials(server: Server, env: EngineContext['env']): boolean {
  if (!NEEDS_CREDENTIALS.has(server.type)) return true;
  const prefix = serverEnvPrefix(server.server);
  return [`${prefix}_USERNAME`, `${prefix}_PASSWORD`, 'PGUSER', 'PGPASSWORD', 'PGSERVICE'].some((name) => !!env[name]);
}

/** An engine for `server`, or why there is none; never throws. */
export async function openEngine(server: Server, context: EngineContext, options: { named?: boolean } = {}): Promise<EngineOpening> {
  if (!isTestable(server)) return { unsupported: `server type ${server.type} is not supported by meshgate test (supported: ${TESTABLE_SERVER_TYPES.join(', ')})` };
  if (!options.named && !hasCredentials(server, context.env)) {
    const prefix = serverEnvPrefix(server.server);
    return { unsupported: `no credentials for server ${server.server} in the environment: set ${prefix}_USERNAME and ${prefix}_PASSWORD (or PGUSER / PGPASSWORD), or name it with --server` };
  }
  try {
    return { engine: await OPENERS[server.type](server, context) };
  } catch (error) {
    const hint = error instanceof EngineError ? ` (${error.hint})` : '';
    return { error: `${(error as Error).message}${hint}` };
  }
}
