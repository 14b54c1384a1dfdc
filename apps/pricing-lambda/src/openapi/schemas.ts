import { legSchema, opinionSchema, PERIODS, type MenuMarket } from '@betbuilder/pricing-model';
import { z } from 'zod';
import { API_ERROR_STATUS, type ApiErrorCode } from '../errors/ApiError';
import type { Leg } from '@betbuilder/pricing-model';
import type { PriceResponse } from '../PriceService';
import type { StoredOpinion } from '../types/opinion';

/**
 * The response bodies, as zod schemas beside the request schemas the handlers validate with (those live in
 * `@betbuilder/pricing-model` and `fixtureList.ts`). The handlers build responses as TypeScript values; the type checks
 * at the bottom of this file fail to compile when a response type and its schema drift apart.
 */

/** `PUT`/`GET /v1/fixtures/{fixtureId}` 200: the stored opinion plus the version the store assigned. */
export const storedOpinionSchema = opinionSchema.extend({
  players: opinionSchema.shape.players.unwrap(),
  inputsVersion: z
    .number()
    .int()
    .min(1)
    .meta({ description: '1 for the first write, +1 for each later write.' }),
  updatedAt: z.iso.datetime().meta({ description: 'When the opinion was written (ISO-8601, UTC).' }),
});

/** The `PUT /v1/fixtures/{fixtureId}` body: the opinion; `fixtureId` may be left out (the path carries it). */
export const opinionBodySchema = opinionSchema.partial({ fixtureId: true });

/** `POST /v1/price` 200. */
/** What the model and service price (the 200 body without its quote). */
export const priceResultSchema = z.strictObject({
  fixtureId: opinionSchema.shape.fixtureId,
  inputsVersion: z
    .number()
    .int()
    .min(1)
    .meta({ description: "The opinion's version the price was made from." }),
  modelVersion: z.string().meta({ description: 'The pricing model version (calendar versioning).' }),
  probability: z
    .number()
    .gt(0)
    .max(1)
    .meta({ description: 'Fair probability that every leg wins (correlations included), before margin.' }),
  fairOdds: z.number().min(1).meta({ description: '1 / probability.' }),
  margin: z
    .number()
    .min(0)
    .max(1)
    .meta({ description: 'The margin applied: 5% for one leg, +2% per extra leg, at most 20%.' }),
  odds: z
    .strictObject({
      decimal: z.number().min(1.01).max(1001),
      fractional: z.string().regex(/^[1-9][0-9]*\/[1-9][0-9]*$/),
    })
    .meta({
      description:
        'The offered price: the largest price on the fractional odds ladder <= fairOdds / (1 + margin); at least 1.01, at most 1000/1.',
    }),
  legs: z
    .array(legSchema)
    .min(1)
    .meta({ description: 'The legs as priced: normalised, duplicates removed, in request order.' }),
});

/** The signed quote every 200 of `POST /v1/price` carries (ADR 0017). */
export const quoteSchema = z.strictObject({
  id: z.string().meta({ description: '`q_` + a ULID.' }),
  expiresAt: z.iso.datetime().meta({ description: 'ISO-8601 UTC; 30 s pre-match, 10 s in-play by default.' }),
  token: z
    .string()
    .meta({ description: 'Opaque to clients; send it to `POST /v1/quotes/verify` unchanged.' }),
});

/** `POST /v1/price` 200. */
export const priceResponseSchema = priceResultSchema.extend({ quote: quoteSchema });

/** `POST /v1/quotes/verify` request body. */
export const verifyQuoteRequestSchema = z.strictObject({
  token: z.string().min(1).meta({ description: 'The `quote.token` of a price, unchanged.' }),
});

/** The signed fields of a quote, as verification returns them. */
export const signedQuoteSchema = z.strictObject({
  id: z.string(),
  fixtureId: z.string(),
  legs: z.array(legSchema).min(1),
  inputsVersion: z.number().int().min(1),
  modelVersion: z.string(),
  probability: z.number().gt(0).max(1),
  odds: z.strictObject({ decimal: z.number(), fractional: z.string() }),
  expiresAt: z.iso.datetime(),
});

/** `POST /v1/quotes/verify` 200. */
export const verifyQuoteResponseSchema = z.strictObject({
  valid: z.literal(true),
  quote: signedQuoteSchema,
});

const ladderOdds = z.strictObject({
  decimal: z.number().min(1.01).max(1001),
  fractional: z.string().regex(/^[1-9][0-9]*\/[1-9][0-9]*$/),
});

/** One market of the menu: a market and period with every selection the service prices, each at its one-leg price. */
export const menuMarketSchema = z.strictObject({
  market: z.enum(legSchema.options.map((o) => o.shape.market.value) as [Leg['market'], ...Leg['market'][]]),
  period: z.enum(PERIODS),
  selections: z.array(
    z.strictObject({
      leg: legSchema.meta({ description: 'Exactly the leg to send to `POST /v1/price`.' }),
      probability: z.number().gt(0).max(1).meta({ description: 'Fair probability, before margin.' }),
      odds: ladderOdds.meta({ description: 'The offered one-leg price.' }),
    }),
  ),
});

/** `GET /v1/fixtures/{fixtureId}/markets` 200. */
export const marketMenuResponseSchema = z.strictObject({
  fixtureId: opinionSchema.shape.fixtureId,
  inputsVersion: z.number().int().min(1),
  modelVersion: z.string(),
  markets: z.array(menuMarketSchema),
});

const errorCodes = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** Every error body of the contract. */
export const errorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(errorCodes),
    message: z.string().meta({ description: 'For people; never carries internal detail.' }),
    details: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .min(1)
      .optional()
      .meta({ description: 'Validation errors only: each bad field by its path, e.g. `legs.1.line`.' }),
    correlationId: z.string().optional().meta({
      description: '`INTERNAL` only: the id the failure was logged with (also in `x-correlation-id`).',
    }),
    current: priceResponseSchema.optional().meta({
      description: '`PRICE_CHANGED` only: the price at the current version, with a fresh quote.',
    }),
    homeRegion: z.string().optional().meta({
      description: "`WRONG_REGION` only: the environment's home region, whose API serves the route.",
    }),
  }),
});

/** `GET /health` 200 (the local server only). */
export const healthResponseSchema = z.strictObject({
  status: z.literal('ok'),
  cacheMode: z
    .enum(['tiered', 'in-process'])
    .meta({ description: '`tiered`: in-process + shared Redis model cache; `in-process`: no Redis.' }),
  redis: z.string().meta({ description: "The Redis client's status (`ready`, …), or `none` without Redis." }),
});

// Compile-time drift checks: each response type and its schema's type are assignable both ways (same fields, same
// optionality, same value types; `readonly` aside).
type Equals<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const priceResponseMatches: Equals<z.output<typeof priceResultSchema>, PriceResponse> = true;
const storedOpinionMatches: Equals<z.output<typeof storedOpinionSchema>, StoredOpinion> = true;
const menuMarketMatches: Equals<z.output<typeof menuMarketSchema>, MenuMarket> = true;
void priceResponseMatches;
void menuMarketMatches;
void storedOpinionMatches;
