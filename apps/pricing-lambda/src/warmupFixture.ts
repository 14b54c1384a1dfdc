import {
  marketMenu,
  parsePriceRequest,
  price,
  PricingError,
  type FixtureModel,
} from '@betbuilder/pricing-model';
import type { StoredOpinion } from './types/opinion';

/**
 * The id of the built-in fixture a warm-up prices. It cannot collide with a real fixture: real ids match
 * `^[a-z0-9][a-z0-9-]{2,63}$`, and this one starts with an underscore.
 */
export const WARMUP_FIXTURE_ID = '__warm-up__';

/**
 * A typical Premier League opinion, never stored in the table: a warm-up builds (or reads from the shared cache) its
 * model and prices {@link WARMUP_BETS} on it, so the container's first real price does not pay V8's compilation of
 * the price path (validation, cache tiers, codec, pricing). A model of typical size, so the codec and the L2 read are
 * exercised at their real size.
 */
export const WARMUP_OPINION: StoredOpinion = Object.freeze({
  fixtureId: WARMUP_FIXTURE_ID,
  competition: 'warm-up',
  kickoff: '2026-01-01T15:00:00Z',
  home: { name: 'Home', goals: 1.5, cards: 1.7, corners: 5.6 },
  away: { name: 'Away', goals: 1.15, cards: 1.9, corners: 4.6 },
  status: 'OPEN',
  players: [
    { playerId: 'h9', name: 'Home 9', team: 'HOME', goalShare: 0.3, cardShare: 0.08, expectedMinutes: 85 },
    { playerId: 'h7', name: 'Home 7', team: 'HOME', goalShare: 0.2, cardShare: 0.1, expectedMinutes: 80 },
    { playerId: 'a9', name: 'Away 9', team: 'AWAY', goalShare: 0.32, cardShare: 0.1, expectedMinutes: 88 },
    { playerId: 'a6', name: 'Away 6', team: 'AWAY', goalShare: 0.04, cardShare: 0.2, expectedMinutes: 90 },
  ],
  model: { dixonColesRho: -0.08, gameState: true, cornersDispersion: 1.15 },
  inputsVersion: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
}) as StoredOpinion;

/**
 * Price request bodies a warm-up runs through validation and pricing: every market of the contract, several players
 * of one team, a bet that cannot be priced (NO_PRICE), an unknown player (PLAYER_NOT_FOUND) and an invalid leg, so
 * the error paths are compiled too.
 */
