import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../../src';

/**
 * Validates JSON values against the OpenAPI document's component schemas (JSON Schema 2020-12) with ajv, as a consumer's
 * validator would read them: `schemaFor('PriceResponse')(body)`.
 */
export function componentValidator(doc: OpenApiDocument): (component: string) => ValidateFunction {
  // strict: false: OpenAPI keywords (`discriminator`, `example`) are not JSON Schema's.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  const cache = new Map<string, ValidateFunction>();
  return (component) => {
    let v = cache.get(component);
    if (!v) {
      v = ajv.compile({ $ref: `openapi.json#/components/schemas/${component}` });
      cache.set(component, v);
    }
    return v;
  };
}
