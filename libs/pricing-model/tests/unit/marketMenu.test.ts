import {
  legsProbability,
  marketMenu,
  MIN_PROBABILITY,
  parsePriceRequest,
  price,
  type Leg,
  type MenuMarket,
} from '../../src/index';
import { modelOf, NEUTRAL, opinionInput, poissonPmf } from './fixtures';

const fixtureId = 'epl-2026-12-05-ars-che';
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const halfLines = (from: number, to: number) => range(0, to - from).map((i) => from + i);
const TEAMS = ['HOME', 'AWAY'] as const;
const SIDES = ['OVER', 'UNDER'] as const;

/** The contract's menu, written out independently of the implementation: every leg it must list. */
function contractMenuLegs(playerIds: readonly string[]): Leg[] {
  const legs: Leg[] = [];
  for (const period of ['FULL_TIME', 'FIRST_HALF', 'SECOND_HALF'] as const) {
    // a leg carries its period unless that is FULL_TIME
    const at = period === 'FULL_TIME' ? {} : { period };
    const periodic: Leg[] = [];
    for (const selection of ['HOME', 'DRAW', 'AWAY'] as const)
      periodic.push({ market: 'MATCH_RESULT', selection });
    for (const selection of ['HOME_OR_DRAW', 'HOME_OR_AWAY', 'DRAW_OR_AWAY'] as const)
      periodic.push({ market: 'DOUBLE_CHANCE', selection });
    for (const selection of ['YES', 'NO'] as const)
      periodic.push({ market: 'BOTH_TEAMS_TO_SCORE', selection });
    for (const side of SIDES) {
      for (const line of halfLines(0.5, 6.5)) periodic.push({ market: 'TOTAL_GOALS', side, line });
      for (const line of halfLines(0.5, 8.5)) periodic.push({ market: 'TOTAL_CARDS', side, line });
      for (const line of halfLines(6.5, 13.5)) periodic.push({ market: 'TOTAL_CORNERS', side, line });
      for (const team of TEAMS) {
        for (const line of halfLines(0.5, 3.5)) periodic.push({ market: 'TEAM_GOALS', team, side, line });
        for (const line of halfLines(0.5, 4.5)) periodic.push({ market: 'TEAM_CARDS', team, side, line });
        for (const line of halfLines(2.5, 7.5)) periodic.push({ market: 'TEAM_CORNERS', team, side, line });
      }
    }
    for (const home of range(0, 4))
      for (const away of range(0, 4)) periodic.push({ market: 'CORRECT_SCORE', home, away });
    for (const team of TEAMS) {
      for (const line of [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]) periodic.push({ market: 'HANDICAP', team, line });
      periodic.push({ market: 'CLEAN_SHEET', team });
    }
    legs.push(...periodic.map((l) => Object.assign({}, l, at)));
  }
  for (const team of TEAMS) legs.push({ market: 'WIN_TO_NIL', team });
  for (const halfTime of ['HOME', 'DRAW', 'AWAY'] as const)
    for (const fullTime of ['HOME', 'DRAW', 'AWAY'] as const)
      legs.push({ market: 'HALF_TIME_FULL_TIME', halfTime, fullTime });
  for (const selection of ['HOME', 'AWAY', 'NONE'] as const)
    legs.push({ market: 'FIRST_TEAM_TO_SCORE', selection });
  for (const playerId of playerIds) {
    legs.push(
      { market: 'PLAYER_TO_SCORE', playerId },
      { market: 'PLAYER_TO_SCORE', playerId, atLeast: 2 },
      { market: 'PLAYER_FIRST_GOALSCORER', playerId },
      { market: 'PLAYER_TO_BE_CARDED', playerId },
    );
  }
  return legs;
}

const key = (leg: Leg) => JSON.stringify(Object.entries(leg).sort(([a], [b]) => a.localeCompare(b)));
const allSelections = (menu: MenuMarket[]) => menu.flatMap((m) => m.selections);

