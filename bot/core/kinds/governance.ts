import schema from './governance.schema.json' with { type: 'json' };
import type { Principal } from './domain.ts';

export { schema as governanceSchema };

export interface EventTarget {
  type: 'repository_dispatch' | 'webhook';
  /** owner/name, for repository_dispatch. */
  repository?: string;
  /** https URL, for webhook. */
  url?: string;
  secretEnv?: string;
  /** Event types to send (e.g. meshgate.access.granted); all when absent. */
  events?: string[];
}

/** Classification levels of contract properties, lowest first. */
export interface Classification {
  levels: string[];
  /** What a property without classification counts as; default the highest level. */
  unclassified?: string;
}

/** A contract server a provisioning target serves. */
export interface TargetServer {
  host: string;
  /** Default 5432. */
  port?: number;
  database: string;
}

/** A database whose privileges `meshgate access apply` reconciles to the merged grants. */
export interface ProvisioningTarget {
  name: string;
  type: 'postgres';
  servers: TargetServer[];
  /** Default `mesh_{team}`. */
  roleName?: string;
  /** Default false. */
  createRoles?: boolean;
}

export type LineageSeverity = 'error' | 'warning' | 'off';

/** kind: Governance — see governance.schema.json. */
export interface Governance {
  apiVersion: 'meshgate/v1';
  kind: 'Governance';
  id: string;
  name?: string;
  description?: string;
  members: Record<string, Principal[]>;
  quorum: number;
  platformApprovers: Principal[];
  defaults?: {
    grantMaxDays?: number;
    expiringSoonDays?: number;
    /** Severity of lineage without an active grant, by whether the consumed contract holds restricted data. */
    lineageWithoutGrant?: { restricted?: LineageSeverity; other?: LineageSeverity };
  };
  events?: { targets?: EventTarget[] };
  classification?: Classification;
  provisioning?: { targets?: ProvisioningTarget[] };
  site?: { repository?: string; branch?: string; title?: string };
}

export const governanceFields: Record<keyof Governance, true> = {
  apiVersion: true, kind: true, id: true, name: true, description: true, members: true, quorum: true,
  platformApprovers: true, defaults: true, events: true, classification: true, provisioning: true, site: true,
};