export const WARMUP_BETS: readonly unknown[] = [
  [
    { market: 'MATCH_RESULT', selection: 'HOME' },
    { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
    { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
    { market: 'PLAYER_TO_SCORE', playerId: 'h9' },
  ],
  [
    { market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' },
    { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 1.5 },
    { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
    { market: 'TEAM_CARDS', team: 'HOME', side: 'OVER', line: 1.5 },
    { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
    { market: 'TEAM_CORNERS', team: 'AWAY', side: 'UNDER', line: 4.5 },
    { market: 'PLAYER_TO_BE_CARDED', playerId: 'a6' },
  ],
  [
    { market: 'CORRECT_SCORE', home: 2, away: 1 },
    { market: 'PLAYER_TO_SCORE', playerId: 'h9' },
    { market: 'PLAYER_TO_SCORE', playerId: 'h7' },
  ],
  [
    { market: 'MATCH_RESULT', selection: 'HOME' },
    { market: 'MATCH_RESULT', selection: 'AWAY' },
  ],
  [
    { market: 'HANDICAP', team: 'HOME', line: -1.5 },
    { market: 'CLEAN_SHEET', team: 'HOME' },
    { market: 'PLAYER_TO_SCORE', playerId: 'h9', atLeast: 2 },
    { market: 'TOTAL_CORNERS', side: 'UNDER', line: 10.5 },
  ],
  [
    { market: 'WIN_TO_NIL', team: 'HOME' },
    { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'h9' },
    { market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' },
    { market: 'TOTAL_CARDS', side: 'UNDER', line: 4.5 },
  ],
  [
    { market: 'HALF_TIME_FULL_TIME', halfTime: 'DRAW', fullTime: 'HOME' },
    { market: 'TOTAL_GOALS', side: 'OVER', line: 0.5, period: 'FIRST_HALF' },
    { market: 'MATCH_RESULT', selection: 'HOME', period: 'SECOND_HALF' },
    { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES', period: 'FIRST_HALF' },
  ],
  // The halves section's legs: a half's cards and corners.
  [
    { market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'FIRST_HALF' },
    { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 2.5, period: 'SECOND_HALF' },
    { market: 'HANDICAP', team: 'AWAY', line: 0.5, period: 'FIRST_HALF' },
  ],
  [{ market: 'PLAYER_TO_SCORE', playerId: 'nobody' }],
  [{ market: 'TOTAL_GOALS', side: 'OVER', line: 2 }],
  // The bodies name a valid id (validation is what is being warmed); they are priced on the warm-up model.
].map((legs) => ({ fixtureId: 'warm-up', legs }));

/** How many bets {@link warmupMenuBets} draws: enough that every pricing branch is taken many times. */
export const WARMUP_MENU_BETS = 240;
/** How many times a warm-up prices the menu bets: twice, so code optimized during the first pass meets them again. */
export const WARMUP_PRICE_ROUNDS = 2;
/**
 * The most a warm-up spends pricing the menu bets (~0.7 s of CPU in a quiet process; eight containers warming at once
 * on two cores stop here): the keep-warm invocation it answers waits 5 s.
 */
export const WARMUP_PRICE_BUDGET_MS = 1_500;

/**
 * Bets of 1 to 8 legs drawn from the warm-up model's market menu (every market, period and line the model offers,
 * players included) by a fixed linear congruential generator, so every warm-up prices the same bets. Pricing them a
 * few hundred times before the first real price gives V8 complete type feedback on every branch of the price path
 * (one-count, count-pair, period and player legs, bets that cannot win together) before it optimizes that code: a
 * container then optimizes its price path once, in the warm-up, instead of optimizing early on partial feedback and
 * recompiling after each new branch under real traffic (measured: ~1.5 s of V8 compilation per container in its first
 * 20 s of traffic, ADR 0033).
 *
 * @example
 * const bets = warmupMenuBets(marketMenu(model).flatMap((m) => m.selections.map((s) => s.leg)));
 */
export function warmupMenuBets(legs: readonly unknown[], count = WARMUP_MENU_BETS): unknown[] {
  let state = 0x2545f491;
  const next = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const bets: unknown[] = [];
  if (legs.length === 0) return bets;
  for (let i = 0; i < count; i++) {
    // Mostly 2 to 4 legs, as customers build them; up to 8.
    const size = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8][next(12)]!;
    const picked: unknown[] = [];
    for (let j = 0; j < size; j++) picked.push(legs[next(legs.length)]);
    bets.push({ fixtureId: 'warm-up', legs: picked });
  }
  return bets;
}

/**
 * What a warm-up prices on the warm-up model, synchronously: {@link WARMUP_BETS} (error paths included, each through
 * `JSON.parse` and validation as a request body is), the market menu (so a first menu request finds it compiled), then
 * {@link warmupMenuBets} up to `rounds` times while within `budgetMs`. Answers how many menu bets it priced.
 *
 * @example
 * warmUpPricing(model); // 480 in a quiet process; fewer where the budget ran out first
 */
export function warmUpPricing(
  model: FixtureModel,
  budgetMs = WARMUP_PRICE_BUDGET_MS,
  rounds = WARMUP_PRICE_ROUNDS,
): number {
  const priceOne = (body: unknown) => {
    const parsed = parsePriceRequest(JSON.parse(JSON.stringify(body)));
    if (!parsed.ok) return;
    try {
      price(model, parsed.value.legs);
    } catch (err) {
      if (!(err instanceof PricingError)) throw err;
    }
  };
  for (const body of WARMUP_BETS) priceOne(body);
  const menu = marketMenu(model);
  const bets = warmupMenuBets(menu.flatMap((m) => m.selections.map((s) => s.leg)));
  const until = performance.now() + budgetMs;
  let n = 0;
  while (n < rounds * bets.length && performance.now() < until) priceOne(bets[n++ % bets.length]);
  return n;
}
