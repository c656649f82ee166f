/**
 * Scaffolds that pass the mesh's own policies: a new file starts from the bare scaffold, and every
 * policy of the mesh it is written into that applies to it (its `when` matches) adds what its
 * `require` asks for — the value itself where the policy names it (a `const`, the first of an
 * `enum`), a placeholder (`TODO …`, `your-…`) where only the author knows it. After the author
 * replaces the placeholders with plain values, the file passes `validate`.
 */
import dataContractSchema from './kinds/data-contract.schema.json' with { type: 'json' };
import { kindsAjv } from './kinds/index.ts';
import { loadMesh } from './load/mesh.ts';
import type { Entity, MeshSnapshot, SourceFile } from './model.ts';
import { buildView, compilePolicy } from './policies/engine.ts';
import { isRecord, stableJson } from './shapes.ts';

export interface ScaffoldFile {
  path: string;
  doc: object;
}

type Schema = Record<string, unknown>;

/** Connection fields each server type requires (ODCS, as the contract schema lists them). */
const SERVER_CONNECTION = (dataContractSchema as { $defs: { ServerConnection: Record<string, { required?: string[] }> } }).$defs.ServerConnection;

/** What a new list item under a key starts from, so that it is valid for its kind before a policy adds to it. */
const ITEM_SEEDS: Record<string, () => Record<string, unknown>> = {
  members: () => ({ username: 'your-github-login' }),
  support: () => ({ channel: 'your-channel', url: 'https://your-chat.example.com/your-channel' }),
  slaProperties: () => ({ value: 'TODO: the value, e.g. 1 (with unit: d)' }),
  quality: () => ({ type: 'text', description: 'TODO: a rule the data keeps, e.g. every row has an id.' }),
  servers: () => ({ server: 'your-server' }),
};

