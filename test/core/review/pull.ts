/**
 * Test doubles for the review: an in-memory PullContext and the small mesh with a few changes.
 */
import { fromRecord, loadMesh } from '../../../bot/core/load/mesh.ts';
import type { MeshSnapshot } from '../../../bot/core/model.ts';
import type { PullContext, PullReview, ReviewState } from '../../../bot/core/review/types.ts';
import { reviewMesh } from '../../fixtures/meshes/review/mesh.ts';

export const HEAD_SHA = 'h'.repeat(40);
export const OLD_SHA = 'o'.repeat(40);
export const NOW = new Date('2026-11-24T12:00:00Z');

/** A review on the head commit unless told otherwise. */
export function approval(user: string, state: ReviewState = 'APPROVED', commitId = HEAD_SHA, submittedAt = '2026-11-24T10:00:00Z'): PullReview {
  return { user, state, commitId, submittedAt };
}

export function pull(author: string, reviews: PullReview[] = [], teams: Record<string, string[]> = {}): PullContext {
  return {
    author,
    headSha: HEAD_SHA,
    reviews: async () => reviews,
    teamMembers: async (team) => teams[team] ?? [],
  };
}

/** The base of every review test: the small mesh, clean, so every finding comes from the change under test. */
export const baseFiles: Record<string, string> = { ...reviewMesh };

export function load(files: Record<string, string>): MeshSnapshot {
  return loadMesh(fromRecord(files));
}

/** The base files with some replaced, added (string) or removed (null). */
export function changed(changes: Record<string, string | null>): Record<string, string> {
  const out = { ...baseFiles };
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return out;
}

export function edit(path: string, from: string | RegExp, to: string): Record<string, string | null> {
  const text = baseFiles[path];
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${path} changed nothing`);
  return { [path]: next };
}

export const PATHS = {
  checkoutDomain: 'catalog/checkout/domain.yaml',
  ordersProduct: 'catalog/checkout/orders/product.yaml',
  ordersContract: 'catalog/checkout/orders/orders-v1.contract.yaml',
  grant: 'catalog/checkout/orders/access/marketing.yaml',
  marketingDomain: 'catalog/marketing/domain.yaml',
  audiencesProduct: 'catalog/marketing/audiences/product.yaml',
  audiencesContract: 'catalog/marketing/audiences/audiences-v1.contract.yaml',
  governance: 'policies/governance.yaml',
  tagsPolicy: 'policies/products-have-tags.yaml',
} as const;

/** A new access grant for `@acme/ml` to the orders port, asked for by `requestedBy`. */
export function newGrant(id = 'ml-checkout-orders', extra = ''): string {
  return `apiVersion: meshgate/v1
kind: AccessGrant
id: ${id}
consumer:
  team: "@acme/ml"
dataProduct: checkout-orders
outputPort: orders
role: analyst
purpose: Train the churn model on order history.
requestedBy: "@mallory"
validUntil: "2027-03-31"
${extra}`;
}

/** A policy file with the given id, severity and body (its `appliesTo`, `when`, `require`). */
export const policyFile = (id: string, body: string, severity = 'error'): string => `apiVersion: meshgate/v1
kind: Policy
id: ${id}
title: Policy ${id}
principle: documentation-and-discovery
rationale: Because ${id}.
severity: ${severity}
${body}`;
