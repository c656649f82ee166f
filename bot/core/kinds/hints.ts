/**
 * What to write instead, for the schema errors people actually make: fields from ODCS v2, from the
 * Data Contract Specification or from SQL habits, and types named the way a database names them.
 * A hint is one sentence that says what to do; the error message already says what is wrong.
 */
import type { ErrorObject } from './ajv.ts';
import { dataContractSchema } from './data-contract.ts';

interface FieldHint {
  /** Where the unknown field sits, as a test on the error's instancePath (the object holding it). */
  at: RegExp;
  hint: string;
}

const TOP = /^$/;
const OBJECT = /^\/schema\/\d+$/;
/** A property of an object, at any depth, or an array's item. */
const PROPERTY = /^\/schema\/\d+\/properties\/\d+(?:\/(?:properties\/\d+|items))*$/;
const QUALITY = /\/quality\/\d+$/;
const PROPERTY_RELATIONSHIP = /\/properties\/\d+(?:\/items)?\/relationships\/\d+$/;
const ANYWHERE = /(?:)/;

const NOT_NULL = 'isNullable is not ODCS v3 — use required: false for a nullable property (required: true means NOT NULL)';
const DCS = 'this is Data Contract Specification style: ODCS v3 lists models under schema (a list of objects with a name) and their fields under properties';
const V32 = 'ODCS v3.2.0, and this file declares an older apiVersion';
const CONSTRAINT = 'ODCS keeps value constraints in logicalTypeOptions (pattern, minLength, maxLength, minimum, maximum, format…) or in a quality rule';

