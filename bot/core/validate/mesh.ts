/**
 * The built-in checks over a whole snapshot — not configurable, always on: the loader's findings
 * (YAML, envelope, schema, duplicate ids), then layout, references, contract semantics and lineage.
 */
import { placeIssue } from '../findings/place.ts';
import { folderDomain } from '../load/mesh.ts';
import type { AnyEntity, Entity, Finding, MeshSnapshot, ValidEntity } from '../model.ts';
import type { Classification, Governance } from '../kinds/governance.ts';
import { checkContractSemantics, checkProductSemantics } from './contract-semantics.ts';
import { checkRoleExposure } from './role-exposure.ts';
import { type Issue, pointer, sortFindings } from '../findings/finding.ts';
import { findLineageCycles } from './lineage.ts';
import { checkLineageAccess } from './lineage-access.ts';
import { checkPlaceholders } from './placeholders.ts';
import { asArray, isRecord } from '../shapes.ts';

type Report = (entity: AnyEntity, issue: Issue) => void;

/**
 * Contract and product semantics depend on the document alone; a PR's head shares the base's
 * documents for unchanged files (loadMesh's `previous`), so both sides of a review pay once.
 */
const semanticsCache = new WeakMap<object, Issue[]>();
function cachedSemantics<T extends object>(doc: T, check: (doc: T) => Issue[]): Issue[] {
  let issues = semanticsCache.get(doc);
  if (!issues) {
    issues = check(doc);
    semanticsCache.set(doc, issues);
  }
  return issues;
}

export interface ValidateOptions {
  /** Today, for grant validity; defaults to the current date. */
  now?: Date;
  /**
   * The governance in force, for its classification levels, `defaults.grantMaxDays` and
   * `defaults.lineageWithoutGrant`; default the snapshot's own. A review passes the base's: a pull
   * request is judged by the rules it wants to change, never by the ones it proposes.
   */
  governance?: Governance;
  /** Classification levels to judge contract roles by; default the governance's. */
  classification?: Classification;
}

/** The Governance entity in force in a snapshot: the first valid one in path order (a second is a finding). */
export function governanceInForce(snapshot: MeshSnapshot): ValidEntity<'Governance'> | undefined {
  for (const entity of snapshot.byKind.Governance.values()) if (entity.valid) return entity;
  return undefined;
}

/** All findings of the snapshot, sorted by file and line. Pure: the snapshot is not changed. */
export function validateMesh(snapshot: MeshSnapshot, options: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [...snapshot.findings];
  const report: Report = (entity, issue) => findings.push(placeIssue(entity.file, snapshot.texts.get(entity.file), issue));
  checkLayout(snapshot, report);
  checkReferences(snapshot, report);
  const governance = 'governance' in options ? options.governance : governanceInForce(snapshot)?.doc;
  checkGrantValidity(snapshot, governance, options.now ?? new Date(), report);
  const classification = options.classification ?? governance?.classification;
  for (const contract of snapshot.byKind.DataContract.values()) {
    if (!contract.valid) continue;
    for (const issue of cachedSemantics(contract.doc, checkContractSemantics)) report(contract, issue);
    for (const issue of checkRoleExposure(contract.doc, classification)) report(contract, issue);
  }
  for (const product of snapshot.byKind.DataProduct.values()) {
    if (!product.valid) continue;
    for (const issue of cachedSemantics(product.doc, checkProductSemantics)) report(product, issue);
  }
  for (const cycle of findLineageCycles(snapshot.relations.lineage())) {
    const [first] = cycle;
    report(first.product, {
      severity: 'error',
      code: 'lineage.cycle',
      message: `lineage cycle: ${cycle.map((edge) => edge.product.id).join(' → ')} → ${first.product.id}`,
      path: pointer('inputPorts', first.inputPortIndex, 'contractId'),
      hint: 'a data product cannot consume, directly or through others, what it produces; remove one input port of the cycle',
    });
  }
  for (const { entity, issue } of [...checkPlaceholders(snapshot), ...checkLineageAccess(snapshot, options.now, governance)]) report(entity, issue);
  return sortFindings(findings);
}

const CATALOG_KINDS = new Set(['Domain', 'DataProduct', 'DataContract', 'AccessGrant']);

