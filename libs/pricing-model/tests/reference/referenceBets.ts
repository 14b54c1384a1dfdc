/**
 * The fixed fixtures and bets on which the fast model is compared with the reference model (tests/unit/
 * reference.test.ts, the golden prices and the benchmark's `maxRefDiff`): every market, 1–4 legs, goals × cards ×
 * corners × players, on fixtures from low to high scoring, lopsided, high corners and maximal cards.
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
const carded = (playerId: string): Leg => ({ market: 'PLAYER_TO_BE_CARDED', playerId });

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
];
