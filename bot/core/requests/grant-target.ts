/**
 * What a grant reaches, resolved in one mesh: product → output port → contract → roles, and who
 * approves each role. The request form, its prefill and the expiry reminders all ask this.
 */
import type { AccessGrant } from '../kinds/access-grant.ts';
import type { Role } from '../kinds/data-contract.ts';
import type { Entity, MeshSnapshot } from '../model.ts';
import { principalsIn } from '../principals.ts';
import { asArray, isRecord, stringsOf } from '../shapes.ts';

export interface OfferedRole {
  role: string;
  /** ODCS `access` (read, write…), when the contract says. */
  access?: string;
  /** What the role exposes, in the contract's words. */
  description?: string;
}

export interface GrantTarget {
  product?: Entity<'DataProduct'>;
  /** Whether the product has the named output port. */
  port: boolean;
  contract?: Entity<'DataContract'>;
  roles: OfferedRole[];
}

export function grantTarget(mesh: MeshSnapshot, productId: string | undefined, portName: string | undefined): GrantTarget {
  const { product, port, contract } = mesh.relations.portTarget(productId, portName);
  const roles = asArray<unknown>(contract?.doc.roles).filter((r): r is Role => isRecord(r) && typeof r.role === 'string');
  return {
    product,
    port: port !== undefined,
    contract,
    roles: roles.map((r) => ({
      role: r.role,
      ...(typeof r.access === 'string' ? { access: r.access } : {}),
      ...(typeof r.description === 'string' && r.description.trim() ? { description: r.description.trim().replace(/\s+/g, ' ') } : {}),
    })),
  };
}

/** One line per role: `analyst` (read): what it exposes. */
export function describeRole(role: OfferedRole): string {
  return `${role.role}${role.access ? ` (${role.access})` : ''}${role.description ? `: ${role.description.replace(/[.;]+$/, '')}` : ''}`;
}

/**
 * Who approves a grant in `mesh`, as the review asks them: the role's first- and second-level
 * approvers, or the product domain's owners when the role names none on GitHub.
 */
export function grantApproverNames(mesh: MeshSnapshot, grant: Pick<AccessGrant, 'dataProduct' | 'outputPort' | 'role'>): string[] {
  const { product, contract } = grantTarget(mesh, grant.dataProduct, grant.outputPort);
  const role = asArray<Role>(contract?.doc.roles).find((r) => isRecord(r) && r.role === grant.role);
  const named = role ? [...principalsIn(role.firstLevelApprovers), ...principalsIn(role.secondLevelApprovers)] : [];
  if (named.length > 0) return [...new Set(named)];
  const domain = product?.domain === undefined ? undefined : mesh.byKind.Domain.get(product.domain);
  return stringsOf(domain?.doc.owners);
}
