import { legsProbability, summariseModel, type Leg } from '../../src/index';
import { modelOf, NEUTRAL, opinionInput, poissonOver, poissonPmf } from './fixtures';

const HOME: Leg = { market: 'MATCH_RESULT', selection: 'HOME' };
const DRAW: Leg = { market: 'MATCH_RESULT', selection: 'DRAW' };
const AWAY: Leg = { market: 'MATCH_RESULT', selection: 'AWAY' };
const OVER_2_5: Leg = { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 };
const BTTS: Leg = { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' };

/** Independent-Poisson grid summed over the cells where `holds` is true (the contract's neutral model). */
function poissonSum(lambda: number, mu: number, holds: (h: number, a: number) => boolean): number {
  let s = 0;
  for (let h = 0; h < 40; h++)
    for (let a = 0; a < 40; a++) if (holds(h, a)) s += poissonPmf(lambda, h) * poissonPmf(mu, a);
  return s;
}

describe('goals section', () => {
  describe('neutral model (rho 0, no game state, dispersion 1)', () => {
    const model = modelOf(opinionInput(NEUTRAL));

    it('reproduces the reference numbers of the issue within 2e-4', () => {
      // Prepare
      const expected: [Leg[], number][] = [
        [[HOME], 0.464244],
        [[DRAW], 0.257667],
        [[AWAY], 0.278089],
        [[OVER_2_5], 0.48157],
        [[BTTS], 0.518272],
        [[HOME, OVER_2_5], 0.269276],
      ];
      for (const [legs, p] of expected) {
        // Act
        const probability = legsProbability(model, legs);
        // Assess
        expect(Math.abs(probability - p)).toBeLessThan(2e-4);
      }
    });

    it('matches the Skellam distribution of the goal difference', () => {
      const winByTwo = poissonSum(1.5, 1.1, (h, a) => h - a >= 2);
      const p = legsProbability(model, [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'CORRECT_SCORE', home: 1, away: 0 },
      ]);
      expect(legsProbability(model, [HOME]) - p).toBeCloseTo(
        winByTwo + poissonSum(1.5, 1.1, (h, a) => h - a === 1) - p,
        9,
      );
      expect(legsProbability(model, [DRAW])).toBeCloseTo(
        poissonSum(1.5, 1.1, (h, a) => h === a),
        9,
      );
    });

    it('gives each team Poisson goal tails and the total a Poisson(2.6) tail', () => {
      for (const line of [0.5, 1.5, 2.5, 4.5, 7.5]) {
        expect(
          legsProbability(model, [{ market: 'TEAM_GOALS', team: 'HOME', side: 'OVER', line }]),
        ).toBeCloseTo(poissonOver(1.5, line), 9);
        expect(
          legsProbability(model, [{ market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line }]),
        ).toBeCloseTo(1 - poissonOver(1.1, line), 9);
        expect(legsProbability(model, [{ market: 'TOTAL_GOALS', side: 'OVER', line }])).toBeCloseTo(
          poissonOver(2.6, line),
          9,
        );
      }
    });

    it('prices a correct score as the product of the two Poisson probabilities', () => {
      for (const [h, a] of [
        [0, 0],
        [2, 1],
        [9, 9],
      ] as const) {
        const p = legsProbability(model, [{ market: 'CORRECT_SCORE', home: h, away: a }]);
        expect(p).toBeCloseTo(poissonPmf(1.5, h) * poissonPmf(1.1, a), 12);
      }
    });
  });

  describe('Dixon–Coles adjustment', () => {
    const rho = -0.1;
    const dc = modelOf(opinionInput({ dixonColesRho: rho, gameState: false, cornersDispersion: 1 }));
    const plain = modelOf(opinionInput(NEUTRAL));

    it('is exactly the Dixon–Coles grid when game state is off', () => {
      const [l, m] = [1.5, 1.1];
      const tau = (h: number, a: number) =>
        h === 0 && a === 0
          ? 1 - l * m * rho
          : h === 0 && a === 1
            ? 1 + l * rho
            : h === 1 && a === 0
              ? 1 + m * rho
              : h === 1 && a === 1
                ? 1 - rho
                : 1;
      for (const [h, a] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
        [2, 2],
        [3, 0],
      ] as const) {
        const p = legsProbability(dc, [{ market: 'CORRECT_SCORE', home: h, away: a }]);
        expect(p).toBeCloseTo(tau(h, a) * poissonPmf(l, h) * poissonPmf(m, a), 12);
      }
    });

    it('keeps the grid summing to 1 and leaves lines of 2.5 and above unchanged', () => {
      const withState = modelOf(opinionInput({ dixonColesRho: rho, gameState: true }));
      const withStateNoDc = modelOf(opinionInput({ dixonColesRho: 0, gameState: true }));
      for (const model of [dc, withState]) expect(model.goals.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      for (const line of [2.5, 3.5, 5.5]) {
        const leg: Leg = { market: 'TOTAL_GOALS', side: 'OVER', line };
        expect(legsProbability(dc, [leg])).toBeCloseTo(legsProbability(plain, [leg]), 12);
        expect(legsProbability(withState, [leg])).toBeCloseTo(legsProbability(withStateNoDc, [leg]), 12);
      }
    });

    it('moves probability to the low draws when rho is negative', () => {
      expect(legsProbability(dc, [DRAW])).toBeGreaterThan(legsProbability(plain, [DRAW]));
    });
  });

  describe('calibration and game state', () => {
    it.each([
      [1.5, 1.1],
      [0.3, 3.2],
      [2.8, 2.6],
      [0.05, 0.05],
      [6, 0.4],
    ])('reproduces expected goals %p v %p within 1%% with game-state effects on', (home, away) => {
      // Prepare
      const input = opinionInput(
        {},
        {
          home: { name: 'H', goals: home, cards: 1, corners: 5 },
          away: { name: 'A', goals: away, cards: 1, corners: 5 },
        },
      );
      // Act
      const s = summariseModel(modelOf(input));
      // Assess
      expect(Math.abs(s.goals.homeMean / home - 1)).toBeLessThan(0.01);
      expect(Math.abs(s.goals.awayMean / away - 1)).toBeLessThan(0.01);
    });

    it('makes draws more likely than independent scoring with the same means (the trailing team pushes)', () => {
      const state = modelOf(opinionInput({ dixonColesRho: 0, gameState: true }));
      const neutral = modelOf(opinionInput(NEUTRAL));
      expect(legsProbability(state, [DRAW])).toBeGreaterThan(legsProbability(neutral, [DRAW]) + 0.005);
    });
  });
});
