import schema from './domain.schema.json' with { type: 'json' };

export { schema as domainSchema };

export type Principal = string;

/** kind: Domain — see domain.schema.json. */
export interface Domain {
  apiVersion: 'meshgate/v1';
  kind: 'Domain';
  id: string;
  name: string;
  type: 'source-aligned' | 'aggregate' | 'consumer-aligned';
  description?: string;
  owners: Principal[];
  contact?: { email?: string; channel?: string; url?: string };
  tags?: string[];
}

/** Every field of the type, once; a test checks this against the schema's properties. */
export const domainFields: Record<keyof Domain, true> = {
  apiVersion: true, kind: true, id: true, name: true, type: true, description: true, owners: true, contact: true, tags: true,
};
