/**
 * Credentials come from the environment, never from YAML: libpq's own variables (PGUSER,
 * PGPASSWORD, PGSSLMODE, …, which `pg` reads itself), overridden per server by
 * MESHGATE_<SERVER>_USERNAME / MESHGATE_<SERVER>_PASSWORD.
 */

/** `postgres-replica` → `MESHGATE_POSTGRES_REPLICA`: the server name upper-cased, non-alphanumerics as `_`. */
export function serverEnvPrefix(server: string): string {
  return `MESHGATE_${server.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export interface ServerCredentials {
  user?: string;
  password?: string;
  /** Which variables supplied them, for error messages (never the values). */
  sources: string[];
}

export function serverCredentials(server: string, env: Readonly<Record<string, string | undefined>>): ServerCredentials {
  const prefix = serverEnvPrefix(server);
  const sources: string[] = [];
  const pick = (own: string, libpq: string): string | undefined => {
    if (env[own]) {
      sources.push(own);
      return env[own];
    }
    if (env[libpq]) {
      sources.push(libpq);
      return env[libpq];
    }
    return undefined;
  };
  return { user: pick(`${prefix}_USERNAME`, 'PGUSER'), password: pick(`${prefix}_PASSWORD`, 'PGPASSWORD'), sources };
}