function checkLayout(snapshot: MeshSnapshot, report: Report): void {
  let governance: AnyEntity | undefined;
  for (const entity of snapshot.entities) {
    const inCatalog = entity.file.startsWith('catalog/');
    if (CATALOG_KINDS.has(entity.kind) !== inCatalog) {
      report(entity, {
        severity: 'error',
        code: 'layout.folder',
        message: `a ${entity.kind} belongs under ${inCatalog ? 'policies/' : 'catalog/<domain>/'}, not here`,
        path: '/kind',
        hint: `move the file to ${inCatalog ? 'policies/' : 'catalog/<domain>/'}`,
      });
      continue;
    }
    if (entity.kind === 'Governance') {
      if (governance) {
        report(entity, { severity: 'error', code: 'governance.duplicate', message: `a second Governance entity; ${governance.file} is the one in force`, path: '/kind', hint: 'keep one Governance, in policies/governance.yaml' });
      }
      governance ??= entity;
    }
    if (!inCatalog) continue;
    const folder = folderDomain(entity.file);
    if (!folder) {
      report(entity, { severity: 'error', code: 'layout.outside-domain', message: `${entity.kind} "${entity.id}" is not inside a domain folder`, path: '', hint: 'move it to catalog/<domain>/…' });
      continue;
    }
    if (entity.domain !== undefined && entity.domain !== folder) {
      report(entity, {
        severity: 'error',
        code: 'layout.domain-folder',
        message: `${entity.kind} "${entity.id}" belongs to domain "${entity.domain}" but lies in catalog/${folder}/`,
        path: entity.kind === 'Domain' ? '/id' : entity.kind === 'AccessGrant' ? '/dataProduct' : '/domain',
        hint: `move it to catalog/${entity.domain}/, or change its domain to "${folder}"`,
      });
    }
    if ((entity.kind === 'DataProduct' || entity.kind === 'DataContract') && entity.domain === undefined) {
      report(entity, { severity: 'error', code: 'reference.domain', message: `${entity.kind} "${entity.id}" names no domain`, path: '', hint: `add domain: ${folder}` });
    }
  }
}

