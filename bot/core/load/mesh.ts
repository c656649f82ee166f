/**
 * Files → MeshSnapshot. Layered like Backstage's processing: read, parse, check the envelope
 * (kind, apiVersion, id), check the kind's schema; each layer reports findings and one broken
 * file never stops the others. References are checked later, over the whole snapshot
 * (validate/mesh.ts).
 */
import { hash } from 'node:crypto';
import { isKind, KIND_INFO } from '../kinds/index.ts';
import type { AnyEntity, Entity, Finding, Kind, KindDocuments, MeshSnapshot, SourceFile } from '../model.ts';
import { emptySnapshot, KINDS } from '../model.ts';
import type { Issue } from '../findings/finding.ts';
import { placeIssue } from '../findings/place.ts';
import { schemaIssues } from './schema.ts';
import { parseYaml } from './parse.ts';

/** The folders that hold entities; everything else in the tree is only a path. */
export const MESH_FOLDERS = ['catalog/', 'policies/'] as const;

export const isEntityPath = (path: string): boolean =>
  inMeshFolder(path) && /\.ya?ml$/i.test(path);

// Asked for every file of the tree: a loop, not a callback created per call.
function inMeshFolder(path: string): boolean {
  for (let i = 0; i < MESH_FOLDERS.length; i++) if (path.startsWith(MESH_FOLDERS[i])) return true;
  return false;
}

const isDocPath = (path: string): boolean => path.startsWith('catalog/') && /(^|\/)README\.mdx?$/i.test(path);

const kindSuggestion = (kind: string): string | undefined =>
  KINDS.find((k) => k.toLowerCase() === kind.toLowerCase().replace(/[-_\s]/g, ''));

/** Checks kind, apiVersion and id; returns the entity's kind when it can be loaded as one. */
export function checkEnvelope(doc: unknown, issues: Issue[]): Kind | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    issues.push({ severity: 'error', code: 'entity.not-a-mapping', message: `file holds ${Array.isArray(doc) ? 'a list' : `a ${typeof doc === 'object' ? 'null' : typeof doc}`}, not an entity`, path: '', hint: 'an entity is a YAML mapping with apiVersion, kind and id' });
    return undefined;
  }
  const record = doc as Record<string, unknown>;
  if (Object.hasOwn(record, 'dataContractSpecification')) {
    issues.push({
      severity: 'error',
      code: 'format.dcs-deprecated',
      message: `this is a Data Contract Specification ${String(record.dataContractSpecification)} file, a deprecated format`,
      path: '/dataContractSpecification',
      hint: 'convert it to ODCS v3.2.0 with `meshgate convert FILE`, which lists what it could not carry over',
    });
    return undefined;
  }
  const kind = record.kind;
  if (kind === undefined) {
    issues.push({ severity: 'error', code: 'entity.missing-kind', message: 'field "kind" is missing', path: '', hint: `add kind: one of ${KINDS.join(', ')}` });
    return undefined;
  }
  if (!isKind(kind)) {
    const suggestion = typeof kind === 'string' ? kindSuggestion(kind) : undefined;
    issues.push({
      severity: 'error',
      code: 'entity.unknown-kind',
      message: `unknown kind ${JSON.stringify(kind)}`,
      path: '/kind',
      hint: suggestion ? `did you mean ${suggestion}?` : `use one of ${KINDS.join(', ')}`,
    });
    return undefined;
  }
  const info = KIND_INFO[kind];
  const apiVersion = record.apiVersion;
  if (apiVersion === undefined) {
    issues.push({ severity: 'error', code: 'entity.missing-api-version', message: `field "apiVersion" is missing`, path: '', hint: `add apiVersion: ${info.apiVersions[info.apiVersions.length - 1]}` });
    return undefined;
  }
  if (typeof apiVersion !== 'string' || !info.apiVersions.includes(apiVersion)) {
    const v2 = kind === 'DataContract' && typeof apiVersion === 'string' && /^v?2\./.test(apiVersion);
    issues.push({
      severity: 'error',
      code: 'entity.unknown-api-version',
      message: `apiVersion ${JSON.stringify(apiVersion)} is not a version of ${kind} that Meshgate reads`,
      path: '/apiVersion',
      hint: v2
        ? 'ODCS v2 is not supported: migrate the contract to ODCS v3 (dataset → schema, columns → properties)'
        : `use one of ${info.apiVersions.join(', ')}`,
    });
    return undefined;
  }
  if (typeof record.id !== 'string' || record.id.trim() === '') {
    issues.push({ severity: 'error', code: 'entity.missing-id', message: `${kind} has no id`, path: typeof record.id === 'string' ? '/id' : '', hint: 'add a non-empty id, unique among entities of this kind' });
    return undefined;
  }
  return kind;
}

