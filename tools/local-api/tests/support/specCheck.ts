import { buildOpenApiDocument, type OpenApiDocument } from '@betbuilder/pricing-lambda';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

let doc: OpenApiDocument | undefined;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/** The documented operation for a method and a concrete path (`/v1/fixtures/x` → `/v1/fixtures/{fixtureId}`). */
function operationFor(method: string, path: string): Operation | undefined {
  doc ??= buildOpenApiDocument();
  for (const [template, ops] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return ops[method.toLowerCase()] as Operation | undefined;
  }
  return undefined;
}

/**
 * Checks one response of the local API against the OpenAPI document: a documented operation must answer a documented
 * status with a body its schema accepts. Routes or methods the document does not have (the local server's own 404 and
 * 405 answers) are not the contract's and are left alone. Throws with ajv's errors.
 */
export function assertMatchesSpec(
  method: string,
  pathWithQuery: string,
  status: number,
  body: unknown,
): void {
  const path = pathWithQuery.split('?')[0]!;
  const op = operationFor(method, path);
  if (op === undefined) return;
  const response = op.responses[String(status)];
  if (response === undefined) {
    throw new Error(
      `${method} ${path} answered ${status}, a status the OpenAPI document does not list for it`,
    );
  }
  const media = response.content?.['application/json'];
  if (media === undefined) return;
  const key = `${method} ${path} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ $id: 'openapi.json', components: doc!.components });
    }
    validate = ajv.compile({ $ref: `openapi.json#/components/schemas/${refName(media.schema)}` });
    validators.set(key, validate);
  }
  if (!validate(body)) {
    throw new Error(
      `${method} ${path} ${status}: the body does not match the OpenAPI document: ${ajv!.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
}

function refName(schema: unknown): string {
  return String((schema as { $ref: string }).$ref).replace('#/components/schemas/', '');
}
