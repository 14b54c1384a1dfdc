import fc from 'fast-check';
import { CONTRACT_EXAMPLE_IN_PLAY, marketMenu, type FixtureModel, type Leg } from '../../src/index';
import { probabilityOf } from '../../src/price';
import { assertProperty, inPlayModelOf, modelOf, NEUTRAL, opinionInput } from './fixtures';

/**
 * The shortcuts single legs take (the menu's selections, and price() of a one-leg bet): a count's own distribution for
 * count legs of one process, one half's count distribution, the halves' goal coefficients, the HT/FT result joint.
 * Each reads per-model sums of the same terms the general sweep sums cell by cell, so the two differ by rounding only.
 */
const ROUNDING = 1e-13;

const inPlay = inPlayModelOf;

const models: [string, FixtureModel][] = [
  ['pre-match', modelOf(opinionInput())],
  ['pre-match, neutral', modelOf(opinionInput(NEUTRAL))],
  [
    'in-play, minute 30',
    inPlay({
      minute: 30,
      score: { home: 1, away: 0 },
      cards: { home: 1, away: 0 },
      corners: { home: 3, away: 1 },
      firstGoal: { team: 'HOME' },
    }),
  ],
  ['in-play, minute 63', inPlay({ ...CONTRACT_EXAMPLE_IN_PLAY })],
];

const legsOf = (model: FixtureModel) => marketMenu(model).flatMap((m) => m.selections.map((s) => s.leg));

describe('the single-leg shortcuts', () => {
  it.each(models)('price every menu selection as the general sweep does (%s)', (_name, model) => {
    const legs = legsOf(model);
    expect(legs.length).toBeGreaterThan(100);
    const off = legs.filter((leg) => {
      const fast = probabilityOf(model, [leg]);
      const sweep = probabilityOf(model, [leg], true);
      return !(Math.abs(fast - sweep) <= ROUNDING);
    });
    expect(off).toEqual([]);
  });

  const half = (v: number) => v + 0.5;
  const countLeg = (market: 'CARDS' | 'CORNERS', period: fc.Arbitrary<string>) =>
    fc.oneof(
      fc.record({
        market: fc.constant(`TOTAL_${market}`),
        side: fc.constantFrom('OVER', 'UNDER'),
        line: fc.integer({ min: 0, max: 12 }).map(half),
        period,
      }),
      fc.record({
        market: fc.constant(`TEAM_${market}`),
        team: fc.constantFrom('HOME', 'AWAY'),
        side: fc.constantFrom('OVER', 'UNDER'),
        line: fc.integer({ min: 0, max: 7 }).map(half),
        period,
      }),
    );
  const carded = fc.record({
    market: fc.constant('PLAYER_TO_BE_CARDED'),
    playerId: fc.constantFrom('saka', 'havertz', 'palmer', 'caicedo'),
  });
  const distinct = (legs: unknown[]) =>
    [...new Map(legs.map((l) => [JSON.stringify(l), l])).values()] as Leg[];

  it.each(models)(
    'price bets of one process’s counts (several lines, both teams, carded players) as the sweep does (%s)',
    (_name, model) => {
      assertProperty(
        fc.property(
          fc.oneof(
            fc.array(fc.oneof(countLeg('CARDS', fc.constant('FULL_TIME')), carded), {
              minLength: 1,
              maxLength: 4,
            }),
            fc.array(countLeg('CORNERS', fc.constant('FULL_TIME')), { minLength: 1, maxLength: 4 }),
            fc.array(countLeg('CARDS', fc.constant('FIRST_HALF')), { minLength: 1, maxLength: 3 }),
            fc.array(countLeg('CORNERS', fc.constant('SECOND_HALF')), { minLength: 1, maxLength: 3 }),
          ),
          (legs) => {
            const bet = distinct(legs);
            expect(Math.abs(probabilityOf(model, bet) - probabilityOf(model, bet, true))).toBeLessThanOrEqual(
              ROUNDING,
            );
          },
        ),
      );
    },
  );
});
