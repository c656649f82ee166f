/**
 * Starting points for new entities: valid against their schemas as written, with the parts only
 * the author can know left as clearly marked placeholders. The CLI's `new` verb and the site's
 * Request-access button both start here.
 */
import jsYaml from 'js-yaml';
import type { AccessGrant } from './kinds/access-grant.ts';
import { type DataContract, NEWEST_DATA_CONTRACT_API_VERSION } from './kinds/data-contract.ts';
import type { DataProduct } from './kinds/data-product.ts';
import type { Domain } from './kinds/domain.ts';

export const dump = (doc: object): string =>
  jsYaml.dump(doc, { schema: jsYaml.CORE_SCHEMA, lineWidth: 100, noRefs: true, quotingType: '"' });

const title = (id: string): string => id.split(/[-_.]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

export function scaffoldDomain(input: { id: string; type?: Domain['type']; owners: string[]; name?: string }): { path: string; doc: Domain } {
  return {
    path: `catalog/${input.id}/domain.yaml`,
    doc: {
      apiVersion: 'meshgate/v1',
      kind: 'Domain',
      id: input.id,
      name: input.name ?? title(input.id),
      type: input.type ?? 'source-aligned',
      description: `TODO: what the ${title(input.id)} domain does and which data it publishes.`,
      owners: input.owners,
    },
  };
}

export function scaffoldProduct(input: { id: string; domain: string; folder?: string; owner?: string }): { path: string; doc: DataProduct; contract: { path: string; doc: DataContract } } {
  const folder = input.folder ?? input.id.replace(new RegExp(`^${input.domain}-`), '');
  const contractId = `${input.id}-v1`;
  const contract: DataContract = {
    apiVersion: NEWEST_DATA_CONTRACT_API_VERSION,
    kind: 'DataContract',
    id: contractId,
    name: title(input.id),
    version: '1.0.0',
    status: 'draft',
    domain: input.domain,
    dataProduct: input.id,
    description: { purpose: `TODO: what ${title(input.id)} holds and what consumers may use it for.` },
    schema: [
      {
        name: folder.replace(/-/g, '_'),
        physicalType: 'table',
        description: 'TODO: one row per …',
        properties: [
          { name: 'id', logicalType: 'string', physicalType: 'string', required: true, unique: true, primaryKey: true, classification: 'internal', description: 'TODO: identifier of the row.' },
        ],
      },
    ],
    roles: [
      {
        role: 'consumer',
        access: 'read',
        description: 'Read access for analytics, up to internal columns.',
        ...(input.owner ? { firstLevelApprovers: input.owner } : {}),
        // Provisioning grants only the columns at or below this level (policies/governance.yaml classification).
        customProperties: [{ property: 'maxClassification', value: 'internal' }],
      },
    ],
  };
  const product: DataProduct = {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: input.id,
    name: title(input.id),
    version: '1.0.0',
    status: 'draft',
    domain: input.domain,
    description: { purpose: `TODO: the question ${title(input.id)} answers.` },
    tags: [],
    outputPorts: [{ name: folder, version: '1.0.0', type: 'tables', contractId }],
  };
  const base = `catalog/${input.domain}/${folder}`;
  return { path: `${base}/product.yaml`, doc: product, contract: { path: `${base}/${contractId}.contract.yaml`, doc: contract } };
}

export function scaffoldGrant(input: {
  productFolder: string;
  dataProduct: string;
  outputPort: string;
  role: string;
  team?: string;
  requestedBy?: string;
  id?: string;
  validUntil?: string;
  today?: Date;
}): { path: string; doc: AccessGrant } {
  const team = input.team ?? '@your-org/your-team';
  const slug = team.replace(/^@/, '').split('/').pop()!.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  const id = input.id ?? `${slug}-${input.dataProduct}-${input.outputPort}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  const until = new Date(input.today ?? new Date());
  until.setUTCFullYear(until.getUTCFullYear() + 1);
  until.setUTCDate(until.getUTCDate() - 1);
  return {
    path: `${input.productFolder}/access/${id}.yaml`,
    doc: {
      apiVersion: 'meshgate/v1',
      kind: 'AccessGrant',
      id,
      consumer: { team },
      dataProduct: input.dataProduct,
      outputPort: input.outputPort,
      role: input.role,
      purpose: 'TODO: why your team needs this data, and what it will be used for.',
      requestedBy: input.requestedBy ?? '@your-login',
      validUntil: input.validUntil ?? until.toISOString().slice(0, 10),
    },
  };
}
