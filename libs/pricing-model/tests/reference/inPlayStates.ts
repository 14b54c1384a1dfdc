/**
 * The in-play states and bets on which the fast model is compared with the reference model started from the same
 * state (tests/unit/inPlayReference.test.ts): minutes 1 to 90 (both sides of half-time, the half-time whistle at 47
 * and a fractional minute), level and non-level scores, cards and corners already shown, the first goal scored or
 * not (its scorer named or not), players who have scored, been carded or left the pitch, on the typical and the
 * lopsided reference fixtures; bets mixing full-time, first- and second-half legs, half-time/full-time, the first
 * team to score, first goalscorers, scorers 1+ and 2+, card and corner lines, both teams to score, handicaps, clean
 * sheets, win to nil and correct scores — many of them already decided by the state (won, or lost: NO_PRICE).
 *
 * The players are those of the reference fixtures: home-9 and home-8 (HOME), away-9 and away-4 (AWAY).
 */
import type { Leg } from '../../src/index';

type Pair = { home: number; away: number };
const pair = (home: number, away: number): Pair => ({ home, away });
const player = (playerId: string, goals: number, cards: number, onPitch = true) => ({
  playerId,
  goals,
  cards,
  onPitch,
});

/** A state: the reference fixture it is on (by fixtureId) and the opinion's `inPlay`. */
export interface InPlayCase {
  readonly name: string;
  readonly fixtureId: 'ref-typical' | 'ref-lopsided' | 'ref-neutral';
  readonly inPlay: Record<string, unknown>;
}

/** Before half-time the first-half figures are the totals so far. */
function firstHalfState(
  minute: number,
  score: Pair,
  cards: Pair,
  corners: Pair,
  rest: Record<string, unknown> = {},
): Record<string, unknown> {
  return { minute, score, cards, corners, firstHalf: { score, cards, corners }, players: [], ...rest };
}

