/**
 * What a pull request changes, entity by entity (added, modified with the fields that differ,
 * removed, moved), and what kind of pull request that makes it. An entity is identified by its
 * kind and id, so a grant whose file is renamed is one `moved` change, not a removal and an
 * addition. Files that are no entity (docs, platform code, YAML that failed to load) are `File`
 * changes, so that nothing the pull request touches goes unseen.
 */
import type { Entity, MeshSnapshot } from '../model.ts';
import { KINDS } from '../model.ts';
import type { Change, ChangeCategory } from './types.ts';
import { outputPortsOf } from '../relations.ts';
import { isRecord, stableJson } from '../shapes.ts';

/** Paths outside the mesh content. The bot, the site and CI live here: changing them changes the rules. */
export function isPlatformPath(path: string): boolean {
  // A .gitattributes anywhere changes what `git archive` (GitHub's tarball) holds: the platform's say.
  return (!path.startsWith('catalog/') && !path.startsWith('policies/')) || /(^|\/)\.gitattributes$/.test(path);
}

/** The first folder under catalog/, which names the domain a path belongs to. */
export function pathDomain(path: string): string | undefined {
  return /^catalog\/([^/]+)\//.exec(path)?.[1];
}

/** Top-level fields whose values differ. */
export function changedFields(base: unknown, head: unknown): string[] {
  const b = isRecord(base) ? base : {};
  const h = isRecord(head) ? head : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(h)])].sort();
  return keys.filter((k) => stableJson(b[k]) !== stableJson(h[k]));
}

/** Paths whose content differs between the two trees (added, removed or changed). */
export function changedPaths(base: MeshSnapshot, head: MeshSnapshot): string[] {
  const out = new Set<string>();
  for (const path of head.paths) if (base.digests.get(path) !== head.digests.get(path)) out.add(path);
  for (const path of base.paths) if (!head.digests.has(path)) out.add(path);
  return [...out].sort();
}

/** Every change from base to head: entities by kind and id, then files no entity accounts for. */
export function diffMeshes(base: MeshSnapshot, head: MeshSnapshot): Change[] {
  const changes: Change[] = [];
  const covered = new Set<string>();
  for (const kind of KINDS) {
    const before = base.byKind[kind] as Map<string, Entity>;
    const after = head.byKind[kind] as Map<string, Entity>;
    for (const [id, h] of after) {
      const b = before.get(id);
      covered.add(h.file);
      if (b) covered.add(b.file);
      if (!b) {
        changes.push({ type: 'added', kind, id, file: h.file, domain: h.domain });
        continue;
      }
      const sameBytes = b.file === h.file && base.digests.get(b.file) === head.digests.get(h.file);
      if (sameBytes) continue;
      const fields = changedFields(b.doc, h.doc);
      if (b.file !== h.file) changes.push({ type: 'moved', kind, id, file: h.file, previousFile: b.file, domain: h.domain, fields });
      else changes.push({ type: 'modified', kind, id, file: h.file, domain: h.domain, fields });
    }
    for (const [id, b] of before) {
      if (after.has(id)) continue;
      covered.add(b.file);
      changes.push({ type: 'removed', kind, id, file: b.file, domain: b.domain });
    }
  }
  for (const path of changedPaths(base, head)) {
    if (covered.has(path)) continue;
    const type = !base.digests.has(path) ? 'added' : !head.digests.has(path) ? 'removed' : 'modified';
    changes.push({ type, kind: 'File', id: path, file: path, domain: pathDomain(path) });
  }
  return changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.kind.localeCompare(b.kind));
}

function principalsOf(value: unknown): string {
  return stableJson(value);
}

/** Whether any contract role's approvers differ between the two documents. */
function roleApproversChanged(base: unknown, head: unknown): boolean {
  const roles = (doc: unknown) => {
    const list = isRecord(doc) && Array.isArray(doc.roles) ? doc.roles : [];
    return Object.fromEntries(list.filter(isRecord).map((r) => [String(r.role), [r.firstLevelApprovers, r.secondLevelApprovers]]));
  };
  return principalsOf(roles(base)) !== principalsOf(roles(head));
}

/**
 * The kinds of pull request this is, in a fixed order. `paths` are the changed paths (from the
 * pull request, or computed from the trees).
 */
