import schema from './access-grant.schema.json' with { type: 'json' };
import type { Principal } from './domain.ts';

export { schema as accessGrantSchema };

/** kind: AccessGrant — see access-grant.schema.json. */
export interface AccessGrant {
  apiVersion: 'meshgate/v1';
  kind: 'AccessGrant';
  id: string;
  consumer: { team: Principal; domain?: string; dataProduct?: string };
  dataProduct: string;
  outputPort: string;
  role: string;
  purpose: string;
  requestedBy: Principal;
  validUntil: string;
  description?: string;
}

export const accessGrantFields: Record<keyof AccessGrant, true> = {
  apiVersion: true, kind: true, id: true, consumer: true, dataProduct: true, outputPort: true, role: true,
  purpose: true, requestedBy: true, validUntil: true, description: true,
};
