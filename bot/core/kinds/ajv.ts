import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { safeRegExp } from './regexp.ts';

// ajv-formats is CommonJS; under NodeNext its default export may sit one level down.
type FormatsPlugin = typeof addFormatsModule.default;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export type AjvInstance = Ajv2019;
export type { ErrorObject, ValidateFunction } from 'ajv/dist/2019.js';

/**
 * A new ajv for JSON Schema 2019-09 with formats. `allErrors` so a file shows all its problems at
 * once; `strictRequired: false` because ODCS lists required fields declared in sibling subschemas.
 * Patterns run on RE2 (regexp.ts): a pattern from a proposed policy must not be able to hang the process.
 */
export function createAjv(options: { strict?: boolean } = {}): AjvInstance {
  const ajv = new Ajv2019({
    allErrors: true,
    strict: options.strict ?? false,
    strictRequired: false,
    allowUnionTypes: true,
    code: { regExp: safeRegExp },
  });
  addFormats(ajv);
  return ajv;
}
