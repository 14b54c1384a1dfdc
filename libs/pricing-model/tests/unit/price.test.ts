import fc from 'fast-check';
import { legsProbability, marginFor, offeredOdds, price, PricingError, type Leg } from '../../src/index';
import { assertProperty, mirrored, modelOf, opinionInput, pricingErrorCode } from './fixtures';

const input = opinionInput();
const model = modelOf(input);
const mirror = modelOf(mirrored(input));
const PLAYERS = input.players.map((p) => p.playerId);

const side = fc.constantFrom('OVER' as const, 'UNDER' as const);
const team = fc.constantFrom('HOME' as const, 'AWAY' as const);
const line = (max: number) => fc.integer({ min: 0, max }).map((n) => n + 0.5);

/** Any leg of the contract on the fixture's players. */
const legArb: fc.Arbitrary<Leg> = fc.oneof(
  fc
    .constantFrom('HOME' as const, 'DRAW' as const, 'AWAY' as const)
    .map((selection) => ({ market: 'MATCH_RESULT' as const, selection })),
  fc
    .constantFrom('HOME_OR_DRAW' as const, 'HOME_OR_AWAY' as const, 'DRAW_OR_AWAY' as const)
    .map((selection) => ({ market: 'DOUBLE_CHANCE' as const, selection })),
  fc.record({ market: fc.constant('TOTAL_GOALS' as const), side, line: line(6) }),
  fc.record({ market: fc.constant('TEAM_GOALS' as const), team, side, line: line(4) }),
  fc
    .constantFrom('YES' as const, 'NO' as const)
    .map((selection) => ({ market: 'BOTH_TEAMS_TO_SCORE' as const, selection })),
  fc.record({
    market: fc.constant('CORRECT_SCORE' as const),
    home: fc.integer({ min: 0, max: 4 }),
    away: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ market: fc.constant('TOTAL_CARDS' as const), side, line: line(8) }),
  fc.record({ market: fc.constant('TEAM_CARDS' as const), team, side, line: line(5) }),
  fc.record({ market: fc.constant('TOTAL_CORNERS' as const), side, line: line(16) }),
  fc.record({ market: fc.constant('TEAM_CORNERS' as const), team, side, line: line(10) }),
  fc.constantFrom(...PLAYERS).map((playerId) => ({ market: 'PLAYER_TO_SCORE' as const, playerId })),
  fc.constantFrom(...PLAYERS).map((playerId) => ({ market: 'PLAYER_TO_BE_CARDED' as const, playerId })),
);

/** The same leg seen from the other side of the pitch. */
function mirrorLeg(leg: Leg): Leg {
  const swapTeam = (t: 'HOME' | 'AWAY') => (t === 'HOME' ? 'AWAY' : 'HOME');
  switch (leg.market) {
    case 'MATCH_RESULT':
      return { ...leg, selection: leg.selection === 'DRAW' ? 'DRAW' : swapTeam(leg.selection) };
    case 'DOUBLE_CHANCE':
      return {
        ...leg,
        selection:
          leg.selection === 'HOME_OR_AWAY'
            ? 'HOME_OR_AWAY'
            : leg.selection === 'HOME_OR_DRAW'
              ? 'DRAW_OR_AWAY'
              : 'HOME_OR_DRAW',
      };
    case 'TEAM_GOALS':
    case 'TEAM_CARDS':
    case 'TEAM_CORNERS':
      return { ...leg, team: swapTeam(leg.team) };
    case 'CORRECT_SCORE':
      return { ...leg, home: leg.away, away: leg.home };
    default:
      return leg;
  }
}

/** The leg that wins exactly when this one loses, when the contract has one. */
function complement(leg: Leg): Leg | undefined {
  switch (leg.market) {
    case 'TOTAL_GOALS':
    case 'TEAM_GOALS':
    case 'TOTAL_CARDS':
    case 'TEAM_CARDS':
    case 'TOTAL_CORNERS':
    case 'TEAM_CORNERS':
      return { ...leg, side: leg.side === 'OVER' ? 'UNDER' : 'OVER' };
    case 'BOTH_TEAMS_TO_SCORE':
      return { ...leg, selection: leg.selection === 'YES' ? 'NO' : 'YES' };
    case 'MATCH_RESULT':
      return {
        market: 'DOUBLE_CHANCE',
        selection:
          leg.selection === 'HOME'
            ? 'DRAW_OR_AWAY'
            : leg.selection === 'AWAY'
              ? 'HOME_OR_DRAW'
              : 'HOME_OR_AWAY',
      };
    default:
      return undefined;
  }
}

