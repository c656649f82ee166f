/**
 * What ODCS and ODPS mean but their JSON Schemas cannot say: names unique where things are looked
 * up by name, references that point at something, numbers that make sense together. Runs on
 * documents that already passed their schema; each issue carries the JSON pointer of the value at
 * fault so the loader can place it at a line.
 */
import { type DataContract, type DataQuality, KNOWN_SERVER_TYPES, type Relationship, type SchemaObject, type SchemaProperty } from '../kinds/data-contract.ts';
import type { DataProduct } from '../kinds/data-product.ts';
import { type Issue, pointer } from '../findings/finding.ts';
import { asArray, hasItems, isRecord } from '../shapes.ts';
import { approverIssues } from '../principals.ts';

/** An issue before it is placed in a file: `path` is a JSON pointer into the document. */
export type SemanticIssue = Issue;

type Path = (string | number)[];

/** Fields whose values are free-form data, not contract structure: never searched for ids. */
const OPAQUE_FIELDS = new Set(['examples', 'value', 'valueExt', 'implementation', 'arguments', 'logicalTypeOptions', 'mustBe', 'mustNotBe']);

const isBlank = (value: unknown): boolean => typeof value === 'string' && value.trim() === '';

// ---------------------------------------------------------------------------------------------
// Contract

export function checkContractSemantics(contract: DataContract): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const index = indexSchema(contract, issues);

  if (typeof contract.id === 'string' && isBlank(contract.id)) {
    issues.push({
      severity: 'error',
      code: 'contract.blank-id',
      message: 'the contract id is blank',
      path: '/id',
      hint: 'give the contract a stable id, e.g. a UUID or a slug like orders-v1; products point at it with contractId',
    });
  }
  checkDuplicateIds(contract, [], issues);
  checkRoles(contract, issues);
  checkServerTypes(contract, issues);

  asArray(contract.schema).forEach((object, i) => {
    if (!isRecord(object)) return;
    checkObjectRelationships(object, ['schema', i], index, issues);
    checkProperties(object.name, asArray(object.properties), ['schema', i, 'properties'], index, issues);
    checkQualityList(object.quality, ['schema', i], undefined, QUALITY, issues);
  });

  if (typeof contract.slaDefaultElement === 'string') {
    checkElement(contract.slaDefaultElement, ['slaDefaultElement'], index, issues);
  }
  asArray(contract.slaProperties).forEach((sla, i) => {
    if (isRecord(sla) && typeof sla.element === 'string') checkElement(sla.element, ['slaProperties', i, 'element'], index, issues);
  });

  const amount = contract.price?.priceAmount;
  if (typeof amount === 'number' && amount < 0) {
    issues.push({
      severity: 'error',
      code: 'contract.negative-price',
      message: `price.priceAmount is ${amount}; a price cannot be negative`,
      path: '/price/priceAmount',
      hint: 'use 0 for data that is free of charge',
    });
  }
  return issues;
}

/**
 * The v3.2.0 schema takes any server type, because the released standard may name types its draft
 * lacks (other tools already write `hana`); one Meshgate does not know is worth a look, not a
 * failure. (v3.0/v3.1 files never get here with one: their schema lists the types.)
 */
function checkServerTypes(contract: DataContract, issues: SemanticIssue[]): void {
  asArray(contract.servers).forEach((server, i) => {
    if (!isRecord(server) || typeof server.type !== 'string' || KNOWN_SERVER_TYPES.includes(server.type)) return;
    issues.push({
      severity: 'warning',
      code: 'contract.unknown-server-type',
      message: `server "${String(server.server)}" has type "${server.type}", which ODCS v3.2.0 (as Meshgate knows it) does not name`,
      path: pointer('servers', i, 'type'),
      hint: `check the spelling; known types are ${KNOWN_SERVER_TYPES.join(', ')}. Meshgate checks no connection fields for this type`,
    });
  });
}

/**
 * ODCS ids are "unique within their containing array": any list of objects carrying `id`. One
 * walk over the whole document with a single mutable path; a Map only for lists that hold ids.
 */
