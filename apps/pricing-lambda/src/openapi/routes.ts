import { opinionSchema, priceRequestSchema } from '@betbuilder/pricing-model';
import { z } from 'zod';
import type { ApiErrorCode } from '../errors/ApiError';
import { fixtureListQuerySchema, fixtureListSchema } from '../fixtureList';
import type { HomedRoutes } from '../wrongRegion';
import type { ContractExamples } from './examples';
import {
  healthResponseSchema,
  marketMenuResponseSchema,
  opinionBodySchema,
  priceResponseSchema,
  storedOpinionSchema,
  verifyQuoteRequestSchema,
  verifyQuoteResponseSchema,
} from './schemas';

/** Who may call a route in AWS (the local server lets everyone in). */
export type RouteAuth = 'iam' | 'sourceIp' | 'none';

/** A request or response body: its schema, the component name it is published under, and an example. */
export interface BodyDoc {
  readonly component: string;
  readonly schema: z.ZodType;
  readonly example: (ex: ContractExamples) => unknown;
}

/** One route of the API: everything the OpenAPI document, the reference and the client say about it. */
export interface RouteDoc {
  readonly method: 'GET' | 'PUT' | 'POST';
  /** OpenAPI path template. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly auth: RouteAuth;
  /** Which function serves it: a Lambda behind API Gateway, or only the local server (`npm start`). */
  readonly servedBy: 'price' | 'opinion' | 'verifyQuote' | 'localServer';
  readonly pathParameters?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Takes `If-Match: <inputsVersion>` (optimistic concurrency). */
  readonly ifMatch?: boolean;
  /** Takes `If-None-Match: <ETag>` and answers `304 Not Modified` while the version is unchanged. */
  readonly ifNoneMatch?: boolean;
  readonly body?: BodyDoc;
  readonly ok: BodyDoc & { readonly etag?: boolean };
  /** Every error code the route can answer, in status order. */
  readonly errors: readonly ApiErrorCode[];
  /**
   * Served in the environment's home region only; elsewhere API Gateway answers `421 WRONG_REGION` (listed in
   * `errors` too) with this kind's message.
   */
  readonly homed?: HomedRoutes;
}

const fixtureIdPath = z.strictObject({
  fixtureId: opinionSchema.shape.fixtureId.meta({
    description: 'The fixture, e.g. `epl-2026-12-05-ars-che`.',
  }),
});

/** Errors any route behind API Gateway can answer. */
const SERVER_ERRORS = ['DEPENDENCY_UNAVAILABLE', 'INTERNAL'] as const;
/** Errors of any route that reads a body. */
const BODY_ERRORS = ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const;

/**
 * Every route the service serves. A new route is one entry here (plus its handler); the OpenAPI document, the API
 * reference (docs/api.md), the client's types and the local server's routing all follow from this list, and the drift
 * tests fail when a schema, an example or a handler disagrees with it.
 */