/** Unknown fields in a DataContract, by name. */
const CONTRACT_FIELDS: Record<string, FieldHint[]> = {
  isNullable: [{ at: ANYWHERE, hint: NOT_NULL }],
  nullable: [{ at: ANYWHERE, hint: NOT_NULL }],
  isUnique: [{ at: ANYWHERE, hint: 'use unique: true' }],
  isPrimaryKey: [{ at: ANYWHERE, hint: 'use primaryKey: true (and primaryKeyPosition for a composite key)' }],
  isPrimary: [{ at: ANYWHERE, hint: 'use primaryKey: true (and primaryKeyPosition for a composite key)' }],
  pii: [{ at: ANYWHERE, hint: 'mark personal data with classification (e.g. restricted) and tags such as pii' }],
  columns: [
    { at: OBJECT, hint: "ODCS v3 lists an object's columns under properties" },
    { at: ANYWHERE, hint: 'ODCS v3 lists columns under properties of a schema object' },
  ],
  fields: [
    { at: TOP, hint: DCS },
    { at: ANYWHERE, hint: "ODCS v3 lists an object's fields under properties" },
  ],
  models: [{ at: TOP, hint: DCS }],
  definitions: [{ at: TOP, hint: 'ODCS v3 has no shared definitions: describe each property where it is used, or link it with authoritativeDefinitions' }],
  dataContractSpecification: [{ at: TOP, hint: 'this is a Data Contract Specification file, which is deprecated: migrate it to ODCS v3 (apiVersion: v3.1.0, kind: DataContract)' }],
  info: [{ at: TOP, hint: 'ODCS v3 has no info block: name, version and status are top-level fields, the description is an object with purpose, usage and limitations' }],
  terms: [{ at: TOP, hint: 'ODCS v3 puts usage terms in description (purpose, usage, limitations)' }],
  dataset: [{ at: TOP, hint: 'dataset is ODCS v2: in v3 it is schema, a list of objects each with properties' }],
  datasetName: [{ at: TOP, hint: 'datasetName is ODCS v2: in v3 it is the name of a schema object' }],
  datasetDomain: [{ at: TOP, hint: 'datasetDomain is ODCS v2: in v3 it is domain' }],
  quantumName: [{ at: TOP, hint: 'quantumName is ODCS v2: in v3 it is name' }],
  uuid: [{ at: TOP, hint: 'uuid is ODCS v2: in v3 it is id' }],
  stakeholders: [{ at: TOP, hint: 'stakeholders is ODCS v2: in v3 it is team (name and members)' }],
  sla: [{ at: TOP, hint: 'ODCS v3 lists SLAs as slaProperties: [{property, value, unit}]' }],
  servicelevels: [{ at: TOP, hint: 'ODCS v3 lists SLAs as slaProperties: [{property, value, unit}]' }],
  owner: [{ at: TOP, hint: 'ODCS v3 names the owning team in team (members with a role such as owner)' }],
  contact: [{ at: TOP, hint: 'ODCS v3 lists contact channels under support (channel, url, tool)' }],
  type: [
    { at: OBJECT, hint: 'the kind of object (table, view, topic, file) goes in physicalType; an object has logicalType: object' },
    { at: PROPERTY, hint: 'ODCS v3 splits a type into logicalType (string, integer, number, date, timestamp, boolean, object, array) and physicalType (the source type, e.g. varchar(20))' },
  ],
  dataType: [{ at: PROPERTY, hint: 'use logicalType (string, integer, number, date, timestamp, boolean, object, array) and physicalType (the source type)' }],
  enum: [{ at: PROPERTY, hint: `enum is ${V32}: set apiVersion: v3.2.0 (then enum lists {value, label} objects), or keep this version and list allowed values with a quality rule (metric: invalidValues, arguments: {validValues: [...]})` }],
  map: [{ at: PROPERTY, hint: `map (key and value types) is ${V32}: set apiVersion: v3.2.0 and logicalType: map` }],
  semanticType: [{ at: PROPERTY, hint: `semanticType (column, measure, dimension) is ${V32}: set apiVersion: v3.2.0` }],
  synonyms: [{ at: ANYWHERE, hint: `synonyms are ${V32}: set apiVersion: v3.2.0` }],
  context: [{ at: ANYWHERE, hint: `the context block is ${V32}: set apiVersion: v3.2.0` }],
  workgroup: [{ at: /^\/servers\/\d+$/, hint: `an athena workgroup is ${V32}: set apiVersion: v3.2.0` }],
  pattern: [{ at: PROPERTY, hint: CONSTRAINT }],
  format: [{ at: PROPERTY, hint: CONSTRAINT }],
  minLength: [{ at: PROPERTY, hint: CONSTRAINT }],
  maxLength: [{ at: PROPERTY, hint: CONSTRAINT }],
  minimum: [{ at: PROPERTY, hint: CONSTRAINT }],
  maximum: [{ at: PROPERTY, hint: CONSTRAINT }],
  precision: [{ at: PROPERTY, hint: 'put precision and scale in physicalType, e.g. decimal(12,2)' }],
  scale: [{ at: PROPERTY, hint: 'put precision and scale in physicalType, e.g. decimal(12,2)' }],
  example: [{ at: PROPERTY, hint: 'use examples, a list of sample values' }],
  validValues: [{ at: QUALITY, hint: 'use metric: invalidValues with arguments: {validValues: [...]} and a comparison such as mustBe: 0' }],
  from: [{ at: PROPERTY_RELATIONSHIP, hint: 'on a property the property itself is the from: remove it, or declare the relationship on the schema object' }],
  threshold: [{ at: QUALITY, hint: 'compare with one of mustBe, mustBeLessThan, mustBeGreaterThan, mustBeBetween…' }],
};

/** Unknown fields in a DataProduct, by name. */
const PRODUCT_FIELDS: Record<string, FieldHint[]> = {
  inputs: [{ at: TOP, hint: 'ODPS calls them inputPorts: [{name, version, contractId}]' }],
  outputs: [{ at: TOP, hint: 'ODPS calls them outputPorts: [{name, version, contractId}]' }],
  owner: [{ at: TOP, hint: 'ODPS names the owning team in team (members with a role such as owner)' }],
  info: [{ at: TOP, hint: 'ODPS has no info block: name, version, status and domain are top-level fields' }],
  contract: [{ at: /Ports\/\d+$/, hint: 'a port names its contract by id: contractId' }],
  dataContractId: [{ at: /Ports\/\d+$/, hint: 'use contractId' }],
  contractVersion: [{ at: /Ports\/\d+$/, hint: 'the port version is version; the contract it serves is named by contractId' }],
};