function checkReferences(snapshot: MeshSnapshot, report: Report): void {
  const { Domain: domains, DataProduct: products, DataContract: contracts } = snapshot.byKind;
  const domainMissing = (entity: AnyEntity) => {
    if (entity.domain !== undefined && entity.kind !== 'Domain' && entity.kind !== 'AccessGrant' && !domains.has(entity.domain)) {
      report(entity, {
        severity: 'error',
        code: 'reference.domain',
        message: `domain "${entity.domain}" does not exist`,
        path: '/domain',
        hint: `add catalog/${entity.domain}/domain.yaml, or use one of: ${[...domains.keys()].slice(0, 10).join(', ') || '(no domains yet)'}`,
      });
    }
  };
  const { relations } = snapshot;
  for (const product of products.values()) {
    domainMissing(product);
    asArray<unknown>(product.doc.outputPorts).forEach((port, i) => {
      if (!isRecord(port) || typeof port.contractId !== 'string') return;
      const contract = contracts.get(port.contractId);
      if (!contract) {
        report(product, {
          severity: 'error',
          code: 'reference.contract',
          message: `output port "${port.name}" names contract "${port.contractId}", which does not exist`,
          path: pointer('outputPorts', i, 'contractId'),
          hint: 'add the contract file next to product.yaml, or correct the id',
        });
        return;
      }
      const other = relations.servedBy(port.contractId);
      if (other !== product) {
        report(product, {
          severity: 'error',
          code: 'reference.contract-owner',
          message: `contract "${port.contractId}" is already served by data product "${other?.id}"`,
          path: pointer('outputPorts', i, 'contractId'),
          hint: 'a contract belongs to one data product; consume it through an input port instead',
        });
        return;
      }
      if (contract.domain !== undefined && product.domain !== undefined && contract.domain !== product.domain) {
        report(contract, {
          severity: 'error',
          code: 'reference.domain-mismatch',
          message: `contract is in domain "${contract.domain}" but its data product "${product.id}" is in "${product.domain}"`,
          path: '/domain',
          hint: `set domain: ${product.domain}`,
        });
      }
      const named = contract.doc.dataProduct;
      if (typeof named === 'string' && named !== product.id) {
        report(contract, {
          severity: 'warning',
          code: 'reference.data-product',
          message: `contract names data product "${named}" but is served by "${product.id}"`,
          path: '/dataProduct',
          hint: `set dataProduct: ${product.id}`,
        });
      }
    });
  }
  for (const product of products.values()) {
    asArray<unknown>(product.doc.inputPorts).forEach((port, i) => {
      if (!isRecord(port) || typeof port.contractId !== 'string') return;
      const path = pointer('inputPorts', i, 'contractId');
      if (!contracts.has(port.contractId)) {
        report(product, { severity: 'error', code: 'reference.contract', message: `input port "${port.name}" consumes contract "${port.contractId}", which does not exist`, path, hint: 'use the id of a contract served by another data product' });
      } else if (relations.servedBy(port.contractId) === product) {
        report(product, { severity: 'error', code: 'reference.input-own-contract', message: `input port "${port.name}" consumes "${port.contractId}", a contract this product serves itself`, path, hint: 'input ports consume contracts of other data products' });
      } else if (!relations.servedBy(port.contractId)) {
        report(product, { severity: 'warning', code: 'reference.contract-unserved', message: `input port "${port.name}" consumes "${port.contractId}", which no data product serves`, path, hint: 'add the contract to an output port of its data product' });
      }
    });
  }
  for (const contract of contracts.values()) {
    domainMissing(contract);
    if (!relations.servedBy(contract.id)) {
      report(contract, { severity: 'warning', code: 'contract.unserved', message: `contract "${contract.id}" is not served by any output port`, path: '/id', hint: 'name it in an output port (contractId) of its data product' });
    }
  }
  for (const grant of snapshot.byKind.AccessGrant.values()) checkGrant(snapshot, grant, report);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Grants end: an expired one is flagged, and none may run longer than governance allows. */
function checkGrantValidity(snapshot: MeshSnapshot, governance: Governance | undefined, now: Date, report: Report): void {
  const maxDays = governance?.defaults?.grantMaxDays;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (const grant of snapshot.byKind.AccessGrant.values()) {
    const until = grant.doc.validUntil;
    if (typeof until !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(until)) continue;
    const end = Date.parse(`${until}T00:00:00Z`);
    if (Number.isNaN(end)) continue;
    const days = Math.round((end - today) / DAY_MS);
    if (days < 0) {
      report(grant, { severity: 'warning', code: 'grant.expired', message: `access grant expired on ${until}`, path: '/validUntil', hint: 'renew it with a new validUntil (a pull request the approvers review again), or delete the file to revoke it' });
    } else if (maxDays !== undefined && days > maxDays) {
      report(grant, {
        severity: 'error',
        code: 'grant.too-long',
        message: `access grant runs ${days} days, until ${until}; governance allows at most ${maxDays}`,
        path: '/validUntil',
        hint: `set validUntil on or before ${new Date(today + maxDays * DAY_MS).toISOString().slice(0, 10)} (policies/governance.yaml defaults.grantMaxDays)`,
      });
    }
  }
}

function checkGrant(snapshot: MeshSnapshot, grant: Entity<'AccessGrant'>, report: Report): void {
  // Best-effort: the grant may have failed its schema, so every field is checked before use.
  const doc = grant.doc;
  const { Domain: domains, DataProduct: products } = snapshot.byKind;
  const consumer = isRecord(doc.consumer) ? doc.consumer : undefined;
  if (consumer?.domain && !(typeof consumer.domain === 'string' && domains.has(consumer.domain))) {
    report(grant, { severity: 'error', code: 'reference.domain', message: `consumer domain "${consumer.domain}" does not exist`, path: '/consumer/domain', hint: 'use the id of a domain in catalog/' });
  }
  if (consumer?.dataProduct && !(typeof consumer.dataProduct === 'string' && products.has(consumer.dataProduct))) {
    report(grant, { severity: 'error', code: 'reference.product', message: `consuming data product "${consumer.dataProduct}" does not exist`, path: '/consumer/dataProduct', hint: 'use the id of a data product, or remove consumer.dataProduct' });
  }
  if (typeof doc.dataProduct !== 'string') return;
  const product = products.get(doc.dataProduct);
  if (!product) {
    report(grant, { severity: 'error', code: 'reference.product', message: `data product "${doc.dataProduct}" does not exist`, path: '/dataProduct', hint: 'use the id of the data product you ask access to' });
    return;
  }
  const { port, contract, role } = snapshot.relations.grantTarget(grant);
  if (!port) {
    const ports = asArray<unknown>(product.doc.outputPorts);
    report(grant, {
      severity: 'error',
      code: 'reference.output-port',
      message: `data product "${product.id}" has no output port "${doc.outputPort}"`,
      path: '/outputPort',
      hint: `use one of: ${ports.map((p) => (isRecord(p) ? p.name : undefined)).join(', ') || '(it has no output ports)'}`,
    });
    return;
  }
  if (!contract) {
    report(grant, { severity: 'error', code: 'reference.contract', message: `output port "${port.name}" of "${product.id}" has no contract, so no role can be granted`, path: '/outputPort', hint: 'the product must name a contract (contractId) on this port first' });
    return;
  }
  if (!role) {
    const roles = asArray<unknown>(contract.doc.roles);
    report(grant, {
      severity: 'error',
      code: 'reference.role',
      message: `contract "${contract.id}" offers no role "${doc.role}"`,
      path: '/role',
      hint: `use one of: ${roles.map((r) => (isRecord(r) ? r.role : undefined)).join(', ') || '(the contract defines no roles; ask its owners to add one)'}`,
    });
  }
}
