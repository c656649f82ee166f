/**
 * The registry of kinds: for each, its schema, the apiVersions it accepts and a validator compiled
 * once, on first use, with one shared ajv.
 */
import type { Kind } from './names.ts';
import { accessGrantSchema } from './access-grant.ts';
import { createAjv, type AjvInstance, type ValidateFunction } from './ajv.ts';
import { DATA_CONTRACT_API_VERSIONS, dataContractSchema, dataContractSchemaFor } from './data-contract.ts';
import { DATA_PRODUCT_API_VERSIONS, dataProductSchema } from './data-product.ts';
import { domainSchema } from './domain.ts';
import { governanceSchema } from './governance.ts';
import { policySchema } from './policy.ts';

export interface KindInfo {
  kind: Kind;
  schema: object;
  apiVersions: readonly string[];
  /** The standard the kind follows, for messages. */
  standard: string;
}

export const KIND_INFO: Record<Kind, KindInfo> = {
  Domain: { kind: 'Domain', schema: domainSchema, apiVersions: ['meshgate/v1'], standard: 'Meshgate' },
  DataProduct: { kind: 'DataProduct', schema: dataProductSchema, apiVersions: DATA_PRODUCT_API_VERSIONS, standard: 'ODPS' },
  DataContract: { kind: 'DataContract', schema: dataContractSchema, apiVersions: DATA_CONTRACT_API_VERSIONS, standard: 'ODCS' },
  AccessGrant: { kind: 'AccessGrant', schema: accessGrantSchema, apiVersions: ['meshgate/v1'], standard: 'Meshgate' },
  Policy: { kind: 'Policy', schema: policySchema, apiVersions: ['meshgate/v1'], standard: 'Meshgate' },
  Governance: { kind: 'Governance', schema: governanceSchema, apiVersions: ['meshgate/v1'], standard: 'Meshgate' },
};

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && Object.hasOwn(KIND_INFO, value);
}

let ajv: AjvInstance | undefined;
const validators = new Map<object, ValidateFunction>();

/**
 * The ajv the kinds compile with. Other JSON Schemas of the same dialect (policies) compile here
 * too, so that the 2019-09 meta-schema, against which ajv checks every schema it compiles, is
 * compiled once per process rather than once per ajv.
 */
export function kindsAjv(): AjvInstance {
  return (ajv ??= createAjv());
}

/** The schema a document of `kind` is read with: a DataContract's depends on its apiVersion. */
export function schemaFor(kind: Kind, apiVersion?: unknown): object {
  return kind === 'DataContract' ? dataContractSchemaFor(apiVersion) : KIND_INFO[kind].schema;
}

/** The compiled validator for a document of `kind` at `apiVersion` (compiled on first use, then reused). */
export function validatorFor(kind: Kind, apiVersion?: unknown): ValidateFunction {
  const schema = schemaFor(kind, apiVersion);
  const known = validators.get(schema);
  if (known) return known;
  const ajv = kindsAjv();
  // The v3.2 contract schema refers to the v3.1 one by its $id, so that one must be known first.
  if (schema !== dataContractSchema && kind === 'DataContract') validatorFor(kind, 'v3.1.0');
  const compiled: ValidateFunction = ajv.compile(schema);
  validators.set(schema, compiled);
  return compiled;
}