export function categorize(changes: Change[], base: MeshSnapshot, head: MeshSnapshot, paths: readonly string[] = changedPaths(base, head)): ChangeCategory[] {
  const found = new Set<ChangeCategory>();
  for (const c of changes) {
    switch (c.kind) {
      case 'DataProduct':
        found.add(c.type === 'added' ? 'new-product' : 'product-change');
        break;
      case 'DataContract':
        found.add('contract-change');
        if (c.type !== 'added' && roleApproversChanged(base.byKind.DataContract.get(c.id)?.doc, head.byKind.DataContract.get(c.id)?.doc)) found.add('ownership-change');
        break;
      case 'AccessGrant':
        found.add(c.type === 'removed' ? 'access-revocation' : 'access-request');
        break;
      case 'Domain': {
        found.add('domain-change');
        const before = base.byKind.Domain.get(c.id)?.doc.owners;
        const after = head.byKind.Domain.get(c.id)?.doc.owners;
        if (principalsOf(before) !== principalsOf(after)) found.add('ownership-change');
        break;
      }
      case 'Policy':
      case 'Governance':
        found.add('policy-change');
        break;
      default:
        break;
    }
  }
  for (const path of paths) {
    if (path.startsWith('policies/')) found.add('policy-change');
    else if (isPlatformPath(path)) found.add('platform-change');
  }
  const order: ChangeCategory[] = [
    'new-product', 'product-change', 'contract-change', 'access-request', 'access-revocation',
    'domain-change', 'ownership-change', 'policy-change', 'platform-change',
  ];
  return order.filter((c) => found.has(c));
}

/**
 * Head files whose policy view may differ from the base: the files the pull request touches, and
 * every entity whose view resolves one of the changed entities (`$domain`, `$product`,
 * `$contract`, `$consumer`, `$contracts`). Policies need only be run on these to see what the pull
 * request changed: every other view is the same in base and head, and so is its result.
 */
export function affectedFiles(base: MeshSnapshot, head: MeshSnapshot, changes: Change[]): Set<string> {
  const files = new Set<string>();
  const changed = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'File') continue;
    if (c.type !== 'removed') files.add(c.file);
    changed.add(`${c.kind}:${c.id}`);
  }
  if (changed.size === 0) return files;
  // A changed product changes the `$product` of the contracts it serves, in either tree.
  for (const snapshot of [base, head]) {
    for (const product of snapshot.byKind.DataProduct.values()) {
      if (!changed.has(`DataProduct:${product.id}`)) continue;
      for (const { port } of outputPortsOf(product)) if (typeof port.contractId === 'string') changed.add(`ServedBy:${port.contractId}`);
    }
  }
  const products = head.byKind.DataProduct;
  for (const entity of head.entities) {
    if (files.has(entity.file)) continue;
    const refs: string[] = [];
    if (entity.domain !== undefined) refs.push(`Domain:${entity.domain}`);
    const doc: Record<string, unknown> = isRecord(entity.doc) ? entity.doc : {};
    switch (entity.kind) {
      case 'DataProduct':
        for (const { port } of outputPortsOf(entity as Entity<'DataProduct'>)) if (typeof port.contractId === 'string') refs.push(`DataContract:${port.contractId}`);
        break;
      case 'DataContract':
        refs.push(`ServedBy:${entity.id}`);
        if (typeof doc.dataProduct === 'string') refs.push(`DataProduct:${doc.dataProduct}`);
        break;
      case 'AccessGrant': {
        const productId = typeof doc.dataProduct === 'string' ? doc.dataProduct : undefined;
        if (productId) refs.push(`DataProduct:${productId}`);
        const port = head.relations.grantTarget(entity as Entity<'AccessGrant'>).port;
        if (typeof port?.contractId === 'string') refs.push(`DataContract:${port.contractId}`);
        const consumer = isRecord(doc.consumer) ? doc.consumer : {};
        if (typeof consumer.dataProduct === 'string') {
          refs.push(`DataProduct:${consumer.dataProduct}`);
          const consuming = products.get(consumer.dataProduct);
          if (consuming?.domain !== undefined) refs.push(`Domain:${consuming.domain}`);
        }
        if (typeof consumer.domain === 'string') refs.push(`Domain:${consumer.domain}`);
        break;
      }
      default:
        break;
    }
    if (refs.some((r) => changed.has(r))) files.add(entity.file);
  }
  return files;
}
