import fc from 'fast-check';
import { CONTRACT_EXAMPLE_IN_PLAY, legsProbability, price, type Leg } from '../../src/index';
import { periodProbability } from '../../src/periodPrice';
import { assertProperty, inPlayModelOf, modelOf, opinionInput, pricingErrorCode } from './fixtures';
import { countLeg, firstGoalLeg, goalLeg, half, period, playerLeg, players } from './legArbitraries';

const model = modelOf(opinionInput());
const asLegs = (legs: unknown[]) => legs as Leg[];
/**
 * The period joint's full-time marginal equals the full-time grid up to its pruning (entries below 1e-12 dropped,
 * half-time differences beyond ±4 sharing a table): bets priced on different paths agree to this.
 */
const PATHS_AGREE = 2e-8;
/** The legs without repeats (what price() prices: periodProbability is called directly here). */
const distinct = (legs: unknown[]) => asLegs([...new Map(legs.map((l) => [JSON.stringify(l), l])).values()]);

describe('the period pricing path', () => {
  it('prices every full-time bet as the full-time path does (the joint’s full-time marginal is the full-time grid)', () => {
    assertProperty(
      fc.property(
        fc.array(fc.oneof(goalLeg(fc.constant('FULL_TIME')), countLeg(fc.constant('FULL_TIME')), playerLeg), {
          minLength: 1,
          maxLength: 5,
        }),
        (legs) => {
          const ft = legsProbability(model, asLegs(legs));
          expect(Math.abs(periodProbability(model, distinct(legs), true) - ft)).toBeLessThan(PATHS_AGREE);
        },
      ),
    );
  });

  it('takes shortcuts (halves-only goals, counts-only) that equal the whole joint’s sweep', () => {
    assertProperty(
      fc.property(
        fc
          .array(fc.oneof(goalLeg(fc.constantFrom('FIRST_HALF', 'SECOND_HALF')), countLeg(period)), {
            minLength: 1,
            maxLength: 4,
          })
          .filter((legs) => legs.some((l) => l.period !== 'FULL_TIME')),
        (legs) => {
          const fast = legsProbability(model, asLegs(legs));
          expect(fast).toBeCloseTo(periodProbability(model, distinct(legs), true), 11);
        },
      ),
    );
  });

  it('never raises a probability by adding a leg, and keeps it in [0, 1]', () => {
    assertProperty(
      fc.property(
        fc.array(fc.oneof(goalLeg(period), countLeg(period), playerLeg), { minLength: 1, maxLength: 5 }),
        goalLeg(period),
        (legs, extra) => {
          const p = legsProbability(model, asLegs(legs));
          const q = legsProbability(model, asLegs([...legs, extra]));
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(q).toBeLessThanOrEqual(p + PATHS_AGREE); // (adding a leg may move the bet to the period path)
        },
      ),
    );
  });

  it('splits any bet over the nine half-time/full-time results and the three first-team selections', () => {
    assertProperty(
      fc.property(
        fc.array(fc.oneof(goalLeg(period), countLeg(period), playerLeg), { minLength: 1, maxLength: 3 }),
        (legs) => {
          const base = legsProbability(model, asLegs(legs));
          let htft = 0;
          for (const halfTime of ['HOME', 'DRAW', 'AWAY'] as const)
            for (const fullTime of ['HOME', 'DRAW', 'AWAY'] as const)
              htft += legsProbability(
                model,
                asLegs([...legs, { market: 'HALF_TIME_FULL_TIME', halfTime, fullTime }]),
              );
          let first = 0;
          for (const selection of ['HOME', 'AWAY', 'NONE'] as const)
            first += legsProbability(model, asLegs([...legs, { market: 'FIRST_TEAM_TO_SCORE', selection }]));
          expect(Math.abs(htft - base)).toBeLessThan(PATHS_AGREE);
          expect(Math.abs(first - base)).toBeLessThan(PATHS_AGREE);
        },
      ),
    );
  });

  it('prices first-goal legs alone by their shortcut exactly as the whole sweep does', () => {
    for (const legs of [
      [{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' }],
      [
        { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'palmer' },
        { market: 'FIRST_TEAM_TO_SCORE', selection: 'AWAY' },
      ],
      [{ market: 'FIRST_TEAM_TO_SCORE', selection: 'NONE' }],
      [{ market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' }],
    ] as Leg[][])
      expect(legsProbability(model, legs)).toBeCloseTo(periodProbability(model, legs, true), 12);
  });

  it('credits the first goal to one player at most: the first goalscorers and NONE never sum above 1', () => {
    const all = players.reduce(
      (s, playerId) => s + legsProbability(model, [{ market: 'PLAYER_FIRST_GOALSCORER', playerId }]),
      0,
    );
    const none = legsProbability(model, [{ market: 'FIRST_TEAM_TO_SCORE', selection: 'NONE' }]);
    expect(all + none).toBeLessThan(1);
    // a first goalscorer is his team's first goal and a goal of his
    const saka = legsProbability(model, [{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' }]);
    expect(
      legsProbability(model, [
        { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
        { market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' },
      ]),
    ).toBeCloseTo(saka, 12);
    expect(
      legsProbability(model, [
        { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
        { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
      ]),
    ).toBeCloseTo(saka, 12);
    expect(
      legsProbability(model, [
        { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' },
        { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 2 },
      ]),
    ).toBeLessThan(saka);
  });

  /**
   * A half's count leg with 2–4 full-time legs of the same process, needing one, two or three of its counts (home,
   * away, total): the halves' counts are summed per (node, slot) pair by prefix sums over the pairs a sweep can read;
   * the exhaustive call sums every pair directly (the correlations as written).
   */
  const halfAndFullCounts = (kind: 'CARDS' | 'CORNERS') => {
    const side = fc.constantFrom('OVER', 'UNDER');
    const full = fc.oneof(
      fc.record({
        market: fc.constant(`TOTAL_${kind}`),
        side,
        line: fc.integer({ min: 0, max: 10 }).map(half),
      }),
      fc.record({
        market: fc.constant(`TEAM_${kind}`),
        team: fc.constantFrom('HOME', 'AWAY'),
        side,
        line: fc.integer({ min: 0, max: 6 }).map(half),
      }),
      ...(kind === 'CARDS'
        ? [fc.record({ market: fc.constant('PLAYER_TO_BE_CARDED'), playerId: fc.constantFrom(...players) })]
        : []),
    );
    const halfLeg = countLeg(fc.constantFrom('FIRST_HALF', 'SECOND_HALF')).filter((l) =>
      l.market.endsWith(kind),
    );
    return fc
      .tuple(
        halfLeg,
        fc.array(full, { minLength: 2, maxLength: 4 }),
        fc.option(fc.oneof(goalLeg(period), firstGoalLeg), { nil: undefined }),
      )
      .map(([h, f, g]) => distinct([h, ...f, ...(g ? [g] : [])]));
  };
  it.each([
    ['before kick-off', model],
    [
      'in the first half (minute 30, 1–0)',
      inPlayModelOf({
        minute: 30,
        score: { home: 1, away: 0 },
        cards: { home: 1, away: 0 },
        corners: { home: 2, away: 3 },
        firstGoal: { team: 'HOME' },
      }),
    ],
    ['in the second half (minute 63)', inPlayModelOf({ ...CONTRACT_EXAMPLE_IN_PLAY })],
  ])(
    'sums the halves under full-time count legs on one, two or three counts exactly as the direct sums do (%s)',
    (_name, m) => {
      assertProperty(
        fc.property(fc.oneof(halfAndFullCounts('CARDS'), halfAndFullCounts('CORNERS')), (legs) => {
          expect(Math.abs(periodProbability(m, legs) - periodProbability(m, legs, true))).toBeLessThan(1e-13);
        }),
        { numRuns: 40 },
      );
    },
  );

  // contradictions, each written as its legs' markets and fields (a compact table: one line per leg)
  const first = (playerId: string): Leg => ({ market: 'PLAYER_FIRST_GOALSCORER', playerId });
  const team = (selection: 'HOME' | 'AWAY' | 'NONE'): Leg => ({ market: 'FIRST_TEAM_TO_SCORE', selection });
  const contradictions: Record<string, Leg[]> = {
    'two first goalscorers': [first('saka'), first('palmer')],
    'HT/FT against the first-half result': [
      { market: 'HALF_TIME_FULL_TIME', halfTime: 'HOME', fullTime: 'HOME' },
      { market: 'MATCH_RESULT', selection: 'AWAY', period: 'FIRST_HALF' },
    ],
    'no goal and both teams to score': [team('NONE'), { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }],
    'no goal and a first goalscorer': [team('NONE'), first('saka')],
    'away first and a home first goalscorer': [team('AWAY'), first('saka')],
    'first half over 2.5 and full time under 1.5': [
      { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5, period: 'FIRST_HALF' },
      { market: 'TOTAL_GOALS', side: 'UNDER', line: 1.5 },
    ],
    'first-half corners over 6.5 and full-time under 5.5': [
      { market: 'TOTAL_CORNERS', side: 'OVER', line: 6.5, period: 'FIRST_HALF' },
      { market: 'TOTAL_CORNERS', side: 'UNDER', line: 5.5 },
    ],
  };
  it.each(Object.entries(contradictions))('refuses a contradiction (%s) with NO_PRICE', (_name, legs) => {
    expect(legsProbability(model, legs)).toBe(0);
    expect(pricingErrorCode(() => price(model, legs))).toBe('NO_PRICE');
  });
});
