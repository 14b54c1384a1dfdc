import type { StoredOpinion } from './types/opinion';

/**
 * The id of the built-in fixture a warm-up prices. It cannot collide with a real fixture: real ids match
 * `^[a-z0-9][a-z0-9-]{2,63}$`, and this one starts with an underscore.
 */
export const WARMUP_FIXTURE_ID = '__warm-up__';

/**
 * A typical Premier League opinion, never stored in the table: a warm-up builds (or reads from the shared cache) its
 * model and prices {@link WARMUP_BETS} on it, so the container's first real price does not pay V8's compilation of
 * the price path (validation, cache tiers, codec, pricing). A model of typical size, so the codec and the L2 read are
 * exercised at their real size.
 */
export const WARMUP_OPINION: StoredOpinion = Object.freeze({
  fixtureId: WARMUP_FIXTURE_ID,
  competition: 'warm-up',
  kickoff: '2026-01-01T15:00:00Z',
  home: { name: 'Home', goals: 1.5, cards: 1.7, corners: 5.6 },
  away: { name: 'Away', goals: 1.15, cards: 1.9, corners: 4.6 },
  status: 'OPEN',
  players: [
    { playerId: 'h9', name: 'Home 9', team: 'HOME', goalShare: 0.3, cardShare: 0.08, expectedMinutes: 85 },
    { playerId: 'h7', name: 'Home 7', team: 'HOME', goalShare: 0.2, cardShare: 0.1, expectedMinutes: 80 },
    { playerId: 'a9', name: 'Away 9', team: 'AWAY', goalShare: 0.32, cardShare: 0.1, expectedMinutes: 88 },
    { playerId: 'a6', name: 'Away 6', team: 'AWAY', goalShare: 0.04, cardShare: 0.2, expectedMinutes: 90 },
  ],
  model: { dixonColesRho: -0.08, gameState: true, cornersDispersion: 1.15 },
  inputsVersion: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
}) as StoredOpinion;

/**
 * Price request bodies a warm-up runs through validation and pricing: every market of the contract, several players
 * of one team, a bet that cannot be priced (NO_PRICE), an unknown player (PLAYER_NOT_FOUND) and an invalid leg, so
 * the error paths are compiled too.
 */
export const WARMUP_BETS: readonly unknown[] = [
  [
    { market: 'MATCH_RESULT', selection: 'HOME' },
    { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
    { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
    { market: 'PLAYER_TO_SCORE', playerId: 'h9' },
  ],
  [
    { market: 'DOUBLE_CHANCE', selection: 'HOME_OR_DRAW' },
    { market: 'TEAM_GOALS', team: 'AWAY', side: 'UNDER', line: 1.5 },
    { market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' },
    { market: 'TEAM_CARDS', team: 'HOME', side: 'OVER', line: 1.5 },
    { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
    { market: 'TEAM_CORNERS', team: 'AWAY', side: 'UNDER', line: 4.5 },
    { market: 'PLAYER_TO_BE_CARDED', playerId: 'a6' },
  ],
  [
    { market: 'CORRECT_SCORE', home: 2, away: 1 },
    { market: 'PLAYER_TO_SCORE', playerId: 'h9' },
    { market: 'PLAYER_TO_SCORE', playerId: 'h7' },
  ],
  [
    { market: 'MATCH_RESULT', selection: 'HOME' },
    { market: 'MATCH_RESULT', selection: 'AWAY' },
  ],
  [{ market: 'PLAYER_TO_SCORE', playerId: 'nobody' }],
  [{ market: 'TOTAL_GOALS', side: 'OVER', line: 2 }],
  // The bodies name a valid id (validation is what is being warmed); they are priced on the warm-up model.
].map((legs) => ({ fixtureId: 'warm-up', legs }));