export const IN_PLAY_CASES: readonly InPlayCase[] = [
  {
    name: 'minute 1, 0-0, nothing yet',
    fixtureId: 'ref-typical',
    inPlay: { minute: 1, score: pair(0, 0), cards: pair(0, 0), corners: pair(0, 0) },
  },
  {
    name: 'minute 20, 1-0 (home-9 first), home-8 carded, corners 2-1',
    fixtureId: 'ref-typical',
    inPlay: firstHalfState(20, pair(1, 0), pair(1, 0), pair(2, 1), {
      firstGoal: { team: 'HOME', playerId: 'home-9' },
      players: [player('home-9', 1, 0), player('home-8', 0, 1)],
    }),
  },
  {
    name: 'minute 44, 1-1 (away-9 first, then home-9), away-4 carded',
    fixtureId: 'ref-typical',
    inPlay: firstHalfState(44, pair(1, 1), pair(1, 2), pair(3, 4), {
      firstGoal: { team: 'AWAY', playerId: 'away-9' },
      players: [player('away-9', 1, 0), player('home-9', 1, 0), player('away-4', 0, 1)],
    }),
  },
  {
    name: 'minute 45, 0-0, cards 2-1, corners 5-2, home-8 off the pitch',
    fixtureId: 'ref-typical',
    inPlay: firstHalfState(45, pair(0, 0), pair(2, 1), pair(5, 2), {
      players: [player('home-8', 0, 0, false)],
    }),
  },
  {
    name: 'minute 46.5, 0-1 by a player not in the opinion (first goal AWAY, scorer not named)',
    fixtureId: 'ref-typical',
    inPlay: firstHalfState(46.5, pair(0, 1), pair(0, 1), pair(2, 2), { firstGoal: { team: 'AWAY' } }),
  },
  {
    name: 'minute 47 (the half-time whistle), 2-0, home-9 twice (first)',
    fixtureId: 'ref-typical',
    inPlay: firstHalfState(47, pair(2, 0), pair(1, 1), pair(4, 1), {
      firstGoal: { team: 'HOME', playerId: 'home-9' },
      players: [player('home-9', 2, 0)],
    }),
  },
  {
    name: 'minute 60, 2-1 (HT 1-1), first goal AWAY not named (away-9 has it), home-8 off, away-9 carded',
    fixtureId: 'ref-typical',
    inPlay: {
      minute: 60,
      score: pair(2, 1),
      cards: pair(2, 1),
      corners: pair(4, 3),
      firstHalf: { score: pair(1, 1), cards: pair(1, 0), corners: pair(3, 1) },
      firstGoal: { team: 'AWAY' },
      players: [player('home-9', 2, 0), player('home-8', 0, 0, false), player('away-9', 1, 1)],
    },
  },
  {
    name: 'minute 75, 0-0 (HT 0-0), cards 3-3, corners 7-6, away-4 sent off',
    fixtureId: 'ref-typical',
    inPlay: {
      minute: 75,
      score: pair(0, 0),
      cards: pair(3, 3),
      corners: pair(7, 6),
      firstHalf: { score: pair(0, 0), cards: pair(1, 2), corners: pair(4, 3) },
      players: [player('away-4', 0, 2, false)],
    },
  },
  {
    name: 'minute 89, 1-0 (HT 0-0, home-8 first), cards 2-4, corners 5-5',
    fixtureId: 'ref-typical',
    inPlay: {
      minute: 89,
      score: pair(1, 0),
      cards: pair(2, 4),
      corners: pair(5, 5),
      firstHalf: { score: pair(0, 0), cards: pair(1, 1), corners: pair(2, 3) },
      firstGoal: { team: 'HOME', playerId: 'home-8' },
      players: [player('home-8', 1, 1)],
    },
  },
  {
    name: 'lopsided, minute 30, 0-1 (away-9 first): the underdog leads',
    fixtureId: 'ref-lopsided',
    inPlay: firstHalfState(30, pair(0, 1), pair(0, 2), pair(5, 0), {
      firstGoal: { team: 'AWAY', playerId: 'away-9' },
      players: [player('away-9', 1, 0), player('away-4', 0, 1)],
    }),
  },
  {
    name: 'lopsided, minute 70, 3-0 (HT 1-0, home-9 first and twice)',
    fixtureId: 'ref-lopsided',
    inPlay: {
      minute: 70,
      score: pair(3, 0),
      cards: pair(1, 3),
      corners: pair(9, 2),
      firstHalf: { score: pair(1, 0), cards: pair(0, 1), corners: pair(5, 1) },
      firstGoal: { team: 'HOME', playerId: 'home-9' },
      players: [player('home-9', 2, 0), player('home-8', 1, 0, false)],
    },
  },
  {
    name: 'lopsided, minute 90, 4-1 (HT 2-1)',
    fixtureId: 'ref-lopsided',
    inPlay: {
      minute: 90,
      score: pair(4, 1),
      cards: pair(1, 4),
      corners: pair(12, 3),
      firstHalf: { score: pair(2, 1), cards: pair(0, 2), corners: pair(6, 2) },
      firstGoal: { team: 'HOME' },
      players: [player('home-9', 2, 0)],
    },
  },
  {
    name: 'neutral, minute 63, 1-0 (HT 1-0)',
    fixtureId: 'ref-neutral',
    inPlay: {
      minute: 63,
      score: pair(1, 0),
      cards: pair(2, 1),
      corners: pair(4, 2),
      firstHalf: { score: pair(1, 0), cards: pair(1, 0), corners: pair(3, 1) },
      firstGoal: { team: 'HOME', playerId: 'home-9' },
      players: [player('home-9', 1, 0)],
    },
  },
];

