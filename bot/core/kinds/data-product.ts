import schema from './data-product.schema.json' with { type: 'json' };

export { schema as dataProductSchema };

/** ODPS `apiVersion`s Meshgate accepts for kind DataProduct (v0.9.0 files must fit v1.0.0). */
export const DATA_PRODUCT_API_VERSIONS = ['v0.9.0', 'v1.0.0'] as const;

/** ODPS custom properties and authoritative definitions carry no id (ODCS v3.1 ones may). */
export interface CustomProperty { property: string; value: unknown; description?: string }
export interface AuthoritativeDefinition { type: string; url: string; description?: string }

export interface SupportChannel {
  channel: string;
  url: string;
  description?: string;
  tool?: string;
  scope?: string;
  invitationUrl?: string;
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

export interface TeamMember {
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

export interface Team {
  name?: string;
  description?: string;
  members?: TeamMember[];
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

/** Data the product consumes; name and version together identify the port. */
export interface InputPort {
  name: string;
  version: string;
  contractId: string;
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

/** Data the product offers under a contract; name and version together identify the port. */
export interface OutputPort {
  name: string;
  version: string;
  contractId?: string;
  description?: string;
  type?: string;
  sbom?: { type?: string; url: string }[];
  inputContracts?: { id: string; version: string }[];
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

export interface ManagementPort {
  name: string;
  content: string;
  type?: string;
  url?: string;
  channel?: string;
  description?: string;
  tags?: string[];
  customProperties?: CustomProperty[];
  authoritativeDefinitions?: AuthoritativeDefinition[];
}

/** kind: DataProduct — Open Data Product Standard v1.0.0 (a test checks the fields against data-product.schema.json). */
export interface DataProduct {
  apiVersion: (typeof DATA_PRODUCT_API_VERSIONS)[number] | string;
  kind: 'DataProduct';
  id: string;
  name?: string;
  version?: string;
  status: string;
  domain?: string;
  tenant?: string;
  authoritativeDefinitions?: AuthoritativeDefinition[];
  description?: { purpose?: string; limitations?: string; usage?: string; authoritativeDefinitions?: AuthoritativeDefinition[]; customProperties?: CustomProperty[] };
  customProperties?: CustomProperty[];
  tags?: string[];
  inputPorts?: InputPort[];
  outputPorts?: OutputPort[];
  managementPorts?: ManagementPort[];
  support?: SupportChannel[];
  team?: Team;
  productCreatedTs?: string;
}

/** Every top-level field, once; a test checks this against the schema's properties. */
export const dataProductFields: Record<keyof DataProduct, true> = {
  apiVersion: true, kind: true, id: true, name: true, version: true, status: true, domain: true, tenant: true,
  authoritativeDefinitions: true, description: true, customProperties: true, tags: true, inputPorts: true,
  outputPorts: true, managementPorts: true, support: true, team: true, productCreatedTs: true,
};