function checkDuplicateIds(node: unknown, path: Path, issues: SemanticIssue[]): void {
  if (Array.isArray(node)) {
    let first: Map<string, number> | undefined;
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (isRecord(item) && typeof item.id === 'string') {
        first ??= new Map();
        const seen = first.get(item.id);
        if (seen === undefined) first.set(item.id, i);
        else {
          issues.push({
            severity: 'error',
            code: 'contract.duplicate-id',
            message: `id "${item.id}" is used twice in ${pointer(...path)} (items ${seen} and ${i})`,
            path: pointer(...path, i, 'id'),
            hint: 'ids must be unique within their list; references by id would be ambiguous — rename one',
          });
        }
      }
      if (item !== null && typeof item === 'object') {
        path.push(i);
        checkDuplicateIds(item, path, issues);
        path.pop();
      }
    }
  } else if (isRecord(node)) {
    for (const key in node) {
      // Most values are scalars: rule them out before the key lookups.
      const value = node[key];
      if (value === null || typeof value !== 'object') continue;
      if (!Object.hasOwn(node, key) || OPAQUE_FIELDS.has(key)) continue;
      path.push(key);
      checkDuplicateIds(value, path, issues);
      path.pop();
    }
  }
}

/**
 * Access grants name a role of the contract; two roles of one name would make that ambiguous. Its
 * approvers are GitHub principals; anything else in them is said (principals.ts).
 */