describe('marketMenu', () => {
  const input = opinionInput();
  const model = modelOf(input);
  const menu = marketMenu(model);

  it('gives every selection exactly the one-leg price of POST /v1/price', () => {
    for (const s of allSelections(menu)) {
      const r = price(model, [s.leg]);
      expect({ probability: s.probability, odds: s.odds }).toStrictEqual({
        probability: r.probability,
        odds: r.odds,
      });
    }
  });

  it('lists each leg exactly as a client sends it: it parses, and pricing returns it unchanged', () => {
    for (const s of allSelections(menu)) {
      const parsed = parsePriceRequest({ fixtureId, legs: [JSON.parse(JSON.stringify(s.leg))] });
      expect(parsed).toEqual({ ok: true, value: { fixtureId, legs: [s.leg] } });
      expect(price(model, [s.leg]).legs).toStrictEqual([s.leg]);
    }
  });

  it("lists every market and line of the contract's menu that has a price, and nothing else", () => {
    // Prepare
    const expected = contractMenuLegs(input.players.map((p) => p.playerId));
    const listed = new Set(allSelections(menu).map((s) => key(s.leg)));
    // Assess: each contract leg is listed unless its probability is below 1/1001
    for (const leg of expected) {
      const priced = legsProbability(model, [leg]) >= MIN_PROBABILITY;
      expect([key(leg), listed.has(key(leg))]).toEqual([key(leg), priced]);
    }
    expect(listed.size).toBe(allSelections(menu).length); // no selection twice
    expect([...listed].sort()).toEqual(
      expected
        .filter((l) => legsProbability(model, [l]) >= MIN_PROBABILITY)
        .map(key)
        .sort(),
    );
  });

  it('groups the selections by market and period, one group each, each leg carrying the group period', () => {
    const groups = menu.map((m) => `${m.market}/${m.period}`);
    expect(new Set(groups).size).toBe(groups.length);
    expect(menu.every((m) => m.selections.every((s) => s.leg.market === m.market))).toBe(true);
    for (const m of menu)
      for (const s of m.selections) expect('period' in s.leg ? s.leg.period : 'FULL_TIME').toBe(m.period);
    const periodic = [
      'MATCH_RESULT',
      'DOUBLE_CHANCE',
      'TOTAL_GOALS',
      'TEAM_GOALS',
      'BOTH_TEAMS_TO_SCORE',
      'CORRECT_SCORE',
      'HANDICAP',
      'CLEAN_SHEET',
      'TOTAL_CARDS',
      'TEAM_CARDS',
      'TOTAL_CORNERS',
      'TEAM_CORNERS',
    ];
    const expected = [
      ...periodic.slice(0, 6).flatMap((m) => [`${m}/FULL_TIME`, `${m}/FIRST_HALF`, `${m}/SECOND_HALF`]),
      'HALF_TIME_FULL_TIME/FULL_TIME',
      ...['HANDICAP'].flatMap((m) => [`${m}/FULL_TIME`, `${m}/FIRST_HALF`, `${m}/SECOND_HALF`]),
      'WIN_TO_NIL/FULL_TIME',
      ...periodic.slice(7).flatMap((m) => [`${m}/FULL_TIME`, `${m}/FIRST_HALF`, `${m}/SECOND_HALF`]),
      'FIRST_TEAM_TO_SCORE/FULL_TIME',
      'PLAYER_FIRST_GOALSCORER/FULL_TIME',
      'PLAYER_TO_SCORE/FULL_TIME',
      'PLAYER_TO_BE_CARDED/FULL_TIME',
    ];
    expect(groups).toEqual(expected);
  });

  it('leaves out selections below 1/1001, and markets left empty', () => {
    // Prepare: a lopsided neutral fixture (4.5 v 0.2 goals, few cards) without players
    const lopsided = modelOf(
      opinionInput(NEUTRAL, {
        home: { name: 'Home', goals: 4.5, cards: 0.3, corners: 9 },
        away: { name: 'Away', goals: 0.2, cards: 0.3, corners: 1 },
        players: [],
      }),
    );
    // Act
    const m = marketMenu(lopsided);
    const listed = new Set(allSelections(m).map((s) => key(s.leg)));
    // Assess: away winning 0-4 is P(0,4) < 1/1001 and not listed; home 4-0 is
    const p04 = poissonPmf(4.5, 0) * poissonPmf(0.2, 4);
    expect(p04).toBeLessThan(MIN_PROBABILITY);
    expect(listed.has(key({ market: 'CORRECT_SCORE', home: 0, away: 4 }))).toBe(false);
    expect(listed.has(key({ market: 'CORRECT_SCORE', home: 4, away: 0 }))).toBe(true);
    expect(m.some((g) => g.market === 'PLAYER_TO_SCORE' || g.market === 'PLAYER_TO_BE_CARDED')).toBe(false);
    for (const s of allSelections(m)) expect(s.probability).toBeGreaterThanOrEqual(MIN_PROBABILITY);
  });

  it('is deterministic: the same model gives the same menu', () => {
    expect(marketMenu(model)).toStrictEqual(menu);
  });
});
