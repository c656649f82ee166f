/**
 * Data Contract Specification (DCS, datacontract.com; deprecated in favour of ODCS) → ODCS v3.2.0.
 * Pure: a parsed DCS document in, the ODCS contract and the list of what could not be carried over
 * out. Every value of the DCS file either lands in the contract or is listed, with the JSON pointer
 * of where it was, so the CLI can name its line.
 *
 * The mapping: info → name, version, status, description.purpose, team (owner), support (contact);
 * terms → description (usage, limitations, policies as authoritativeDefinitions, the rest as its
 * customProperties); servers → servers; models → schema objects; fields → properties (the DCS type
 * gives logicalType and physicalType; constraints go to logicalTypeOptions; enum to the v3.2 enum;
 * references to relationships; `#/definitions/…` are resolved and merged); quality → quality;
 * servicelevels → slaProperties; tags and links as they are.
 */
import {
  type AuthoritativeDefinition,
  type CustomProperty,
  type DataContract,
  type DataQuality,
  dataContractSchema,
  type LogicalType,
  NEWEST_DATA_CONTRACT_API_VERSION,
  type SchemaObject,
  type SchemaProperty,
  type Server,
  type ServiceLevelAgreementProperty,
  type SupportItem,
} from '../kinds/data-contract.ts';
import { pointer } from '../findings/finding.ts';

/** Something of the DCS file that has no place in the ODCS contract. */
export interface NotCarried {
  /** JSON pointer into the DCS file. */
  path: string;
  /** Why it was left out, or where to put it by hand. */
  reason: string;
}

export type Conversion =
  | { ok: true; contract: DataContract; notCarried: NotCarried[] }
  | { ok: false; message: string; path: string };

type Path = (string | number)[];
type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** DCS field types → ODCS logicalType (absent: no ODCS logical type fits; the physicalType keeps the name). */
const LOGICAL_TYPES: Record<string, LogicalType | undefined> = {
  string: 'string', text: 'string', varchar: 'string', uuid: 'string', bytes: 'string',
  number: 'number', decimal: 'number', numeric: 'number', double: 'number', float: 'number',
  integer: 'integer', int: 'integer', long: 'integer', bigint: 'integer',
  boolean: 'boolean',
  timestamp: 'timestamp', timestamp_tz: 'timestamp', timestamp_ntz: 'timestamp',
  date: 'date', time: 'time',
  array: 'array', object: 'object', record: 'object', struct: 'object', map: 'map',
  json: undefined, variant: undefined, null: undefined,
};

