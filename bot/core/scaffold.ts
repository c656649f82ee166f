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

/** The contract id the mesh expects for `name` in `domain`: `<domain>-<name>-v<major>`. */
export const contractIdFor = (domain: string, name: string, major = 1): string => `${domain}-${name.replace(new RegExp(`^${domain}-`), '')}-v${major}`;

/** A first contract for a product: one table with one identifying column, and one read role. */
export function scaffoldContract(input: { id: string; domain: string; dataProduct: string; table: string; owner?: string; folder: string }): { path: string; doc: DataContract } {
  const doc: DataContract = {
    apiVersion: NEWEST_DATA_CONTRACT_API_VERSION,
    kind: 'DataContract',
    id: input.id,
    name: title(input.id.replace(/-v\d+$/, '')),
    version: '1.0.0',
    status: 'draft',
    domain: input.domain,
    dataProduct: input.dataProduct,
    description: { purpose: `TODO: what ${title(input.id.replace(/-v\d+$/, ''))} holds and what consumers may use it for.` },
    schema: [
      {
        name: input.table.replace(/-/g, '_'),
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
  return { path: `${input.folder}/${input.id}.contract.yaml`, doc };
}

/** The output port that serves a new contract. */
export const outputPortFor = (name: string, contractId: string): NonNullable<DataProduct['outputPorts']>[number] => ({ name, version: '1.0.0', type: 'tables', contractId, description: `TODO: what consumers read on the ${name} port.` });

export function scaffoldProduct(input: { id: string; domain: string; folder?: string; owner?: string }): { path: string; doc: DataProduct; contract: { path: string; doc: DataContract } } {
  const folder = input.folder ?? input.id.replace(new RegExp(`^${input.domain}-`), '');
  const contractId = contractIdFor(input.domain, folder);
  const base = `catalog/${input.domain}/${folder}`;
  const contract = scaffoldContract({ id: contractId, domain: input.domain, dataProduct: input.id, table: folder, owner: input.owner, folder: base });
  // The owning team is the domain's first owner when it is a team (@org/team): grants name teams that way.
  const team = input.owner?.includes('/') ? input.owner.split('/').pop() : undefined;
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
    ...(team ? { team: { name: team } } : {}),
    outputPorts: [outputPortFor(folder, contractId)],
  };
  return { path: `${base}/product.yaml`, doc: product, contract };
}

export function scaffoldGrant(input: {
  productFolder: string;
  dataProduct: string;
  outputPort: string;
  role: string;
  team?: string;
  /** The consuming team's domain and data product, when the data feeds one (lineage needs the grant). */
  consumer?: { domain?: string; dataProduct?: string };
  requestedBy?: string;
  id?: string;
  validUntil?: string;
  today?: Date;
}): { path: string; doc: AccessGrant } {
  const team = input.team ?? '@your-org/your-team';
  const slug = team.replace(/^@/, '').split('/').pop()!.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  const id = input.id ?? `${input.consumer?.dataProduct ?? slug}-${input.dataProduct}-${input.outputPort}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  const until = new Date(input.today ?? new Date());
  until.setUTCFullYear(until.getUTCFullYear() + 1);
  until.setUTCDate(until.getUTCDate() - 1);
  return {
    path: `${input.productFolder}/access/${id}.yaml`,
    doc: {
      apiVersion: 'meshgate/v1',
      kind: 'AccessGrant',
      id,
      consumer: { team, ...(input.consumer?.domain ? { domain: input.consumer.domain } : {}), ...(input.consumer?.dataProduct ? { dataProduct: input.consumer.dataProduct } : {}) },
      dataProduct: input.dataProduct,
      outputPort: input.outputPort,
      role: input.role,
      purpose: 'TODO: why your team needs this data, and what it will be used for.',
      requestedBy: input.requestedBy ?? '@your-login',
      validUntil: input.validUntil ?? until.toISOString().slice(0, 10),
    },
  };
}
