import fc from 'fast-check';
import { legsProbability, parsePriceRequest, price, type Leg } from '../../src/index';
import {
  assertProperty,
  issuesOf,
  mirrored,
  modelOf,
  NEUTRAL,
  okValue,
  opinionInput,
  poissonPmf,
  pricingErrorCode,
} from './fixtures';

const fixtureId = 'epl-2026-12-05-ars-che';
const request = (...legs: unknown[]) => parsePriceRequest({ fixtureId, legs });

/** Σ over the independent-Poisson grid of the indicator (the neutral model's closed form). */
function poissonGridSum(lh: number, la: number, holds: (h: number, a: number) => boolean): number {
  let s = 0;
  for (let h = 0; h <= 40; h++) {
    for (let a = 0; a <= 40; a++) if (holds(h, a)) s += poissonPmf(lh, h) * poissonPmf(la, a);
  }
  return s;
}

describe('parsePriceRequest for v2 legs', () => {
  it('refuses an unknown leg field, naming it in the path', () => {
    const r = request(
      { market: 'MATCH_RESULT', selection: 'HOME', foo: 1 },
      { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5, halfTime: 'HOME', bar: true },
    );
    expect(issuesOf(r)).toEqual([
      { path: 'legs.0.foo', message: "unknown field 'foo'" },
      { path: 'legs.1.halfTime', message: "unknown field 'halfTime'" },
      { path: 'legs.1.bar', message: "unknown field 'bar'" },
    ]);
  });

  it('refuses an unknown top-level field (a version or state it does not know), naming it', () => {
    const legs = [{ market: 'MATCH_RESULT', selection: 'HOME' }];
    const r = parsePriceRequest({ fixtureId, legs, expectedInputsVersion: 3, margin: 0 });
    expect(issuesOf(r)).toEqual([
      { path: 'expectedInputsVersion', message: "unknown field 'expectedInputsVersion'" },
      { path: 'margin', message: "unknown field 'margin'" },
    ]);
    expect(parsePriceRequest({ fixtureId, legs }).ok).toBe(true);
  });

  it('accepts first- and second-half legs and refuses a period outside the contract, naming it', () => {
    const ok = request(
      { market: 'MATCH_RESULT', selection: 'HOME', period: 'FIRST_HALF' },
      { market: 'TOTAL_CORNERS', side: 'OVER', line: 4.5, period: 'SECOND_HALF' },
    );
    expect(okValue(ok).legs.map((l) => ('period' in l ? l.period : undefined))).toEqual([
      'FIRST_HALF',
      'SECOND_HALF',
    ]);
    const r = request(
      { market: 'MATCH_RESULT', selection: 'HOME', period: 'FIRST_HALF' },
      { market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'EXTRA_TIME' },
      { market: 'WIN_TO_NIL', team: 'HOME', period: 'FIRST_HALF' },
      { market: 'PLAYER_TO_SCORE', playerId: 'saka', period: 'FIRST_HALF' },
    );
    expect(issuesOf(r).map((i) => i.path)).toEqual(['legs.1.period', 'legs.2.period', 'legs.3.period']);
  });

  it('accepts period FULL_TIME on the goal, card and corner markets and prices it as the leg without it', () => {
    // Prepare
    const model = modelOf(opinionInput());
    const legs = okValue(
      request(
        { market: 'MATCH_RESULT', selection: 'HOME', period: 'FULL_TIME' },
        { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 3.5, period: 'FULL_TIME' },
        { market: 'HANDICAP', team: 'HOME', line: -1.5, period: 'FULL_TIME' },
        { market: 'CLEAN_SHEET', team: 'HOME', period: 'FULL_TIME' },
      ),
    ).legs;
    // Act
    const r = price(model, legs);
    // Assess: the period is normalised away, and the price is that of the v1-style legs
    expect(r.legs).toEqual([
      { market: 'MATCH_RESULT', selection: 'HOME' },
      { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 3.5 },
      { market: 'HANDICAP', team: 'HOME', line: -1.5 },
      { market: 'CLEAN_SHEET', team: 'HOME' },
    ]);
    expect(r.probability).toBe(price(model, r.legs).probability);
  });

  it('accepts the new markets and refuses their bad values with paths', () => {
    expect(
      request(
        { market: 'HANDICAP', team: 'AWAY', line: 9.5 },
        { market: 'HANDICAP', team: 'HOME', line: -9.5 },
        { market: 'WIN_TO_NIL', team: 'HOME' },
        { market: 'CLEAN_SHEET', team: 'AWAY' },
        { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 3 },
      ).ok,
    ).toBe(true);
    const r = request(
      { market: 'HANDICAP', team: 'HOME', line: -1 },
      { market: 'HANDICAP', team: 'HOME', line: 10.5 },
      { market: 'HANDICAP', team: 'DRAW', line: 0.5 },
      { market: 'WIN_TO_NIL', team: 'HOME', period: 'FULL_TIME' },
      { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 4 },
      { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 1.5 },
      { market: 'PLAYER_TO_BE_CARDED', playerId: 'saka', atLeast: 1 },
    );
    expect(issuesOf(r).map((i) => i.path)).toEqual([
      'legs.0.line',
      'legs.1.line',
      'legs.2.team',
      'legs.3.period',
      'legs.4.atLeast',
      'legs.5.atLeast',
      'legs.6.atLeast',
    ]);
  });
});