/** logicalType names that databases use, and the ODCS logicalType they map to. */
const LOGICAL_TYPES: Record<string, string> = {
  varchar: 'string', char: 'string', text: 'string', nvarchar: 'string', uuid: 'string', json: 'object',
  int: 'integer', int32: 'integer', int64: 'integer', bigint: 'integer', smallint: 'integer', tinyint: 'integer', long: 'integer', short: 'integer',
  float: 'number', double: 'number', decimal: 'number', numeric: 'number', real: 'number', money: 'number',
  bool: 'boolean', datetime: 'timestamp', timestamptz: 'timestamp', timestamp_ntz: 'timestamp', instant: 'timestamp',
  struct: 'object', record: 'object', map: 'object', list: 'array',
};

const COMPARISONS = 'mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween or mustNotBeBetween';

/** Which rules a quality field belongs to, for a field used on the wrong type of rule. */
const QUALITY_FIELD_OWNER: Record<string, string> = {
  metric: 'library rules (type: library)', rule: 'library rules (ODCS v3.0; use metric)', arguments: 'library rules (type: library)',
  query: 'sql rules (type: sql)', engine: 'custom rules (type: custom)', implementation: 'custom rules (type: custom)',
};

const METRICS: Record<string, string> = {
  nullcheck: 'nullValues', notnull: 'nullValues', nulls: 'nullValues', nullcount: 'nullValues',
  duplicatecount: 'duplicateValues', unique: 'duplicateValues', uniqueness: 'duplicateValues', duplicates: 'duplicateValues',
  validvalues: 'invalidValues', invalidcount: 'invalidValues', rowcount: 'rowCount', count: 'rowCount', missingcount: 'missingValues',
};

/**
 * A hint for one ajv error of an entity of `kind`, or undefined. `doc` (the validated document)
 * lets value-dependent hints see the value when ajv runs without `verbose`.
 */
export function hintFor(kind: string, error: ErrorObject, doc?: unknown): string | undefined {
  if (kind === 'DataContract') return contractHint(error, doc);
  if (kind === 'DataProduct') return productHint(error, doc);
  return commonHint(error);
}