/** Which DCS field constraints become which logicalTypeOptions, per logical type. */
const OPTIONS: Partial<Record<LogicalType, readonly string[]>> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  integer: ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'],
  number: ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'],
  date: ['format'],
  timestamp: ['format'],
  time: ['format'],
};
const CONSTRAINTS = new Set(['minLength', 'maxLength', 'pattern', 'format', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum']);

/** DCS quality fields ODCS has under the same name. */
const QUALITY_FIELDS = [
  'name', 'description', 'dimension', 'method', 'severity', 'businessImpact', 'unit', 'schedule', 'scheduler', 'tags',
  'metric', 'arguments', 'query', 'engine', 'implementation', 'mustBe', 'mustNotBe', 'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo', 'mustBeGreaterThanOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', 'mustBeLessThanOrEqualTo',
  'mustBeBetween', 'mustNotBeBetween',
] as const;
/** DCS spells two comparisons longer than ODCS does. */
const QUALITY_RENAMES: Record<string, string> = { mustBeGreaterThanOrEqualTo: 'mustBeGreaterOrEqualTo', mustBeLessThanOrEqualTo: 'mustBeLessOrEqualTo' };
const QUALITY_TYPES = new Set(['text', 'library', 'sql', 'custom']);

const SHORTHAND = /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/;

const serverDef = dataContractSchema.$defs.Server as unknown as { properties: Record<string, unknown> };
const connections = dataContractSchema.$defs.ServerConnection as unknown as Record<string, { properties?: Record<string, unknown> }>;

class Converter {
  readonly notCarried: NotCarried[] = [];
  private readonly reported = new Set<string>();
  /** The definitions some field referred to. */
  readonly usedDefinitions = new Set<string>();
  constructor(private readonly definitions: Dict) {}

  drop(path: Path, reason: string): void {
    const at = pointer(...path);
    if (this.reported.has(at)) return;
    this.reported.add(at);
    this.notCarried.push({ path: at, reason });
  }

  /** Lists each key of `source` not in `used`. */
  dropRest(source: Dict, used: readonly string[], path: Path, reason: (key: string) => string): void {
    for (const key of Object.keys(source)) if (!used.includes(key)) this.drop([...path, key], reason(key));
  }

  contract(doc: Dict): DataContract {
    const info = isDict(doc.info) ? doc.info : {};
    const id = meshId(String(doc.id));
    if (id !== doc.id) this.drop(['id'], `written as ${id}: a Meshgate id is lower-case letters, digits, '.', '_' and '-' (it names the catalog's pages)`);
    const contract: DataContract = {
      apiVersion: NEWEST_DATA_CONTRACT_API_VERSION,
      kind: 'DataContract',
      id,
      version: str(info.version) ?? '0.0.0',
    };
    if (str(info.title)) contract.name = str(info.title);
    if (str(info.status)) contract.status = str(info.status);
    if (str(info.version) === undefined) this.drop(['info'], 'info.version is missing: version set to 0.0.0');
    const description: NonNullable<DataContract['description']> = {};
    if (str(info.description)) description.purpose = str(info.description);
    if (str(info.owner)) contract.team = { name: str(info.owner) };
    const support = this.contact(info.contact, ['info', 'contact']);
    if (support.length > 0) contract.support = support;
    this.dropRest(info, ['title', 'version', 'status', 'description', 'owner', 'contact'], ['info'], (k) => `ODCS has no info.${k}`);

    if (isDict(doc.terms)) this.terms(doc.terms, description);
    if (Object.keys(description).length > 0) contract.description = description;

    if (isDict(doc.servers)) {
      const servers = Object.entries(doc.servers).flatMap(([name, server]) => this.server(name, server, ['servers', name]));
      if (servers.length > 0) contract.servers = servers;
    }
    if (isDict(doc.models)) {
      contract.schema = Object.entries(doc.models).map(([name, model]) => this.model(name, model, ['models', name]));
    }
    if (isDict(doc.servicelevels)) {
      const sla = this.serviceLevels(doc.servicelevels);
      if (sla.length > 0) contract.slaProperties = sla;
    }
    if (Array.isArray(doc.tags) && doc.tags.every((t) => typeof t === 'string')) contract.tags = doc.tags as string[];
    else if (doc.tags !== undefined) this.drop(['tags'], 'tags are not a list of strings');
    const links = this.links(doc.links, ['links']);
    if (links.length > 0) contract.authoritativeDefinitions = links;

    const carried = ['dataContractSpecification', 'id', 'info', 'terms', 'servers', 'models', 'servicelevels', 'tags', 'links', 'definitions'];
    const reasons: Record<string, string> = {
      quality: 'a contract-wide quality block (e.g. SodaCL) has no ODCS place: write each check as a quality rule of its schema object',
      examples: 'ODCS has no example data: put sample values in the properties’ examples',
    };
    this.dropRest(doc, carried, [], (k) => reasons[k] ?? `ODCS has no top-level ${k}`);
    return contract;
  }

  contact(contact: unknown, path: Path): SupportItem[] {
    if (contact === undefined) return [];
    if (!isDict(contact)) {
      this.drop(path, 'contact is not a mapping');
      return [];
    }
    const items: SupportItem[] = [];
    const name = str(contact.name);
    if (str(contact.url)) items.push({ channel: name ?? 'contact', url: str(contact.url) });
    if (str(contact.email)) items.push({ channel: name ?? 'email', url: `mailto:${str(contact.email)}`, tool: 'email' });
    if (items.length === 0 && name) this.drop([...path, 'name'], 'a contact without url or email has no ODCS support channel');
    this.dropRest(contact, ['name', 'url', 'email'], path, (k) => `ODCS support channels have no ${k}`);
    return items;
  }

  terms(terms: Dict, description: NonNullable<DataContract['description']>): void {
    if (str(terms.usage)) description.usage = str(terms.usage);
    if (str(terms.limitations)) description.limitations = str(terms.limitations);
    const definitions: AuthoritativeDefinition[] = [];
    if (Array.isArray(terms.policies)) {
      terms.policies.forEach((policy, i) => {
        if (isDict(policy) && str(policy.url)) {
          definitions.push({ type: str(policy.name) ?? 'policy', url: str(policy.url)!, ...(str(policy.description) ? { description: str(policy.description) } : {}) });
        } else this.drop(['terms', 'policies', i], 'an ODCS authoritative definition needs a url');
      });
    }
    if (definitions.length > 0) description.authoritativeDefinitions = definitions;
    const custom: CustomProperty[] = [];
    for (const [key, value] of Object.entries(terms)) {
      if (['usage', 'limitations', 'policies'].includes(key)) continue;
      if (value === null || typeof value === 'object') this.drop(['terms', key], `terms.${key} is not a single value`);
      else custom.push({ property: key, value });
    }
    if (custom.length > 0) description.customProperties = custom;
  }

  server(name: string, server: unknown, path: Path): Server[] {
    if (!isDict(server) || typeof server.type !== 'string') {
      this.drop(path, 'a server needs a type');
      return [];
    }
    const type = server.type;
    const out: Server = { server: name, type };
    const refused = new Set(Object.entries(connections[type]?.properties ?? {}).filter(([, v]) => v === false).map(([k]) => k));
    for (const [key, value] of Object.entries(server)) {
      if (key === 'type') continue;
      if (key === 'roles') {
        const roles = this.roles(value, [...path, 'roles']);
        if (roles.length > 0) out.roles = roles;
      } else if (!Object.hasOwn(serverDef.properties, key) || key === 'server' || key === 'id') {
        this.drop([...path, key], `ODCS servers have no ${key}`);
      } else if (refused.has(key)) {
        this.drop([...path, key], `ODCS ${type} servers take no ${key}`);
      } else {
        out[key] = value;
      }
    }
    return [out];
  }

  roles(roles: unknown, path: Path): NonNullable<Server['roles']> {
    if (!Array.isArray(roles)) {
      this.drop(path, 'roles are not a list');
      return [];
    }
    return roles.flatMap((role, i) => {
      if (!isDict(role) || !str(role.name)) {
        this.drop([...path, i], 'a role needs a name');
        return [];
      }
      this.dropRest(role, ['name', 'description'], [...path, i], (k) => `ODCS roles have no ${k}`);
      return [{ role: str(role.name)!, ...(str(role.description) ? { description: str(role.description) } : {}) }];
    });
  }

  model(name: string, model: unknown, path: Path): SchemaObject {
    const object: SchemaObject = { name };
    if (!isDict(model)) {
      this.drop(path, 'the model is not a mapping');
      return object;
    }
    if (str(model.title)) object.businessName = str(model.title);
    if (str(model.type)) object.physicalType = str(model.type);
    if (str(model.description)) object.description = str(model.description);
    if (Array.isArray(model.tags)) object.tags = model.tags.map(String);
    if (isDict(model.fields)) object.properties = this.fields(model.fields, [...path, 'fields']);
    if (Array.isArray(model.primaryKey)) {
      model.primaryKey.forEach((key, i) => {
        const property = object.properties?.find((p) => p.name === key);
        if (property) Object.assign(property, { primaryKey: true, primaryKeyPosition: i + 1 });
        else this.drop([...path, 'primaryKey', i], `the model has no field "${String(key)}"`);
      });
    }
    const quality = this.quality(model.quality, [...path, 'quality']);
    if (quality.length > 0) object.quality = quality;
    const links = this.links(model.links, [...path, 'links']);
    if (links.length > 0) object.authoritativeDefinitions = links;
    this.dropRest(model, ['title', 'type', 'description', 'tags', 'fields', 'primaryKey', 'quality', 'links'], path, (k) =>
      k === 'examples' ? 'ODCS schema objects have no example data: put sample values in the properties’ examples' : `ODCS schema objects have no ${k}`,
    );
    return object;
  }

  fields(fields: Dict, path: Path): SchemaProperty[] {
    return Object.entries(fields).map(([name, field]) => ({ name, ...this.field(field, [...path, name]) }));
  }

  /** A DCS field (or an array's items, a map's keys or values) as ODCS property fields, without the name. */
  field(raw: unknown, path: Path): Omit<SchemaProperty, 'name'> {
    if (!isDict(raw)) {
      this.drop(path, 'the field is not a mapping');
      return {};
    }
    const { field, definition } = this.resolve(raw, path);
    const out: Omit<SchemaProperty, 'name'> = {};
    const used = new Set(['$ref']);
    const take = (key: string, apply: (value: unknown) => void): void => {
      if (field[key] === undefined) return;
      used.add(key);
      apply(field[key]);
    };
    const type = str(field.type);
    const logical = type === undefined ? undefined : LOGICAL_TYPES[type.toLowerCase()];
    take('type', () => {
      if (logical) out.logicalType = logical;
      out.physicalType = this.physicalType(type!, field);
    });
    used.add('precision').add('scale');
    take('title', (v) => (out.businessName = str(v)));
    take('description', (v) => (out.description = str(v)));
    take('required', (v) => (out.required = v === true));
    take('unique', (v) => (out.unique = v === true));
    take('primaryKey', (v) => (out.primaryKey = v === true));
    take('primary', (v) => (out.primaryKey = v === true));
    take('classification', (v) => (out.classification = str(v)));
    const tags = Array.isArray(field.tags) ? field.tags.map(String) : [];
    used.add('tags');
    take('pii', (v) => {
      if (v === true && !tags.includes('pii')) tags.push('pii');
    });
    if (tags.length > 0) out.tags = tags;
    take('examples', (v) => (out.examples = Array.isArray(v) ? v : [v]));
    take('example', (v) => (out.examples = [...(out.examples ?? []), v]));
    take('enum', (v) => {
      if (Array.isArray(v) && v.length > 0) out.enum = [...new Set(v)].map((value) => ({ value: value as string | number | boolean | null }));
      else this.drop([...path, 'enum'], 'enum is not a non-empty list');
    });
    take('references', (v) => {
      if (typeof v === 'string' && SHORTHAND.test(v)) out.relationships = [{ type: 'foreignKey', to: v }];
      else this.drop([...path, 'references'], 'ODCS relationships take object.property references only');
    });
    take('quality', (v) => {
      const quality = this.quality(v, [...path, 'quality']);
      if (quality.length > 0) out.quality = quality;
    });
    take('links', (v) => {
      const links = this.links(v, [...path, 'links']);
      if (links.length > 0) out.authoritativeDefinitions = links;
    });
    take('fields', (v) => {
      if (isDict(v)) out.properties = this.fields(v, [...path, 'fields']);
    });
    // ODCS types an array's items as a property that needs no name (ArrayItem).
    take('items', (v) => (out.items = this.field(v, [...path, 'items']) as SchemaProperty));
    if (logical === 'map') {
      used.add('keys').add('values');
      out.map = { key: this.field(field.keys ?? {}, [...path, 'keys']), value: this.field(field.values ?? {}, [...path, 'values']) };
    }
    const options: Record<string, unknown> = {};
    for (const key of CONSTRAINTS) {
      if (field[key] === undefined) continue;
      used.add(key);
      if (logical && OPTIONS[logical]?.includes(key)) options[key] = field[key];
      else this.drop([...path, key], `ODCS has no ${key} for logicalType ${logical ?? '(none)'}`);
    }
    if (Object.keys(options).length > 0) out.logicalTypeOptions = options;
    for (const key of Object.keys(field)) {
      if (used.has(key)) continue;
      // A key that came from a definition is reported at the definition, once.
      const at = Object.hasOwn(raw, key) || definition === undefined ? [...path, key] : ['definitions', definition, key];
      this.drop(at, key === 'lineage' ? 'ODCS has no field lineage: describe it in transformSourceObjects / transformLogic' : `ODCS properties have no ${key}`);
    }
    return out;
  }

  /** DCS `precision`/`scale` go into the physical type, as databases write it: decimal(12,2). */
  physicalType(type: string, field: Dict): string {
    const precision = typeof field.precision === 'number' ? field.precision : undefined;
    const scale = typeof field.scale === 'number' ? field.scale : undefined;
    if (precision === undefined) return type;
    return scale === undefined ? `${type}(${precision})` : `${type}(${precision},${scale})`;
  }

  /** A field with its `$ref: '#/definitions/x'` merged under it (the field's own keys win). */
  resolve(field: Dict, path: Path): { field: Dict; definition?: string } {
    const ref = field.$ref;
    if (ref === undefined) return { field };
    const match = typeof ref === 'string' ? /^#\/definitions\/([^/]+)$/.exec(ref) : null;
    const definition = match ? this.definitions[match[1]] : undefined;
    if (!isDict(definition)) {
      this.drop([...path, '$ref'], `cannot resolve ${String(ref)}: only #/definitions/… of the same file are resolved`);
      return { field };
    }
    this.usedDefinitions.add(match![1]);
    const { name: _name, domain: _domain, ...rest } = definition;
    return { field: { ...rest, ...field }, definition: match![1] };
  }

  quality(quality: unknown, path: Path): DataQuality[] {
    if (quality === undefined) return [];
    if (!Array.isArray(quality)) {
      this.drop(path, 'quality is not a list of rules');
      return [];
    }
    return quality.flatMap((rule, i) => {
      if (!isDict(rule)) {
        this.drop([...path, i], 'the quality rule is not a mapping');
        return [];
      }
      const type = str(rule.type) ?? 'library';
      if (!QUALITY_TYPES.has(type)) {
        this.drop([...path, i], `ODCS has no quality type ${type}`);
        return [];
      }
      const out: Record<string, unknown> = { type };
      for (const key of QUALITY_FIELDS) if (rule[key] !== undefined) out[QUALITY_RENAMES[key] ?? key] = rule[key];
      this.dropRest(rule, ['type', ...QUALITY_FIELDS], [...path, i], (k) => `ODCS quality rules have no ${k}`);
      return [out as DataQuality];
    });
  }

  links(links: unknown, path: Path): AuthoritativeDefinition[] {
    if (links === undefined) return [];
    if (!isDict(links)) {
      this.drop(path, 'links is not a mapping of names to URLs');
      return [];
    }
    return Object.entries(links).flatMap(([type, url]) => {
      if (typeof url === 'string') return [{ type, url }];
      this.drop([...path, type], 'a link is not a URL');
      return [];
    });
  }

  /** The DCS service levels ODCS v3 has a property for; the others are listed. */
  serviceLevels(levels: Dict): ServiceLevelAgreementProperty[] {
    const out: ServiceLevelAgreementProperty[] = [];
    const add = (name: string, level: Dict, valueKey: string, element?: string): void => {
      const value = level[valueKey];
      if (typeof value !== 'string' && typeof value !== 'number') {
        this.drop(['servicelevels', name], `no ${valueKey} to carry as the ${name} SLA`);
        return;
      }
      const sla: ServiceLevelAgreementProperty = { property: name, value };
      if (str(level.description)) sla.description = str(level.description);
      const at = element ? level[element] : undefined;
      if (typeof at === 'string' && SHORTHAND.test(at)) sla.element = at;
      out.push(sla);
      this.dropRest(level, ['description', valueKey, ...(element ? [element] : [])], ['servicelevels', name], (k) => `the ODCS ${name} SLA has no ${k}`);
    };
    for (const [name, level] of Object.entries(levels)) {
      if (!isDict(level)) {
        this.drop(['servicelevels', name], 'the service level is not a mapping');
        continue;
      }
      if (name === 'availability') add(name, level, 'percentage');
      else if (name === 'retention') add(name, level, 'period');
      else if (name === 'latency') add(name, level, 'threshold', 'processedTimestampField');
      else if (name === 'freshness') add(name, level, 'threshold', 'timestampField');
      else if (name === 'frequency') add(name, level, level.interval !== undefined ? 'interval' : 'cron');
      else this.drop(['servicelevels', name], `ODCS has no ${name} service level: add it to slaProperties by hand if it matters`);
    }
    return out;
  }
}

/** A DCS id (often a URN, `urn:orders`) as an id the catalog can name pages by: `urn-orders`. */
function meshId(id: string): string {
  const slug = id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '');
  return slug === '' ? 'contract' : slug;
}

/** Converts one parsed DCS document. Fails only when the document is not DCS at all. */
export function convertDcsToOdcs(doc: unknown): Conversion {
  if (!isDict(doc) || !Object.hasOwn(doc, 'dataContractSpecification')) {
    return { ok: false, message: 'not a Data Contract Specification file (no dataContractSpecification field)', path: '' };
  }
  if (typeof doc.id !== 'string' || doc.id.trim() === '') {
    return { ok: false, message: 'the file has no id; ODCS needs one', path: typeof doc.id === 'string' ? '/id' : '' };
  }
  const converter = new Converter(isDict(doc.definitions) ? doc.definitions : {});
  const contract = converter.contract(doc);
  if (isDict(doc.definitions)) {
    for (const [name, definition] of Object.entries(doc.definitions)) {
      if (!isDict(definition) || !converter.usedDefinitions.has(name)) {
        converter.drop(['definitions', name], 'no field refers to this definition, and ODCS has no shared definitions');
        continue;
      }
      for (const key of Object.keys(definition)) {
        if (['name', 'domain'].includes(key)) converter.drop(['definitions', name, key], `ODCS has no shared definitions: the ${key} of a definition has no place`);
      }
    }
  }
  return { ok: true, contract, notCarried: converter.notCarried };
}
