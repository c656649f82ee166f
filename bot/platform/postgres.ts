/**
 * PostgreSQL over the wire (`pg`). Host, port, database and schema come from the contract's server;
 * the user and password from the environment (credentials.ts). Contract queries run in a READ ONLY
 * transaction that is rolled back.
 */
import pg from 'pg';
import { quoteIdent } from '../core/datatest/sql.ts';
import type { DataEngine, ObjectDescription } from '../core/datatest/types.ts';
import type { Server } from '../core/kinds/data-contract.ts';
import { serverCredentials, serverEnvPrefix } from './credentials.ts';
import { EngineError } from './engine-error.ts';

class PostgresEngine implements DataEngine {
  readonly dialect = 'postgres' as const;
  /** Object name in the contract → the relation's actual name (PostgreSQL folds unquoted names to lower case). */
  private readonly names = new Map<string, string>();
  constructor(
    private readonly client: pg.Client,
    private readonly schema: string,
  ) {}

  relation(object: string): string {
    return `${quoteIdent(this.schema)}.${quoteIdent(this.names.get(object) ?? object)}`;
  }

  async describe(object: string): Promise<ObjectDescription | null> {
    const found = await this.client.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname IN ($2::text, lower($2::text)) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
       ORDER BY c.relname = $2::text DESC LIMIT 1`,
      [this.schema, object],
    );
    if (found.rowCount === 0) return null;
    const relname = found.rows[0].relname;
    this.names.set(object, relname);
    const columns = await this.client.query<{ name: string; type: string }>(
      `SELECT a.attname AS name, upper(format_type(a.atttypid, a.atttypmod)) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [this.schema, relname],
    );
    return { columns: columns.rows };
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.client.query(sql)).rows;
  }

  async queryReadOnly(sql: string): Promise<Record<string, unknown>[]> {
    await this.client.query('BEGIN READ ONLY');
    try {
      return (await this.client.query(sql)).rows;
    } finally {
      await this.client.query('ROLLBACK');
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

const HINTS: Record<string, (server: string) => string> = {
  '28P01': (s) => `set ${serverEnvPrefix(s)}_USERNAME and ${serverEnvPrefix(s)}_PASSWORD (or PGUSER / PGPASSWORD)`,
  '28000': (s) => `set ${serverEnvPrefix(s)}_USERNAME and ${serverEnvPrefix(s)}_PASSWORD (or PGUSER / PGPASSWORD), and check pg_hba.conf allows this client`,
  '3D000': () => 'check `database:` of the server',
  ECONNREFUSED: () => 'is the server running? check `host:` and `port:` of the server',
  ENOTFOUND: () => 'check `host:` of the server',
  ETIMEDOUT: () => 'check `host:`, `port:` and the network between here and the server',
};

/** Connects to a `postgres` / `postgresql` server. */
export async function openPostgres(server: Server, env: Readonly<Record<string, string | undefined>>): Promise<DataEngine> {
  const { user, password } = serverCredentials(server.server, env);
  const client = new pg.Client({
    host: typeof server.host === 'string' ? server.host : undefined,
    port: typeof server.port === 'number' ? server.port : 5432,
    database: typeof server.database === 'string' ? server.database : undefined,
    user,
    password,
    connectionTimeoutMillis: 10_000,
    application_name: 'meshgate test',
  });
  // A dropped connection after connect surfaces on the next query; keep it from crashing the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query("SET TIME ZONE 'UTC'");
  } catch (error) {
    await client.end().catch(() => {});
    const code = (error as { code?: string }).code ?? '';
    const where = `${server.host ?? 'localhost'}:${server.port ?? 5432}/${server.database ?? ''}`;
    throw new EngineError(`cannot connect to server ${server.server} (${where}): ${(error as Error).message}`, (HINTS[code] ?? (() => 'check the server\'s host, port and database, and the credentials in the environment'))(server.server), { cause: error });
  }
  return new PostgresEngine(client, typeof server.schema === 'string' ? server.schema : 'public');
}
