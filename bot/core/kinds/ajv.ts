import Ajv2019Module from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS; under NodeNext their default export sits one level down.
const Ajv2019 = (Ajv2019Module as unknown as { default: typeof Ajv2019Module }).default ?? Ajv2019Module;
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

export type AjvInstance = InstanceType<typeof Ajv2019>;
export type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * A new ajv for JSON Schema 2019-09 with formats. `allErrors` so a file shows all its problems at
 * once; `strictRequired: false` because ODCS lists required fields declared in sibling subschemas.
 */
export function createAjv(options: { strict?: boolean } = {}): AjvInstance {
  const ajv = new Ajv2019({
    allErrors: true,
    strict: options.strict ?? false,
    strictRequired: false,
    allowUnionTypes: true,
    // Policies and kinds never need remote refs; a `$ref` to the network is an error, not a fetch.
    loadSchema: undefined,
  });
  addFormats(ajv);
  return ajv;
}