export const ROUTES: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/v1/quotes/verify',
    operationId: 'verifyQuote',
    summary: 'Bet placement checks a quote before it accepts a bet',
    description:
      "Reads the fixture's current version with a strongly consistent read (never DAX or a cache). `200` when the quote is unexpired, its signature holds, the fixture is open and either its `inputsVersion` is still current or the price at the current version offers at least the quoted odds; otherwise `409 QUOTE_EXPIRED`, `409 PRICE_CHANGED` (with `error.current`: the price now and a fresh quote), `409 FIXTURE_SUSPENDED` or `400 INVALID_QUOTE`.",
    auth: 'iam',
    servedBy: 'verifyQuote',
    homed: 'quotes',
    body: {
      component: 'VerifyQuoteRequest',
      schema: verifyQuoteRequestSchema,
      example: (ex) => ex.verifyQuoteRequest,
    },
    ok: {
      component: 'VerifyQuoteResponse',
      schema: verifyQuoteResponseSchema,
      example: (ex) => ex.verifyQuoteResponse,
    },
    errors: [
      'INVALID_REQUEST',
      'INVALID_QUOTE',
      'FIXTURE_NOT_FOUND',
      'PLAYER_NOT_FOUND',
      'FIXTURE_SUSPENDED',
      'QUOTE_EXPIRED',
      'PRICE_CHANGED',
      ...BODY_ERRORS,
      'WRONG_REGION',
      'NO_PRICE',
      ...SERVER_ERRORS,
    ],
  },
  {
    method: 'POST',
    path: '/v1/price',
    operationId: 'price',
    summary: 'Price a bet: 1 to 12 legs on one fixture',
    description:
      'The probability that every leg wins (correlations included, from one model of the match), the fair odds, the margin and the offered price on the fractional odds ladder. Duplicate legs are priced once. Legs that cannot all win together, or a probability below 1/1001, get `422 NO_PRICE`; a suspended fixture `409 FIXTURE_SUSPENDED`.',
    auth: 'sourceIp',
    servedBy: 'price',
    body: {
      component: 'PriceRequest',
      schema: priceRequestSchema,
      example: (ex) => ex.priceRequest,
    },
    ok: { component: 'PriceResponse', schema: priceResponseSchema, example: (ex) => ex.priceResponse },
    errors: [
      'INVALID_REQUEST',
      'FIXTURE_NOT_FOUND',
      'PLAYER_NOT_FOUND',
      'FIXTURE_SUSPENDED',
      ...BODY_ERRORS,
      'NO_PRICE',
      ...SERVER_ERRORS,
    ],
  },
  {
    method: 'GET',
    path: '/v1/fixtures',
    operationId: 'listFixtures',
    summary: 'List fixtures, ordered by kickoff',
    description:
      "The traders' overview: each fixture's id, competition, kickoff, status, current `inputsVersion` and team names, ordered by kickoff then fixtureId (fixtures without a kickoff last). Pages of `limit` entries; `nextCursor` is present only when more remain. A bad or unknown parameter, or one given more than once, gets `400 INVALID_REQUEST`. Read from an index, so a write shows up within about a second.",
    auth: 'iam',
    servedBy: 'opinion',
    homed: 'opinions',
    query: fixtureListQuerySchema,
    ok: { component: 'FixtureList', schema: fixtureListSchema, example: (ex) => ex.fixtureList },
    errors: ['INVALID_REQUEST', 'WRONG_REGION', ...SERVER_ERRORS],
  },
  {
    method: 'PUT',
    path: '/v1/fixtures/{fixtureId}',
    operationId: 'putOpinion',
    summary: "Write a trader's opinion (the model inputs) for a fixture",
    description:
      "Stores the opinion as the fixture's next `inputsVersion` (1 for the first write) and answers the stored opinion. With `If-Match: <inputsVersion>` the write lands only if that is still the stored version, else `409 VERSION_CONFLICT` and nothing changes. The fixture's model is rebuilt from the new version in the background.",
    auth: 'iam',
    servedBy: 'opinion',
    homed: 'opinions',
    pathParameters: fixtureIdPath,
    ifMatch: true,
    body: { component: 'Opinion', schema: opinionBodySchema, example: (ex) => ex.opinionBody },
    ok: {
      component: 'StoredOpinion',
      schema: storedOpinionSchema,
      example: (ex) => ex.storedOpinion,
      etag: true,
    },
    errors: ['INVALID_REQUEST', 'VERSION_CONFLICT', ...BODY_ERRORS, 'WRONG_REGION', ...SERVER_ERRORS],
  },
  {
    method: 'GET',
    path: '/v1/fixtures/{fixtureId}',
    operationId: 'getOpinion',
    summary: 'Read the stored opinion',
    description:
      'The stored opinion, read strongly consistently (a trader reads his own write). With `If-None-Match` naming the stored version (the ETag of an earlier answer) it answers `304 Not Modified` without a body.',
    auth: 'iam',
    servedBy: 'opinion',
    homed: 'opinions',
    pathParameters: fixtureIdPath,
    ifNoneMatch: true,
    ok: {
      component: 'StoredOpinion',
      schema: storedOpinionSchema,
      example: (ex) => ex.storedOpinion,
      etag: true,
    },
    errors: ['INVALID_REQUEST', 'FIXTURE_NOT_FOUND', 'WRONG_REGION', ...SERVER_ERRORS],
  },
  {
    method: 'GET',
    path: '/v1/fixtures/{fixtureId}/markets',
    operationId: 'marketMenu',
    summary: "The fixture's menu: every single selection with its price",
    description:
      "Every single selection the service prices for the fixture (goal, card and corner lines, correct scores, handicaps, win to nil, clean sheet, each player's scorer, first-goalscorer and carded selections, per priced period), each with its fair probability and offered odds at the one-leg margin, from the same model version as `POST /v1/price` at that moment. Each selection's `leg` is exactly the leg to send to `POST /v1/price`; selections below 1/1001 are left out.",
    auth: 'sourceIp',
    servedBy: 'price',
    pathParameters: fixtureIdPath,
    ok: { component: 'MarketMenu', schema: marketMenuResponseSchema, example: (ex) => ex.marketMenu },
    errors: ['INVALID_REQUEST', 'FIXTURE_NOT_FOUND', 'FIXTURE_SUSPENDED', ...SERVER_ERRORS],
  },
  {
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness of the local server',
    description: 'Served by the local server (`npm start`) only; not deployed behind API Gateway.',
    auth: 'none',
    servedBy: 'localServer',
    ok: { component: 'Health', schema: healthResponseSchema, example: (ex) => ex.health },
    errors: [],
  },
];
