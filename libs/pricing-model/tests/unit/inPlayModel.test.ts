import {
  buildFixtureModel,
  CONTRACT_EXAMPLE_IN_PLAY,
  fromRecord,
  legsProbability,
  parseOpinion,
  price,
  toRecord,
  type FixtureModel,
  type Leg,
} from '../../src/index';
import { NEUTRAL, okValue, opinionInput, poissonPmf, pricingErrorCode } from './fixtures';

const fixtureId = 'epl-2026-12-05-ars-che';

/** An in-play model of the example fixture (1.5 v 1.1 goals, 1.9 v 2.1 cards, 5.8 v 4.4 corners by default). */
function inPlayModel(state: Record<string, unknown>, model?: Record<string, unknown>): FixtureModel {
  return buildFixtureModel(
    okValue(parseOpinion(opinionInput(model, { inPlay: { players: [], ...state } }), fixtureId)),
  );
}

const base = okValue(parseOpinion(opinionInput(NEUTRAL), fixtureId));
const { home, away } = base;
const poissonCdf = (mean: number, k: number) => {
  let s = 0;
  for (let i = 0; i <= k; i++) s += poissonPmf(mean, i);
  return s;
};
const P = (model: FixtureModel, ...legs: Leg[]) => legsProbability(model, legs);

