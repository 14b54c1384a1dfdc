import { legsProbability, type Leg } from '../../src/index';
import { buildModel } from '../../src/buildFixtureModel';
import { COUNT_SCORE_CAP_MAX } from '../../src/model/constants';
import { parsed } from './fixtures';
import { SCORE_CAP_TOLERANCE } from './tolerances';

/** Bets that combine a team's goals at or beyond the count chains' score cap with its cards or corners. */
function highScoreBets(): Leg[][] {
  const bets: Leg[][] = [];
  for (const team of ['HOME', 'AWAY'] as const)
    for (const line of [7.5, 8.5, 9.5, 10.5, 12.5])
      for (const side of ['OVER', 'UNDER'] as const) {
        bets.push([
          { market: 'TEAM_GOALS', team, side: 'OVER', line },
          { market: 'TEAM_CORNERS', team, side, line: 18.5 },
        ]);
        bets.push([
          { market: 'TEAM_GOALS', team, side: 'OVER', line },
          { market: 'TEAM_CARDS', team, side, line: 7.5 },
        ]);
        bets.push([
          { market: 'TOTAL_GOALS', side: 'OVER', line: line + 6 },
          { market: 'TOTAL_CORNERS', side, line: 38.5 },
        ]);
      }
  bets.push([
    { market: 'CORRECT_SCORE', home: 9, away: 9 },
    { market: 'TOTAL_CORNERS', side: 'OVER', line: 38.5 },
  ]);
  return bets;
}

describe('the count chains score cap', () => {
  it('moves no price by more than 2e-4 at the top of the goal range (6 v 5.4 goals), against a cap of 14', () => {
    // Prepare: the contract's maximal cards and corners; at these means a team scores 9+ goals in ~15% of matches
    const opinion = parsed({
      fixtureId: 'score-cap',
      status: 'OPEN',
      home: { name: 'Home', goals: 6, cards: 8, corners: 20 },
      away: { name: 'Away', goals: 5.4, cards: 8, corners: 20 },
      model: { cornersDispersion: 3 },
    });
    // Act
    const capped = buildModel(opinion, undefined, COUNT_SCORE_CAP_MAX);
    const wide = buildModel(opinion, undefined, 14);
    // Assess
    expect(capped.cards.scoreCap).toBe(9);
    expect(wide.cards.scoreCap).toBe(14);
    const worst = Math.max(
      ...highScoreBets().map((legs) => Math.abs(legsProbability(capped, legs) - legsProbability(wide, legs))),
    );
    expect(worst).toBeLessThanOrEqual(SCORE_CAP_TOLERANCE);
  }, 120_000);
});
