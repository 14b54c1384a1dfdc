import { buildFixtureModel, legsProbability, type Leg } from '../../src/index';
import { legSchema } from '../../src/schemas';
import { gaussGamma } from '../reference/gaussGamma';
import { ReferenceModel } from '../reference/ReferenceModel';
import {
  CONTRADICTORY_BETS,
  PERIOD_BETS,
  REFERENCE_BETS,
  REFERENCE_FIXTURES,
} from '../reference/referenceBets';
import { parsed, poissonOver, poissonPmf } from './fixtures';
import { REFERENCE_TOLERANCE } from './tolerances';

// The reference is slow by design (one-minute clock, many card-factor nodes): allow each fixture a few minutes on
// a loaded machine.
const REFERENCE_TIMEOUT_MS = 240_000;

describe('the fast model against the reference model', () => {
  it.each(REFERENCE_FIXTURES.map((f) => [f.fixtureId, f] as const))(
    'prices every reference bet within 2e-4 on %s, the contradictory ones at exactly 0',
    (_id, input) => {
      // Prepare
      const opinion = parsed(input);
      const reference = new ReferenceModel(opinion);
      const fast = buildFixtureModel(opinion);
      // Act
      const prices = REFERENCE_BETS.map((legs) => ({
        legs,
        fast: legsProbability(fast, legs),
        reference: reference.probability(legs),
      }));
      const misses = prices.filter((r) => !(Math.abs(r.fast - r.reference) <= REFERENCE_TOLERANCE));
      const contradictions = prices.filter((r) => CONTRADICTORY_BETS.includes(r.legs));
      // Assess: list every bet outside the bound, with both prices
      expect(misses).toEqual([]);
      expect(contradictions.map((r) => [r.fast, r.reference])).toEqual(CONTRADICTORY_BETS.map(() => [0, 0]));
    },
    REFERENCE_TIMEOUT_MS,
  );

  it('has at least 60 bets covering every market with 1 to 4 legs', () => {
    const markets = new Set(REFERENCE_BETS.flatMap((legs) => legs.map((l: Leg) => l.market)));
    expect(REFERENCE_BETS.length).toBeGreaterThanOrEqual(60);
    expect([...markets].sort()).toEqual(legSchema.options.map((o) => o.shape.market.value).sort());
    expect(new Set(REFERENCE_BETS.map((legs) => legs.length))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('has at least 40 period bets: every new market alone, every period of every market that has one', () => {
    // Prepare: the markets with a `period` field, and the v2 markets
    const periodic = legSchema.options
      .filter((o) => 'period' in o.shape)
      .map((o) => o.shape.market.value as string);
    const v2 = ['HALF_TIME_FULL_TIME', 'FIRST_TEAM_TO_SCORE', 'PLAYER_FIRST_GOALSCORER'];
    // Act
    const covered = new Set(
      REFERENCE_BETS.flatMap((legs) =>
        legs.map((l) => `${l.market}/${('period' in l ? l.period : undefined) ?? 'FULL_TIME'}`),
      ),
    );
    const alone = new Set(REFERENCE_BETS.filter((legs) => legs.length === 1).map((legs) => legs[0]?.market));
    // Assess
    expect(PERIOD_BETS.length).toBeGreaterThanOrEqual(40);
    expect(periodic.length).toBe(12);
    for (const market of periodic)
      for (const period of ['FULL_TIME', 'FIRST_HALF', 'SECOND_HALF'])
        expect(covered).toContain(`${market}/${period}`);
    for (const market of v2) expect(alone).toContain(market);
    expect(
      REFERENCE_BETS.filter((legs) => legs.length === 1 && legs[0]?.market === 'PLAYER_TO_SCORE')
        .map((legs) => (legs[0] as { atLeast?: number }).atLeast ?? 1)
        .sort(),
    ).toEqual([1, 1, 2, 3]);
  });
});

describe('the reference model itself', () => {
  it('reproduces independent Poisson counts and goals without game state', () => {
    // Prepare: the neutral fixture (no game state, ρ 0, corners dispersion 1)
    const input = REFERENCE_FIXTURES.find((f) => f.fixtureId === 'ref-neutral');
    const reference = new ReferenceModel(
      parsed({ ...input, model: { gameState: false, dixonColesRho: 0, cornersDispersion: 1 } }),
    );
    // Act / Assess
    for (const line of [0.5, 3.5, 7.5]) {
      expect(reference.probability([{ market: 'TOTAL_CARDS', side: 'OVER', line }])).toBeCloseTo(
        poissonOver(3.4, line),
        9,
      );
      expect(
        reference.probability([{ market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: line + 2 }]),
      ).toBeCloseTo(poissonOver(5.8, line + 2), 9);
    }
    expect(reference.probability([{ market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 }])).toBeCloseTo(
      poissonOver(2.6, 2.5),
      9,
    );
  });

  it('reproduces the halves and the first goal of the neutral model in closed form', () => {
    // Prepare: in the neutral model each half is independent Poisson with 47/95 and 48/95 of the means
    const input = REFERENCE_FIXTURES.find((f) => f.fixtureId === 'ref-neutral');
    const reference = new ReferenceModel(
      parsed({ ...input, model: { gameState: false, dixonColesRho: 0, cornersDispersion: 1 } }),
    );
    const [first, second] = [47 / 95, 48 / 95];
    const goals = 1.5 + 1.1;
    // Act / Assess
    expect(
      reference.probability([{ market: 'TOTAL_GOALS', side: 'OVER', line: 1.5, period: 'FIRST_HALF' }]),
    ).toBeCloseTo(poissonOver(first * goals, 1.5), 9);
    expect(
      reference.probability([
        { market: 'TEAM_GOALS', team: 'AWAY', side: 'OVER', line: 0.5, period: 'SECOND_HALF' },
      ]),
    ).toBeCloseTo(poissonOver(second * 1.1, 0.5), 9);
    expect(
      reference.probability([{ market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'FIRST_HALF' }]),
    ).toBeCloseTo(poissonOver(first * 3.4, 1.5), 9);
    expect(
      reference.probability([
        { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 2.5, period: 'SECOND_HALF' },
      ]),
    ).toBeCloseTo(poissonOver(second * 5.8, 2.5), 9);
    // first-half corners with full-time corners: FT = FH + SH, independent halves
    let both = 0;
    for (let k = 5; k <= 60; k++)
      both += poissonPmf(first * 10.5, k) * (k > 9 ? 1 : poissonOver(second * 10.5, 9.5 - k));
    expect(
      reference.probability([
        { market: 'TOTAL_CORNERS', side: 'OVER', line: 4.5, period: 'FIRST_HALF' },
        { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
      ]),
    ).toBeCloseTo(both, 9);
    expect(reference.probability([{ market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' }])).toBeCloseTo(
      (1.5 / goals) * (1 - Math.exp(-goals)),
      9,
    );
    expect(reference.probability([{ market: 'FIRST_TEAM_TO_SCORE', selection: 'NONE' }])).toBeCloseTo(
      Math.exp(-goals),
      9,
    );
    // home-9: goal share 0.35 over 90 minutes
    expect(reference.probability([{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'home-9' }])).toBeCloseTo(
      (1.5 / goals) * (1 - Math.exp(-goals)) * 0.35,
      9,
    );
  });

  it('has a goal joint whose full-time marginal is the Dixon–Coles grid', () => {
    // Prepare
    const reference = new ReferenceModel(parsed(REFERENCE_FIXTURES[1]));
    // Act
    const joint = reference.goalJoint();
    // Assess: the joint's FT marginal, and its total mass
    let worst = 0;
    reference.grid.forEach((p, s) => (worst = Math.max(worst, Math.abs((joint.ftMass[s] as number) - p))));
    expect(worst).toBeLessThan(1e-11);
    expect(joint.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 11);
  });

  it('integrates the card factor with a quadrature that has its moments', () => {
    // Prepare / Act: Gamma(mean 1, variance 0.09): E[F^2] = 1.09, E[F^3] = 1.09 · 1.18
    const q = gaussGamma(0.09, 32);
    const moment = (k: number) => q.nodes.reduce((s, x, i) => s + (q.weights[i] as number) * x ** k, 0);
    // Assess
    expect(moment(0)).toBeCloseTo(1, 12);
    expect(moment(1)).toBeCloseTo(1, 12);
    expect(moment(2)).toBeCloseTo(1.09, 12);
    expect(moment(3)).toBeCloseTo(1.09 * 1.18, 12);
  });
});