function contractHint(error: ErrorObject, doc: unknown): string | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const field = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = fieldHint(CONTRACT_FIELDS, field, at);
      if (known) return known;
      if (/^\/servers\/\d+$/.test(at)) return serverFieldsHint(valueAt(doc, error, `${at}/type`));
      if (/\/logicalTypeOptions$/.test(at)) return optionsHint(valueAt(doc, error, at.replace(/\/logicalTypeOptions$/, '/logicalType')));
      if (QUALITY.test(at)) return 'which fields a quality rule takes depends on its type: library (metric), sql (query), custom (engine, implementation) or text; set type to match';
      return undefined;
    }
    case 'enum': {
      const value = valueAt(doc, error, at);
      if (/\/logicalType$/.test(at)) return logicalTypeHint(value);
      if (at === '/apiVersion') {
        return typeof value === 'string' && /^v?2\./.test(value)
          ? 'ODCS v2 files must be migrated to v3: dataset → schema, columns → properties, uuid → id, quantumName → name (apiVersion: v3.1.0)'
          : 'use apiVersion: v3.1.0 (v3.0.0, v3.0.1 and v3.0.2 are accepted too)';
      }
      if (/^\/servers\/\d+\/type$/.test(at)) return 'use type: custom for a technology ODCS does not name, with the connection fields you need';
      if (/\/metric$/.test(at)) {
        const metric = typeof value === 'string' && Object.hasOwn(METRICS, value.toLowerCase()) ? METRICS[value.toLowerCase()] : undefined;
        return metric ? `use metric: ${metric}` : 'metric is one of nullValues, missingValues, invalidValues, duplicateValues, rowCount; write other checks as type: sql or custom';
      }
      if (/\/dimension$/.test(at)) return 'dimension is a data quality dimension; put anything else in tags';
      return undefined;
    }
    case 'const': {
      if (/^\/schema\/\d+\/logicalType$/.test(at)) return 'a schema object always has logicalType: object; table, view or topic goes in physicalType';
      if (/\/logicalType$/.test(at) && params.allowedValue === 'object') {
        return 'a property with nested properties needs logicalType: object (for a list of objects use logicalType: array with items)';
      }
      if (/\/logicalType$/.test(at) && params.allowedValue === 'array') return 'items describe the elements of an array: set logicalType: array';
      if (/\/relationships\/\d+\/type$/.test(at)) return 'ODCS relationships are foreign keys: use type: foreignKey or leave type out; cardinality can go in customProperties';
      if (at === '/kind') return 'a data contract has kind: DataContract';
      return undefined;
    }
    case 'maxProperties':
      if (/\/logicalTypeOptions$/.test(at)) return 'logicalTypeOptions apply to a logicalType: set logicalType first (e.g. string for minLength, integer for minimum)';
      return undefined;
    case 'false schema': {
      // The schema refuses a field with `false` where it exists in general but not in this place.
      if (QUALITY.test(at)) return `a library or sql quality rule needs one comparison: ${COMPARISONS}`;
      const field = at.slice(at.lastIndexOf('/') + 1);
      const holder = at.slice(0, at.lastIndexOf('/'));
      if (QUALITY.test(holder)) {
        if (COMPARISONS.includes(field)) return 'a quality rule takes one comparison: split it into two rules, or use mustBeBetween for a range';
        const owner = Object.hasOwn(QUALITY_FIELD_OWNER, field) ? QUALITY_FIELD_OWNER[field] : undefined;
        return owner ? `${field} belongs to ${owner}; set type accordingly or remove it` : undefined;
      }
      if (/^\/servers\/\d+$/.test(holder)) {
        return serverFieldsHint(valueAt(doc, error, `${holder}/type`)) ?? `this server type does not take ${field}; use type: custom for other connection fields`;
      }
      return undefined;
    }
    case 'required':
      if (QUALITY.test(at) && params.missingProperty === 'metric') return 'a library rule names a metric: nullValues, missingValues, invalidValues, duplicateValues or rowCount (or set type: text, sql or custom)';
      if (/^\/servers\/\d+$/.test(at) && params.missingProperty !== 'server' && params.missingProperty !== 'type') {
        return serverFieldsHint(valueAt(doc, error, `${at}/type`));
      }
      return undefined;
    case 'pattern':
      if (/\/relationships\/\d+\/(?:from|to)(?:\/\d+)?$/.test(at)) {
        return 'write object.property (names), or schema/<object id>/properties/<property id>, optionally prefixed by another contract file: other.odcs.yaml#/schema/…';
      }
      // A stable id inside the contract; the contract's own id follows the mesh's id pattern (validate/schema.ts).
      if (/\/id$/.test(at) && at !== '/id') return 'ids may contain letters, digits, - and _ only';
      if (/\/location$|\/stagingDir$/.test(at)) return 'write a URL with its scheme, e.g. s3://bucket/path/*.parquet or az://account.blob.core.windows.net/container';
      return undefined;
    case 'type':
      if (at === '/description') return 'description is an object: {purpose: …, usage: …, limitations: …}';
      if (at === '/team') return 'team is an object: {name: …, members: [{username: …, role: …}]}';
      if (/\/relationships\/\d+\/to$/.test(at)) return 'from and to are both single references, or both lists of the same length (a composite key)';
      return commonHint(error);
    default:
      return commonHint(error);
  }
}

function productHint(error: ErrorObject, doc: unknown): string | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return fieldHint(PRODUCT_FIELDS, String(params.additionalProperty ?? params.unevaluatedProperty), at);
    case 'required':
      if (/^\/support\/\d+$/.test(at) && params.missingProperty === 'url') return 'an ODPS support channel needs a url, e.g. https://chat.example.com/c/orders or mailto:team@example.com';
      if (/^\/inputPorts\/\d+$/.test(at) && params.missingProperty === 'contractId') return 'an input port names the contract it consumes: contractId is the id of that DataContract';
      return undefined;
    case 'enum':
      if (at === '/apiVersion') return valueAt(doc, error, at) === 'v1.0' ? 'write the full version: v1.0.0' : 'use apiVersion: v1.0.0';
      return undefined;
    case 'const':
      if (at === '/kind') return 'a data product has kind: DataProduct';
      return undefined;
    case 'type':
      if (at === '/description') return 'description is an object: {purpose: …, usage: …, limitations: …}';
      return commonHint(error);
    default:
      return commonHint(error);
  }
}

