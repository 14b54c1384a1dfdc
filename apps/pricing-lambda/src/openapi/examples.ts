import {
  buildFixtureModel,
  CONTRACT_EXAMPLE_IN_PLAY,
  CONTRACT_EXAMPLE_LEGS,
  CONTRACT_EXAMPLE_OPINION,
  marketMenu,
  MODEL_VERSION,
  price,
} from '@betbuilder/pricing-model';
import type { ApiErrorCode } from '../errors/ApiError';
import { encodeCursor } from '../fixtureList';
import { listKeyOf } from '../opinionTable';
import { wrongRegionBody } from '../wrongRegion';

/** The home region the examples assume (the `421 WRONG_REGION` examples name it). */
export const EXAMPLE_HOME_REGION = 'eu-west-1';

/** The examples the OpenAPI document and the reference show; the price is the model's real answer. */
export interface ContractExamples {
  readonly priceRequest: unknown;
  readonly priceResponse: unknown;
  readonly verifyQuoteRequest: unknown;
  readonly verifyQuoteResponse: unknown;
  readonly opinionBody: unknown;
  readonly storedOpinion: unknown;
  readonly fixtureList: unknown;
  readonly health: unknown;
  readonly marketMenu: unknown;
}

const EXAMPLE_UPDATED_AT = '2026-12-01T09:00:00.000Z';

/** The contract's in-play example (minute 63, Saka scored in the first half), from the model library. */
export { CONTRACT_EXAMPLE_IN_PLAY };

/** An illustrative quote (its token is shortened: a real one is `v1.<kid>.<payload>.<mac>`, 300-600 bytes). */
const EXAMPLE_QUOTE = {
  id: 'q_01KBS3ZKQ8V6X2M4N7P9R1T3W5',
  expiresAt: '2026-12-01T09:00:30.000Z',
  token: 'v1.k1.eyJmaXh0dXJlSWQiOiJlcGwtMjAyNi0xMi0wNS1hcnMtY2hlIn0.c2lnbmF0dXJl',
} as const;

/**
 * The contract's example opinion and bet, priced by the model itself (so the example's probability and odds are what
 * the service answers for that opinion at version 1).
 *
 * @example
 * const ex = contractExamples(); // ex.priceResponse.modelVersion === MODEL_VERSION
 */
