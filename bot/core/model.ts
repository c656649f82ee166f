/**
 * The mesh as Meshgate sees it: entities loaded from one file tree at one commit, each carrying
 * its file so that every finding can point back at a line. Everything in `bot/core` speaks these
 * types; the GitHub app, the CLI and the site are adapters around them.
 */
import type { Finding } from './findings/finding.ts';
import type { AccessGrant } from './kinds/access-grant.ts';
import type { DataContract } from './kinds/data-contract.ts';
import type { DataProduct } from './kinds/data-product.ts';
import type { Domain } from './kinds/domain.ts';
import type { Governance } from './kinds/governance.ts';
import { KINDS, type Kind } from './kinds/names.ts';
import type { Policy } from './kinds/policy.ts';
import { buildRelations, type Relations } from './relations.ts';

export { KINDS, type Kind } from './kinds/names.ts';

export interface KindDocuments {
  Domain: Domain;
  DataProduct: DataProduct;
  DataContract: DataContract;
  AccessGrant: AccessGrant;
  Policy: Policy;
  Governance: Governance;
}

export type { Finding, Severity } from './findings/finding.ts';

/** A file as any source hands it over: a directory walk, tarball entries, an in-memory map. */
export interface SourceFile {
  /** Repository-relative POSIX path, e.g. `catalog/checkout/orders/product.yaml`. */
  path: string;
  /** Raw bytes, or text already decoded. Absent for links, which are never followed. */
  content?: Uint8Array | string;
  /** Set when the source saw a symbolic (or hard) link instead of a regular file. */
  link?: boolean;
  /**
   * Set for a submodule (a gitlink, mode 160000): a commit of another repository, whose files the
   * review cannot see. `content` names the commit, so a changed pointer is a changed file.
   */
  gitlink?: boolean;
}

/** What every entity carries, valid or not. */
interface EntityBase<K extends Kind> {
  kind: K;
  id: string;
  apiVersion: string;
  /** Repository-relative path of the file it was loaded from. */
  file: string;
  /** The domain the entity belongs to: its own `domain` field, or for a grant its product's. */
  domain?: string;
}

/**
 * A document that failed its kind's schema: a mapping with a string `apiVersion`, `kind` and `id`
 * (the loader checks that much), anything else in any shape. Read it through the guards of
 * `shapes.ts`.
 */
export type LooseDocument = Record<string, unknown>;

/** An entity whose document passed its kind's schema. */
export interface ValidEntity<K extends Kind = Kind> extends EntityBase<K> {
  valid: true;
  /** The parsed document, valid against its kind's schema. */
  doc: KindDocuments[K];
}

/** An entity whose document failed its kind's schema; references are then checked best-effort. */
export interface InvalidEntity<K extends Kind = Kind> extends EntityBase<K> {
  valid: false;
  /** The parsed document, of unknown shape past its envelope. */
  doc: LooseDocument;
}

/**
 * An entity as loaded: `valid` tells whether its document passed the schema, and narrows `doc`.
 * Code that handles only valid entities takes a `ValidEntity` (or narrows with `isValid`); code
 * that reads any entity reads `doc` through the shape guards.
 */
export type Entity<K extends Kind = Kind> = ValidEntity<K> | InvalidEntity<K>;

export type AnyEntity = { [K in Kind]: Entity<K> }[Kind];
export type AnyValidEntity = { [K in Kind]: ValidEntity<K> }[Kind];

/** Whether the entity's document passed its kind's schema (a type guard for `filter`). */
export function isValid<K extends Kind>(entity: Entity<K>): entity is ValidEntity<K> {
  return entity.valid;
}

/** The valid entities of one kind, in the snapshot's order (first of each id, path order). */
export function validEntities<K extends Kind>(snapshot: Pick<MeshSnapshot, 'byKind'>, kind: K): ValidEntity<K>[] {
  const out: ValidEntity<K>[] = [];
  for (const entity of (snapshot.byKind[kind] as Map<string, Entity<K>>).values()) if (entity.valid) out.push(entity);
  return out;
}

/** The mesh loaded from one file tree at one commit. */
export interface MeshSnapshot {
  /** Every entity, valid or not, in path order. */
  entities: AnyEntity[];
  /**
   * Entities by kind and id, valid or not (narrow on `valid`, or take `validEntities(snapshot, kind)`);
   * on duplicate ids the first in path order wins (the rest are findings).
   */
  byKind: { [K in Kind]: Map<string, Entity<K>> };
  /** Findings raised while loading: YAML, envelope, schema, duplicates. */
  findings: Finding[];
  /** Every path in the tree (not only catalog/ and policies/): the review needs platform paths. */
  paths: string[];
  /** The decoded text of each loaded YAML file, kept to place findings lazily. */
  texts: Map<string, string>;
  /** Content digest per path (sha1 of the bytes), to tell changed files from unchanged ones. */
  digests: Map<string, string>;
  /** Optional free-form documentation next to entities (README.md / README.mdx), by path. */
  docs: Map<string, string>;
  /**
   * The mesh's relations (grant → port → contract → role, lineage, data locations), resolved on
   * first use and kept with the snapshot. Read it once the snapshot is complete.
   */
  readonly relations: Relations;
}

/** A snapshot with nothing in it yet; the loader (or a test) fills it in. */
export function emptySnapshot(): MeshSnapshot {
  let relations: Relations | undefined;
  const snapshot = {
    entities: [],
    byKind: Object.fromEntries(KINDS.map((k) => [k, new Map()])) as unknown as MeshSnapshot['byKind'],
    findings: [],
    paths: [],
    texts: new Map(),
    digests: new Map(),
    docs: new Map(),
    get relations(): Relations {
      return (relations ??= buildRelations(snapshot));
    },
  } satisfies MeshSnapshot;
  return snapshot;
}
