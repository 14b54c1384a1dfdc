/**
 * The fixed fixtures and bets on which the fast model is compared with the reference model (tests/unit/
 * reference.test.ts, the golden prices and the benchmark's `maxRefDiff`): every market, 1–4 legs, goals × cards ×
 * corners × players, on fixtures from low to high scoring, lopsided, high corners and maximal cards; since v2 also
 * every period of the goal, card and corner markets, the half-time/full-time and first-goal markets, and their
 * combinations ({@link PERIOD_BETS}, including {@link CONTRADICTORY_BETS}, which must price at exactly 0).
 *
 * The reference's count chains are its slow part: bets on one count of a process without carded players share one
 * run per process (full time, or split at half-time for bets with a half leg), so new bets keep to those where they
 * can (a new state space costs about a second per fixture for cards).
 */
import type { Leg } from '../../src/index';

const players = [
  {
    playerId: 'home-9',
    name: 'Home Striker',
    team: 'HOME',
    goalShare: 0.35,
    cardShare: 0.08,
    expectedMinutes: 90,
  },
  {
    playerId: 'home-8',
    name: 'Home Midfield',
    team: 'HOME',
    goalShare: 0.15,
    cardShare: 0.22,
    expectedMinutes: 75,
  },
  {
    playerId: 'away-9',
    name: 'Away Striker',
    team: 'AWAY',
    goalShare: 0.3,
    cardShare: 0.1,
    expectedMinutes: 85,
  },
  {
    playerId: 'away-4',
    name: 'Away Defender',
    team: 'AWAY',
    goalShare: 0.05,
    cardShare: 0.3,
    expectedMinutes: 90,
  },
];

function fixture(
  fixtureId: string,
  home: [number, number, number],
  away: [number, number, number],
  model?: Record<string, unknown>,
) {
  return {
    fixtureId,
    status: 'OPEN',
    home: { name: 'Home', goals: home[0], cards: home[1], corners: home[2] },
    away: { name: 'Away', goals: away[0], cards: away[1], corners: away[2] },
    players,
    ...(model ? { model } : {}),
  };
}

/** Opinion inputs (parse them with parseOpinion): goals, cards, corners per team. */
export const REFERENCE_FIXTURES = [
  // the table: 1.55 v 1.20 goals, cards 1.6/1.8, corners 5.6/4.6, default options
  fixture('ref-typical', [1.55, 1.6, 5.6], [1.2, 1.8, 4.6]),
  fixture('ref-low-scoring', [0.75, 1.9, 4.8], [0.6, 2.1, 4.2], { dixonColesRho: -0.12 }),
  fixture('ref-high-scoring', [2.6, 1.4, 6.2], [2.0, 1.6, 5.4], { dixonColesRho: 0.05 }),
  fixture('ref-lopsided', [3.2, 1.2, 8.5], [0.45, 2.6, 2.6]),
  fixture('ref-high-corners', [1.4, 1.7, 11], [1.3, 1.7, 9.5], { cornersDispersion: 2 }),
  fixture('ref-maximal-cards', [1.3, 8, 5], [1.1, 8, 5], { cornersDispersion: 3 }),
  fixture('ref-neutral', [1.5, 1.6, 5.8], [1.1, 1.8, 4.7], { gameState: false, dixonColesRho: 0 }),
];

