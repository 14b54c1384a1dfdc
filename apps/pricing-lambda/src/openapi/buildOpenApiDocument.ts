import { legSchema, MODEL_VERSION, opinionSchema, PRICED_PERIODS } from '@betbuilder/pricing-model';
import { z } from 'zod';
import { API_ERROR_STATUS, type ApiErrorCode } from '../errors/ApiError';
import { fixtureSummarySchema } from '../fixtureList';
import { MAX_BODY_BYTES } from '../http';
import { wrongRegionBody } from '../wrongRegion';
import { CONTRACT_EXAMPLE_IN_PLAY, contractExamples, ERROR_EXAMPLES, EXAMPLE_HOME_REGION } from './examples';
import { LEG_DOCS } from './legDocs';
import { ROUTES, type RouteDoc } from './routes';
import { errorResponseSchema } from './schemas';

/** The API's version: minor +1 when a route or an optional field is added, major +1 never (the contract only grows). */
export const API_VERSION = '1.1.0';

type JsonSchema = Record<string, unknown>;

/** An OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = Record<string, unknown> & {
  openapi: '3.1.0';
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema> } & Record<string, unknown>;
};

const REF = (name: string) => `#/components/schemas/${name}`;

/** `MATCH_RESULT` → `MatchResultLeg`: each leg's component name. */
export function legComponentName(market: string): string {
  return `${market
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}Leg`;
}

/**
 * What zod's JSON Schema output cannot say from a `.refine()`, added by property name: a `line` is a half-line
 * (`n + 0.5`), a `period` one the model prices. The drift test checks the published schema and zod accept the same lines.
 */
const REFINEMENTS: Record<string, { type: string; adds: JsonSchema }> = {
  line: {
    type: 'number',
    adds: { multipleOf: 0.5, not: { multipleOf: 1 }, description: 'A half-line, `n + 0.5`.' },
  },
  // A period the model does not price yet is refused (400): publish only the priced ones.
  period: {
    type: 'string',
    adds: {
      enum: [...PRICED_PERIODS],
      description: `The period; \`FULL_TIME\` when left out. Priced today: ${PRICED_PERIODS.join(', ')}.`,
    },
  },
};

/** What the `InPlay` component's schema cannot say: the cross-field rules the opinion parser enforces. */
const IN_PLAY_DESCRIPTION = [
  'The match as it stands. `minute`: minutes played on the model’s 95-minute clock (0 ≤ minute < 95). `score`,',
  '`cards`, `corners`: counts so far. `firstHalf` is required once `minute` ≥ 47 and must not exceed the totals so far;',
  '`firstGoal` is required once a goal has been scored (a 0-0 score must have none). `players` lists any player with',
  'goals or cards so far or who has left the pitch (`onPitch: false`); each must be in the opinion’s `players`, and',
  'his goals must not exceed his team’s. An inconsistent state gets `400 INVALID_REQUEST` with its path.',
].join(' ');

/**
 * Generates the service's OpenAPI 3.1 document from the zod schemas the handlers validate with and the route list
 * ({@link ROUTES}): every route, request, response and error, with examples (the price example is the model's answer).
 * Deterministic: the same schemas give the same document, byte for byte.
 *
 * @example
 * const doc = buildOpenApiDocument();
 * writeFileSync('openapi.json', JSON.stringify(doc, null, 2));
 */
export function buildOpenApiDocument(): OpenApiDocument {
  const examples = contractExamples();
  const registry = z.registry<{ id: string }>();
  const named = new Map<z.ZodType, string>();
  const register = (schema: z.ZodType, id: string) => {
    const known = named.get(schema);
    if (known !== undefined && known !== id) throw new Error(`schema registered as both ${known} and ${id}`);
    if (known === undefined) {
      registry.add(schema, { id });
      named.set(schema, id);
    }
  };
  register(legSchema, 'Leg');
  for (const option of legSchema.options) register(option, legComponentName(option.shape.market.value));
  register(opinionSchema.shape.home, 'Team');
  register(opinionSchema.shape.players.unwrap().element, 'Player');
  register(opinionSchema.shape.model.unwrap(), 'ModelOptions');
  const inPlay = opinionSchema.shape.inPlay.unwrap();
  register(inPlay, 'InPlay');
  register(inPlay.shape.players.unwrap().element, 'InPlayPlayer');
  register(fixtureSummarySchema, 'FixtureSummary');
  register(errorResponseSchema, 'ErrorResponse');
  for (const route of ROUTES) {
    if (route.body) register(route.body.schema, route.body.component);
    register(route.ok.schema, route.ok.component);
  }

  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    // Requests and responses alike are described as a client may send or receive them: defaulted fields optional.
    io: 'input',
    unrepresentable: 'throw',
    uri: REF,
  }).schemas;
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(generated)) schemas[id] = refine(strip(schema));

  // The leg union is discriminated by `market`: say so, so generators and renderers pick the right variant.
  schemas.Leg = {
    ...schemas.Leg,
    discriminator: {
      propertyName: 'market',
      mapping: Object.fromEntries(
        legSchema.options.map((o) => [o.shape.market.value, REF(legComponentName(o.shape.market.value))]),
      ),
    },
  };
  for (const option of legSchema.options) {
    const market = option.shape.market.value;
    const doc = LEG_DOCS[market];
    schemas[legComponentName(market)] = {
      ...schemas[legComponentName(market)],
      description: `Wins when: ${doc.winsWhen}`,
      examples: [doc.example],
    };
  }

  // zod's JSON Schema says the ranges; the rules across fields are the parser's (each a 400 with its path).
  schemas.InPlay = {
    ...schemas.InPlay,
    description: IN_PLAY_DESCRIPTION,
    examples: [CONTRACT_EXAMPLE_IN_PLAY],
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const route of ROUTES) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, examples);
  }

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Bet-builder pricing API',
      version: API_VERSION,
      summary: 'Prices bet-builder bets (1 to 12 legs on one football match) from traders’ opinions.',
      description: [
        'A customer combines legs on one match; the service answers the probability that every leg wins, with the',
        'correlations between them taken from one model of the match (goals, cards, corners, players), then a margin and',
        'the offered price on the fractional odds ladder. Traders write their opinion of each match (the model inputs).',
        '',
        `All bodies are JSON (\`content-type: application/json\`); request bodies over ${MAX_BODY_BYTES / 1024} KiB get`,
        '`413 PAYLOAD_TOO_LARGE`. Every error is `{"error": {"code", "message", "details"?}}`; `details` only for',
        `validation. The examples are the service's real answers for the example opinion (model ${MODEL_VERSION}).`,
      ].join('\n'),
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: '`npm start`: the local server (every route, no auth)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'API Gateway (REST) in AWS',
        variables: {
          apiId: { default: 'abcdef1234', description: "The REST API's id (stack output)." },
          region: { default: 'eu-west-1' },
          stage: { default: 'prod' },
        },
      },
    ],
    tags: [
      { name: 'pricing', description: 'Prices for the sportsbook.' },
      { name: 'fixtures', description: "Traders' opinions (model inputs), IAM only." },
      { name: 'quotes', description: 'Bet placement verifies signed quotes, IAM only.' },
      { name: 'local', description: 'The local server only.' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            "AWS Signature Version 4 (IAM): sign each request for the service `execute-api` in the API's region with credentials allowed `execute-api:Invoke` on the route (`@betbuilder/client` does this with the default credential chain).",
        },
      },
    },
  };
}