function digest(content: Uint8Array | string | undefined): string {
  // A string is hashed as its UTF-8 bytes: the same digest as the file's bytes.
  return hash('sha1', content ?? '');
}

/** In-memory files, e.g. `{ 'catalog/checkout/domain.yaml': '…' }`. */
export function fromRecord(record: Record<string, string | Uint8Array>): SourceFile[] {
  return Object.entries(record).map(([path, content]) => ({ path, content }));
}

/** What reading one entity file gave: its text, its file-level findings and, if it is one, the entity. */
export interface FileLoad {
  digest: string;
  text?: string;
  findings: Finding[];
  entity?: AnyEntity;
}

/** Per snapshot, the result of each entity file, so a later load of a similar tree can reuse it. */
const fileLoads = new WeakMap<MeshSnapshot, Map<string, FileLoad>>();

export interface LoadOptions {
  /**
   * A snapshot of a related tree (a PR's base when loading its head): files whose content is
   * byte-identical are not parsed or validated again. Entities are never mutated, so sharing
   * their documents is safe.
   */
  previous?: MeshSnapshot;
  /**
   * Files already read elsewhere (another thread: bot/sources/threads.ts), by path. Their content is not
   * read again; everything else about the load is as if this loader had read them.
   */
  prepared?: ReadonlyMap<string, FileLoad>;
}

/**
 * Loads a mesh from files of one tree. Every `.yaml`/`.yml` under catalog/ and policies/ is an
 * entity; README.md/.mdx under catalog/ are kept as product docs; every path is remembered.
 */
export function loadMesh(files: Iterable<SourceFile>, options: LoadOptions = {}): MeshSnapshot {
  const snapshot = emptySnapshot();
  const loads = new Map<string, FileLoad>();
  fileLoads.set(snapshot, loads);
  const reusable = options.previous ? fileLoads.get(options.previous) : undefined;
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const source of sorted) {
    const prepared = options.prepared?.get(source.path);
    if (prepared) {
      snapshot.paths.push(source.path);
      snapshot.digests.set(source.path, prepared.digest);
      loads.set(source.path, prepared);
      register(snapshot, source.path, prepared);
      continue;
    }
    if (source.gitlink) {
      registerGitlink(snapshot, loads, source);
      continue;
    }
    // Read `content` once: a directory source reads the file on access.
    const file: SourceFile = { path: source.path, link: source.link, content: source.link ? undefined : source.content };
    const fileDigest = file.link ? `link:${file.path}` : digest(file.content);
    snapshot.paths.push(file.path);
    snapshot.digests.set(file.path, fileDigest);
    if (isDocPath(file.path) && !file.link && file.content !== undefined) {
      snapshot.docs.set(file.path, typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content));
      continue;
    }
    if (!isEntityPath(file.path)) continue;
    const previous = reusable?.get(file.path);
    const load = previous && previous.digest === fileDigest ? previous : readEntityFile(file, fileDigest);
    loads.set(file.path, load);
    register(snapshot, file.path, load);
  }
  resolveDomains(snapshot);
  return snapshot;
}

/**
 * Reads one entity file as loadMesh does, content and digest included. Depends on nothing but the
 * file, so any thread can do it.
 */
export function loadEntityFile(source: SourceFile): FileLoad {
  const file: SourceFile = { path: source.path, link: source.link, content: source.link ? undefined : source.content };
  return readEntityFile(file, file.link ? `link:${file.path}` : digest(file.content));
}