const result = (selection: 'HOME' | 'DRAW' | 'AWAY'): Leg => ({ market: 'MATCH_RESULT', selection });
const goals = (side: 'OVER' | 'UNDER', line: number): Leg => ({ market: 'TOTAL_GOALS', side, line });
const teamGoals = (team: 'HOME' | 'AWAY', side: 'OVER' | 'UNDER', line: number): Leg => ({
  market: 'TEAM_GOALS',
  team,
  side,
  line,
});
const cards = (side: 'OVER' | 'UNDER', line: number): Leg => ({ market: 'TOTAL_CARDS', side, line });
const teamCards = (team: 'HOME' | 'AWAY', side: 'OVER' | 'UNDER', line: number): Leg => ({
  market: 'TEAM_CARDS',
  team,
  side,
  line,
});
const corners = (side: 'OVER' | 'UNDER', line: number): Leg => ({ market: 'TOTAL_CORNERS', side, line });
const teamCorners = (team: 'HOME' | 'AWAY', side: 'OVER' | 'UNDER', line: number): Leg => ({
  market: 'TEAM_CORNERS',
  team,
  side,
  line,
});
const scores = (playerId: string): Leg => ({ market: 'PLAYER_TO_SCORE', playerId });
const scoresAtLeast = (playerId: string, atLeast: 1 | 2 | 3): Leg => ({
  market: 'PLAYER_TO_SCORE',
  playerId,
  atLeast,
});
const carded = (playerId: string): Leg => ({ market: 'PLAYER_TO_BE_CARDED', playerId });
const doubleChance = (selection: 'HOME_OR_DRAW' | 'HOME_OR_AWAY' | 'DRAW_OR_AWAY'): Leg => ({
  market: 'DOUBLE_CHANCE',
  selection,
});
const btts = (selection: 'YES' | 'NO'): Leg => ({ market: 'BOTH_TEAMS_TO_SCORE', selection });
const correctScore = (home: number, away: number): Leg => ({ market: 'CORRECT_SCORE', home, away });
const handicap = (team: 'HOME' | 'AWAY', line: number): Leg => ({ market: 'HANDICAP', team, line });
const cleanSheet = (team: 'HOME' | 'AWAY'): Leg => ({ market: 'CLEAN_SHEET', team });
type Result = 'HOME' | 'DRAW' | 'AWAY';
const htft = (halfTime: Result, fullTime: Result): Leg => ({
  market: 'HALF_TIME_FULL_TIME',
  halfTime,
  fullTime,
});
const firstTeam = (selection: 'HOME' | 'AWAY' | 'NONE'): Leg => ({
  market: 'FIRST_TEAM_TO_SCORE',
  selection,
});
const firstScorer = (playerId: string): Leg => ({ market: 'PLAYER_FIRST_GOALSCORER', playerId });
/** The leg on the first half / second half (a goal, card or corner market). */
const fh = (leg: Leg): Leg => ({ ...leg, period: 'FIRST_HALF' }) as Leg;
const sh = (leg: Leg): Leg => ({ ...leg, period: 'SECOND_HALF' }) as Leg;

/**
 * Bets that cannot win (legs that contradict each other): both models must price them at exactly 0.
 */
export const CONTRADICTORY_BETS: readonly (readonly Leg[])[] = [
  [firstScorer('home-9'), firstScorer('away-9')],
  [firstScorer('home-9'), firstScorer('home-8')],
  [htft('HOME', 'DRAW'), fh(result('AWAY'))],
  [firstTeam('NONE'), btts('YES')],
  [firstTeam('AWAY'), firstScorer('home-9')],
  [fh(goals('OVER', 2.5)), goals('UNDER', 2.5)],
];

