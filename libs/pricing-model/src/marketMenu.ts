import { quote } from './price';
import { PRICED_PERIODS } from './schemas';
import type { Leg, Market, Period } from './types/legs';
import type { FixtureModel } from './types/model';

/** One selection of the menu: the leg a client sends to `POST /v1/price`, and that one-leg price. */
export interface MenuSelection {
  readonly leg: Leg;
  /** Fair probability, exactly `price(model, [leg]).probability`. */
  readonly probability: number;
  /** Offered odds with the one-leg margin, exactly `price(model, [leg]).odds`. */
  readonly odds: { decimal: number; fractional: string };
}

/** One market of the menu on one period, with its selections in a fixed order. */
export interface MenuMarket {
  readonly market: Market;
  readonly period: Period;
  readonly selections: MenuSelection[];
}

/** `{}` on full time (the default a client leaves out), `{ period }` otherwise. */
type PeriodField = { period?: Period };

/** A market of the menu: the legs it lists for a model (and a period, for a market that has periods). */
interface MenuEntry {
  readonly market: Market;
  /** True for a market with a `period` field: listed once per period the model prices. */
  readonly periodic: boolean;
  legs(model: FixtureModel, at: PeriodField): Leg[];
}

/** from, from + 1, …, to (half-lines when from is one). */
function lines(from: number, to: number): number[] {
  return Array.from({ length: Math.round(to - from) + 1 }, (_, i) => from + i);
}

const TEAMS = ['HOME', 'AWAY'] as const;
const RESULTS = ['HOME', 'DRAW', 'AWAY'] as const;
const SIDES = ['OVER', 'UNDER'] as const;

/** Over and under each line of a total market. */
const totals =
  (market: 'TOTAL_GOALS' | 'TOTAL_CARDS' | 'TOTAL_CORNERS', from: number, to: number) =>
  (_model: FixtureModel, at: PeriodField): Leg[] =>
    lines(from, to).flatMap((line) => SIDES.map((side) => ({ market, side, line, ...at })));

/** Over and under each line of a team market, home team first. */
const teamTotals =
  (market: 'TEAM_GOALS' | 'TEAM_CARDS' | 'TEAM_CORNERS', from: number, to: number) =>
  (_model: FixtureModel, at: PeriodField): Leg[] =>
    TEAMS.flatMap((team) =>
      lines(from, to).flatMap((line) => SIDES.map((side) => ({ market, team, side, line, ...at }))),
    );

/**
 * The menu, one entry per market, in the order a front end shows them. A new market is one entry here; a market gets
 * its halves when the model prices them (`PRICED_PERIODS`).
 */
