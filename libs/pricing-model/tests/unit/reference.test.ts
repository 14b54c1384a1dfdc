import { buildFixtureModel, legsProbability, type Leg } from '../../src/index';
import { legSchema } from '../../src/schemas';
import { gaussGamma } from '../reference/gaussGamma';
import { ReferenceModel } from '../reference/ReferenceModel';
import { REFERENCE_BETS, REFERENCE_FIXTURES } from '../reference/referenceBets';
import { parsed, poissonOver } from './fixtures';
import { REFERENCE_TOLERANCE } from './tolerances';

// The reference is slow by design (one-minute clock, many card-factor nodes): allow each fixture a few minutes on
// a loaded machine.
const REFERENCE_TIMEOUT_MS = 240_000;

describe('the fast model against the reference model', () => {
  it.each(REFERENCE_FIXTURES.map((f) => [f.fixtureId, f] as const))(
    'prices every reference bet within 2e-4 on %s',
    (_id, input) => {
      // Prepare
      const opinion = parsed(input);
      const reference = new ReferenceModel(opinion);
      const fast = buildFixtureModel(opinion);
      // Act
      const misses = REFERENCE_BETS.map((legs) => ({
        legs,
        fast: legsProbability(fast, legs),
        reference: reference.probability(legs),
      })).filter((r) => !(Math.abs(r.fast - r.reference) <= REFERENCE_TOLERANCE));
      // Assess: list every bet outside the bound, with both prices
      expect(misses).toEqual([]);
    },
    REFERENCE_TIMEOUT_MS,
  );

  it('has at least 60 bets covering every market with 1 to 4 legs', () => {
    const markets = new Set(REFERENCE_BETS.flatMap((legs) => legs.map((l: Leg) => l.market)));
    expect(REFERENCE_BETS.length).toBeGreaterThanOrEqual(60);
    expect([...markets].sort()).toEqual(legSchema.options.map((o) => o.shape.market.value).sort());
    expect(new Set(REFERENCE_BETS.map((legs) => legs.length))).toEqual(new Set([1, 2, 3, 4]));
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