describe('a leg on a half (direct library call)', () => {
  it('is priced on that half, not as full time', () => {
    const model = modelOf(opinionInput());
    const full = legsProbability(model, [{ market: 'MATCH_RESULT', selection: 'HOME' }]);
    const first: Leg = { market: 'MATCH_RESULT', selection: 'HOME', period: 'FIRST_HALF' };
    const second: Leg = { market: 'MATCH_RESULT', selection: 'HOME', period: 'SECOND_HALF' };
    expect(legsProbability(model, [first])).toBeLessThan(full - 0.05);
    expect(legsProbability(model, [second])).toBeLessThan(full - 0.05);
    expect(price(model, [first]).legs).toEqual([first]);
  });
});

describe('HANDICAP, WIN_TO_NIL and CLEAN_SHEET in the neutral model (independent Poisson 1.5 v 1.1)', () => {
  const model = modelOf(opinionInput(NEUTRAL));
  const [lh, la] = [1.5, 1.1];

  it.each([-9.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 9.5])(
    'prices HANDICAP HOME %d and AWAY as Poisson grid sums',
    (l) => {
      const home = legsProbability(model, [{ market: 'HANDICAP', team: 'HOME', line: l }]);
      const away = legsProbability(model, [{ market: 'HANDICAP', team: 'AWAY', line: l }]);
      expect(home).toBeCloseTo(
        poissonGridSum(lh, la, (h, a) => h + l > a),
        9,
      );
      expect(away).toBeCloseTo(
        poissonGridSum(lh, la, (h, a) => a + l > h),
        9,
      );
    },
  );

  it('prices CLEAN_SHEET as e^(−λ other) and WIN_TO_NIL as (1 − e^(−λ own)) e^(−λ other)', () => {
    const p = (leg: Leg) => legsProbability(model, [leg]);
    expect(p({ market: 'CLEAN_SHEET', team: 'HOME' })).toBeCloseTo(Math.exp(-la), 9);
    expect(p({ market: 'CLEAN_SHEET', team: 'AWAY' })).toBeCloseTo(Math.exp(-lh), 9);
    expect(p({ market: 'WIN_TO_NIL', team: 'HOME' })).toBeCloseTo((1 - Math.exp(-lh)) * Math.exp(-la), 9);
    expect(p({ market: 'WIN_TO_NIL', team: 'AWAY' })).toBeCloseTo((1 - Math.exp(-la)) * Math.exp(-lh), 9);
  });
});

