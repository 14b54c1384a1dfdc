import type { Leg } from '@betbuilder/pricing-model';
import type { QuoteFields } from '../../src';

const RESULT_LEGS: Leg[] = [
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' },
];
const GOAL_LEGS: Leg[] = [
  { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
  { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 1.5 },
  { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
  { market: 'CORRECT_SCORE', home: 2, away: 1 },
];
const CARD_AND_CORNER_LEGS: Leg[] = [
  { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
  { market: 'TEAM_CARDS', team: 'HOME', side: 'UNDER', line: 2.5 },
  { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
  { market: 'TEAM_CORNERS', team: 'AWAY', side: 'OVER', line: 4.5 },
];
const PLAYER_LEGS: Leg[] = [
  { market: 'PLAYER_TO_SCORE', playerId: 'bukayo-saka' },
  { market: 'PLAYER_TO_BE_CARDED', playerId: 'cole-palmer' },
];

/** Twelve distinct legs of one bet (every v1 market: results, goals, cards and corners, players), with realistic player ids. */
export const TWELVE_LEGS: Leg[] = [...RESULT_LEGS, ...GOAL_LEGS, ...CARD_AND_CORNER_LEGS, ...PLAYER_LEGS];

/** The signed fields of a quote on the contract's example fixture. */
export function quoteFields(overrides: Partial<QuoteFields> = {}): QuoteFields {
  return {
    fixtureId: 'epl-2026-12-05-ars-che',
    legs: [
      { market: 'MATCH_RESULT', selection: 'HOME' },
      { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
    ],
    inputsVersion: 3,
    modelVersion: '2026.12.1',
    probability: 0.3123456789012345,
    odds: { decimal: 2.75, fractional: '7/4' },
    ...overrides,
  };
}

/** A clock tests move by hand: `clock.now()`, `clock.advance(ms)`. */
export function manualClock(startIso = '2026-12-05T14:00:00.000Z') {
  let t = Date.parse(startIso);
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Every other base64url character than `c` (for byte-by-byte tampering). */
export function otherChar(c: string): string {
  return c === 'A' ? 'B' : 'A';
}