function operation(route: RouteDoc, examples: ReturnType<typeof contractExamples>): Record<string, unknown> {
  const parameters: unknown[] = [];
  const addParameters = (schema: z.ZodObject | undefined, where: 'path' | 'query') => {
    if (!schema) return;
    for (const [name, field] of Object.entries(schema.shape)) {
      const json = strip(z.toJSONSchema(field as z.ZodType, { target: 'draft-2020-12', io: 'input' }));
      const { description, ...fieldSchema } = json;
      parameters.push({
        name,
        in: where,
        required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
        ...(typeof description === 'string' ? { description } : {}),
        schema: fieldSchema,
      });
    }
  };
  addParameters(route.pathParameters, 'path');
  addParameters(route.query, 'query');
  if (route.ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description:
        'The `inputsVersion` the write expects to replace (`3`, `"3"` or `W/"3"`), or `*` for any existing version; a mismatch gets `409 VERSION_CONFLICT` and changes nothing.',
      schema: { type: 'string', pattern: '^(\\*|(W/)?"?[1-9][0-9]{0,14}"?)$' },
    });
  }

  if (route.ifNoneMatch) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description:
        'The ETag of an earlier answer (`"3"`), or `*`: while that is still the stored version the answer is `304 Not Modified` without a body.',
      schema: { type: 'string' },
    });
  }

  const responses: Record<string, unknown> = {
    ...(route.ifNoneMatch
      ? {
          '304': {
            description: 'Not modified: `If-None-Match` names the stored version.',
            headers: {
              ETag: { description: 'The stored `inputsVersion`, quoted.', schema: { type: 'string' } },
            },
          },
        }
      : {}),
    '200': {
      description: route.ok.component,
      ...(route.ok.etag
        ? {
            headers: {
              ETag: {
                description: 'The stored `inputsVersion`, quoted (`"3"`): send it back as `If-Match`.',
                schema: { type: 'string' },
              },
            },
          }
        : {}),
      content: {
        'application/json': {
          schema: { $ref: REF(route.ok.component) },
          example: route.ok.example(examples),
        },
      },
    },
  };
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of route.errors) {
    const status = API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    responses[String(status)] = {
      description: codes.join(' or '),
      content: {
        'application/json': {
          schema: { $ref: REF('ErrorResponse') },
          examples: Object.fromEntries(
            codes.map((code) => [
              code,
              {
                summary: code,
                value:
                  code === 'WRONG_REGION' && route.homed !== undefined
                    ? wrongRegionBody(route.homed, EXAMPLE_HOME_REGION)
                    : { error: { code, ...ERROR_EXAMPLES[code] } },
              },
            ]),
          ),
        },
      },
    };
  }

  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description}\n\nAuth in AWS: ${AUTH_TEXT[route.auth]}`,
    tags: [
      route.servedBy === 'localServer'
        ? 'local'
        : route.servedBy === 'price'
          ? 'pricing'
          : route.servedBy === 'verifyQuote'
            ? 'quotes'
            : 'fixtures',
    ],
    security: route.auth === 'iam' ? [{ sigv4: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: REF(route.body.component) },
                example: route.body.example(examples),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

const AUTH_TEXT: Record<RouteDoc['auth'], string> = {
  iam: 'IAM (SigV4-signed requests from principals allowed `execute-api:Invoke`).',
  sourceIp: "API Gateway resource policy: only the environment's allowed source IP ranges; no signature.",
  none: 'not deployed.',
};

/** Drops the per-schema `$schema`/`$id` zod emits: in OpenAPI 3.1 the document's `jsonSchemaDialect` says it once. */
function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function refine(schema: JsonSchema): JsonSchema {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (props === undefined) return schema;
  const refined: Record<string, JsonSchema> = {};
  for (const [name, prop] of Object.entries(props)) {
    const r = REFINEMENTS[name];
    refined[name] = r !== undefined && prop.type === r.type ? { ...prop, ...r.adds } : prop;
  }
  return { ...schema, properties: refined };
}
