import fc from 'fast-check';
import { legsProbability, price, type Leg } from '../../src/index';
import { assertProperty, modelOf, NEUTRAL, opinionInput, poissonPmf, pricingErrorCode } from './fixtures';

const scores = (playerId: string, atLeast?: 1 | 2 | 3): Leg =>
  atLeast === undefined
    ? { market: 'PLAYER_TO_SCORE', playerId }
    : { market: 'PLAYER_TO_SCORE', playerId, atLeast };

/** P(X ≥ k) for X ~ Poisson(mean). */
function poissonAtLeast(mean: number, k: number): number {
  let below = 0;
  for (let j = 0; j < k; j++) below += poissonPmf(mean, j);
  return 1 - below;
}

/**
 * Brute force: P(player i gets at least k_i of g team goals for every i), each goal player i's with probability p_i
 * (the rest nobody's in the set), by enumerating every split of the g goals (multinomial).
 */
function bruteForce(g: number, probs: readonly number[], atLeast: readonly number[]): number {
  const rest = 1 - probs.reduce((a, b) => a + b, 0);
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  let total = 0;
  const counts: number[] = [];
  const walk = (i: number, left: number): void => {
    if (i === probs.length) {
      if (counts.some((c, j) => c < (atLeast[j] as number))) return;
      let p = factorial(g) / factorial(left);
      counts.forEach((c, j) => (p *= (probs[j] as number) ** c / factorial(c)));
      total += p * Math.max(0, rest) ** left;
      return;
    }
    for (let c = 0; c <= left; c++) {
      counts[i] = c;
      walk(i + 1, left - c);
    }
  };
  walk(0, g);
  return total;
}

/** The model's distribution of one team's goals, from its TEAM_GOALS prices (P(g) for g = 0 … maxGoals). */
function teamGoalsPmf(model: ReturnType<typeof modelOf>, team: 'HOME' | 'AWAY'): number[] {
  const over = (k: number) =>
    k < 0 ? 1 : legsProbability(model, [{ market: 'TEAM_GOALS', team, side: 'OVER', line: k + 0.5 }]);
  return Array.from({ length: model.maxGoals + 1 }, (_, g) => over(g - 1) - over(g));
}

