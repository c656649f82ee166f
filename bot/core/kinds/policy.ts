import schema from './policy.schema.json' with { type: 'json' };
import type { Principal } from './domain.ts';

export { schema as policySchema };

export type Principle =
  | 'interoperability'
  | 'access-and-security'
  | 'documentation-and-discovery'
  | 'privacy-and-compliance'
  | 'other';

export const PRINCIPLES: readonly Principle[] = schema.properties.principle.enum as Principle[];

/** Who must approve, how many of them, and why. Shared by policies and the review's requirements. */
export interface ApprovalRule {
  from: Principal[];
  count?: number;
  reason?: string;
}

/** kind: Policy — see policy.schema.json. */
export interface Policy {
  apiVersion: 'meshgate/v1';
  kind: 'Policy';
  id: string;
  title: string;
  principle: Principle;
  rationale: string;
  severity: 'error' | 'warning';
  appliesTo: 'Domain' | 'DataProduct' | 'DataContract' | 'AccessGrant';
  when?: object | boolean;
  require?: object | boolean;
  approvals?: ApprovalRule[];
  tags?: string[];
}

export const policyFields: Record<keyof Policy, true> = {
  apiVersion: true, kind: true, id: true, title: true, principle: true, rationale: true, severity: true,
  appliesTo: true, when: true, require: true, approvals: true, tags: true,
};
