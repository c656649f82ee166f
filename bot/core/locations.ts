/**
 * Data locations: where a contract's data physically lives, as one comparable key per server and
 * schema object — server type, host (or project), database (or dataset), schema and the object's
 * physical name (else its name).
 *
 * The key is what the review uses to tell that two contracts describe the same table, so it is
 * normalised the way the engines read it, not the way the YAML spells it: a contract must not
 * escape its neighbour's claim by writing `postgresql` for `postgres`, `DB.Acme` for `db.acme`,
 * leaving out Postgres's default schema, or qualifying the table in `physicalName`
 * (`shop.public.orders`). Erring towards "the same place" only ever asks someone more to approve.
 */
import { isRecord } from './shapes.ts';

/** Server types that name the same engine. */
const TYPE_ALIASES: Record<string, string> = { postgresql: 'postgres', pg: 'postgres', bq: 'bigquery' };

/** The schema an engine reads when the server names none. */
const DEFAULT_SCHEMA: Record<string, string> = { postgres: 'public', duckdb: 'main', sqlserver: 'dbo' };

/** The port an engine listens on when the server names none. */
const DEFAULT_PORT: Record<string, number> = { postgres: 5432, mysql: 3306, sqlserver: 1433 };

/** A non-empty text field, trimmed, in lower case; identifiers that differ only by case are read as one. */
function part(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const out = value.trim().toLowerCase();
  return out === '' ? undefined : out;
}

/** An identifier without the quotes SQL dialects put around it (`"orders"`, `` `orders` ``, `[orders]`). */
function unquote(identifier: string): string {
  return identifier.replace(/^["`[]|["`\]]$/g, '');
}

/**
 * The key of a data location, or undefined when the server has no type or the object no name.
 * Two contracts with the same key describe the same table.
 */
export function dataLocation(server: unknown, object: unknown): string | undefined {
  if (!isRecord(server) || !isRecord(object)) return undefined;
  const rawType = part(server.type);
  const rawName = part(object.physicalName) ?? part(object.name);
  if (rawType === undefined || rawName === undefined) return undefined;
  const type = TYPE_ALIASES[rawType] ?? rawType;
  let host = part(server.host) ?? part(server.project) ?? part(server.account) ?? part(server.path) ?? part(server.location) ?? '';
  const port = part(server.port);
  if (port !== undefined && host !== '' && Number(port) !== DEFAULT_PORT[type]) host = `${host}:${port}`;
  let database = part(server.database) ?? part(server.dataset) ?? part(server.catalog) ?? '';
  let schema = part(server.schema) ?? '';
  // A qualified physical name says where the table is, whatever the server says.
  const names = rawName.split('.').map(unquote);
  const name = names[names.length - 1];
  if (names.length >= 2) schema = names[names.length - 2];
  if (names.length >= 3) database = names[names.length - 3];
  if (schema === '') schema = DEFAULT_SCHEMA[type] ?? '';
  return JSON.stringify([type, host, database, schema, name]);
}

/** The data locations a contract document describes, one per server and schema object, first seen first. */
export function contractLocations(doc: unknown): string[] {
  if (!isRecord(doc)) return [];
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const objects = Array.isArray(doc.schema) ? doc.schema : [];
  const keys = new Set<string>();
  for (const server of servers) {
    for (const object of objects) {
      const key = dataLocation(server, object);
      if (key !== undefined) keys.add(key);
    }
  }
  return [...keys];
}

/** A location key as a reader would write it: `postgres://db.acme/shop/public/orders`. */
export function describeLocation(key: string): string {
  const [type, host, database, schema, name] = JSON.parse(key) as string[];
  return `${type}://${[host, database, schema, name].filter((p) => p !== '').join('/')}`;
}
