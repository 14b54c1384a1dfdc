import {
  buildFixtureModel,
  legsProbability,
  MIN_PROBABILITY,
  price,
  PricingError,
  type FixtureModel,
  type Leg,
} from '../../src/index';
import { legSchema } from '../../src/schemas';
import { IN_PLAY_BETS, IN_PLAY_CASES, type InPlayCase } from '../reference/inPlayStates';
import { ReferenceModel } from '../reference/ReferenceModel';
import { REFERENCE_FIXTURES } from '../reference/referenceBets';
import { parsed, poissonOver } from './fixtures';
import { REFERENCE_TOLERANCE } from './tolerances';

// The reference starts its one-minute chains at the state's minute (later states cost less); the early states and the
// carded-player spaces with 32 card-factor nodes take a few seconds each on a loaded machine.
const REFERENCE_TIMEOUT_MS = 120_000;

function opinionOf(c: InPlayCase) {
  const input = REFERENCE_FIXTURES.find((f) => f.fixtureId === c.fixtureId);
  return parsed({ ...input, inPlay: c.inPlay });
}

/** Whether `price` refuses the bet with NO_PRICE (lost, contradictory or below 1/1001). */
function noPrice(model: FixtureModel, legs: readonly Leg[]): boolean {
  try {
    price(model, legs);
    return false;
  } catch (e) {
    if (e instanceof PricingError && e.code === 'NO_PRICE') return true;
    throw e;
  }
}

describe('the fast model against the reference model from in-play states', () => {
  it.each(IN_PLAY_CASES.map((c) => [c.name, c] as const))(
    'prices every in-play bet within 2e-4 and agrees on which get NO_PRICE: %s',
    (_name, c) => {
      // Prepare
      const opinion = opinionOf(c);
      const reference = new ReferenceModel(opinion);
      const fast = buildFixtureModel(opinion);
      // Act
      const prices = IN_PLAY_BETS.map((legs) => {
        const r = reference.probability(legs);
        return {
          legs,
          fast: legsProbability(fast, legs),
          reference: r,
          fastNoPrice: noPrice(fast, legs),
          referenceNoPrice: r < MIN_PROBABILITY,
        };
      });
      // Assess: list every bet outside the bound or priced by one and refused by the other, with both prices
      expect(prices.filter((p) => !(Math.abs(p.fast - p.reference) <= REFERENCE_TOLERANCE))).toEqual([]);
      expect(prices.filter((p) => p.fastNoPrice !== p.referenceNoPrice)).toEqual([]);
    },
    REFERENCE_TIMEOUT_MS,
  );

  it('covers the minutes, the states and every market the brief names', () => {
    const minutes = IN_PLAY_CASES.map((c) => c.inPlay.minute as number);
    const markets = new Set(IN_PLAY_BETS.flatMap((legs) => legs.map((l) => l.market)));
    const players = IN_PLAY_CASES.flatMap(
      (c) => (c.inPlay.players ?? []) as { goals: number; cards: number; onPitch: boolean }[],
    );
    expect(minutes).toEqual(expect.arrayContaining([1, 20, 44, 45, 46.5, 47, 60, 75, 89, 90]));
    expect([...markets].sort()).toEqual(legSchema.options.map((o) => o.shape.market.value).sort());
    expect(players.some((p) => p.goals > 0)).toBe(true);
    expect(players.some((p) => p.cards > 0)).toBe(true);
    expect(players.some((p) => !p.onPitch)).toBe(true);
    expect(IN_PLAY_CASES.some((c) => c.inPlay.firstGoal === undefined)).toBe(true);
    expect(
      IN_PLAY_CASES.some(
        (c) => c.inPlay.firstGoal && !(c.inPlay.firstGoal as { playerId?: string }).playerId,
      ),
    ).toBe(true);
  });
});

describe('the reference model from an in-play state', () => {
  // neutral fixture: 1.5 v 1.1 goals, cards 1.6/1.8, corners 5.8/4.7; home-9 goal share 0.35 over 90 minutes
  const neutral = REFERENCE_FIXTURES.find((f) => f.fixtureId === 'ref-neutral');
  const reference = (inPlay: Record<string, unknown>) =>
    new ReferenceModel(
      parsed({ ...neutral, model: { gameState: false, dixonColesRho: 0, cornersDispersion: 1 }, inPlay }),
    );

  it('runs the rest of the neutral match as Poisson at (95 − m)/95 of the means, counting what happened', () => {
    // Prepare: minute 63, 1-0 (home-9, first), 3 cards and 6 corners so far, 2 cards and 2 corners in the second half
    const rest = (95 - 63) / 95;
    const model = reference({
      minute: 63,
      score: { home: 1, away: 0 },
      cards: { home: 2, away: 1 },
      corners: { home: 4, away: 2 },
      firstHalf: { score: { home: 1, away: 0 }, cards: { home: 1, away: 0 }, corners: { home: 3, away: 1 } },
      firstGoal: { team: 'HOME', playerId: 'home-9' },
      players: [{ playerId: 'home-9', goals: 1, cards: 0, onPitch: false }],
    });
    // Act / Assess
    expect(model.probability([{ market: 'TOTAL_GOALS', side: 'OVER', line: 1.5 }])).toBeCloseTo(
      poissonOver(2.6 * rest, 0.5),
      9,
    );
    expect(model.probability([{ market: 'TOTAL_CARDS', side: 'OVER', line: 4.5 }])).toBeCloseTo(
      poissonOver(3.4 * rest, 1.5),
      9,
    );
    expect(
      model.probability([{ market: 'TOTAL_CORNERS', side: 'UNDER', line: 3.5, period: 'SECOND_HALF' }]),
    ).toBeCloseTo(1 - poissonOver(10.5 * rest, 1.5), 9);
    // decided: the first half's figures, the first goal; home-9 is off the pitch (his 1 goal stands, no more)
    expect(
      model.probability([{ market: 'TOTAL_CARDS', side: 'OVER', line: 0.5, period: 'FIRST_HALF' }]),
    ).toBeCloseTo(1, 12);
    expect(model.probability([{ market: 'FIRST_TEAM_TO_SCORE', selection: 'AWAY' }])).toBe(0);
    expect(model.probability([{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'home-9' }])).toBeCloseTo(1, 12);
    expect(model.probability([{ market: 'PLAYER_TO_SCORE', playerId: 'home-9' }])).toBeCloseTo(1, 12);
    expect(model.probability([{ market: 'PLAYER_TO_SCORE', playerId: 'home-9', atLeast: 2 }])).toBe(0);
  });

  it('gives an unnamed past first goal to a player with his share of his team’s goals so far', () => {
    // Prepare: 2-0 at minute 30, home's first goal by an unnamed scorer; home-9 has 1 of the 2 goals
    const model = reference({
      minute: 30,
      score: { home: 2, away: 0 },
      cards: { home: 0, away: 0 },
      corners: { home: 0, away: 0 },
      firstGoal: { team: 'HOME' },
      players: [{ playerId: 'home-9', goals: 1, cards: 0, onPitch: true }],
    });
    // Act / Assess: home-8 has scored none, so the first goal cannot be his
    expect(model.probability([{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'home-9' }])).toBeCloseTo(
      0.5,
      12,
    );
    expect(model.probability([{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'home-8' }])).toBe(0);
  });
});
