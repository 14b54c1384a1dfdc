import { opinionSchema, priceRequestSchema } from '@betbuilder/pricing-model';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as z from 'zod';

/**
 * JSON Schema draft 4 (what API Gateway request models speak) of a zod schema, as the handler's parser sees its
 * input: fields with defaults are optional, refinements zod cannot express are left to the handler (so the edge
 * never refuses a body the handler would accept; it only refuses sooner what the handler would refuse).
 *
 * @example
 * const schema = toRequestModelSchema(priceRequestSchema); // { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', ... }
 */
export function toRequestModelSchema(schema: z.ZodType): apigw.JsonSchema {
  // `$schema`/`$ref` keys pass through CDK's model mapper unchanged, so the generated document is used as is.
  return z.toJSONSchema(schema, {
    target: 'draft-4',
    io: 'input',
    unrepresentable: 'any',
  }) as unknown as apigw.JsonSchema;
}

/** The request models of the API, one per body-carrying route, from the schemas the handlers validate with. */
export const REQUEST_MODEL_SCHEMAS = {
  /** POST /v1/price */
  PriceRequest: priceRequestSchema,
  /** PUT /v1/fixtures/{fixtureId}: the path names the fixture, so the body may leave fixtureId out. */
  Opinion: opinionSchema.extend({ fixtureId: opinionSchema.shape.fixtureId.optional() }),
} as const satisfies Record<string, z.ZodType>;
