/**
 * Mesh events: what a merge to the default branch changed, as CloudEvents 1.0, and the targets
 * governance configures for them. Consumers of the mesh (catalog mirrors, access provisioning, chat
 * bots) react to these instead of polling the repository. Only the mapping lives here, with no I/O;
 * signing and sending them is event-delivery.ts.
 */
import type { MeshSnapshot } from '../core/model.ts';
import type { EventTarget } from '../core/kinds/governance.ts';
import type { Change } from '../core/review/types.ts';

export const MESH_EVENT_TYPES = [
  'meshgate.product.published',
  'meshgate.contract.changed',
  'meshgate.access.granted',
  'meshgate.access.revoked',
  'meshgate.policy.changed',
] as const;
export type MeshEventType = (typeof MESH_EVENT_TYPES)[number];

export interface MeshEventData {
  kind: Change['kind'];
  id: string;
  change: Change['type'];
  file: string;
  previousFile?: string;
  domain?: string;
  fields?: string[];
  repository: string;
  commit: string;
  previousCommit: string;
}

/** A CloudEvents 1.0 event in structured JSON form. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: MeshEventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: MeshEventData;
}

export interface PushLocator {
  /** owner/name */
  repository: string;
  /** Web URL of the repository: the events' `source`. */
  url: string;
  before: string;
  after: string;
  time: string;
}

/** Which event a change is, if any. A product's removal is not a publication; its contract's removal is a contract change. */
export function eventTypeOf(change: Change): MeshEventType | undefined {
  switch (change.kind) {
    case 'DataProduct':
      return change.type === 'removed' ? undefined : 'meshgate.product.published';
    case 'DataContract':
      return 'meshgate.contract.changed';
    case 'AccessGrant':
      return change.type === 'removed' ? 'meshgate.access.revoked' : 'meshgate.access.granted';
    case 'Policy':
    case 'Governance':
      return 'meshgate.policy.changed';
    default:
      return undefined;
  }
}

/**
 * The events of one push. Ids are derived from the commit and the entity, so a redelivered push
 * produces the same ids and receivers can drop duplicates.
 */
export function meshEvents(changes: Change[], push: PushLocator): CloudEvent[] {
  const events: CloudEvent[] = [];
  for (const change of changes) {
    const type = eventTypeOf(change);
    if (!type) continue;
    events.push({
      specversion: '1.0',
      id: `${push.after}:${type}:${change.kind}:${change.id}`,
      source: push.url,
      type,
      subject: `${change.kind}/${change.id}`,
      time: push.time,
      datacontenttype: 'application/json',
      data: {
        kind: change.kind,
        id: change.id,
        change: change.type,
        file: change.file,
        ...(change.previousFile ? { previousFile: change.previousFile } : {}),
        ...(change.domain ? { domain: change.domain } : {}),
        ...(change.fields ? { fields: change.fields } : {}),
        repository: push.repository,
        commit: push.after,
        previousCommit: push.before,
      },
    });
  }
  return events;
}

/** Event targets from the governance of a snapshot (the pushed commit: the configuration now in force). */
export function eventTargets(snapshot: MeshSnapshot): EventTarget[] {
  const targets: EventTarget[] = [];
  for (const governance of snapshot.byKind.Governance.values()) {
    if (governance.valid) targets.push(...(governance.doc.events?.targets ?? []));
  }
  return targets;
}
