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

export interface Entity<K extends Kind = Kind> {
  kind: K;
  id: string;
  apiVersion: string;
  /** Repository-relative path of the file it was loaded from. */
  file: string;
  /** The parsed document, valid against its kind's schema unless `valid` is false. */
  doc: KindDocuments[K];
  /** False when the document failed its kind's schema; references are then checked best-effort. */
  valid: boolean;
  /** The domain the entity belongs to: its own `domain` field, or for a grant its product's. */
  domain?: string;
}

export type AnyEntity = { [K in Kind]: Entity<K> }[Kind];

/** The mesh loaded from one file tree at one commit. */
export interface MeshSnapshot {
  /** Every entity, in path order. */
  entities: AnyEntity[];
  /** Entities by kind and id; on duplicate ids the first in path order wins (the rest are findings). */
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
