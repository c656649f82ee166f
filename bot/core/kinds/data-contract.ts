import schema from './data-contract.schema.json' with { type: 'json' };
import schemaV32 from './data-contract-v3.2.schema.json' with { type: 'json' };

export { schema as dataContractSchema, schemaV32 as dataContractV32Schema };

/** ODCS v3.0.x–v3.1.0 `apiVersion`s, read with data-contract.schema.json (a test pins them to its enum). */
export const DATA_CONTRACT_V31_API_VERSIONS = ['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0'] as const;
/** Every ODCS `apiVersion` Meshgate reads for kind DataContract, oldest first; the last is the one scaffolds write. */
export const DATA_CONTRACT_API_VERSIONS = [...DATA_CONTRACT_V31_API_VERSIONS, 'v3.2.0'] as const;
/** The newest ODCS version Meshgate reads: what scaffolds and `meshgate convert` write. */
export const NEWEST_DATA_CONTRACT_API_VERSION = 'v3.2.0';

/**
 * The schema a contract's apiVersion is read with: v3.2.0 has its own (which refers to the v3.1
 * one for every part that did not change), so v3.0/v3.1 files keep exactly their old verdicts.
 */
export function dataContractSchemaFor(apiVersion: unknown): typeof schema | typeof schemaV32 {
  return apiVersion === 'v3.2.0' ? schemaV32 : schema;
}

/** The server types ODCS names (v3.0–v3.2 alike); a v3.2.0 file may name another, which is a warning. */
export const KNOWN_SERVER_TYPES: readonly string[] = schemaV32.$defs.ServerTypes.enum;

/*
 * The types below mirror data-contract.schema.json; test/core/kinds/types-match-schemas.test.ts
 * checks their keys against the schema so neither can drift.
 */

export interface CustomProperty { id?: string; property: string; value: unknown; description?: string }
export interface AuthoritativeDefinition { id?: string; type: string; url: string; description?: string }

export type LogicalType = 'string' | 'date' | 'timestamp' | 'time' | 'number' | 'integer' | 'object' | 'array' | 'boolean' | 'map';
/** ODCS v3.2.0: the role a property plays in the data model; absent means column. */
export type SemanticType = 'column' | 'measure' | 'dimension';

/** ODCS v3.2.0: one value an enumerated property may take. */
export interface EnumValue {
  id?: string;
  value: string | number | boolean | null;
  label?: string;
  description?: string;
  tags?: string[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
  customProperties?: CustomProperty[];
}

/** ODCS v3.2.0: another name for an object or property. */
export interface Synonym {
  id?: string;
  synonym: string;
  description?: string;
  locale?: string;
  source?: string;
  status?: string;
  customProperties?: CustomProperty[];
}

interface ContextEntry { id?: string; authoritativeDefinitions?: AuthoritativeDefinition[]; tags?: string[]; customProperties?: CustomProperty[] }

/** ODCS v3.2.0: guidance for AI agents and tools; a string is the instructions alone. */
export type Context =
  | string
  | {
      instructions?: string;
      verifiedStatements?: (ContextEntry & { question: string; answer?: string })[];
      constraints?: (ContextEntry & { constraint: string })[];
    };

/** ODCS v3.2.0: a map's key and value types (logicalType: map). */
export interface MapType { key: ArrayItem; value: ArrayItem }
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
  /** ODCS v3.2.0 */
  enum?: EnumValue[];
  /** ODCS v3.2.0 */
  map?: MapType;
  /** ODCS v3.2.0 */
  semanticType?: SemanticType;
  /** ODCS v3.2.0 */
  synonyms?: Synonym[];
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
  /** ODCS v3.2.0 */
  synonyms?: Synonym[];
  /** ODCS v3.2.0 */
  context?: Context;
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
  /** One of ServerType; a v3.2.0 file may name a newer type (a warning, see contract-semantics). */
  type: ServerType | (string & {});
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
  /** ODCS v3.2.0, athena */
  workgroup?: string;
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

/** kind: DataContract — Open Data Contract Standard v3.0.0–v3.2.0. */
export interface DataContract {
  apiVersion: (typeof DATA_CONTRACT_API_VERSIONS)[number] | string;
  kind: 'DataContract';
  id: string;
  version: string;
  /** Required up to ODCS v3.1.0, optional in v3.2.0. */
  status?: string;
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
  /** ODCS v3.2.0 */
  context?: Context;
}

/** Every top-level field, once; a test checks this against the schema's properties. */
export const dataContractFields: Record<keyof DataContract, true> = {
  apiVersion: true, kind: true, id: true, version: true, status: true, name: true, tenant: true, tags: true,
  servers: true, dataProduct: true, description: true, domain: true, schema: true, support: true, price: true,
  team: true, roles: true, slaDefaultElement: true, slaProperties: true, authoritativeDefinitions: true,
  customProperties: true, contractCreatedTs: true, context: true,
};

/** The members of a contract's team, whichever ODCS form it uses. */
export function teamMembers(contract: Pick<DataContract, 'team'>): TeamMember[] {
  const team = contract.team;
  if (!team) return [];
  return Array.isArray(team) ? team : (team.members ?? []);
}