describe('price', () => {
  it('keeps every probability within [0, 1]', () => {
    assertProperty(
      fc.property(fc.array(legArb, { minLength: 1, maxLength: 12 }), (legs) => {
        const p = legsProbability(model, legs);
        return p >= 0 && p <= 1;
      }),
      { numRuns: 300 },
    );
  });

  it('never raises the probability when a leg is added', () => {
    assertProperty(
      fc.property(fc.array(legArb, { minLength: 1, maxLength: 11 }), legArb, (legs, extra) => {
        const before = legsProbability(model, legs);
        const after = legsProbability(model, [...legs, extra]);
        return after <= before * (1 + 1e-9) + 1e-15;
      }),
      { numRuns: 300 },
    );
  });

  it('splits any bet exactly in two with a complementary leg', () => {
    assertProperty(
      fc.property(fc.array(legArb, { maxLength: 5 }), legArb, (legs, leg) => {
        const other = complement(leg);
        fc.pre(other !== undefined);
        const base = legs.length === 0 ? 1 : legsProbability(model, legs);
        const split = legsProbability(model, [...legs, leg]) + legsProbability(model, [...legs, other]);
        return Math.abs(split - base) < 1e-9;
      }),
      { numRuns: 300 },
    );
  });

  it('sums HOME, DRAW and AWAY to 1', () => {
    const p = (['HOME', 'DRAW', 'AWAY'] as const).map((selection) =>
      legsProbability(model, [{ market: 'MATCH_RESULT', selection }]),
    );
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 12);
  });

  it('gives mirrored prices for the mirrored fixture', () => {
    assertProperty(
      fc.property(fc.array(legArb, { minLength: 1, maxLength: 6 }), (legs) => {
        const p = legsProbability(model, legs);
        const q = legsProbability(mirror, legs.map(mirrorLeg));
        return Math.abs(p - q) <= 1e-6 * Math.max(p, 1e-3);
      }),
      { numRuns: 200 },
    );
  });

  it('prices duplicate legs once', () => {
    assertProperty(
      fc.property(fc.array(legArb, { minLength: 1, maxLength: 6 }), (legs) => {
        const doubled = [...legs, ...legs.map((l) => ({ ...l }))];
        return legsProbability(model, doubled) === legsProbability(model, legs);
      }),
      { numRuns: 100 },
    );
    const leg: Leg = { market: 'TOTAL_GOALS', side: 'OVER', line: 1.5 };
    const once = price(model, [leg]);
    const twice = price(model, [leg, { line: 1.5, side: 'OVER', market: 'TOTAL_GOALS' }]);
    expect(twice).toEqual(once);
    expect(twice.legs).toHaveLength(1);
    expect(twice.margin).toBe(0.05);
  });

  it.each<[string, Leg[]]>([
    [
      'HOME and AWAY',
      [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'MATCH_RESULT', selection: 'AWAY' },
      ],
    ],
    [
      'CORRECT_SCORE 1-0 and BTTS yes',
      [
        { market: 'CORRECT_SCORE', home: 1, away: 0 },
        { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
      ],
    ],
    [
      'over and under the same cards line',
      [
        { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
        { market: 'TOTAL_CARDS', side: 'UNDER', line: 3.5 },
      ],
    ],
    [
      'home corners over 6.5 and total corners under 5.5',
      [
        { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 6.5 },
        { market: 'TOTAL_CORNERS', side: 'UNDER', line: 5.5 },
      ],
    ],
  ])('gives contradictory legs (%s) probability 0 and NO_PRICE', (_name, legs) => {
    expect(legsProbability(model, legs)).toBe(0);
    expect(() => price(model, legs)).toThrow(PricingError);
    expect(pricingErrorCode(() => price(model, legs))).toBe('NO_PRICE');
  });

  it('refuses a bet whose probability is below 1/1001', () => {
    const legs: Leg[] = [
      { market: 'CORRECT_SCORE', home: 4, away: 4 },
      { market: 'TOTAL_CARDS', side: 'OVER', line: 6.5 },
    ];
    expect(legsProbability(model, legs)).toBeGreaterThan(0);
    expect(legsProbability(model, legs)).toBeLessThan(1 / 1001);
    expect(pricingErrorCode(() => price(model, legs))).toBe('NO_PRICE');
  });

  it('applies the margin for the number of legs and offers the ladder price below fair / (1 + margin)', () => {
    assertProperty(
      fc.property(
        fc.uniqueArray(legArb, { minLength: 1, maxLength: 12, selector: (l) => JSON.stringify(l) }),
        (legs) => {
          const p = legsProbability(model, legs);
          fc.pre(p >= 1 / 1001);
          const r = price(model, legs);
          const target = r.fairOdds / (1 + r.margin);
          return (
            r.probability === p &&
            Math.abs(r.fairOdds * p - 1) < 1e-12 &&
            r.margin === marginFor(r.legs.length) &&
            r.odds.decimal >= 1.01 &&
            (r.odds.decimal <= target || r.odds.decimal === 1.01) &&
            r.odds.fractional === offeredOdds(target).fractional
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the example bet of the contract with its fields', () => {
    const r = price(model, [
      { market: 'MATCH_RESULT', selection: 'HOME' },
      { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
      { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
      { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
    ]);
    expect(r.margin).toBe(0.11);
    expect(r.probability).toBeGreaterThan(0.03);
    expect(r.probability).toBeLessThan(0.2);
    expect(r.odds.fractional).toMatch(/^\d+\/\d+$/);
    expect(r.legs).toHaveLength(4);
  });
});
