/**
 * Shadow contracts: a data location (see locations.ts) belongs to the contract that declared it
 * first in the base. A pull request whose contract claims a location another domain's contract
 * already declared — a contract over someone else's table, through which it could grant access
 * with only its own approvals — needs the owners of that first contract to approve, and until they
 * have, the claim is an error at the claiming schema object.
 *
 * A claim within the owner's own domain needs no more than the change already asks (that domain's
 * owners approve every contract change in it): versions of one contract share their table.
 */
import { pointer } from '../findings/finding.ts';
import { locate } from '../findings/place.ts';
import { dataLocation, describeLocation } from '../locations.ts';
import type { Entity, Finding, MeshSnapshot } from '../model.ts';
import { asArray, isRecord } from '../shapes.ts';
import { pathDomain } from './changes.ts';
import type { ApprovalRequirement, Change } from './types.ts';

export interface LocationClaim {
  /** The head contract that claims the location. */
  contract: Entity<'DataContract'>;
  /** The location key (locations.ts). */
  location: string;
  /** Where in the claiming contract: the schema object that names the table. */
  path: string;
  /** The base contract that declared the location first. */
  owner: Entity<'DataContract'>;
  /** The requirement whose approval settles the claim: the owner domain's owners. */
  requirementId: string;
}

/** Locations a contract added or changed by the pull request claims that another domain's contract declared first in the base. */
export function locationClaims(base: MeshSnapshot, head: MeshSnapshot, changes: readonly Change[]): LocationClaim[] {
  const claims: LocationClaim[] = [];
  for (const change of changes) {
    if (change.kind !== 'DataContract' || change.type === 'removed') continue;
    const contract = head.byKind.DataContract.get(change.id);
    if (!contract) continue;
    const before = base.byKind.DataContract.get(change.id);
    const had = new Set(before ? base.relations.locationsOf(before) : []);
    const seen = new Set<string>();
    asArray<unknown>(contract.doc.servers).forEach((server) => {
      asArray<unknown>(contract.doc.schema).forEach((object, index) => {
        const location = dataLocation(server, object);
        if (location === undefined || had.has(location) || seen.has(location)) return;
        seen.add(location);
        const owner = base.relations.contractsAt(location)[0];
        // The same domain by its field and its folder: a contract cannot borrow the owner's domain by name alone.
        if (!owner || owner.id === contract.id || (owner.domain === contract.domain && owner.domain === pathDomain(contract.file))) return;
        const name = isRecord(object) && 'physicalName' in object ? 'physicalName' : 'name';
        // The owners' requirement, as approvals.ts names it (the quorum when the base lacks the domain).
        const requirementId = owner.domain !== undefined && base.byKind.Domain.has(owner.domain) ? `domain-owners:${owner.domain}` : 'governance-quorum';
        claims.push({ contract, location, path: pointer('schema', index, name), owner, requirementId });
      });
    });
  }
  return claims;
}

/**
 * One finding per claim: an error while the owners of the first contract have not approved the
 * current head, a warning (for the record) once they have.
 */
export function claimFindings(head: MeshSnapshot, claims: readonly LocationClaim[], approvals: readonly ApprovalRequirement[]): Finding[] {
  return claims.map((claim) => {
    const requirement = approvals.find((a) => a.id === claim.requirementId);
    const owners = requirement && requirement.from.length > 0 ? requirement.from.join(', ') : `the owners of domain "${claim.owner.domain}"`;
    const approved = requirement?.satisfied === true;
    return {
      severity: approved ? 'warning' : 'error',
      code: 'location.claimed',
      message: `contract "${claim.contract.id}" describes ${describeLocation(claim.location)}, which "${claim.owner.id}" (domain ${claim.owner.domain}, ${claim.owner.file}) declared first; ${approved ? `approved by its owners (${requirement.by.map((b) => `@${b}`).join(', ')})` : `its owners must approve: ${owners}`}`,
      file: claim.contract.file,
      ...locate(head, claim.contract.file, claim.path),
      path: claim.path,
      hint: approved ? 'the owners of the data approved this contract over it' : `ask ${owners} to approve this pull request, or point the contract's servers at data of your own domain`,
    };
  });
}
