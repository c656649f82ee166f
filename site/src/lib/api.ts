/**
 * The static JSON API: what platform automation reads instead of scraping pages. Documents are
 * plain data (the entity documents as written, plus resolved links), described by `openApi()`.
 */
import type { Catalog, ContractView, GrantView, ProductView } from './catalog.ts';
import type { Urls } from './urls.ts';

export const API_VERSION = '1';

const grantSummary = (grant: GrantView) => ({
  id: grant.id,
  consumer: grant.doc.consumer,
  dataProduct: grant.doc.dataProduct,
  outputPort: grant.doc.outputPort,
  contract: grant.contract?.id ?? null,
  role: grant.doc.role,
  purpose: grant.doc.purpose,
  requestedBy: grant.doc.requestedBy,
  validUntil: grant.validUntil,
  state: grant.state,
  file: grant.file,
});

export function meshIndex(catalog: Catalog, urls: Urls) {
  return {
    apiVersion: API_VERSION,
    title: catalog.title,
    generatedFor: catalog.today,
    counts: {
      domains: catalog.domains.length,
      products: catalog.products.length,
      contracts: catalog.contracts.length,
      grants: catalog.grants.length,
      policies: catalog.policies.length,
      findings: catalog.findings.length,
    },
    domains: catalog.domains.map((domain) => ({
      id: domain.id,
      name: domain.name,
      type: domain.type,
      owners: domain.entity?.doc.owners ?? [],
      products: domain.products.map((product) => product.id),
    })),
    products: catalog.products.map((product) => ({
      id: product.id,
      name: product.name,
      domain: product.domain,
      status: product.doc.status,
      url: urls.product(product.id),
      api: urls.api(`products/${encodeURIComponent(product.id)}.json`),
    })),
    contracts: catalog.contracts.map((contract) => ({
      id: contract.id,
      name: contract.name,
      version: contract.doc.version,
      domain: contract.domain ?? null,
      dataProduct: contract.product?.id ?? null,
      url: urls.contract(contract.id),
      api: urls.api(`contracts/${encodeURIComponent(contract.id)}.json`),
    })),
    lineage: catalog.edges,
  };
}

export function productDocument(catalog: Catalog, product: ProductView, urls: Urls) {
  return {
    apiVersion: API_VERSION,
    id: product.id,
    domain: product.domain,
    file: product.file,
    url: urls.product(product.id),
    document: product.doc,
    outputPorts: product.outputPorts.map((port) => ({
      name: port.port.name,
      contract: port.contract?.id ?? port.port.contractId ?? null,
      grants: port.grants.map((grant) => grant.id),
    })),
    upstream: product.inputPorts.map((port) => ({ port: port.port.name, contract: port.port.contractId, product: port.upstream?.id ?? null })),
    downstream: product.consumers.map((consumer) => ({ product: consumer.product.id, port: consumer.port, contract: consumer.contractId })),
    grants: product.grants.map(grantSummary),
    findings: [product.file, ...product.contracts.map((c) => c.file)].flatMap((file) => catalog.findingsByFile.get(file) ?? []),
  };
}

export function contractDocument(catalog: Catalog, contract: ContractView, urls: Urls) {
  return {
    apiVersion: API_VERSION,
    id: contract.id,
    domain: contract.domain ?? null,
    dataProduct: contract.product?.id ?? null,
    outputPort: contract.port ?? null,
    file: contract.file,
    url: urls.contract(contract.id),
    raw: urls.raw(contract.file),
    classifications: contract.classifications,
    document: contract.doc,
    findings: catalog.findingsByFile.get(contract.file) ?? [],
  };
}

export function accessDocument(catalog: Catalog) {
  return { apiVersion: API_VERSION, generatedFor: catalog.today, expiringSoonDays: catalog.expiringSoonDays, grants: catalog.grants.map(grantSummary) };
}