describe('PLAYER_TO_SCORE with atLeast', () => {
  const neutral = modelOf(opinionInput(NEUTRAL));
  const pSaka = 0.35;
  const pHavertz = (0.25 * 72) / 90;
  const pRice = 0.08;

  it.each([1, 2, 3] as const)(
    'gives Binomial player goals in the neutral model: P(%i+) = P(Poisson(λp) ≥ k)',
    (k) => {
      // Prepare: a team goal is Saka's with probability p, so his goals are Poisson(1.5 p) in the neutral model
      const expected = poissonAtLeast(1.5 * pSaka, k);
      // Act
      const p = legsProbability(neutral, [scores('saka', k)]);
      // Assess
      expect(p).toBeCloseTo(expected, 9);
    },
  );

  it('treats a missing atLeast as 1 and prices "1+" and the plain leg as one leg', () => {
    const plain = price(neutral, [scores('saka')]);
    const explicit = price(neutral, [scores('saka', 1)]);
    expect(explicit).toEqual(plain);
    expect(price(neutral, [scores('saka'), scores('saka', 1)]).legs).toEqual([scores('saka')]);
  });

  it('prices a player named with 1+ and 2+ as his 2+ (the stricter leg), with two legs of margin', () => {
    const both = price(neutral, [scores('saka'), scores('saka', 2)]);
    expect(both.probability).toBe(legsProbability(neutral, [scores('saka', 2)]));
    expect(both.legs).toEqual([scores('saka'), scores('saka', 2)]);
    expect(both.margin).toBe(0.07);
  });

  it('makes same-team players compete for the goals: independent Poisson thinnings in the neutral model', () => {
    // In the neutral model the thinned goal streams of two players are independent Poisson processes.
    const p = legsProbability(neutral, [scores('saka', 2), scores('havertz'), scores('rice', 3)]);
    const expected =
      poissonAtLeast(1.5 * pSaka, 2) * poissonAtLeast(1.5 * pHavertz, 1) * poissonAtLeast(1.5 * pRice, 3);
    expect(p).toBeCloseTo(expected, 9);
  });

  it('equals the multinomial brute force over the team goals with game-state effects on', () => {
    // Prepare: the state-dependent team-goals distribution, and a bet on three home and one away player
    const state = modelOf(opinionInput());
    const home = teamGoalsPmf(state, 'HOME');
    const legs = [scores('saka', 2), scores('havertz', 1), scores('rice', 1)];
    let expected = 0;
    home.forEach((ph, g) => (expected += ph * bruteForce(g, [pSaka, pHavertz, pRice], [2, 1, 1])));
    // Act
    const p = legsProbability(state, legs);
    // Assess
    expect(p).toBeCloseTo(expected, 9);
  });

  it('equals the brute force for random shares, requirements and team means (neutral model)', () => {
    assertProperty(
      fc.property(
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.array(
          fc.record({ share: fc.double({ min: 0, max: 0.3, noNaN: true }), k: fc.constantFrom(1, 2, 3) }),
          { minLength: 1, maxLength: 3 },
        ),
        (goals, picks) => {
          const input = opinionInput(NEUTRAL, {
            home: { name: 'Home', goals, cards: 1.6, corners: 5.8 },
            players: picks.map((p, i) => ({
              playerId: `p${i}`,
              name: `P ${i}`,
              team: 'HOME',
              goalShare: p.share,
              cardShare: 0,
              expectedMinutes: 90,
            })),
          });
          const model = modelOf(input);
          const legs: Leg[] = picks.map((p, i) => scores(`p${i}`, p.k));
          const probs = picks.map((p) => p.share);
          const ks = picks.map((p) => p.k);
          let expected = 0;
          for (let g = 0; g <= model.maxGoals; g++) {
            expected += poissonPmf(goals, g) * bruteForce(g, probs, ks);
          }
          return Math.abs(legsProbability(model, legs) - expected) < 1e-9;
        },
      ),
      { numRuns: 25 },
    );
  });

  it('links a 3+ scorer to his team goals: with the home team under 2.5 goals it cannot win', () => {
    const legs: Leg[] = [scores('saka', 3), { market: 'TEAM_GOALS', team: 'HOME', side: 'UNDER', line: 2.5 }];
    expect(legsProbability(neutral, legs)).toBe(0);
    expect(pricingErrorCode(() => price(neutral, legs))).toBe('NO_PRICE');
  });

  it('gives a set needing more goals than the model carries probability 0 (twelve players with 3+ each)', () => {
    // Prepare: twelve home players; 36 goals are needed, beyond the grid's cap for 1.5 expected goals
    const input = opinionInput(NEUTRAL, {
      players: Array.from({ length: 12 }, (_, i) => ({
        playerId: `h${i}`,
        name: `H ${i}`,
        team: 'HOME',
        goalShare: 0.08,
        cardShare: 0,
        expectedMinutes: 90,
      })),
    });
    const model = modelOf(input);
    const legs = Array.from({ length: 12 }, (_, i) => scores(`h${i}`, 3));
    // Act / Assess
    expect(36).toBeGreaterThan(model.maxGoals);
    expect(legsProbability(model, legs)).toBe(0);
    expect(pricingErrorCode(() => price(model, legs))).toBe('NO_PRICE');
  });

  it('never raises the probability when atLeast grows', () => {
    for (const id of ['saka', 'havertz', 'palmer', 'caicedo']) {
      const [one, two, three] = ([1, 2, 3] as const).map((k) => legsProbability(neutral, [scores(id, k)]));
      expect(two).toBeLessThan(one as number);
      expect(three).toBeLessThan(two as number);
    }
  });
});
