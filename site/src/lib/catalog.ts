/**
 * The mesh shaped for the catalog: every product with its domain, ports, contracts, lineage,
 * consumers, findings and policy verdicts, indexed once so each page is a lookup. Linear in the
 * size of the mesh; nothing here walks all products per product.
 */
import type { TestResults } from '../../../bot/core/datatest/results.ts';
import type { ContractRun } from '../../../bot/core/datatest/types.ts';
import { runsByContract } from './test-results.ts';
import type { AccessGrant } from '../../../bot/core/kinds/access-grant.ts';
import type { DataContract, SchemaProperty } from '../../../bot/core/kinds/data-contract.ts';
import type { DataProduct, InputPort, OutputPort } from '../../../bot/core/kinds/data-product.ts';
import type { Domain } from '../../../bot/core/kinds/domain.ts';
import type { Governance } from '../../../bot/core/kinds/governance.ts';
import { validEntities, type AnyEntity, type Finding, type Kind, type MeshSnapshot, type ValidEntity } from '../../../bot/core/model.ts';
import { grantState, sortByExpiry, type GrantState, type RepositoryRef } from './access.ts';
import type { ProvisioningView } from './provisioning.ts';
import type { ContractVersion } from './history.ts';
import { summarizeCompliance, type Compliance, type PolicyEvaluation } from './compliance.ts';
import { contractClassifications } from './contract.ts';

export interface DomainView {
  id: string;
  entity: ValidEntity<'Domain'> | undefined;
  name: string;
  type: Domain['type'] | 'unknown';
  products: ProductView[];
  /** Domains whose products this domain's products consume. */
  upstream: string[];
  downstream: string[];
}

export interface OutputPortView {
  port: OutputPort;
  contract: ContractView | undefined;
  grants: GrantView[];
}

export interface InputPortView {
  port: InputPort;
  contract: ContractView | undefined;
  /** The product serving the consumed contract, when it is in the mesh. */
  upstream: ProductView | undefined;
}

export interface ProductView {
  id: string;
  entity: ValidEntity<'DataProduct'>;
  doc: DataProduct;
  name: string;
  domain: string;
  file: string;
  /** Folder of product.yaml: contracts, grants and the README live below it. */
  folder: string;
  outputPorts: OutputPortView[];
  inputPorts: InputPortView[];
  /** Products whose input ports consume one of this product's contracts. */
  consumers: { product: ProductView; port: string; contractId: string }[];
  grants: GrantView[];
  contracts: ContractView[];
  readme: { path: string; text: string } | undefined;
  /** ISO date of the newest change to the product's files, when known. */
  changedAt: string | undefined;
}

export interface ContractView {
  id: string;
  entity: ValidEntity<'DataContract'>;
  doc: DataContract;
  name: string;
  domain: string | undefined;
  file: string;
  /** The product (and port) serving it: an output port naming it, else the contract's `dataProduct`. */
  product: ProductView | undefined;
  port: string | undefined;
  classifications: string[];
  propertyCount: number;
  /** ISO date of the last change to the contract's file, when known. */
  changedAt?: string;
}

export interface GrantView {
  id: string;
  entity: ValidEntity<'AccessGrant'>;
  doc: AccessGrant;
  file: string;
  /** YYYY-MM-DD, as written. */
  validUntil: string;
  product: ProductView | undefined;
  contract: ContractView | undefined;
  /** The consuming data product, when the grant names one that is in the mesh. */
  consumerProduct: ProductView | undefined;
  state: GrantState;
}

export interface LineageEdge {
  from: string;
  to: string;
  contractId: string;
}

export interface CatalogInput {
  snapshot: MeshSnapshot;
  /** Built-in validation findings (loader and validateMesh). */
  findings: readonly Finding[];
  evaluations: readonly PolicyEvaluation[];
  /** Repository-relative path → ISO date of its last change. */
  changedAt?: ReadonlyMap<string, string>;
  repository?: RepositoryRef;
  /** YYYY-MM-DD the catalog is built for; grants expire relative to it. */
  today: string;
  /** The last `meshgate test` runs (lib/test-results.ts), if the build found any. */
  testResults?: TestResults;
}