export function contractExamples(): ContractExamples {
  const { fixtureId, ...opinionBody } = CONTRACT_EXAMPLE_OPINION;
  const model = buildFixtureModel(CONTRACT_EXAMPLE_OPINION);
  const priced = price(model, [...CONTRACT_EXAMPLE_LEGS]);
  // The menu's first two markets, in full: the whole menu is hundreds of selections.
  const menu = marketMenu(model).slice(0, 2);
  // Two more items of the fixture list: a suspended fixture and one in play.
  const listed = <S extends 'OPEN' | 'SUSPENDED'>(
    id: string,
    kickoff: string,
    status: S,
    inputsVersion: number,
    [home, away]: readonly [string, string],
  ) => ({
    fixtureId: id,
    competition: 'Premier League' as const,
    kickoff,
    status,
    inputsVersion,
    updatedAt: EXAMPLE_UPDATED_AT,
    home: { name: home },
    away: { name: away },
  });
  const second = listed('epl-2026-12-06-tot-mun', '2026-12-06T17:30:00Z', 'SUSPENDED', 4, [
    'Tottenham Hotspur',
    'Manchester United',
  ]);
  const inPlay = {
    ...listed('epl-2026-12-06-liv-mci', '2026-12-06T20:00:00Z', 'OPEN', 7, ['Liverpool', 'Manchester City']),
    inPlay: { minute: CONTRACT_EXAMPLE_IN_PLAY.minute },
  };
  return {
    priceRequest: { fixtureId, legs: CONTRACT_EXAMPLE_LEGS },
    priceResponse: {
      fixtureId,
      inputsVersion: 1,
      modelVersion: MODEL_VERSION,
      probability: priced.probability,
      fairOdds: priced.fairOdds,
      margin: priced.margin,
      odds: priced.odds,
      legs: priced.legs,
      quote: EXAMPLE_QUOTE,
    },
    verifyQuoteRequest: { token: EXAMPLE_QUOTE.token },
    verifyQuoteResponse: {
      valid: true,
      quote: {
        id: EXAMPLE_QUOTE.id,
        fixtureId,
        legs: priced.legs,
        inputsVersion: 1,
        modelVersion: MODEL_VERSION,
        probability: priced.probability,
        odds: priced.odds,
        expiresAt: EXAMPLE_QUOTE.expiresAt,
      },
    },
    opinionBody,
    storedOpinion: { ...CONTRACT_EXAMPLE_OPINION, inputsVersion: 1, updatedAt: EXAMPLE_UPDATED_AT },
    fixtureList: {
      fixtures: [
        {
          fixtureId,
          competition: CONTRACT_EXAMPLE_OPINION.competition,
          kickoff: CONTRACT_EXAMPLE_OPINION.kickoff,
          status: CONTRACT_EXAMPLE_OPINION.status,
          inputsVersion: 1,
          updatedAt: EXAMPLE_UPDATED_AT,
          home: { name: CONTRACT_EXAMPLE_OPINION.home.name },
          away: { name: CONTRACT_EXAMPLE_OPINION.away.name },
        },
        second,
        inPlay,
      ],
      nextCursor: encodeCursor(listKeyOf(inPlay)),
    },
    health: { status: 'ok', cacheMode: 'tiered', redis: 'ready' },
    marketMenu: { fixtureId, inputsVersion: 1, modelVersion: MODEL_VERSION, markets: menu },
  };
}

/** One example body per error code (what `details` look like for validation). */
export const ERROR_EXAMPLES: {
  readonly [C in ApiErrorCode]: {
    message: string;
    details?: { path: string; message: string }[];
    correlationId?: string;
    homeRegion?: string;
  };
} = {
  INVALID_REQUEST: {
    message: 'invalid price request',
    details: [{ path: 'legs.1.line', message: 'line must be a half-line n + 0.5 (n >= 0)' }],
  },
  FIXTURE_NOT_FOUND: { message: "no opinion is stored for fixture 'epl-2026-12-05-ars-che'" },
  PLAYER_NOT_FOUND: { message: "player 'kane' is not in fixture epl-2026-12-05-ars-che" },
  FIXTURE_SUSPENDED: { message: "fixture 'epl-2026-12-05-ars-che' is suspended" },
  VERSION_CONFLICT: { message: 'If-Match 2 does not match: stored inputsVersion is 3' },
  UNSUPPORTED_MEDIA_TYPE: { message: 'the request body must be sent as content-type: application/json' },
  PAYLOAD_TOO_LARGE: { message: 'request body is 17000 bytes; the limit is 16384' },
  NO_PRICE: { message: 'these legs cannot all win together' },
  INVALID_QUOTE: { message: 'the quote token is malformed, forged or signed with an unknown key' },
  QUOTE_EXPIRED: { message: 'the quote expired at 2026-12-01T09:00:30.000Z' },
  PRICE_CHANGED: { message: "fixture 'epl-2026-12-05-ars-che' moved on and its current odds are shorter" },
  DEPENDENCY_UNAVAILABLE: { message: 'the opinion store is unavailable; retry shortly' },
  INTERNAL: {
    message: 'internal error (correlation id 5f0c6a1e-9d1b-4c2e-8f3a-2b7d9e4c1a00)',
    correlationId: '5f0c6a1e-9d1b-4c2e-8f3a-2b7d9e4c1a00',
  },
  // The trader routes' form; quote verification says it its own way (wrongRegionBody('quotes', …)).
  WRONG_REGION: (({ code: _code, ...rest }) => rest)(wrongRegionBody('opinions', EXAMPLE_HOME_REGION).error),
};