/** Hints that hold for every kind. */
function commonHint(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'format') {
    switch (params.format) {
      case 'date': return 'write a date as YYYY-MM-DD, e.g. 2025-01-31';
      case 'date-time': return 'write an ISO 8601 timestamp with a time zone, e.g. 2025-01-31T09:00:00Z';
      case 'uri': return 'write a full URL with its scheme, e.g. https://example.com/…';
      case 'email': return 'write an email address, e.g. team@example.com';
      default: return undefined;
    }
  }
  if (error.keyword === 'type' && params.type === 'array' && /\/tags$/.test(error.instancePath)) return 'tags is a list: [finance, pii]';
  if (error.keyword === 'type' && params.type === 'string' && /\/(?:version|id)$/.test(error.instancePath)) {
    return 'quote it so YAML reads it as text, e.g. "1.0"';
  }
  return undefined;
}

function fieldHint(table: Record<string, FieldHint[]>, field: string, at: string): string | undefined {
  if (!Object.hasOwn(table, field)) return undefined;
  return table[field].find((entry) => entry.at.test(at))?.hint;
}

function logicalTypeHint(value: unknown): string {
  const raw = typeof value === 'string' ? value : '';
  const base = raw.toLowerCase().replace(/\s*\(.*$/, '');
  // `constructor` must not find Object's own members.
  const mapped = Object.hasOwn(LOGICAL_TYPES, base) ? LOGICAL_TYPES[base] : undefined;
  if (mapped) return `use logicalType: ${mapped} with physicalType: ${raw} — logicalType is technology-neutral, physicalType keeps the source's type`;
  return "logicalType is one of string, date, timestamp, time, number, integer, object, array, boolean; the source's own type goes in physicalType (e.g. varchar(20) → logicalType: string, physicalType: varchar(20))";
}

type SchemaDefs = Record<string, Record<string, { properties?: Record<string, unknown>; required?: string[] }>>;
const defs = dataContractSchema.$defs as unknown as SchemaDefs;
/** Fields every server has; the other fields of Server are connection fields. */
const SERVER_COMMON = new Set(['id', 'server', 'type', 'description', 'environment', 'roles', 'customProperties']);

/** Which connection fields a server of this type takes, read from the schema itself. */
function serverFieldsHint(type: unknown): string | undefined {
  if (typeof type !== 'string' || !Object.hasOwn(defs.ServerConnection, type)) return undefined;
  const connection = defs.ServerConnection[type];
  const refused = new Set(Object.entries(connection.properties ?? {}).filter(([, schema]) => schema === false).map(([field]) => field));
  const fields = Object.keys(dataContractSchema.$defs.Server.properties).filter((f) => !SERVER_COMMON.has(f) && !refused.has(f));
  const required = connection.required ?? [];
  const listed = fields.map((f) => (required.includes(f) ? `${f} (required)` : f)).join(', ');
  return `a ${type} server takes ${listed || 'no connection fields'}${type === 'custom' ? '' : '; use type: custom for other connection fields'}`;
}

/** The options ODCS defines for a logicalType, read from the schema itself. */
function optionsHint(logicalType: unknown): string | undefined {
  const key = logicalType === 'time' ? 'timestamp' : typeof logicalType === 'string' ? logicalType : '';
  const options = defs.LogicalTypeOptions?.[key]?.properties;
  if (!options) return `logicalType ${String(logicalType)} has no logicalTypeOptions in ODCS`;
  return `for logicalType ${String(logicalType)} the options are ${Object.keys(options).join(', ')}`;
}

/** The value at a JSON pointer: from the error when ajv ran verbose, else from the document. */
function valueAt(doc: unknown, error: ErrorObject, path: string): unknown {
  if (path === error.instancePath && error.data !== undefined) return error.data;
  let node = doc;
  for (const raw of path.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