/** Reads one entity file: parse, envelope, schema. Depends on nothing but the file. */
function readEntityFile(file: SourceFile, fileDigest: string): FileLoad {
  const findings: Finding[] = [];
  if (file.link || file.content === undefined) {
    findings.push(placeIssue(file.path, undefined, { severity: 'error', code: 'file.link', message: 'symbolic links are not followed', path: '', hint: 'replace the link with the file itself' }));
    return { digest: fileDigest, findings };
  }
  const parsed = parseYaml(file.content);
  if (!parsed.ok) {
    const { problem } = parsed;
    let line = problem.line;
    if (problem.code === 'yaml.forbidden-key' && parsed.text) {
      const at = parsed.text.split('\n').findIndex((l) => /^\s*(-\s+)?["']?(__proto__|constructor|prototype)["']?\s*:/.test(l));
      if (at >= 0) line = at + 1;
    }
    findings.push({ file: file.path, line, column: problem.column, severity: problem.severity, code: problem.code, message: problem.message, path: '', hint: problem.hint });
    return { digest: fileDigest, text: parsed.text, findings };
  }
  const { text, doc } = parsed;
  const issues: Issue[] = [];
  const kind = checkEnvelope(doc, issues);
  if (!kind) {
    for (const issue of issues) findings.push(placeIssue(file.path, text, issue));
    return { digest: fileDigest, text, findings };
  }
  const record = doc as Record<string, unknown>;
  const schemaProblems = schemaIssues(kind, record);
  for (const issue of schemaProblems) findings.push(placeIssue(file.path, text, issue));
  // checkEnvelope made id and apiVersion strings.
  const common = { kind, id: record.id as string, apiVersion: record.apiVersion as string, file: file.path };
  const domain = kind === 'Domain' ? (record.id as string) : typeof record.domain === 'string' ? record.domain : undefined;
  // The one place a document gets its kind's type: when it passed the kind's schema.
  const entity: Entity =
    schemaProblems.length === 0
      ? { ...common, doc: record as unknown as KindDocuments[Kind], valid: true, domain }
      : { ...common, doc: record, valid: false, domain };
  return { digest: fileDigest, text, findings, entity: entity as AnyEntity };
}

/** Adds a file's result to the snapshot; ids are unique per kind, the first in path order wins. */
function register(snapshot: MeshSnapshot, path: string, load: FileLoad): void {
  if (load.text !== undefined) snapshot.texts.set(path, load.text);
  if (load.findings.length > 0) snapshot.findings.push(...load.findings);
  if (!load.entity) return;
  // A copy per snapshot: resolveDomains sets a grant's domain from this snapshot's products.
  const entity = { ...load.entity } as AnyEntity;
  const byId = snapshot.byKind[entity.kind] as Map<string, Entity>;
  const first = byId.get(entity.id);
  if (first) {
    snapshot.findings.push(
      placeIssue(path, load.text, {
        severity: 'error',
        code: 'entity.duplicate-id',
        message: `${entity.kind} id "${entity.id}" is already used by ${first.file}`,
        path: '/id',
        hint: 'ids are unique per kind across the mesh; rename one',
      }),
    );
    return;
  }
  byId.set(entity.id, entity);
  snapshot.entities.push(entity);
}

/**
 * A submodule is never read: inside the mesh folders it is an error (its files would be part of
 * the mesh unseen), anywhere else a changed path like any other (a platform change).
 */
function registerGitlink(snapshot: MeshSnapshot, loads: Map<string, FileLoad>, source: SourceFile): void {
  const fileDigest = `gitlink:${typeof source.content === 'string' ? source.content : digest(source.content)}`;
  snapshot.paths.push(source.path);
  snapshot.digests.set(source.path, fileDigest);
  if (!source.path.startsWith('catalog/') && !source.path.startsWith('policies/')) return;
  const load: FileLoad = {
    digest: fileDigest,
    findings: [
      placeIssue(source.path, undefined, {
        severity: 'error',
        code: 'file.gitlink',
        message: 'a git submodule inside the mesh is not read, so its files would escape every check',
        path: '',
        hint: 'remove the submodule (git rm) and commit its files into the mesh instead',
      }),
    ],
  };
  loads.set(source.path, load);
  register(snapshot, source.path, load);
}

/** A grant belongs to the domain of the product it grants access to. */
function resolveDomains(snapshot: MeshSnapshot): void {
  for (const grant of snapshot.byKind.AccessGrant.values()) {
    const productId = grant.doc.dataProduct; // valid or not
    const product = typeof productId === 'string' ? snapshot.byKind.DataProduct.get(productId) : undefined;
    grant.domain = product?.domain ?? folderDomain(grant.file);
  }
}

/** The first folder under catalog/, which names the entity's domain. */
export function folderDomain(path: string): string | undefined {
  const match = /^catalog\/([^/]+)\//.exec(path);
  return match ? match[1] : undefined;
}
