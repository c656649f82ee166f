/**
 * Which columns a contract role exposes: all of them, or with a `maxClassification` custom
 * property only those classified at or below that level. Provisioning grants exactly these, the
 * catalog shows them per role, and validation compares them with what the role's description says.
 */
import type { Classification } from './kinds/governance.ts';
import type { DataContract, Role, SchemaObject, SchemaProperty } from './kinds/data-contract.ts';

/** The value of a role's `maxClassification` custom property, if it has one. */
export function maxClassification(role: Role): string | undefined {
  const property = (role.customProperties ?? []).find((p) => p?.property === 'maxClassification');
  return property === undefined ? undefined : String(property.value);
}

/**
 * A level's rank, lowest 0. A property without classification counts as `unclassified` (default:
 * the highest level); a classification governance does not list ranks above every level, so only
 * a role without a ceiling sees it.
 */
export function levelRank(classification: Classification | undefined): (level: string | undefined) => number {
  const levels = classification?.levels ?? [];
  const unclassified = classification?.unclassified ?? levels[levels.length - 1];
  return (level) => {
    const index = levels.indexOf(level ?? unclassified ?? '');
    return index < 0 ? levels.length : index;
  };
}

export const columnName = (property: SchemaProperty): string => property.physicalName || property.name;

export interface ObjectExposure {
  object: SchemaObject;
  /** Columns the role may read. */
  columns: string[];
  /** Columns held back by its maxClassification. */
  withheld: string[];
}

export type RoleExposure =
  | { ok: true; ceiling?: string; objects: ObjectExposure[] }
  | { ok: false; ceiling: string; reason: string };

export function roleExposure(contract: DataContract, role: Role, classification: Classification | undefined): RoleExposure {
  const ceiling = maxClassification(role);
  const objects = Array.isArray(contract.schema) ? contract.schema : [];
  if (ceiling === undefined) {
    return { ok: true, objects: objects.map((object) => ({ object, columns: (object.properties ?? []).map(columnName), withheld: [] })) };
  }
  if (!classification || !classification.levels.includes(ceiling)) {
    return { ok: false, ceiling, reason: `the role ${role.role} has maxClassification "${ceiling}", which is not one of governance's classification levels` };
  }
  const rank = levelRank(classification);
  const max = rank(ceiling);
  return {
    ok: true,
    ceiling,
    objects: objects.map((object) => {
      const columns: string[] = [];
      const withheld: string[] = [];
      for (const property of object.properties ?? []) (rank(property.classification) <= max ? columns : withheld).push(columnName(property));
      return { object, columns, withheld };
    }),
  };
}