describe('HANDICAP, WIN_TO_NIL and CLEAN_SHEET with game-state effects on', () => {
  const input = opinionInput();
  const model = modelOf(input);
  const mirror = modelOf(mirrored(input));
  const p = (...legs: Leg[]) => legsProbability(model, legs);
  const team = fc.constantFrom('HOME' as const, 'AWAY' as const);
  const hcLine = fc.integer({ min: -10, max: 9 }).map((n) => n + 0.5);
  const other = (t: 'HOME' | 'AWAY') => (t === 'HOME' ? 'AWAY' : 'HOME');
  const context: fc.Arbitrary<Leg[]> = fc.array(
    fc.oneof(
      fc.record({
        market: fc.constant('TOTAL_CARDS' as const),
        side: fc.constantFrom('OVER' as const, 'UNDER' as const),
        line: fc.constantFrom(2.5, 3.5, 4.5),
      }),
      fc.record({
        market: fc.constant('TEAM_CORNERS' as const),
        team,
        side: fc.constantFrom('OVER' as const, 'UNDER' as const),
        line: fc.constantFrom(3.5, 5.5),
      }),
      fc.constantFrom<Leg>(
        { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
        { market: 'PLAYER_TO_SCORE', playerId: 'palmer', atLeast: 2 },
        { market: 'PLAYER_TO_BE_CARDED', playerId: 'rice' },
        { market: 'TOTAL_GOALS', side: 'OVER', line: 1.5 },
      ),
    ),
    { maxLength: 3 },
  );

  it('splits any bet in two with HANDICAP team +line and the other team −line (half-lines: exactly one wins)', () => {
    assertProperty(
      fc.property(context, team, hcLine, (legs, t, l) => {
        const base = legs.length === 0 ? 1 : p(...legs);
        const split =
          p(...legs, { market: 'HANDICAP', team: t, line: l }) +
          p(...legs, { market: 'HANDICAP', team: other(t), line: -l });
        return Math.abs(split - base) < 1e-9;
      }),
      { numRuns: 150 },
    );
  });

  it('gives mirrored prices for the mirrored fixture', () => {
    assertProperty(
      fc.property(team, hcLine, (t, l) => {
        const legs: Leg[][] = [
          [{ market: 'HANDICAP', team: t, line: l }],
          [{ market: 'WIN_TO_NIL', team: t }],
          [
            { market: 'CLEAN_SHEET', team: t },
            { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
          ],
        ];
        return legs.every((bet) => {
          const a = legsProbability(model, bet);
          const b = legsProbability(
            mirror,
            bet.map((leg) => ('team' in leg ? { ...leg, team: other(leg.team) } : leg)),
          );
          return Math.abs(a - b) <= 1e-6 * Math.max(a, 1e-3);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('agrees with the v1 markets it is a rewording of', () => {
    const mr = (selection: 'HOME' | 'DRAW' | 'AWAY'): Leg => ({ market: 'MATCH_RESULT', selection });
    expect(p({ market: 'HANDICAP', team: 'HOME', line: -0.5 })).toBeCloseTo(p(mr('HOME')), 12);
    expect(p({ market: 'HANDICAP', team: 'HOME', line: 0.5 })).toBeCloseTo(
      p({ market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' }),
      12,
    );
    expect(p({ market: 'CLEAN_SHEET', team: 'HOME' })).toBeCloseTo(
      p({ market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 0.5 }),
      12,
    );
    // Win to nil = clean sheet minus the 0-0 draw.
    expect(p({ market: 'WIN_TO_NIL', team: 'AWAY' })).toBeCloseTo(
      p({ market: 'CLEAN_SHEET', team: 'AWAY' }) - p({ market: 'CORRECT_SCORE', home: 0, away: 0 }),
      12,
    );
    // HOME −1.5 = home wins by 2 or more (correct scores stop at 9-9: the rest, ~3e-6 here, is left out).
    let byTwo = 0;
    for (let h = 2; h <= 9; h++)
      for (let a = 0; a <= h - 2; a++) byTwo += p({ market: 'CORRECT_SCORE', home: h, away: a });
    expect(p({ market: 'HANDICAP', team: 'HOME', line: -1.5 })).toBeCloseTo(byTwo, 4);
  });

  it('keeps the correlations with cards and corners that the score carries', () => {
    // When the home team wins to nil the away team trails, and a trailing team wins more corners.
    const wtn: Leg = { market: 'WIN_TO_NIL', team: 'HOME' };
    const corners: Leg = { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 4.5 };
    expect(p(wtn, corners)).toBeGreaterThan(p(wtn) * p(corners) * 1.01);
  });

  const v2Leg: fc.Arbitrary<Leg> = fc.oneof(
    fc.record({ market: fc.constant('HANDICAP' as const), team, line: hcLine }),
    fc.record({ market: fc.constant('WIN_TO_NIL' as const), team }),
    fc.record({ market: fc.constant('CLEAN_SHEET' as const), team }),
    fc.record({
      market: fc.constant('PLAYER_TO_SCORE' as const),
      playerId: fc.constantFrom('saka', 'havertz', 'rice', 'palmer', 'caicedo'),
      atLeast: fc.constantFrom(1 as const, 2 as const, 3 as const),
    }),
  );
  const anyLeg: fc.Arbitrary<Leg> = fc.oneof(
    v2Leg,
    context.map((legs): Leg => legs[0] ?? { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }),
  );

  it('keeps probabilities in [0, 1] and never raises one by adding a leg, v2 legs mixed in', () => {
    assertProperty(
      fc.property(fc.array(anyLeg, { minLength: 1, maxLength: 8 }), anyLeg, (legs, extra) => {
        const before = p(...legs);
        const after = p(...legs, extra);
        return before >= 0 && before <= 1 && after <= before * (1 + 1e-9) + 1e-15;
      }),
      { numRuns: 150 },
    );
  });

  it('prices a leg with and without its defaults (period FULL_TIME, atLeast 1) as one leg', () => {
    assertProperty(
      fc.property(fc.array(anyLeg, { minLength: 1, maxLength: 5 }), (legs) => {
        const withDefaults = legs.map((l): Leg => {
          if (l.market === 'PLAYER_TO_SCORE') return l.atLeast === undefined ? { ...l, atLeast: 1 } : l;
          return l.market === 'WIN_TO_NIL' || l.market.startsWith('PLAYER_')
            ? l
            : ({ ...l, period: 'FULL_TIME' } as Leg);
        });
        return p(...legs, ...withDefaults) === p(...legs);
      }),
      { numRuns: 100 },
    );
  });

  const nil = (team: 'HOME' | 'AWAY'): Leg => ({ market: 'WIN_TO_NIL', team });
  const handicap = (team: 'HOME' | 'AWAY', line: number): Leg => ({ market: 'HANDICAP', team, line });
  const contradictions: Record<string, Leg[]> = {
    'WIN_TO_NIL HOME and BTTS yes': [nil('HOME'), { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }],
    'WIN_TO_NIL HOME and WIN_TO_NIL AWAY': [nil('HOME'), nil('AWAY')],
    'WIN_TO_NIL AWAY and a draw': [nil('AWAY'), { market: 'MATCH_RESULT', selection: 'DRAW' }],
    'CLEAN_SHEET HOME and Palmer to score': [
      { market: 'CLEAN_SHEET', team: 'HOME' },
      { market: 'PLAYER_TO_SCORE', playerId: 'palmer' },
    ],
    'HANDICAP HOME −2.5 and AWAY +2.5': [handicap('HOME', -2.5), handicap('AWAY', 2.5)],
    'HANDICAP HOME −1.5 and correct score 1-0': [
      handicap('HOME', -1.5),
      { market: 'CORRECT_SCORE', home: 1, away: 0 },
    ],
  };
  it.each(Object.entries(contradictions))(
    'gives contradictory legs (%s) probability 0 and NO_PRICE',
    (_name, legs) => {
      expect(legsProbability(model, legs)).toBe(0);
      expect(pricingErrorCode(() => price(model, legs))).toBe('NO_PRICE');
    },
  );
});
