/**
 * Shape guards for documents read from YAML: a document that failed its schema (or a part the
 * schema leaves open) can hold anything, so readers check a value's shape before they use it.
 */

/** A plain mapping: an object that is neither null nor an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NONE: never[] = [];

/**
 * The value when it is an array, else an empty one: shared by every absent list (the checks run
 * over each property of every contract, so no allocation per call), so never mutate the result.
 */
export function asArray<T>(value: T[] | undefined): T[];
export function asArray<T = unknown>(value: unknown): T[];
export function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : NONE;
}

/** A non-empty array. */
export const hasItems = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;

/** The strings of a list; anything else in it (or a value that is no list) is dropped. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

/**
 * JSON with the keys of every mapping sorted, so two values that differ only in key order compare
 * equal; `undefined` gives the string 'undefined'.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v)) ?? 'undefined';
}