describe('the in-play model, neutral (constant intensities: the rest of the match is Poisson at (95 − m)/95)', () => {
  const m = 63;
  const rest = (95 - m) / 95;
  const state = { ...CONTRACT_EXAMPLE_IN_PLAY, minute: m };
  const model = inPlayModel(state, NEUTRAL);
  const lh = home.goals * rest;
  const la = away.goals * rest;

  it('prices the result from the current score with the remaining goals Poisson', () => {
    let homeWin = 0;
    for (let h = 0; h < 30; h++)
      for (let a = 0; a < 30; a++) if (1 + h > a) homeWin += poissonPmf(lh, h) * poissonPmf(la, a);
    expect(P(model, { market: 'MATCH_RESULT', selection: 'HOME' })).toBeCloseTo(homeWin, 9);
    expect(P(model, { market: 'TOTAL_GOALS', side: 'OVER', line: 0.5 })).toBeCloseTo(1, 12);
    expect(P(model, { market: 'TOTAL_GOALS', side: 'OVER', line: 1.5 })).toBeCloseTo(
      1 - Math.exp(-lh - la),
      9,
    );
  });

  it('counts the cards and corners so far in full-time lines and the second half from half-time on', () => {
    const cardsRest = (home.cards + away.cards) * rest;
    // 3 cards so far: over 4.5 needs 2 more
    expect(P(model, { market: 'TOTAL_CARDS', side: 'OVER', line: 4.5 })).toBeCloseTo(
      1 - poissonCdf(cardsRest, 1),
      6,
    );
    // second half so far: 1 home card, 1 away card, 1 home corner, 1 away corner
    expect(P(model, { market: 'TOTAL_CARDS', side: 'OVER', line: 2.5, period: 'SECOND_HALF' })).toBeCloseTo(
      1 - poissonCdf(cardsRest, 0),
      6,
    );
    const cornersRest = home.corners * rest;
    expect(P(model, { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 4.5 })).toBeCloseTo(
      1 - poissonCdf(cornersRest, 0),
      6,
    );
  });

  it('settles decided legs: the first half, the first goal, a scorer who has scored', () => {
    expect(P(model, { market: 'MATCH_RESULT', selection: 'HOME', period: 'FIRST_HALF' })).toBeCloseTo(1, 12);
    expect(P(model, { market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' })).toBeCloseTo(1, 12);
    expect(P(model, { market: 'PLAYER_FIRST_GOALSCORER', playerId: 'saka' })).toBeCloseTo(1, 12);
    expect(P(model, { market: 'PLAYER_TO_SCORE', playerId: 'saka' })).toBe(1);
    expect(P(model, { market: 'CORRECT_SCORE', home: 0, away: 0, period: 'FIRST_HALF' })).toBe(0);
    for (const legs of [
      [{ market: 'MATCH_RESULT', selection: 'AWAY', period: 'FIRST_HALF' }],
      [{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'havertz' }],
      [{ market: 'FIRST_TEAM_TO_SCORE', selection: 'NONE' }],
      [{ market: 'TOTAL_CARDS', side: 'UNDER', line: 2.5 }],
    ] as Leg[][])
      expect(pricingErrorCode(() => price(model, legs))).toBe('NO_PRICE');
  });

  it("prices a scorer's remaining goals Binomial on his team's remaining goals", () => {
    const havertz = model.players.find((p) => p.playerId === 'havertz');
    const p = havertz?.goalProbability as number;
    // P(at least one of Poisson(lh) goals is his) = 1 − e^(−p·lh)
    expect(P(model, { market: 'PLAYER_TO_SCORE', playerId: 'havertz' })).toBeCloseTo(
      1 - Math.exp(-p * lh),
      9,
    );
    const saka = model.players.find((q) => q.playerId === 'saka')?.goalProbability as number;
    // Saka has one: 2+ needs one more
    expect(P(model, { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 2 })).toBeCloseTo(
      1 - Math.exp(-saka * lh),
      9,
    );
  });

  it('gives a player off the pitch no further goals or cards', () => {
    const off = inPlayModel(
      { ...state, players: [...state.players, { playerId: 'havertz', goals: 0, cards: 0, onPitch: false }] },
      NEUTRAL,
    );
    expect(P(off, { market: 'PLAYER_TO_SCORE', playerId: 'havertz' })).toBe(0);
    expect(P(off, { market: 'PLAYER_TO_BE_CARDED', playerId: 'havertz' })).toBe(0);
  });

  it('survives the binary record round trip with its state', () => {
    const again = fromRecord(toRecord(model));
    expect(again.inPlay).toEqual(model.inPlay);
    const legs: Leg[] = [
      { market: 'MATCH_RESULT', selection: 'HOME' },
      { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
      { market: 'PLAYER_TO_SCORE', playerId: 'saka', atLeast: 2 },
    ];
    expect(P(again, ...legs)).toBe(P(model, ...legs));
  });
});

describe('the in-play model in the first half, neutral', () => {
  it('prices the first half from the minute on, and the first goal from a goalless state', () => {
    const m = 20;
    const model = inPlayModel(
      { minute: m, score: { home: 0, away: 0 }, cards: { home: 0, away: 0 }, corners: { home: 1, away: 0 } },
      NEUTRAL,
    );
    const f1 = (47 - m) / 95;
    const s = (home.goals + away.goals) * ((95 - m) / 95);
    expect(P(model, { market: 'TOTAL_GOALS', side: 'UNDER', line: 0.5, period: 'FIRST_HALF' })).toBeCloseTo(
      Math.exp(-(home.goals + away.goals) * f1),
      9,
    );
    expect(P(model, { market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' })).toBeCloseTo(
      (home.goals / (home.goals + away.goals)) * (1 - Math.exp(-s)),
      9,
    );
    // decided (a corner so far): 1 up to the half tables' Float32 storage (~6e-8 relative per entry)
    expect(P(model, { market: 'TOTAL_CORNERS', side: 'OVER', line: 0.5, period: 'FIRST_HALF' })).toBeCloseTo(
      1,
      7,
    );
  });

  it('equals the pre-match model at minute 0 from 0-0 (game state on)', () => {
    const pre = buildFixtureModel(okValue(parseOpinion(opinionInput(), fixtureId)));
    const live = inPlayModel(
      { minute: 0, score: { home: 0, away: 0 }, cards: { home: 0, away: 0 }, corners: { home: 0, away: 0 } },
      { dixonColesRho: 0 },
    );
    const preNoDc = buildFixtureModel(okValue(parseOpinion(opinionInput({ dixonColesRho: 0 }), fixtureId)));
    void pre;
    for (const legs of [
      [{ market: 'MATCH_RESULT', selection: 'HOME' }],
      [
        { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
        { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
      ],
      [{ market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 4.5, period: 'FIRST_HALF' }],
      [{ market: 'HALF_TIME_FULL_TIME', halfTime: 'DRAW', fullTime: 'HOME' }],
    ] as Leg[][])
      expect(P(live, ...legs)).toBeCloseTo(P(preNoDc, ...legs), 7);
  });
});