/** The v2 bets: every new market alone, every period of the goal, card and corner markets, and their combinations. */
export const PERIOD_BETS: readonly (readonly Leg[])[] = [
  // goal markets on each half
  [fh(result('HOME'))],
  [fh(result('DRAW'))],
  [sh(result('AWAY'))],
  [sh(result('DRAW'))],
  [fh(doubleChance('HOME_OR_DRAW'))],
  [sh(doubleChance('HOME_OR_AWAY'))],
  [fh(goals('OVER', 0.5))],
  [fh(goals('OVER', 1.5))],
  [sh(goals('OVER', 1.5))],
  [sh(goals('UNDER', 0.5))],
  [fh(teamGoals('HOME', 'OVER', 0.5))],
  [sh(teamGoals('AWAY', 'OVER', 0.5))],
  [fh(btts('YES'))],
  [sh(btts('NO'))],
  [fh(correctScore(0, 0))],
  [fh(correctScore(1, 0))],
  [sh(correctScore(1, 1))],
  [fh(handicap('HOME', -0.5))],
  [fh(handicap('HOME', -1.5))],
  [sh(handicap('AWAY', 1.5))],
  [fh(cleanSheet('HOME'))],
  [sh(cleanSheet('AWAY'))],
  // the new markets alone
  [htft('HOME', 'HOME')],
  [htft('DRAW', 'AWAY')],
  [htft('AWAY', 'HOME')],
  [htft('DRAW', 'DRAW')],
  [firstTeam('HOME')],
  [firstTeam('AWAY')],
  [firstTeam('NONE')],
  [firstScorer('home-9')],
  [firstScorer('away-4')],
  [scoresAtLeast('home-9', 3)],
  // cards and corners on each half
  [fh(cards('OVER', 1.5))],
  [sh(cards('OVER', 2.5))],
  [fh(teamCards('HOME', 'OVER', 0.5))],
  [sh(teamCards('HOME', 'UNDER', 1.5))],
  [sh(teamCards('AWAY', 'UNDER', 1.5))],
  [fh(corners('OVER', 4.5))],
  [sh(corners('UNDER', 5.5))],
  [fh(teamCorners('HOME', 'OVER', 2.5))],
  [sh(teamCorners('AWAY', 'OVER', 2.5))],
  // combinations
  [fh(result('HOME')), goals('OVER', 2.5)],
  [htft('HOME', 'HOME'), cards('OVER', 3.5)],
  [htft('DRAW', 'HOME'), fh(cards('OVER', 1.5))],
  [fh(corners('OVER', 4.5)), corners('OVER', 10.5)],
  [fh(teamCorners('HOME', 'OVER', 2.5)), teamCorners('HOME', 'OVER', 5.5)],
  [fh(corners('OVER', 4.5)), corners('OVER', 10.5), fh(teamCorners('HOME', 'OVER', 2.5))],
  // both teams' counts of one half, and full-time legs on both teams' counts with a half leg (one shared run)
  [fh(teamCorners('HOME', 'OVER', 3.5)), fh(teamCorners('AWAY', 'OVER', 2.5))],
  [fh(teamCorners('HOME', 'OVER', 1.5)), teamCorners('HOME', 'OVER', 3.5), teamCorners('AWAY', 'OVER', 2.5)],
  [sh(cards('OVER', 2.5)), fh(result('AWAY'))],
  [fh(cards('OVER', 1.5)), sh(cards('OVER', 1.5))],
  [fh(teamCards('HOME', 'OVER', 0.5)), teamCards('AWAY', 'OVER', 1.5)],
  [fh(teamCards('HOME', 'OVER', 0.5)), sh(teamCards('AWAY', 'UNDER', 1.5))],
  [fh(cards('OVER', 1.5)), carded('away-4')],
  [sh(teamCards('HOME', 'OVER', 0.5)), teamCards('HOME', 'OVER', 2.5), carded('home-8')],
  [firstScorer('home-9'), scoresAtLeast('home-9', 2)],
  [firstScorer('home-9'), scoresAtLeast('home-8', 2)],
  [firstScorer('away-9'), scoresAtLeast('home-9', 2)],
  [firstScorer('away-9'), scores('away-4'), result('AWAY')],
  [firstTeam('HOME'), btts('YES')],
  [firstTeam('AWAY'), btts('YES'), result('HOME')],
  [sh(handicap('HOME', 0.5)), fh(handicap('AWAY', -0.5))],
  [fh(cleanSheet('HOME')), result('HOME')],
  [{ market: 'WIN_TO_NIL', team: 'HOME' }, fh(result('DRAW'))],
  [sh(goals('OVER', 1.5)), fh(goals('UNDER', 0.5)), result('HOME')],
  [sh(corners('OVER', 5.5)), fh(cards('OVER', 1.5)), htft('HOME', 'HOME')],
  [firstScorer('home-9'), fh(result('HOME')), sh(corners('OVER', 4.5)), cards('OVER', 3.5)],
  [firstTeam('AWAY'), fh(teamCorners('HOME', 'OVER', 2.5)), sh(teamCards('HOME', 'OVER', 0.5))],
  ...CONTRADICTORY_BETS,
];