const MENU: readonly MenuEntry[] = [
  {
    market: 'MATCH_RESULT',
    periodic: true,
    legs: (_m, at) =>
      (['HOME', 'DRAW', 'AWAY'] as const).map((selection) => ({ market: 'MATCH_RESULT', selection, ...at })),
  },
  {
    market: 'DOUBLE_CHANCE',
    periodic: true,
    legs: (_m, at) =>
      (['HOME_OR_DRAW', 'HOME_OR_AWAY', 'DRAW_OR_AWAY'] as const).map((selection) => ({
        market: 'DOUBLE_CHANCE',
        selection,
        ...at,
      })),
  },
  { market: 'TOTAL_GOALS', periodic: true, legs: totals('TOTAL_GOALS', 0.5, 6.5) },
  { market: 'TEAM_GOALS', periodic: true, legs: teamTotals('TEAM_GOALS', 0.5, 3.5) },
  {
    market: 'BOTH_TEAMS_TO_SCORE',
    periodic: true,
    legs: (_m, at) =>
      (['YES', 'NO'] as const).map((selection) => ({ market: 'BOTH_TEAMS_TO_SCORE', selection, ...at })),
  },
  {
    market: 'CORRECT_SCORE',
    periodic: true,
    legs: (_m, at) =>
      lines(0, 4).flatMap((home) =>
        lines(0, 4).map((away) => ({ market: 'CORRECT_SCORE', home, away, ...at })),
      ),
  },
  {
    market: 'HALF_TIME_FULL_TIME',
    periodic: false,
    legs: () =>
      RESULTS.flatMap((halfTime) =>
        RESULTS.map((fullTime) => ({ market: 'HALF_TIME_FULL_TIME', halfTime, fullTime })),
      ),
  },
  {
    market: 'HANDICAP',
    periodic: true,
    legs: (_m, at) =>
      TEAMS.flatMap((team) => lines(-2.5, 2.5).map((line) => ({ market: 'HANDICAP', team, line, ...at }))),
  },
  {
    market: 'WIN_TO_NIL',
    periodic: false,
    legs: () => TEAMS.map((team) => ({ market: 'WIN_TO_NIL', team })),
  },
  {
    market: 'CLEAN_SHEET',
    periodic: true,
    legs: (_m, at) => TEAMS.map((team) => ({ market: 'CLEAN_SHEET', team, ...at })),
  },
  { market: 'TOTAL_CARDS', periodic: true, legs: totals('TOTAL_CARDS', 0.5, 8.5) },
  { market: 'TEAM_CARDS', periodic: true, legs: teamTotals('TEAM_CARDS', 0.5, 4.5) },
  { market: 'TOTAL_CORNERS', periodic: true, legs: totals('TOTAL_CORNERS', 6.5, 13.5) },
  { market: 'TEAM_CORNERS', periodic: true, legs: teamTotals('TEAM_CORNERS', 2.5, 7.5) },
  {
    market: 'FIRST_TEAM_TO_SCORE',
    periodic: false,
    legs: () =>
      (['HOME', 'AWAY', 'NONE'] as const).map((selection) => ({ market: 'FIRST_TEAM_TO_SCORE', selection })),
  },
  {
    market: 'PLAYER_FIRST_GOALSCORER',
    periodic: false,
    legs: (model) => model.players.map((p) => ({ market: 'PLAYER_FIRST_GOALSCORER', playerId: p.playerId })),
  },
  {
    market: 'PLAYER_TO_SCORE',
    periodic: false,
    // 1+ is the plain leg (atLeast 1 is its default); 2+ carries atLeast.
    legs: (model) =>
      model.players.flatMap((p): Leg[] => [
        { market: 'PLAYER_TO_SCORE', playerId: p.playerId },
        { market: 'PLAYER_TO_SCORE', playerId: p.playerId, atLeast: 2 },
      ]),
  },
  {
    market: 'PLAYER_TO_BE_CARDED',
    periodic: false,
    legs: (model) => model.players.map((p) => ({ market: 'PLAYER_TO_BE_CARDED', playerId: p.playerId })),
  },
];

/**
 * The fixture's menu: every single selection the service prices (the markets and lines of the API contract's menu,
 * every priced period), each with the one-leg price — `probability` and `odds` are exactly those of
 * `price(model, [leg])`, because they are computed by price's own code (`quote`: price without the NO_PRICE
 * exception). Selections that get no price (probability below 1/1001, or 0) are left out, and so is a market with no
 * selection left (e.g. the player markets of a fixture without players). Pure; about a millisecond (the single legs'
 * shortcuts read per-model sums, computed by the model's first menu or price), so a caller computes it once per model
 * and caches it with the model.
 *
 * @example
 * const menu = marketMenu(model);
 * // [{ market: 'MATCH_RESULT', period: 'FULL_TIME', selections: [
 * //    { leg: { market: 'MATCH_RESULT', selection: 'HOME' }, probability: 0.4642, odds: { decimal: 2.05, fractional: '21/20' } }, …] }, …]
 */
export function marketMenu(model: FixtureModel): MenuMarket[] {
  const markets: MenuMarket[] = [];
  for (const entry of MENU) {
    const periods: readonly Period[] = entry.periodic ? PRICED_PERIODS : ['FULL_TIME'];
    for (const period of periods) {
      const selections: MenuSelection[] = [];
      for (const leg of entry.legs(model, period === 'FULL_TIME' ? {} : { period })) {
        // price() of the one leg, without its NO_PRICE exception for a selection left out
        const r = quote(model, [leg]);
        if (typeof r !== 'string') selections.push({ leg, probability: r.probability, odds: r.odds });
      }
      if (selections.length > 0) markets.push({ market: entry.market, period, selections });
    }
  }
  return markets;
}