const result = (selection: 'HOME' | 'DRAW' | 'AWAY', period?: 'FIRST_HALF' | 'SECOND_HALF'): Leg => ({
  market: 'MATCH_RESULT',
  selection,
  ...(period ? { period } : {}),
});
const goals = (side: 'OVER' | 'UNDER', line: number, period?: 'FIRST_HALF' | 'SECOND_HALF'): Leg => ({
  market: 'TOTAL_GOALS',
  side,
  line,
  ...(period ? { period } : {}),
});
const btts = (selection: 'YES' | 'NO'): Leg => ({ market: 'BOTH_TEAMS_TO_SCORE', selection });
const scorer = (playerId: string, atLeast?: 2): Leg => ({
  market: 'PLAYER_TO_SCORE',
  playerId,
  ...(atLeast ? { atLeast } : {}),
});
const cards = (side: 'OVER' | 'UNDER', line: number, period?: 'FIRST_HALF' | 'SECOND_HALF'): Leg => ({
  market: 'TOTAL_CARDS',
  side,
  line,
  ...(period ? { period } : {}),
});

/**
 * The bets priced on every state. The count legs keep to few count state spaces per process (the reference's slow
 * part): total cards, away cards, two carded players; total, home and away corners.
 */
export const IN_PLAY_BETS: readonly (readonly Leg[])[] = [
  [result('HOME')],
  [{ market: 'DOUBLE_CHANCE', selection: 'DRAW_OR_AWAY' }, goals('UNDER', 3.5)],
  [btts('YES')],
  [{ market: 'CORRECT_SCORE', home: 2, away: 1 }],
  [
    { market: 'TEAM_GOALS', team: 'HOME', side: 'OVER', line: 1.5 },
    { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 1.5 },
  ],
  [{ market: 'HANDICAP', team: 'HOME', line: -1.5 }],
  [{ market: 'CLEAN_SHEET', team: 'AWAY' }],
  [{ market: 'WIN_TO_NIL', team: 'HOME' }],
  [result('DRAW', 'FIRST_HALF'), goals('OVER', 1.5, 'SECOND_HALF')],
  [{ market: 'HALF_TIME_FULL_TIME', halfTime: 'HOME', fullTime: 'HOME' }],
  [{ market: 'HALF_TIME_FULL_TIME', halfTime: 'DRAW', fullTime: 'AWAY' }],
  [{ market: 'FIRST_TEAM_TO_SCORE', selection: 'HOME' }, result('HOME')],
  [{ market: 'FIRST_TEAM_TO_SCORE', selection: 'NONE' }],
  [{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'home-9' }],
  [{ market: 'PLAYER_FIRST_GOALSCORER', playerId: 'away-9' }, btts('YES')],
  [scorer('home-9')],
  [scorer('home-9', 2), result('HOME')],
  [scorer('away-9'), scorer('home-8')],
  [cards('OVER', 3.5)],
  // over the old in-play count clock's bound (2.63e-4 at minute 60; 2.95e-4 for the lopsided fixture at minute 30)
  [cards('OVER', 4.5)],
  [{ market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 4.5, period: 'SECOND_HALF' }],
  [{ market: 'TEAM_CARDS', team: 'AWAY', side: 'UNDER', line: 2.5 }, result('AWAY')],
  [cards('OVER', 1.5, 'FIRST_HALF'), cards('OVER', 2.5, 'SECOND_HALF')],
  [{ market: 'PLAYER_TO_BE_CARDED', playerId: 'away-4' }, goals('OVER', 2.5)],
  [{ market: 'PLAYER_TO_BE_CARDED', playerId: 'home-8' }],
  [{ market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 }, btts('NO')],
  [
    { market: 'TEAM_CORNERS', team: 'HOME', side: 'OVER', line: 4.5, period: 'SECOND_HALF' },
    { market: 'HANDICAP', team: 'AWAY', line: 0.5 },
  ],
  [{ market: 'TOTAL_CORNERS', side: 'UNDER', line: 4.5, period: 'FIRST_HALF' }],
  [result('HOME'), goals('OVER', 2.5), cards('OVER', 3.5), scorer('home-9')],
  [
    { market: 'CLEAN_SHEET', team: 'HOME', period: 'SECOND_HALF' },
    { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 3.5 },
  ],
  [{ market: 'HANDICAP', team: 'AWAY', line: 1.5, period: 'FIRST_HALF' }],
];
