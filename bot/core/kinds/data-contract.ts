import schema from './data-contract.schema.json' with { type: 'json' };

export { schema as dataContractSchema };

/** ODCS v3 `apiVersion`s Meshgate accepts for kind DataContract (a test pins them to the schema's enum). */
export const DATA_CONTRACT_API_VERSIONS = ['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0'] as const;

/*
 * The types below mirror data-contract.schema.json; test/core/kinds/types-match-schemas.test.ts
 * checks their keys against the schema so neither can drift.
 */

export interface CustomProperty { id?: string; property: string; value: unknown; description?: string }
export interface AuthoritativeDefinition { id?: string; type: string; url: string; description?: string }

export type LogicalType = 'string' | 'date' | 'timestamp' | 'time' | 'number' | 'integer' | 'object' | 'array' | 'boolean';
export type QualityDimension = 'accuracy' | 'completeness' | 'conformity' | 'consistency' | 'coverage' | 'timeliness' | 'uniqueness';
export type QualityMetric = 'nullValues' | 'missingValues' | 'invalidValues' | 'duplicateValues' | 'rowCount';

/** One data quality rule; `type` (default library) decides which of the fields apply. */
export interface DataQuality {
  id?: string;
  name?: string;
  description?: string;
  type?: 'text' | 'library' | 'sql' | 'custom';
  dimension?: QualityDimension;
  method?: string;
  severity?: string;
  businessImpact?: string;
  unit?: string;
  schedule?: string;
  scheduler?: string;
  tags?: string[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
  /** library */
  metric?: QualityMetric;
  /** library, ODCS v3.0 name of the check (deprecated: use metric). */
  rule?: string;
  arguments?: Record<string, unknown>;
  /** sql */
  query?: string;
  /** custom */
  engine?: string;
  implementation?: string | Record<string, unknown>;
  /** library and sql: exactly one comparison. */
  mustBe?: unknown;
  mustNotBe?: unknown;
  mustBeGreaterThan?: number;
  mustBeGreaterOrEqualTo?: number;
  mustBeLessThan?: number;
  mustBeLessOrEqualTo?: number;
  mustBeBetween?: [number, number];
  mustNotBeBetween?: [number, number];
}

/** A foreign key. On a schema object `from` is required; on a property `from` is the property itself. */
export interface Relationship {
  type?: 'foreignKey';
  from?: string | string[];
  to: string | string[];
  customProperties?: CustomProperty[];
}

/** The fields a property and an array's item share. */
interface PropertyFields {
  id?: string;
  physicalName?: string;
  physicalType?: string;
  logicalType?: LogicalType;
  logicalTypeOptions?: Record<string, unknown>;
  businessName?: string;
  description?: string;
  required?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  primaryKeyPosition?: number;
  partitioned?: boolean;
  partitionKeyPosition?: number;
  classification?: string;
  criticalDataElement?: boolean;
  encryptedName?: string;
  examples?: unknown[];
  transformSourceObjects?: string[];
  transformLogic?: string;
  transformDescription?: string;
  tags?: string[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
  relationships?: Relationship[];
  quality?: DataQuality[];
  properties?: SchemaProperty[];
  /**
   * The element type of an array property. ODCS does not require an item to have a `name`, so at
   * runtime `items.name` may be absent even though the type (kept for the code that reads items as
   * properties) says string; see ArrayItem.
   */
  items?: SchemaProperty;
}

/** A property of a schema object (a column or field); may nest via `properties` / `items`. */
export interface SchemaProperty extends PropertyFields {
  name: string;
}

/** The element type of an array property as ODCS defines it: a property that needs no name. */
export interface ArrayItem extends PropertyFields {
  name?: string;
}

/** A schema object (a table, topic, document…). */
export interface SchemaObject {
  id?: string;
  name: string;
  physicalName?: string;
  physicalType?: string;
  logicalType?: 'object';
  businessName?: string;
  description?: string;
  dataGranularityDescription?: string;
  tags?: string[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
  properties?: SchemaProperty[];
  relationships?: Relationship[];
  quality?: DataQuality[];
}

export interface Role {
  id?: string;
  role: string;
  description?: string;
  access?: string;
  firstLevelApprovers?: string;
  secondLevelApprovers?: string;
  customProperties?: CustomProperty[];
}

export interface ServiceLevelAgreementProperty {
  id?: string;
  property: string;
  value: string | number | boolean | null;
  valueExt?: string | number | boolean | null;
  unit?: string;
  element?: string;
  driver?: string;
  description?: string;
  scheduler?: string;
  schedule?: string;
}

export type ServerType =
  | 'api' | 'athena' | 'azure' | 'bigquery' | 'clickhouse' | 'cloudsql' | 'custom' | 'databricks' | 'db2' | 'denodo'
  | 'dremio' | 'duckdb' | 'glue' | 'hive' | 'impala' | 'informix' | 'kafka' | 'kinesis' | 'local' | 'mysql' | 'oracle'
  | 'postgres' | 'postgresql' | 'presto' | 'pubsub' | 'redshift' | 's3' | 'sftp' | 'snowflake' | 'sqlserver'
  | 'synapse' | 'trino' | 'vertica' | 'zen';

/** Where data lives. Which connection fields apply (and are required) depends on `type`; the schema says which. */
export interface Server {
  id?: string;
  server: string;
  type: ServerType;
  description?: string;
  environment?: string;
  roles?: Role[];
  customProperties?: CustomProperty[];
  account?: string;
  catalog?: string;
  database?: string;
  dataset?: string;
  delimiter?: string;
  endpointUrl?: string;
  format?: string;
  host?: string;
  location?: string;
  path?: string;
  port?: number;
  project?: string;
  region?: string;
  regionName?: string;
  schema?: string;
  serviceName?: string;
  stagingDir?: string;
  stream?: string;
  warehouse?: string;
  /** The schema allows no other field per server type; the index keeps generic readers simple. */
  [key: string]: unknown;
}

export interface TeamMember {
  id?: string;
  username: string;
  name?: string;
  description?: string;
  role?: string;
  dateIn?: string;
  dateOut?: string;
  replacedByUsername?: string;
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

/** ODCS v3.1 team object. */
export interface Team {
  id?: string;
  name?: string;
  description?: string;
  members?: TeamMember[];
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

export interface SupportItem {
  id?: string;
  channel: string;
  url?: string;
  description?: string;
  tool?: string;
  scope?: string;
  invitationUrl?: string;
  customProperties?: CustomProperty[];
}

export interface Price { id?: string; priceAmount?: number; priceCurrency?: string; priceUnit?: string }

export interface ContractDescription {
  purpose?: string;
  usage?: string;
  limitations?: string;
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
}

/** kind: DataContract — Open Data Contract Standard v3.0.0–v3.1.0. */
export interface DataContract {
  apiVersion: (typeof DATA_CONTRACT_API_VERSIONS)[number] | string;
  kind: 'DataContract';
  id: string;
  version: string;
  status: string;
  name?: string;
  tenant?: string;
  tags?: string[];
  servers?: Server[];
  /** Deprecated since ODCS v3.1.0. */
  dataProduct?: string;
  description?: ContractDescription;
  domain?: string;
  schema?: SchemaObject[];
  support?: SupportItem[];
  price?: Price;
  /** ODCS v3.1 object form, or the deprecated v3.0 list of members. */
  team?: Team | TeamMember[];
  roles?: Role[];
  /** Deprecated since ODCS v3.1.0. */
  slaDefaultElement?: string;
  slaProperties?: ServiceLevelAgreementProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
  contractCreatedTs?: string;
}

/** Every top-level field, once; a test checks this against the schema's properties. */
export const dataContractFields: Record<keyof DataContract, true> = {
  apiVersion: true, kind: true, id: true, version: true, status: true, name: true, tenant: true, tags: true,
  servers: true, dataProduct: true, description: true, domain: true, schema: true, support: true, price: true,
  team: true, roles: true, slaDefaultElement: true, slaProperties: true, authoritativeDefinitions: true,
  customProperties: true, contractCreatedTs: true,
};

/** The members of a contract's team, whichever ODCS form it uses. */
export function teamMembers(contract: Pick<DataContract, 'team'>): TeamMember[] {
  const team = contract.team;
  if (!team) return [];
  return Array.isArray(team) ? team : (team.members ?? []);
}