export function policiesDocument(catalog: Catalog) {
  return {
    apiVersion: API_VERSION,
    policies: catalog.compliance.policies.map((summary) => ({
      id: summary.id,
      title: summary.policy.doc.title,
      principle: summary.policy.doc.principle,
      severity: summary.policy.doc.severity,
      appliesTo: summary.policy.doc.appliesTo,
      rationale: summary.policy.doc.rationale,
      pass: summary.tally.pass,
      fail: summary.tally.fail,
      passRate: summary.passRate ?? null,
      failing: summary.failing,
    })),
    domains: Object.fromEntries(
      [...catalog.compliance.byDomain].map(([domain, perPolicy]) => [domain, Object.fromEntries(perPolicy)]),
    ),
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const strings = { type: 'array', items: { type: 'string' } };

/** OpenAPI 3.1 description of the documents above. Paths are relative to the site's base. */
export function openApi(catalog: Catalog, urls: Urls) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${catalog.title} — catalog API`,
      version: API_VERSION,
      description: 'Static, read-only JSON files generated with the catalog. Entity documents are returned as written in the mesh repository (ODPS, ODCS, Meshgate kinds).',
    },
    servers: [{ url: urls.api('').replace(/\/$/, '') }],
    paths: {
      '/mesh.json': { get: { operationId: 'getMesh', summary: 'Index of domains, products, contracts and lineage', responses: { '200': json(ref('Mesh'), 'The mesh index') } } },
      '/products/{id}.json': {
        get: {
          operationId: 'getProduct',
          summary: 'One data product with ports, lineage, grants and findings',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json(ref('Product'), 'The product'), '404': { description: 'No such product' } },
        },
      },
      '/contracts/{id}.json': {
        get: {
          operationId: 'getContract',
          summary: 'One data contract (ODCS) with its product and classifications',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json(ref('Contract'), 'The contract'), '404': { description: 'No such contract' } },
        },
      },
      '/access.json': { get: { operationId: 'getAccess', summary: 'Every access grant, soonest expiry first', responses: { '200': json(ref('Access'), 'Access grants') } } },
      '/policies.json': { get: { operationId: 'getPolicies', summary: 'Policies with pass rates and per-domain compliance', responses: { '200': json(ref('Policies'), 'Policies') } } },
    },
    components: {
      schemas: {
        Finding: {
          type: 'object',
          required: ['severity', 'code', 'message', 'file', 'line', 'column', 'path'],
          properties: {
            severity: { enum: ['error', 'warning'] },
            code: { type: 'string' },
            message: { type: 'string' },
            file: { type: 'string' },
            line: { type: 'integer' },
            column: { type: 'integer' },
            path: { type: 'string' },
            hint: { type: 'string' },
            policy: { type: 'string' },
          },
        },
        Grant: {
          type: 'object',
          required: ['id', 'consumer', 'dataProduct', 'outputPort', 'role', 'validUntil', 'state'],
          properties: {
            id: { type: 'string' },
            consumer: { type: 'object', properties: { team: { type: 'string' }, domain: { type: 'string' }, dataProduct: { type: 'string' } } },
            dataProduct: { type: 'string' },
            outputPort: { type: 'string' },
            contract: { type: ['string', 'null'] },
            role: { type: 'string' },
            purpose: { type: 'string' },
            requestedBy: { type: 'string' },
            validUntil: { type: 'string', format: 'date' },
            state: { enum: ['active', 'expiring', 'expired'] },
            file: { type: 'string' },
          },
        },
        Mesh: {
          type: 'object',
          required: ['apiVersion', 'counts', 'domains', 'products', 'contracts', 'lineage'],
          properties: {
            apiVersion: { const: API_VERSION },
            title: { type: 'string' },
            generatedFor: { type: 'string', format: 'date' },
            counts: { type: 'object', additionalProperties: { type: 'integer' } },
            domains: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, owners: strings, products: strings } } },
            products: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, domain: { type: 'string' }, status: { type: 'string' }, url: { type: 'string' }, api: { type: 'string' } } } },
            contracts: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, version: { type: 'string' }, domain: { type: ['string', 'null'] }, dataProduct: { type: ['string', 'null'] }, url: { type: 'string' }, api: { type: 'string' } } } },
            lineage: { type: 'array', items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' }, contractId: { type: 'string' } } } },
          },
        },
        Product: {
          type: 'object',
          required: ['apiVersion', 'id', 'domain', 'document'],
          properties: {
            apiVersion: { const: API_VERSION },
            id: { type: 'string' },
            domain: { type: 'string' },
            file: { type: 'string' },
            url: { type: 'string' },
            document: { type: 'object', description: 'The ODPS document as written' },
            outputPorts: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, contract: { type: ['string', 'null'] }, grants: strings } } },
            upstream: { type: 'array', items: { type: 'object', properties: { port: { type: 'string' }, contract: { type: 'string' }, product: { type: ['string', 'null'] } } } },
            downstream: { type: 'array', items: { type: 'object', properties: { product: { type: 'string' }, port: { type: 'string' }, contract: { type: 'string' } } } },
            grants: { type: 'array', items: ref('Grant') },
            findings: { type: 'array', items: ref('Finding') },
          },
        },
        Contract: {
          type: 'object',
          required: ['apiVersion', 'id', 'document'],
          properties: {
            apiVersion: { const: API_VERSION },
            id: { type: 'string' },
            domain: { type: ['string', 'null'] },
            dataProduct: { type: ['string', 'null'] },
            outputPort: { type: ['string', 'null'] },
            file: { type: 'string' },
            url: { type: 'string' },
            raw: { type: 'string', description: 'The contract YAML exactly as in the repository' },
            classifications: strings,
            document: { type: 'object', description: 'The ODCS document as written' },
            findings: { type: 'array', items: ref('Finding') },
          },
        },
        Access: {
          type: 'object',
          required: ['apiVersion', 'grants'],
          properties: { apiVersion: { const: API_VERSION }, generatedFor: { type: 'string', format: 'date' }, expiringSoonDays: { type: 'integer' }, grants: { type: 'array', items: ref('Grant') } },
        },
        Policies: {
          type: 'object',
          required: ['apiVersion', 'policies', 'domains'],
          properties: {
            apiVersion: { const: API_VERSION },
            policies: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  title: { type: 'string' },
                  principle: { type: 'string' },
                  severity: { enum: ['error', 'warning'] },
                  appliesTo: { type: 'string' },
                  rationale: { type: 'string' },
                  pass: { type: 'integer' },
                  fail: { type: 'integer' },
                  passRate: { type: ['integer', 'null'] },
                  failing: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, id: { type: 'string' }, domain: { type: 'string' } } } },
                },
              },
            },
            domains: { type: 'object', description: 'domain → policy → {pass, fail}', additionalProperties: { type: 'object', additionalProperties: { type: 'object', properties: { pass: { type: 'integer' }, fail: { type: 'integer' } } } } },
          },
        },
      },
    },
  };
}