function checkRoles(contract: DataContract, issues: SemanticIssue[]): void {
  issues.push(...approverIssues(contract.roles));
  const seen = new Map<string, number>();
  asArray(contract.roles).forEach((role, i) => {
    if (!isRecord(role) || typeof role.role !== 'string') return;
    if (isBlank(role.role)) {
      issues.push({ severity: 'error', code: 'contract.blank-name', message: `roles[${i}].role is blank`, path: pointer('roles', i, 'role'), hint: 'name the role consumers will ask for, e.g. analyst-read' });
      return;
    }
    const first = seen.get(role.role);
    if (first === undefined) seen.set(role.role, i);
    else {
      issues.push({
        severity: 'error',
        code: 'contract.duplicate-role',
        message: `role "${role.role}" is defined twice (roles[${first}] and roles[${i}])`,
        path: pointer('roles', i, 'role'),
        hint: 'access grants ask for a role by name; merge the two or rename one',
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Schema objects and properties

interface PropertyEntry {
  property: SchemaProperty;
  /** The path of the list that holds the property, and its index there (the path is only built for messages). */
  parent: Path;
  index: number;
  /** Nested properties by name (object properties, or an array's item properties). */
  children: Map<string, PropertyEntry>;
}

/** The children of every property without nested ones: never written to. */
const NO_CHILDREN: ReadonlyMap<string, PropertyEntry> = new Map();

interface ObjectEntry {
  object: SchemaObject;
  path: Path;
  properties: Map<string, PropertyEntry>;
}

interface SchemaIndex {
  byName: Map<string, ObjectEntry>;
  byPhysicalName: Map<string, ObjectEntry>;
  byId: Map<string, ObjectEntry>;
  /** Property ids per object, for fully qualified references. */
  propertyIds: Map<ObjectEntry, Map<string, PropertyEntry>>;
}

/** Indexes objects and properties by name and id, reporting duplicates and blank names on the way. */
function indexSchema(contract: DataContract, issues: SemanticIssue[]): SchemaIndex {
  const index: SchemaIndex = { byName: new Map(), byPhysicalName: new Map(), byId: new Map(), propertyIds: new Map() };
  asArray(contract.schema).forEach((object, i) => {
    if (!isRecord(object) || typeof object.name !== 'string') return;
    const path: Path = ['schema', i];
    if (isBlank(object.name)) {
      issues.push({ severity: 'error', code: 'contract.blank-name', message: `schema[${i}].name is blank`, path: pointer(...path, 'name'), hint: 'name the object (table, topic, file) it describes' });
      return;
    }
    const ids = new Map<string, PropertyEntry>();
    const entry: ObjectEntry = { object, path, properties: indexProperties(asArray(object.properties), [...path, 'properties'], ids, issues) };
    const first = index.byName.get(object.name);
    if (first) {
      issues.push({
        severity: 'error',
        code: 'contract.duplicate-object',
        message: `schema object "${object.name}" is defined twice (schema[${first.path[1]}] and schema[${i}])`,
        path: pointer(...path, 'name'),
        hint: 'object names must be unique within a contract: merge the two objects or rename one (physicalName can differ from name)',
      });
      return;
    }
    index.byName.set(object.name, entry);
    if (typeof object.physicalName === 'string' && !index.byPhysicalName.has(object.physicalName)) index.byPhysicalName.set(object.physicalName, entry);
    if (typeof object.id === 'string' && !index.byId.has(object.id)) index.byId.set(object.id, entry);
    index.propertyIds.set(entry, ids);
  });
  return index;
}

function indexProperties(properties: SchemaProperty[], path: Path, ids: Map<string, PropertyEntry>, issues: SemanticIssue[]): Map<string, PropertyEntry> {
  const byName = new Map<string, PropertyEntry>();
  // Indexed loops (holes skipped, as forEach would): this runs for every property of every
  // contract, and a callback per property — with the closures, contexts and iterator results
  // that come with it until the code is optimized — was a large share of the semantics'
  // allocations (bench/README.md, "Figures measured").
  for (let i = 0; i < properties.length; i++) {
    if (!(i in properties)) continue;
    const property = properties[i];
    if (!isRecord(property)) continue;
    // Lists without items add nothing (no children, no issues): skipped without building their paths.
    let children = NO_CHILDREN as Map<string, PropertyEntry>;
    if (hasItems(property.properties)) {
      children = new Map();
      for (const [key, value] of indexProperties(property.properties, [...path, i, 'properties'], ids, issues)) children.set(key, value);
    }
    if (isRecord(property.items) && hasItems(property.items.properties)) {
      if (children === NO_CHILDREN) children = new Map();
      for (const [key, value] of indexProperties(property.items.properties, [...path, i, 'items', 'properties'], ids, issues)) children.set(key, value);
    }
    const entry: PropertyEntry = { property, parent: path, index: i, children };
    if (typeof property.id === 'string' && !ids.has(property.id)) ids.set(property.id, entry);
    if (typeof property.name !== 'string') continue;
    if (isBlank(property.name)) {
      const at: Path = [...path, i];
      issues.push({ severity: 'error', code: 'contract.blank-name', message: `${describePath(at)}.name is blank`, path: pointer(...at, 'name'), hint: 'name the column or field it describes' });
      continue;
    }
    const first = byName.get(property.name);
    if (first) {
      const at: Path = [...path, i];
      issues.push({
        severity: 'error',
        code: 'contract.duplicate-property',
        message: `property "${property.name}" is defined twice in the same object (${describePath([...first.parent, first.index])} and ${describePath(at)})`,
        path: pointer(...at, 'name'),
        hint: 'property names must be unique within their object: remove the duplicate or rename it',
      });
      continue;
    }
    byName.set(property.name, entry);
  }
  return byName;
}

/** Per property list: key positions, relationships, quality, logical type ranges; then recursion. */
function checkProperties(objectName: string, properties: SchemaProperty[], path: Path, index: SchemaIndex, issues: SemanticIssue[]): void {
  checkKeyPositions(properties, path, 'primaryKeyPosition', 'contract.primary-key-position', 'primary key', issues);
  checkKeyPositions(properties, path, 'partitionKeyPosition', 'contract.partition-key-position', 'partition key', issues);
  for (let i = 0; i < properties.length; i++) {
    if (!(i in properties)) continue;
    const property = properties[i];
    if (!isRecord(property)) continue;
    // Paths are built only for what the property has: most have no relationships, options or
    // nested properties, and this runs for every property of every contract.
    const relationships = asArray(property.relationships);
    for (let r = 0; r < relationships.length; r++) {
      if (!(r in relationships)) continue;
      const relationship = relationships[r];
      if (!isRecord(relationship)) continue;
      for (const [ref, refPath] of references(relationship.to, [...path, i, 'relationships', r, 'to'])) checkReference(ref, refPath, index, issues);
    }
    checkQualityList(property.quality, path, i, QUALITY, issues);
    checkLogicalTypeOptions(property.logicalTypeOptions, path, i, LOGICAL_TYPE_OPTIONS, issues);
    if (hasItems(property.properties)) checkProperties(objectName, property.properties, [...path, i, 'properties'], index, issues);
    if (isRecord(property.items)) {
      const item = property.items;
      checkQualityList(item.quality, path, i, ITEMS_QUALITY, issues);
      checkLogicalTypeOptions(item.logicalTypeOptions, path, i, ITEMS_LOGICAL_TYPE_OPTIONS, issues);
      if (hasItems(item.properties)) checkProperties(objectName, item.properties, [...path, i, 'items', 'properties'], index, issues);
    }
  }
}

/** Key positions start at 1 and -1 means "not a key"; two properties of one list cannot share a position. */
function checkKeyPositions(
  properties: SchemaProperty[],
  path: Path,
  field: 'primaryKeyPosition' | 'partitionKeyPosition',
  code: string,
  what: string,
  issues: SemanticIssue[],
): void {
  let seen: Map<number, number> | undefined;
  for (let i = 0; i < properties.length; i++) {
    if (!(i in properties)) continue;
    const property = properties[i];
    const position = isRecord(property) ? property[field] : undefined;
    if (typeof position !== 'number' || position < 0) continue;
    seen ??= new Map();
    const first = seen.get(position);
    if (first === undefined) seen.set(position, i);
    else {
      const a = properties[first]?.name ?? `#${first}`;
      const b = property.name ?? `#${i}`;
      issues.push({
        severity: 'error',
        code,
        message: `"${a}" and "${b}" both have ${field} ${position}`,
        path: pointer(...path, i, field),
        hint: `number the ${what} columns 1, 2, 3… in key order; use -1 (or leave it out) for properties that are not part of the ${what}`,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// References: relationships and SLA elements

/** A relationship end as a list of [reference, pointer] pairs. */
function references(value: Relationship['to'] | undefined, path: Path): [string, Path][] {
  if (typeof value === 'string') return [[value, path]];
  if (Array.isArray(value)) return value.flatMap((ref, i): [string, Path][] => (typeof ref === 'string' ? [[ref, [...path, i]]] : []));
  return [];
}

function checkObjectRelationships(object: SchemaObject, path: Path, index: SchemaIndex, issues: SemanticIssue[]): void {
  asArray(object.relationships).forEach((relationship, r) => {
    if (!isRecord(relationship)) return;
    const at: Path = [...path, 'relationships', r];
    const from = references(relationship.from, [...at, 'from']);
    const to = references(relationship.to, [...at, 'to']);
    if (Array.isArray(relationship.from) && Array.isArray(relationship.to) && relationship.from.length !== relationship.to.length) {
      issues.push({
        severity: 'error',
        code: 'contract.relationship-arity',
        message: `a composite relationship needs as many targets as sources: from lists ${relationship.from.length}, to lists ${relationship.to.length}`,
        path: pointer(...at, 'to'),
        hint: 'pair each from property with the to property it references, in the same order',
      });
    }
    for (const [ref, refPath] of from) {
      const target = checkReference(ref, refPath, index, issues);
      if (target && target.object !== object) {
        issues.push({
          severity: 'warning',
          code: 'contract.relationship-source',
          message: `relationship on "${object.name}" starts from "${ref}", a property of "${target.object.name}"`,
          path: pointer(...refPath),
          hint: `declare a relationship on the object its from properties belong to (here "${target.object.name}")`,
        });
      }
    }
    for (const [ref, refPath] of to) checkReference(ref, refPath, index, issues);
  });
}

/** Resolves one reference, reporting what does not exist. Returns the object when it is in this contract. */
function checkReference(ref: string, path: Path, index: SchemaIndex, issues: SemanticIssue[]): ObjectEntry | undefined {
  if (ref.includes('#')) return undefined; // another contract's file: outside what one file can check
  const parsed = parseReference(ref);
  if (!parsed) return undefined; // the schema's pattern has already said what is wrong
  const object = parsed.by === 'name' ? index.byName.get(parsed.object) : index.byId.get(parsed.object);
  if (!object) {
    issues.push({
      severity: 'warning',
      code: 'contract.relationship-object',
      message: `relationship target "${ref}": this contract has no schema object ${parsed.by === 'name' ? 'named' : 'with id'} "${parsed.object}"`,
      path: pointer(...path),
      hint: referenceHint(index, parsed.by),
    });
    return undefined;
  }
  const found = parsed.by === 'name' ? findByNames(object.properties, parsed.properties) : findById(index.propertyIds.get(object), parsed.properties);
  if (!found) {
    // A warning, like a missing object: a relationship documents a join and decides nothing the
    // gate enforces, and the standard's own v3.2.0 examples hold one that points nowhere.
    const missing = parsed.properties[parsed.properties.length - 1];
    const guess = parsed.by === 'name' ? closeName(object.properties, missing) : undefined;
    issues.push({
      severity: 'warning',
      code: 'contract.relationship-target',
      message: `relationship target "${ref}": schema object "${object.object.name}" has no property ${parsed.by === 'name' ? 'named' : 'with id'} "${parsed.properties.join('.')}"`,
      path: pointer(...path),
      hint: guess ? `did you mean "${object.object.name}.${guess}"? existing properties: ${listNames(object.properties)}` : `existing properties: ${listNames(object.properties)}`,
    });
  }
  return object;
}

interface ParsedReference {
  by: 'name' | 'id';
  object: string;
  properties: string[];
}

/** `object.property` (by names) or `schema/<objectId>/properties/<propertyId>[/properties/<id>…]` (by ids). */
function parseReference(ref: string): ParsedReference | undefined {
  if (!ref.includes('/')) {
    const [object, ...properties] = ref.split('.');
    return object && properties.length > 0 ? { by: 'name', object, properties } : undefined;
  }
  const segments = ref.replace(/^\//, '').split('/');
  if (segments[0] !== 'schema' || segments.length < 4 || segments.length % 2 !== 0) return undefined;
  const properties: string[] = [];
  for (let i = 2; i < segments.length; i += 2) {
    if (segments[i] !== 'properties') return undefined;
    properties.push(segments[i + 1]);
  }
  return { by: 'id', object: segments[1], properties };
}

function findByNames(properties: Map<string, PropertyEntry>, names: string[]): PropertyEntry | undefined {
  let level = properties;
  let found: PropertyEntry | undefined;
  for (const name of names) {
    found = level.get(name);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}

/** Property ids are unique per object in a well-formed contract, so the last id of the path decides. */
function findById(ids: Map<string, PropertyEntry> | undefined, path: string[]): PropertyEntry | undefined {
  const last = path[path.length - 1];
  return last === undefined ? undefined : ids?.get(last);
}

/** An SLA element: `object`, `object.property` (names or physical names), comma-separated when several. */
function checkElement(element: string, path: Path, index: SchemaIndex, issues: SemanticIssue[]): void {
  for (const part of element.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (part.includes('/')) {
      checkReference(part, path, index, issues);
      continue;
    }
    const [objectName, ...propertyNames] = part.split('.');
    const object = index.byName.get(objectName) ?? index.byPhysicalName.get(objectName);
    if (!object) {
      issues.push({
        severity: 'warning',
        code: 'contract.sla-element-object',
        message: `SLA element "${part}": this contract has no schema object named "${objectName}"`,
        path: pointer(...path),
        hint: `write object or object.property with a schema object of this contract${objectList(index)}`,
      });
      continue;
    }
    if (propertyNames.length > 0 && !findByNamesOrPhysical(object.properties, propertyNames)) {
      issues.push({
        severity: 'error',
        code: 'contract.sla-element',
        message: `SLA element "${part}": schema object "${object.object.name}" has no property "${propertyNames.join('.')}"`,
        path: pointer(...path),
        hint: `write object.property with an existing property: ${listNames(object.properties)}`,
      });
    }
  }
}

function findByNamesOrPhysical(properties: Map<string, PropertyEntry>, names: string[]): PropertyEntry | undefined {
  let level = properties;
  let found: PropertyEntry | undefined;
  for (const name of names) {
    found = level.get(name) ?? [...level.values()].find((entry) => entry.property.physicalName === name);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}

function objectList(index: SchemaIndex, by: 'name' | 'id' = 'name'): string {
  const known = by === 'name' ? [...index.byName.keys()] : [...index.byId.keys()];
  if (known.length === 0) return by === 'name' ? ' (it defines none yet)' : ' (none has an id yet)';
  return ` (${by === 'name' ? 'objects' : 'object ids'}: ${known.length > 10 ? `${known.slice(0, 10).join(', ')}, …` : known.join(', ')})`;
}

function referenceHint(index: SchemaIndex, by: 'name' | 'id'): string {
  return `point at a schema object of this contract${objectList(index, by)}, or at another contract's file with a prefix: other.odcs.yaml#/schema/<object id>/properties/<property id>`;
}

/** The one property whose name the missing name contains or is contained in (`address_street` → `street`), if exactly one. */
function closeName(properties: Map<string, PropertyEntry>, missing: string): string | undefined {
  const close = [...properties.keys()].filter((name) => missing.includes(name) || name.includes(missing));
  return close.length === 1 ? close[0] : undefined;
}

function listNames(properties: Map<string, PropertyEntry>): string {
  const names = [...properties.keys()];
  if (names.length === 0) return '(none)';
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Quality and logical type options

const QUALITY = ['quality'] as const;
const ITEMS_QUALITY = ['items', 'quality'] as const;
const LOGICAL_TYPE_OPTIONS = ['logicalTypeOptions'] as const;
const ITEMS_LOGICAL_TYPE_OPTIONS = ['items', 'logicalTypeOptions'] as const;
const RANGE_FIELDS = ['mustBeBetween', 'mustNotBeBetween'] as const;

/**
 * `base/at/...tail` (`at` left out when undefined). The checks below run for every property of
 * every contract and build the path of what they check only when they have something to report.
 */
const joinPath = (base: Path, at: number | undefined, tail: readonly string[]): Path => (at === undefined ? [...base, ...tail] : [...base, at, ...tail]);

function checkQualityList(quality: DataQuality[] | undefined, base: Path, at: number | undefined, tail: readonly string[], issues: SemanticIssue[]): void {
  const checks = asArray(quality);
  for (let i = 0; i < checks.length; i++) {
    if (!(i in checks)) continue;
    const check = checks[i];
    if (!isRecord(check)) continue;
    for (let f = 0; f < RANGE_FIELDS.length; f++) {
      const field = RANGE_FIELDS[f];
      const range = check[field];
      if (Array.isArray(range) && range.length === 2 && typeof range[0] === 'number' && typeof range[1] === 'number' && range[0] > range[1]) {
        issues.push({
          severity: 'error',
          code: 'contract.quality-range',
          message: `${field} is [${range[0]}, ${range[1]}]: the smaller number must come first`,
          path: pointer(...joinPath(base, at, tail), i, field),
          hint: `write [${range[1]}, ${range[0]}]`,
        });
      }
    }
  }
}

const BOUNDS: [low: string, high: string][] = [
  ['minLength', 'maxLength'],
  ['minItems', 'maxItems'],
  ['minProperties', 'maxProperties'],
  ['minimum', 'maximum'],
];

/**
 * Date, timestamp and time bounds are strings in the property's own format; only ISO-ordered ones
 * (year first, or a bare time) of equal length sort as text the way they sort in time.
 */
function isIsoLike(value: unknown): value is string {
  return typeof value === 'string' && (/^\d{4}-\d{2}-\d{2}/.test(value) || /^\d{2}:\d{2}(:\d{2})?$/.test(value));
}

function checkLogicalTypeOptions(options: unknown, base: Path, at: number | undefined, tail: readonly string[], issues: SemanticIssue[]): void {
  if (!isRecord(options)) return;
  for (let k = 0; k < BOUNDS.length; k++) {
    const low = BOUNDS[k][0];
    const high = BOUNDS[k][1];
    const a = options[low];
    const b = options[high];
    const comparable = (typeof a === 'number' && typeof b === 'number') || (isIsoLike(a) && isIsoLike(b) && a.length === b.length);
    if (comparable && (a as number | string) > (b as number | string)) {
      issues.push({
        severity: 'error',
        code: 'contract.logical-type-range',
        message: `logicalTypeOptions.${low} (${String(a)}) is greater than ${high} (${String(b)}): no value can satisfy both`,
        path: pointer(...joinPath(base, at, tail), low),
        hint: 'swap them, or correct the one that is wrong',
      });
    }
  }
}

function describePath(path: Path): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : (out ? '.' : '') + segment;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Product

export function checkProductSemantics(product: DataProduct): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  if (typeof product.id === 'string' && isBlank(product.id)) {
    issues.push({
      severity: 'error',
      code: 'product.blank-id',
      message: 'the data product id is blank',
      path: '/id',
      hint: 'give the product a stable id, e.g. a slug like checkout-orders; grants and the catalog refer to it',
    });
  }
  checkPorts(product.inputPorts, 'inputPorts', 'product.duplicate-input-port', 'input', issues);
  checkPorts(product.outputPorts, 'outputPorts', 'product.duplicate-output-port', 'output', issues);
  return issues;
}

/** ODPS: "the combination of the name and version is the key" of a port. */
function checkPorts(ports: { name: string; version: string }[] | undefined, field: string, code: string, what: string, issues: SemanticIssue[]): void {
  const seen = new Map<string, number>();
  asArray(ports).forEach((port, i) => {
    if (!isRecord(port) || typeof port.name !== 'string') return;
    if (isBlank(port.name)) {
      issues.push({ severity: 'error', code: 'product.blank-name', message: `${field}[${i}].name is blank`, path: pointer(field, i, 'name'), hint: `name the ${what} port` });
      return;
    }
    const key = `${port.name}\u0000${String(port.version)}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else {
      issues.push({
        severity: 'error',
        code,
        message: `${what} port "${port.name}" version ${String(port.version)} is listed twice (${field}[${first}] and ${field}[${i}])`,
        path: pointer(field, i, 'name'),
        hint: 'a port is identified by name and version: remove the duplicate, or give the new version of the port its own version',
      });
    }
  });
}