/** A placeholder for a value only the author knows, by the field it fills. */
function placeholder(key: string, schema: Schema): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (schema.type === 'boolean') return true;
  if (schema.format === 'uri' || key === 'url') return 'https://your-link.example.com';
  if (key === 'tags' || key === 'tag') return 'your-tag';
  let text = /^(description|purpose|usage|limitations|rationale)$/.test(key) ? `TODO: the ${key}, in a sentence or two.` : `your-${key.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  while (text.length < min) text += ' …';
  return text;
}

/** Whether `value` satisfies `schema`; a part of a policy that does not compile on its own (a `$ref` to the policy's root) counts as met, so it is left alone. */
function matches(schema: unknown, value: unknown): boolean {
  try {
    return kindsAjv().compile(schema as Schema)(value) as boolean;
  } catch {
    return true;
  }
}

/** The schema for `key` as `schema` (or one of its branches) declares it. */
function propertySchema(schema: Schema, key: string): Schema {
  const own = isRecord(schema.properties) ? schema.properties[key] : undefined;
  if (isRecord(own)) return own;
  for (const branch of [...asSchemas(schema.allOf), ...asSchemas(schema.anyOf).slice(0, 1), ...asSchemas(schema.oneOf).slice(0, 1)]) {
    const found = propertySchema(branch, key);
    if (Object.keys(found).length > 0) return found;
  }
  return {};
}

const asSchemas = (value: unknown): Schema[] => (Array.isArray(value) ? value.filter(isRecord) : []);

const isArraySchema = (s: Schema) => s.type === 'array' || 'items' in s || 'contains' in s || 'minItems' in s;
const isObjectSchema = (s: Schema) => s.type === 'object' || 'properties' in s || 'required' in s;

/**
 * `value` changed as little as possible to satisfy `schema`. Keys of the view that are not the
 * entity's own (`$domain`, `$contracts`, …) are never written; what cannot be made to match
 * (`not`, patterns) is left for the policy to report.
 */
export function fillFor(schema: unknown, value: unknown, key = ''): unknown {
  if (!isRecord(schema)) return value;
  if ('const' in schema) return value !== undefined && stableJson(value) === stableJson(schema.const) ? value : schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.some((e) => stableJson(e) === stableJson(value)) ? value : schema.enum[0];
  let out = value;
  for (const sub of asSchemas(schema.allOf)) out = fillFor(sub, out, key);
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const branches = asSchemas(schema[combinator]);
    if (branches.length > 0 && !branches.some((b) => matches(b, out ?? {}))) out = fillFor(branches[0], out, key);
  }
  if (isRecord(schema.if) && isRecord(schema.then) && out !== undefined && matches(schema.if, out)) out = fillFor(schema.then, out, key);
  if (isObjectSchema(schema) && (out === undefined || isRecord(out))) {
    const object: Record<string, unknown> = { ...(out as Record<string, unknown> | undefined) };
    for (const [k, sub] of Object.entries(isRecord(schema.properties) ? schema.properties : {})) {
      if (k.startsWith('$') || !isRecord(sub)) continue;
      // A new object takes the values its schema fixes; an existing one is only corrected where it has the key.
      if (k in object || (out === undefined && ('const' in sub || Array.isArray(sub.enum)))) object[k] = fillFor(sub, object[k], k);
    }
    for (const required of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof required !== 'string' || required.startsWith('$') || required in object) continue;
      const sub = propertySchema(schema, required);
      object[required] = fillFor(sub, undefined, required) ?? placeholder(required, sub);
    }
    out = object;
  }
  if (isArraySchema(schema) && (out === undefined || Array.isArray(out))) {
    let list = [...((out as unknown[] | undefined) ?? [])];
    const items = isRecord(schema.items) ? schema.items : undefined;
    if (items) list = list.map((item) => fillFor(items, item, key));
    const fresh = (extra?: Schema) => {
      let item: unknown = fillFor(extra ? { allOf: [items ?? {}, extra] } : items ?? {}, undefined, key);
      const seed = ITEM_SEEDS[key]?.();
      // The seed fills what the kind requires and no policy named; what a policy fixed wins.
      if (seed && (item === undefined || isRecord(item))) {
        const filled: Record<string, unknown> = { ...(item as Record<string, unknown> | undefined) };
        for (const [k, v] of Object.entries(seed)) filled[k] ??= v;
        item = filled;
      }
      if (item === undefined) item = placeholder(key, items ?? {});
      return key === 'servers' ? withConnection(item) : item;
    };
    if (isRecord(schema.contains) && !list.some((item) => matches(schema.contains, item))) list.push(fresh(schema.contains));
    while (list.length < (typeof schema.minItems === 'number' ? schema.minItems : 0)) list.push(fresh());
    if (key === 'servers') list = list.map(withConnection);
    out = list;
  }
  if (out === undefined && (schema.type === 'string' || 'minLength' in schema || 'format' in schema)) out = placeholder(key, schema);
  if (typeof out === 'string' && typeof schema.minLength === 'number' && out.length < schema.minLength) out = placeholder(key, schema);
  return out;
}

/** A server with the connection fields its type requires, as placeholders. */
function withConnection(server: unknown): unknown {
  if (!isRecord(server) || typeof server.type !== 'string') return server;
  const out = { ...server };
  for (const field of SERVER_CONNECTION[server.type]?.required ?? []) out[field] ??= field === 'port' ? 5432 : `your-${field.toLowerCase()}`;
  return out;
}

/**
 * The scaffolded files, each completed for the policies of the mesh made of `meshFiles` plus the
 * scaffolds (so a product's view sees its new contract). A policy's `when` can depend on what an
 * earlier policy added, so the policies run again until nothing changes (a few rounds at most).
 */
export function meetPolicies(meshFiles: readonly SourceFile[], scaffolds: ScaffoldFile[], options: { now?: Date; dump: (doc: object) => string }): ScaffoldFile[] {
  let current = scaffolds.map((s) => ({ ...s }));
  const paths = new Set(current.map((s) => s.path));
  const base = meshFiles.filter((f) => !paths.has(f.path));
  for (let round = 0; round < 4; round++) {
    const snapshot = loadMesh([...base, ...current.map((s) => ({ path: s.path, content: options.dump(s.doc) }))]);
    let changed = false;
    for (const policyEntity of snapshot.byKind.Policy.values()) {
      const { compiled } = compilePolicy(snapshot, policyEntity);
      if (!compiled?.require) continue;
      current = current.map((scaffold) => {
        const entity = entityAt(snapshot, scaffold.path);
        if (!entity || entity.kind !== compiled.appliesTo) return scaffold;
        const view = buildView(snapshot, entity, { now: options.now });
        if ((compiled.when && !compiled.when(view)) || compiled.require!(view)) return scaffold;
        const doc = fillFor(policyEntity.doc.require, scaffold.doc) as object;
        if (stableJson(doc) === stableJson(scaffold.doc)) return scaffold;
        changed = true;
        return { ...scaffold, doc };
      });
    }
    if (!changed) break;
  }
  return current;
}

function entityAt(snapshot: MeshSnapshot, path: string): Entity | undefined {
  return snapshot.entities.find((e) => e.file === path) as Entity | undefined;
}