/** The bets, the same on every fixture. */
export const REFERENCE_BETS: readonly (readonly Leg[])[] = [
  // goals only
  [result('HOME')],
  [result('DRAW')],
  [result('AWAY')],
  [{ market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' }],
  [{ market: 'DOUBLE_CHANCE', selection: 'HOME_OR_AWAY' }],
  [{ market: 'DOUBLE_CHANCE', selection: 'DRAW_OR_AWAY' }],
  [goals('OVER', 2.5)],
  [goals('UNDER', 0.5)],
  [goals('OVER', 4.5)],
  [teamGoals('HOME', 'OVER', 1.5)],
  [teamGoals('AWAY', 'UNDER', 0.5)],
  [{ market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }],
  [{ market: 'BOTH_TEAMS_TO_SCORE', selection: 'NO' }],
  [{ market: 'CORRECT_SCORE', home: 0, away: 0 }],
  [{ market: 'CORRECT_SCORE', home: 1, away: 1 }],
  [{ market: 'CORRECT_SCORE', home: 2, away: 1 }],
  [{ market: 'CORRECT_SCORE', home: 3, away: 0 }],
  [scores('home-9')],
  [scores('away-9')],
  [result('HOME'), goals('OVER', 2.5), scores('home-9')],
  [scores('home-9'), scores('home-8'), teamGoals('HOME', 'OVER', 2.5)],
  [{ market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }, scores('away-9'), result('DRAW')],
  [{ market: 'HANDICAP', team: 'HOME', line: -1.5 }],
  [{ market: 'HANDICAP', team: 'AWAY', line: 0.5 }],
  [{ market: 'WIN_TO_NIL', team: 'HOME' }],
  [{ market: 'CLEAN_SHEET', team: 'AWAY' }],
  [{ market: 'PLAYER_TO_SCORE', playerId: 'home-9', atLeast: 2 }],
  [{ market: 'PLAYER_TO_SCORE', playerId: 'away-9', atLeast: 2 }, scores('away-4'), result('AWAY')],
  // cards: every total line 0.5–12.5, team lines, players
  ...[0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5].map((line) => [
    cards('OVER', line),
  ]),
  [teamCards('HOME', 'OVER', 1.5)],
  [teamCards('AWAY', 'UNDER', 2.5)],
  [teamCards('HOME', 'OVER', 0.5), teamCards('AWAY', 'OVER', 0.5)],
  [teamCards('HOME', 'OVER', 1.5), cards('UNDER', 4.5)],
  [carded('away-4')],
  [carded('home-8'), carded('away-4')],
  [carded('home-8'), teamCards('HOME', 'OVER', 2.5)],
  [result('DRAW'), cards('OVER', 4.5)],
  [result('HOME'), cards('OVER', 3.5)],
  [result('AWAY'), teamCards('AWAY', 'OVER', 1.5)],
  [goals('OVER', 3.5), cards('UNDER', 3.5)],
  [{ market: 'CORRECT_SCORE', home: 0, away: 0 }, cards('OVER', 2.5)],
  // corners
  ...[6.5, 8.5, 10.5, 12.5, 14.5].map((line) => [corners('OVER', line)]),
  [teamCorners('HOME', 'OVER', 5.5)],
  [teamCorners('AWAY', 'UNDER', 3.5)],
  [teamCorners('HOME', 'OVER', 4.5), teamCorners('AWAY', 'OVER', 3.5)],
  [result('HOME'), teamCorners('AWAY', 'OVER', 4.5)],
  [result('AWAY'), teamGoals('AWAY', 'OVER', 1.5), teamCorners('HOME', 'OVER', 6.5)],
  [result('DRAW'), corners('OVER', 9.5)],
  [result('HOME'), teamCorners('HOME', 'UNDER', 4.5)],
  [teamGoals('HOME', 'OVER', 2.5), corners('UNDER', 8.5)],
  [{ market: 'CORRECT_SCORE', home: 2, away: 1 }, teamCorners('AWAY', 'OVER', 5.5)],
  // across sections
  [cards('OVER', 3.5), corners('OVER', 9.5)],
  [result('HOME'), cards('OVER', 3.5), corners('OVER', 9.5)],
  [result('HOME'), goals('OVER', 2.5), cards('OVER', 3.5), scores('home-9')],
  [{ market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }, carded('away-4'), teamCorners('HOME', 'OVER', 4.5)],
  [result('AWAY'), scores('away-9'), teamCards('HOME', 'OVER', 1.5), corners('UNDER', 10.5)],
  [
    goals('UNDER', 2.5),
    cards('UNDER', 4.5),
    corners('UNDER', 9.5),
    { market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' },
  ],
  [scores('home-9'), carded('home-8'), teamCorners('HOME', 'OVER', 5.5), result('HOME')],
  [{ market: 'HANDICAP', team: 'HOME', line: -1.5 }, teamCorners('AWAY', 'OVER', 4.5)],
  [{ market: 'WIN_TO_NIL', team: 'HOME' }, cards('OVER', 3.5)],
  [{ market: 'CLEAN_SHEET', team: 'HOME' }, teamCorners('HOME', 'OVER', 5.5), carded('away-4')],
  [{ market: 'PLAYER_TO_SCORE', playerId: 'home-9', atLeast: 3 }, teamCards('AWAY', 'OVER', 1.5)],
  ...PERIOD_BETS,
];