export interface Catalog {
  title: string;
  today: string;
  repository: RepositoryRef | undefined;
  governance: ValidEntity<'Governance'> | undefined;
  expiringSoonDays: number;
  domains: DomainView[];
  domainById: Map<string, DomainView>;
  products: ProductView[];
  productById: Map<string, ProductView>;
  contracts: ContractView[];
  contractById: Map<string, ContractView>;
  /** Soonest expiry first. */
  grants: GrantView[];
  policies: ValidEntity<'Policy'>[];
  edges: LineageEdge[];
  compliance: Compliance;
  findings: readonly Finding[];
  findingsByFile: Map<string, Finding[]>;
  /** Entities that failed their schema: no page, listed with their findings. */
  invalid: AnyEntity[];
  /** Entity file texts as loaded, for the raw-YAML downloads. */
  texts: ReadonlyMap<string, string>;
  /** The last `meshgate test` runs by contract id; a contract without any is "not tested". */
  testRuns: ReadonlyMap<string, ContractRun[]>;
  /** Grants' state in the databases, when a provisioning status file was given (lib/provisioning.ts). */
  provisioning?: ProvisioningView;
  /** Each contract's versions from git, newest first, by contract id (lib/history.ts). */
  contractHistory?: ReadonlyMap<string, ContractVersion[]>;
  /** The mesh itself, for what is computed by the core (the end date a request may ask for). */
  snapshot: MeshSnapshot;
  /** A public build (lib/public-build.ts): no server locations, raw YAML or grant purposes. */
  public?: boolean;
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
const domainOfPath = (file: string): string | undefined => /^catalog\/([^/]+)\//.exec(file)?.[1];

function countProperties(contract: DataContract): number {
  let count = 0;
  const walk = (properties: readonly SchemaProperty[] | undefined): void => {
    for (const property of properties ?? []) {
      count += 1;
      walk(property.properties);
      walk(property.items?.properties);
    }
  };
  for (const object of contract.schema ?? []) walk(object.properties);
  return count;
}

export function buildCatalog(input: CatalogInput): Catalog {
  const { snapshot, today } = input;
  // Entities that fail their kind's schema get no page (their shape cannot be trusted); they are
  // listed with their findings instead, so a broken file is visible rather than half-rendered.
  const valid = <K extends Kind>(kind: K): ValidEntity<K>[] => validEntities(snapshot, kind);
  const invalid = snapshot.entities.filter((e) => !e.valid);
  const governance = valid('Governance')[0];
  const defaults: Governance['defaults'] = governance?.doc.defaults;
  const expiringSoonDays = defaults?.expiringSoonDays ?? 30;

  const domainById = new Map<string, DomainView>();
  const domainView = (id: string): DomainView => {
    let view = domainById.get(id);
    if (!view) {
      view = { id, entity: undefined, name: id, type: 'unknown', products: [], upstream: [], downstream: [] };
      domainById.set(id, view);
    }
    return view;
  };
  for (const entity of valid('Domain')) {
    const view = domainView(entity.id);
    view.entity = entity;
    view.name = entity.doc.name ?? entity.id;
    view.type = entity.doc.type ?? 'unknown';
  }

  const productById = new Map<string, ProductView>();
  for (const entity of valid('DataProduct')) {
    const doc = entity.doc;
    const folder = folderOf(entity.file);
    const readmePath = [`${folder}/README.md`, `${folder}/README.mdx`].find((path) => snapshot.docs.has(path));
    const product: ProductView = {
      id: entity.id,
      entity,
      doc,
      name: doc.name ?? entity.id,
      domain: entity.domain ?? doc.domain ?? domainOfPath(entity.file) ?? 'unknown',
      file: entity.file,
      folder,
      outputPorts: [],
      inputPorts: [],
      consumers: [],
      grants: [],
      contracts: [],
      readme: readmePath ? { path: readmePath, text: snapshot.docs.get(readmePath)! } : undefined,
      changedAt: input.changedAt?.get(entity.file),
    };
    productById.set(product.id, product);
    domainView(product.domain).products.push(product);
  }

  // Which product serves which contract: output ports say so authoritatively (the first valid
  // product whose port names it); a contract's own `dataProduct` is the fallback for contracts not
  // yet wired to a port.
  const { relations } = snapshot;
  const servedBy = (contractId: string): { product: ProductView; port: string } | undefined => {
    const entity = relations.productsServing(contractId).find((p) => p.valid);
    const product = entity && productById.get(entity.id);
    const port = product?.doc.outputPorts?.find((p) => p.contractId === contractId);
    return product && port ? { product, port: port.name } : undefined;
  };

  const contractById = new Map<string, ContractView>();
  for (const entity of valid('DataContract')) {
    const doc = entity.doc;
    const served = servedBy(entity.id);
    const product = served?.product ?? (doc.dataProduct ? productById.get(doc.dataProduct) : undefined);
    const contract: ContractView = {
      id: entity.id,
      entity,
      doc,
      name: doc.name ?? entity.id,
      domain: entity.domain ?? doc.domain ?? domainOfPath(entity.file),
      file: entity.file,
      product,
      port: served?.port,
      classifications: contractClassifications(doc),
      propertyCount: countProperties(doc),
      changedAt: input.changedAt?.get(entity.file),
    };
    contractById.set(contract.id, contract);
    product?.contracts.push(contract);
    if (product && input.changedAt) {
      const changed = input.changedAt.get(entity.file);
      if (changed && (!product.changedAt || changed > product.changedAt)) product.changedAt = changed;
    }
  }

  const grants: GrantView[] = [];
  const grantsByPort = new Map<string, GrantView[]>();
  for (const entity of valid('AccessGrant')) {
    const doc = entity.doc;
    const target = relations.grantTarget(entity);
    const product = target.product?.valid ? productById.get(target.product.id) : undefined;
    const contractId = product ? target.port?.contractId : undefined;
    const grant: GrantView = {
      id: entity.id,
      entity,
      doc,
      file: entity.file,
      validUntil: String(doc.validUntil ?? ''),
      product,
      contract: typeof contractId === 'string' ? contractById.get(contractId) : undefined,
      consumerProduct: doc.consumer?.dataProduct ? productById.get(doc.consumer.dataProduct) : undefined,
      state: grantState(String(doc.validUntil ?? ''), today, expiringSoonDays),
    };
    grants.push(grant);
    product?.grants.push(grant);
    const key = `${doc.dataProduct}\u0000${doc.outputPort}`;
    let list = grantsByPort.get(key);
    if (!list) grantsByPort.set(key, (list = []));
    list.push(grant);
  }

  const edges: LineageEdge[] = [];
  const upstreamDomains = new Map<string, Set<string>>();
  const downstreamDomains = new Map<string, Set<string>>();
  const link = (map: Map<string, Set<string>>, from: string, to: string): void => {
    let set = map.get(from);
    if (!set) map.set(from, (set = new Set()));
    set.add(to);
  };
  for (const product of productById.values()) {
    for (const port of product.doc.outputPorts ?? []) {
      product.outputPorts.push({
        port,
        contract: port.contractId ? contractById.get(port.contractId) : undefined,
        grants: sortByExpiry(grantsByPort.get(`${product.id}\u0000${port.name}`) ?? []),
      });
    }
    for (const port of product.doc.inputPorts ?? []) {
      const contract = contractById.get(port.contractId);
      const upstream = servedBy(port.contractId)?.product ?? contract?.product;
      product.inputPorts.push({ port, contract, upstream });
      if (upstream && upstream !== product) {
        edges.push({ from: upstream.id, to: product.id, contractId: port.contractId });
        upstream.consumers.push({ product, port: port.name, contractId: port.contractId });
        if (upstream.domain !== product.domain) {
          link(upstreamDomains, product.domain, upstream.domain);
          link(downstreamDomains, upstream.domain, product.domain);
        }
      }
    }
  }

  const domains = [...domainById.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const product of productById.values()) product.grants = sortByExpiry(product.grants);
  for (const domain of domains) {
    domain.products.sort((a, b) => a.name.localeCompare(b.name));
    domain.upstream = [...(upstreamDomains.get(domain.id) ?? [])].sort();
    domain.downstream = [...(downstreamDomains.get(domain.id) ?? [])].sort();
  }

  const findingsByFile = new Map<string, Finding[]>();
  for (const finding of input.findings) {
    let list = findingsByFile.get(finding.file);
    if (!list) findingsByFile.set(finding.file, (list = []));
    list.push(finding);
  }

  return {
    title: governance?.doc.site?.title ?? 'Data mesh catalog',
    today,
    repository: input.repository,
    governance,
    expiringSoonDays,
    domains,
    domainById,
    products: [...productById.values()].sort((a, b) => a.id.localeCompare(b.id)),
    productById,
    contracts: [...contractById.values()].sort((a, b) => a.id.localeCompare(b.id)),
    contractById,
    grants: sortByExpiry(grants),
    policies: valid('Policy').sort((a, b) => a.id.localeCompare(b.id)),
    invalid,
    edges,
    compliance: summarizeCompliance(input.evaluations),
    findings: input.findings,
    findingsByFile,
    texts: snapshot.texts,
    testRuns: runsByContract(input.testResults),
    snapshot,
  };
}

/** Findings of the files behind a product: its own, its contracts' and its grants'. */
export function productFindings(catalog: Catalog, product: ProductView): Finding[] {
  const files = [product.file, ...product.contracts.map((c) => c.file), ...product.grants.map((g) => g.file)];
  return files.flatMap((file) => catalog.findingsByFile.get(file) ?? []);
}

/** The `limit` most recently changed products, newest first; products without a date last. */
export function recentlyChanged(products: readonly ProductView[], limit: number): ProductView[] {
  return products
    .filter((product) => product.changedAt)
    .sort((a, b) => (a.changedAt === b.changedAt ? a.id.localeCompare(b.id) : a.changedAt! > b.changedAt! ? -1 : 1))
    .slice(0, limit);
}

/** Domains grouped by their type, in the order data flows: source-aligned, aggregate, consumer-aligned. */
export function domainsByType(domains: readonly DomainView[]): { type: DomainView['type']; domains: DomainView[] }[] {
  const order: DomainView['type'][] = ['source-aligned', 'aggregate', 'consumer-aligned', 'unknown'];
  return order
    .map((type) => ({ type, domains: domains.filter((domain) => domain.type === type) }))
    .filter((group) => group.domains.length > 0);
}

/** Counts for the home page. */
export function counts(catalog: Catalog): { domains: number; products: number; contracts: number; grants: number; policies: number } {
  return {
    domains: catalog.domains.length,
    products: catalog.products.length,
    contracts: catalog.contracts.length,
    grants: catalog.grants.length,
    policies: catalog.policies.length,
  };
}
