import { legsProbability, summariseModel, type Leg } from '../../src/index';
import { modelOf, NEUTRAL, opinionInput, poissonOver } from './fixtures';

const over = (market: 'TOTAL_CARDS' | 'TOTAL_CORNERS', line: number): Leg => ({ market, side: 'OVER', line });
const teamOver = (market: 'TEAM_CARDS' | 'TEAM_CORNERS', team: 'HOME' | 'AWAY', line: number): Leg => ({
  market,
  team,
  side: 'OVER',
  line,
});

describe('cards and corners sections', () => {
  describe('neutral model', () => {
    const model = modelOf(opinionInput(NEUTRAL));

    it('gives each team Poisson cards and corners and the totals Poisson tails', () => {
      for (const line of [0.5, 2.5, 5.5]) {
        expect(legsProbability(model, [teamOver('TEAM_CARDS', 'HOME', line)])).toBeCloseTo(
          poissonOver(1.6, line),
          6,
        );
        expect(legsProbability(model, [teamOver('TEAM_CARDS', 'AWAY', line)])).toBeCloseTo(
          poissonOver(1.8, line),
          6,
        );
        expect(legsProbability(model, [over('TOTAL_CARDS', line + 1)])).toBeCloseTo(
          poissonOver(3.4, line + 1),
          6,
        );
      }
      for (const line of [3.5, 5.5, 9.5]) {
        expect(legsProbability(model, [teamOver('TEAM_CORNERS', 'HOME', line)])).toBeCloseTo(
          poissonOver(5.8, line),
          6,
        );
        expect(legsProbability(model, [over('TOTAL_CORNERS', line + 2)])).toBeCloseTo(
          poissonOver(10.5, line + 2),
          6,
        );
      }
    });

    it('makes cards, corners and goals independent', () => {
      const legs: Leg[] = [
        { market: 'MATCH_RESULT', selection: 'DRAW' },
        teamOver('TEAM_CARDS', 'HOME', 1.5),
        teamOver('TEAM_CARDS', 'AWAY', 1.5),
        over('TOTAL_CORNERS', 10.5),
      ];
      const joint = legsProbability(model, legs);
      const product = legs.reduce((p, leg) => p * legsProbability(model, [leg]), 1);
      expect(joint).toBeCloseTo(product, 6);
    });
  });

  describe('with the default model (game state on)', () => {
    const input = opinionInput();
    const model = modelOf(input);
    const summary = summariseModel(model);

    it('reproduces each team cards and corners means within 1%', () => {
      expect(Math.abs(summary.cards.homeMean / input.home.cards - 1)).toBeLessThan(0.01);
      expect(Math.abs(summary.cards.awayMean / input.away.cards - 1)).toBeLessThan(0.01);
      expect(Math.abs(summary.corners.homeMean / input.home.corners - 1)).toBeLessThan(0.01);
      expect(Math.abs(summary.corners.awayMean / input.away.corners - 1)).toBeLessThan(0.01);
    });

    it('correlates the two teams cards positively, about +0.1 to +0.16', () => {
      expect(summary.cards.correlation).toBeGreaterThan(0.08);
      expect(summary.cards.correlation).toBeLessThan(0.2);
    });

    it('gives more cards in a drawn game than in a 3+ goal win', () => {
      const draw: Leg = { market: 'MATCH_RESULT', selection: 'DRAW' };
      const cards = over('TOTAL_CARDS', 3.5);
      const lopsided: Leg[] = [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 0.5 },
        { market: 'TEAM_GOALS', team: 'HOME', side: 'OVER', line: 2.5 },
      ];
      const givenDraw = legsProbability(model, [draw, cards]) / legsProbability(model, [draw]);
      const givenRout = legsProbability(model, [...lopsided, cards]) / legsProbability(model, lopsided);
      expect(givenDraw).toBeGreaterThan(givenRout);
    });

    it('correlates home and away corners negatively and over-disperses them', () => {
      expect(summary.corners.correlation).toBeLessThan(-0.1);
      expect(summary.corners.homeDispersion).toBeGreaterThan(1.1);
      expect(summary.corners.awayDispersion).toBeGreaterThan(1.1);
    });

    it('gives the trailing team more corners: away corners are higher when home wins', () => {
      const awayCorners = teamOver('TEAM_CORNERS', 'AWAY', 5.5);
      const home: Leg = { market: 'MATCH_RESULT', selection: 'HOME' };
      const away: Leg = { market: 'MATCH_RESULT', selection: 'AWAY' };
      const givenHomeWin = legsProbability(model, [home, awayCorners]) / legsProbability(model, [home]);
      const givenAwayWin = legsProbability(model, [away, awayCorners]) / legsProbability(model, [away]);
      expect(givenHomeWin).toBeGreaterThan(givenAwayWin);
    });
  });

  describe('calibration across inputs', () => {
    it.each([
      [0, 8, 0, 20],
      [3.5, 0.4, 11, 2],
    ])('reproduces cards %p v %p and corners %p v %p within 1%%', (hc, ac, hk, ak) => {
      // Prepare
      const input = opinionInput(
        { cornersDispersion: 1.4 },
        {
          home: { name: 'H', goals: 2.1, cards: hc, corners: hk },
          away: { name: 'A', goals: 0.7, cards: ac, corners: ak },
        },
      );
      // Act
      const s = summariseModel(modelOf(input));
      // Assess
      const close = (value: number, target: number) =>
        target === 0 ? Math.abs(value) < 1e-9 : Math.abs(value / target - 1) < 0.01;
      expect(close(s.cards.homeMean, hc)).toBe(true);
      expect(close(s.cards.awayMean, ac)).toBe(true);
      expect(close(s.corners.homeMean, hk)).toBe(true);
      expect(close(s.corners.awayMean, ak)).toBe(true);
    });

    it('realises cornersDispersion exactly for each team when game state is off', () => {
      const s = summariseModel(modelOf(opinionInput({ gameState: false, cornersDispersion: 1.3 })));
      expect(s.corners.homeDispersion).toBeCloseTo(1.3, 3);
      expect(s.corners.awayDispersion).toBeCloseTo(1.3, 3);
    });
  });
});
