/**
 * Which top-level fields of an entity's view a policy's schema can read. A schema that reads no
 * field's value gives the same verdict whatever that value is; the request end date
 * (requests/end-date.ts) uses this to run only the policies a grant's end date can change.
 *
 * The answer is conservative: any keyword that looks at the object as a whole (`const`, `enum`,
 * `additionalProperties`, a `$ref`, …) or that this module does not know makes it "any field".
 */
import { isRecord } from '../shapes.ts';

/** Keywords that say something about the schema, not the instance: they read nothing. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', '$anchor', '$defs', 'definitions', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
/** Keywords that apply only to strings, numbers or arrays: they read nothing of an object. */
const NOT_FOR_OBJECTS = new Set([
  'format', 'formatMinimum', 'formatMaximum', 'formatExclusiveMinimum', 'formatExclusiveMaximum',
  'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'items', 'prefixItems', 'additionalItems', 'unevaluatedItems', 'contains', 'minContains', 'maxContains', 'minItems', 'maxItems', 'uniqueItems',
  'contentEncoding', 'contentMediaType', 'contentSchema',
]);
/** Keywords whose subschemas apply to the same object. */
const IN_PLACE = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);

/** The top-level fields `schema` (applied to an object) can read; undefined when it may read any. */
export function fieldsRead(schema: unknown): Set<string> | undefined {
  const fields = new Set<string>();
  const visit = (node: unknown): boolean => {
    if (typeof node === 'boolean') return true;
    if (!isRecord(node)) return false;
    for (const [keyword, value] of Object.entries(node)) {
      if (ANNOTATIONS.has(keyword) || NOT_FOR_OBJECTS.has(keyword) || keyword === 'type') continue;
      if (keyword === 'properties' || keyword === 'dependentSchemas') {
        if (!isRecord(value)) return false;
        for (const name of Object.keys(value)) fields.add(name);
        // A dependent schema applies to the object itself.
        if (keyword === 'dependentSchemas' && !Object.values(value).every(visit)) return false;
      } else if (keyword === 'required') {
        if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) return false;
        for (const name of value) fields.add(name);
      } else if (keyword === 'dependentRequired') {
        if (!isRecord(value)) return false;
        for (const [name, names] of Object.entries(value)) {
          if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return false;
          fields.add(name);
          for (const n of names) fields.add(n);
        }
      } else if (IN_PLACE.has(keyword)) {
        if (!(Array.isArray(value) ? value.every(visit) : visit(value))) return false;
      } else return false;
    }
    return true;
  };
  return visit(schema) ? fields : undefined;
}
