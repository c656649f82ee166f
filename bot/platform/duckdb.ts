/**
 * DuckDB, in-process: the default engine of `meshgate test`. A `duckdb` server is a database file,
 * attached read-only; a `local` server is files (`path` with `{model}` for the object's physical
 * name, `format` csv | parquet | json), each read through a view named after the object.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, sqlLiteral } from '../core/datatest/sql.ts';
import type { DataEngine, ObjectDescription } from '../core/datatest/types.ts';
import type { Server } from '../core/kinds/data-contract.ts';
import { EngineError } from './engine-error.ts';

const READERS: Record<string, string> = { csv: 'read_csv', parquet: 'read_parquet', json: 'read_json_auto', ndjson: 'read_json_auto', jsonl: 'read_json_auto' };
const hasGlob = (path: string) => /[*?[]/.test(path);

class DuckDbEngine implements DataEngine {
  readonly dialect = 'duckdb' as const;
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly instance: DuckDBInstance,
    private readonly source: { type: 'database'; schema: string } | { type: 'files'; path: string; reader: string },
  ) {}

  relation(object: string): string {
    return this.source.type === 'database' ? `src.${quoteIdent(this.source.schema)}.${quoteIdent(object)}` : quoteIdent(object);
  }

  async describe(object: string): Promise<ObjectDescription | null> {
    if (this.source.type === 'database') {
      const rows = await this.rows(
        `SELECT column_name AS name, data_type AS type FROM information_schema.columns
         WHERE table_catalog = 'src' AND table_schema = ${sqlLiteral(this.source.schema)} AND table_name = ${sqlLiteral(object)} ORDER BY ordinal_position`,
      );
      return rows.length === 0 ? null : { columns: rows.map((r) => ({ name: String(r.name), type: String(r.type).toUpperCase() })) };
    }
    const path = this.source.path.replaceAll('{model}', object);
    if (!hasGlob(path) && !existsSync(path)) return null;
    await this.rows(`CREATE OR REPLACE VIEW ${quoteIdent(object)} AS SELECT * FROM ${this.source.reader}(${sqlLiteral(path)})`);
    const rows = await this.rows(`DESCRIBE ${quoteIdent(object)}`);
    return { columns: rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type).toUpperCase() })) };
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return this.rows(sql);
  }

  /** Only a single SELECT gets through (DuckDB's own parser says so), and it runs in a transaction that is rolled back. */
  async queryReadOnly(sql: string): Promise<Record<string, unknown>[]> {
    const [parsed] = await this.rows(`SELECT json_serialize_sql(${sqlLiteral(sql)}) AS tree`);
    const tree = JSON.parse(String(parsed.tree)) as { error: boolean; error_message?: string; statements?: unknown[] };
    if (tree.error) throw new Error(`only a SELECT may run as a quality query (${tree.error_message})`);
    if ((tree.statements ?? []).length !== 1) throw new Error('a quality query must be exactly one SELECT statement');
    await this.connection.run('BEGIN TRANSACTION');
    try {
      return await this.rows(sql);
    } finally {
      await this.connection.run('ROLLBACK');
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }
}

/** Opens a `duckdb` or `local` server; relative paths are read from `baseDir` (the contract's folder). */
export async function openDuckDb(server: Server, baseDir: string): Promise<DataEngine> {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  let source: ConstructorParameters<typeof DuckDbEngine>[2];
  let attach: string | undefined;
  if (server.type === 'duckdb') {
    if (typeof server.database !== 'string') throw new EngineError(`server ${server.server} names no database file`, 'set `database:` to the path of the DuckDB file');
    const file = at(server.database);
    if (!existsSync(file)) throw new EngineError(`DuckDB file ${file} does not exist`, `create it, or correct \`database:\` of server ${server.server} (relative paths start at the contract's folder)`);
    attach = `ATTACH ${sqlLiteral(file)} AS src (READ_ONLY)`;
    source = { type: 'database', schema: typeof server.schema === 'string' ? server.schema : 'main' };
  } else {
    const format = String(server.format ?? 'csv').toLowerCase();
    const reader = READERS[format];
    if (!reader) throw new EngineError(`local server ${server.server} has format "${format}", which DuckDB cannot read here`, 'use csv, parquet or json');
    if (typeof server.path !== 'string') throw new EngineError(`local server ${server.server} names no path`, 'set `path:` (with {model} for the object\'s name)');
    source = { type: 'files', path: at(server.path), reader };
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    if (attach) await connection.run(attach);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw new EngineError(`cannot open server ${server.server}: ${(error as Error).message}`, 'check that the file is a DuckDB database of a compatible version', { cause: error });
  }
  return new DuckDbEngine(connection, instance, source);
}
