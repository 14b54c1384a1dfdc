import fc from 'fast-check';

/** The players of `opinionInput()` (fixtures.ts). */
export const players = ['saka', 'havertz', 'rice', 'palmer', 'caicedo'];
export const half = (v: number) => v + 0.5;

export const period = fc.constantFrom('FULL_TIME', 'FIRST_HALF', 'SECOND_HALF');
export const goalLeg = (p: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.record({
      market: fc.constant('MATCH_RESULT'),
      selection: fc.constantFrom('HOME', 'DRAW', 'AWAY'),
      period: p,
    }),
    fc.record({
      market: fc.constant('TOTAL_GOALS'),
      side: fc.constantFrom('OVER', 'UNDER'),
      line: fc.integer({ min: 0, max: 5 }).map(half),
      period: p,
    }),
    fc.record({
      market: fc.constant('TEAM_GOALS'),
      team: fc.constantFrom('HOME', 'AWAY'),
      side: fc.constantFrom('OVER', 'UNDER'),
      line: fc.integer({ min: 0, max: 3 }).map(half),
      period: p,
    }),
    fc.record({
      market: fc.constant('BOTH_TEAMS_TO_SCORE'),
      selection: fc.constantFrom('YES', 'NO'),
      period: p,
    }),
    fc.record({
      market: fc.constant('HANDICAP'),
      team: fc.constantFrom('HOME', 'AWAY'),
      line: fc.integer({ min: -3, max: 2 }).map(half),
      period: p,
    }),
    fc.record({ market: fc.constant('CLEAN_SHEET'), team: fc.constantFrom('HOME', 'AWAY'), period: p }),
  );
export const countLeg = (p: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.record({
      market: fc.constantFrom('TOTAL_CARDS', 'TOTAL_CORNERS'),
      side: fc.constantFrom('OVER', 'UNDER'),
      line: fc.integer({ min: 0, max: 10 }).map(half),
      period: p,
    }),
    fc.record({
      market: fc.constantFrom('TEAM_CARDS', 'TEAM_CORNERS'),
      team: fc.constantFrom('HOME', 'AWAY'),
      side: fc.constantFrom('OVER', 'UNDER'),
      line: fc.integer({ min: 0, max: 6 }).map(half),
      period: p,
    }),
  );
export const playerLeg = fc.oneof(
  fc.record({
    market: fc.constant('PLAYER_TO_SCORE'),
    playerId: fc.constantFrom(...players),
    atLeast: fc.constantFrom(1, 2),
  }),
  fc.record({ market: fc.constant('PLAYER_TO_BE_CARDED'), playerId: fc.constantFrom(...players) }),
);
const RESULT = fc.constantFrom('HOME', 'DRAW', 'AWAY');
/** Half-time/full-time, first team to score, first goalscorer and the win-to-nil leg (markets without a period). */
export const firstGoalLeg = fc.oneof(
  fc.record({ market: fc.constant('HALF_TIME_FULL_TIME'), halfTime: RESULT, fullTime: RESULT }),
  fc.record({
    market: fc.constant('FIRST_TEAM_TO_SCORE'),
    selection: fc.constantFrom('HOME', 'AWAY', 'NONE'),
  }),
  fc.record({ market: fc.constant('PLAYER_FIRST_GOALSCORER'), playerId: fc.constantFrom(...players) }),
  fc.record({ market: fc.constant('WIN_TO_NIL'), team: fc.constantFrom('HOME', 'AWAY') }),
  fc.record({
    market: fc.constant('CORRECT_SCORE'),
    home: fc.integer({ min: 0, max: 3 }),
    away: fc.integer({ min: 0, max: 3 }),
    period,
  }),
);
