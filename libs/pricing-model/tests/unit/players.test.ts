import { legsProbability, price, PricingError, type Leg } from '../../src/index';
import { modelOf, NEUTRAL, opinionInput, pricingErrorCode } from './fixtures';

const scores = (playerId: string): Leg => ({ market: 'PLAYER_TO_SCORE', playerId });
const carded = (playerId: string): Leg => ({ market: 'PLAYER_TO_BE_CARDED', playerId });

describe('players section', () => {
  const model = modelOf(opinionInput(NEUTRAL));
  // Binomial thinning of a Poisson count: the player's events are Poisson(mean × p).
  const pSaka = 0.35;
  const pHavertz = (0.25 * 72) / 90;

  it('thins the team goals: P(scores) = 1 − exp(−λp)', () => {
    expect(legsProbability(model, [scores('saka')])).toBeCloseTo(1 - Math.exp(-1.5 * pSaka), 8);
    expect(legsProbability(model, [scores('palmer')])).toBeCloseTo(1 - Math.exp(-1.1 * ((0.4 * 85) / 90)), 8);
  });

  it('handles two scorers of one team exactly (they compete for the same goals)', () => {
    const both = legsProbability(model, [scores('saka'), scores('havertz')]);
    const exact =
      1 - Math.exp(-1.5 * pSaka) - Math.exp(-1.5 * pHavertz) + Math.exp(-1.5 * (pSaka + pHavertz));
    expect(both).toBeCloseTo(exact, 8);
    // In this model two players' goals are independent Poisson processes, so the product rule holds here too...
    expect(both).toBeCloseTo(
      legsProbability(model, [scores('saka')]) * legsProbability(model, [scores('havertz')]),
      8,
    );
  });

  it('links a scorer to his team goals: Saka scoring and home under 0.5 goals cannot both win', () => {
    const legs: Leg[] = [scores('saka'), { market: 'TEAM_GOALS', team: 'HOME', side: 'UNDER', line: 0.5 }];
    expect(pricingErrorCode(() => price(model, legs))).toBe('NO_PRICE');
  });

  it('makes a scorer and his team winning positively dependent', () => {
    const win: Leg = { market: 'MATCH_RESULT', selection: 'HOME' };
    const joint = legsProbability(model, [scores('saka'), win]);
    expect(joint).toBeGreaterThan(legsProbability(model, [scores('saka')]) * legsProbability(model, [win]));
  });

  it('thins the team cards: P(carded) = 1 − exp(−cards × q)', () => {
    expect(legsProbability(model, [carded('caicedo')])).toBeCloseTo(1 - Math.exp(-1.8 * 0.3), 6);
    const both = legsProbability(model, [carded('saka'), carded('rice')]);
    const exact = 1 - Math.exp(-1.6 * 0.25) - Math.exp(-1.6 * 0.2) + Math.exp(-1.6 * 0.45);
    expect(both).toBeCloseTo(exact, 6);
  });

  it('gives a player with zero share no price', () => {
    const input = opinionInput(NEUTRAL);
    input.players.push({
      playerId: 'keeper',
      name: 'Keeper',
      team: 'HOME',
      goalShare: 0,
      cardShare: 0.01,
      expectedMinutes: 90,
    });
    expect(pricingErrorCode(() => price(modelOf(input), [scores('keeper')]))).toBe('NO_PRICE');
  });

  it('keeps thinning exact with game-state effects on: P(scores) = Σ_h P(h goals)·(1 − (1 − p)^h)', () => {
    // Prepare: the team-goals distribution from the model's own TEAM_GOALS prices
    const state = modelOf(opinionInput());
    const over = (k: number) =>
      k < 0
        ? 1
        : legsProbability(state, [{ market: 'TEAM_GOALS', team: 'HOME', side: 'OVER', line: k + 0.5 }]);
    let expected = 0;
    let expectedGoals = 0;
    for (let h = 1; h <= state.maxGoals; h++) {
      const ph = over(h - 1) - over(h);
      expected += ph * (1 - (1 - pSaka) ** h);
      expectedGoals += ph * h * pSaka;
    }
    // Act
    const p = legsProbability(state, [scores('saka')]);
    // Assess: the player's expected goals are his share of the calibrated team mean
    expect(p).toBeCloseTo(expected, 9);
    expect(expectedGoals / (1.5 * pSaka)).toBeCloseTo(1, 6);
  });

  it('rejects a player who is not in the fixture with PLAYER_NOT_FOUND', () => {
    let error: unknown;
    try {
      price(model, [scores('nobody')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PricingError);
    expect((error as PricingError).code).toBe('PLAYER_NOT_FOUND');
  });
});
