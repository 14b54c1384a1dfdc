import type { Leg } from './types/legs';
import type { Opinion } from './types/opinion';

/** Freezes a plain JSON-like value and everything in it, so a shared example cannot be changed by one of its users. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFrozen(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The API contract's example opinion (`PUT /v1/fixtures/epl-2026-12-05-ars-che` in `api-contract.md`), exactly as the
 * contract shows it: Arsenal v Chelsea, one player (Saka), the contract's `model` block. One copy for docs, demos and
 * tests; deeply frozen, so spread or `structuredClone` it to change anything.
 *
 * @example
 * const opinion = parseOpinion(CONTRACT_EXAMPLE_OPINION); // { ok: true, value: … }
 * const suspended: Opinion = { ...CONTRACT_EXAMPLE_OPINION, status: 'SUSPENDED' };
 * const { fixtureId, ...putBody } = CONTRACT_EXAMPLE_OPINION; // the PUT body (the path carries the fixtureId)
 */
export const CONTRACT_EXAMPLE_OPINION: Readonly<Opinion> = deepFrozen<Opinion>({
  fixtureId: 'epl-2026-12-05-ars-che',
  competition: 'Premier League',
  kickoff: '2026-12-05T15:00:00Z',
  status: 'OPEN',
  home: { name: 'Arsenal', goals: 1.5, cards: 1.6, corners: 5.8 },
  away: { name: 'Chelsea', goals: 1.1, cards: 1.8, corners: 4.7 },
  players: [
    {
      playerId: 'saka',
      name: 'Bukayo Saka',
      team: 'HOME',
      goalShare: 0.35,
      cardShare: 0.25,
      expectedMinutes: 90,
    },
  ],
  model: { dixonColesRho: -0.1, gameState: true, cornersDispersion: 1.15 },
});

/**
 * The legs of the API contract's example price request (`POST /v1/price` on {@link CONTRACT_EXAMPLE_OPINION}'s
 * fixture): Arsenal to win, over 2.5 goals, over 3.5 cards, Saka to score. Deeply frozen; for docs, demos and tests.
 *
 * @example
 * const body = { fixtureId: CONTRACT_EXAMPLE_OPINION.fixtureId, legs: CONTRACT_EXAMPLE_LEGS };
 * const r = price(buildFixtureModel(CONTRACT_EXAMPLE_OPINION), [...CONTRACT_EXAMPLE_LEGS]); // r.probability ≈ 0.076
 */
export const CONTRACT_EXAMPLE_LEGS: readonly Leg[] = deepFrozen<Leg[]>([
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
  { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
  { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
]);

/**
 * The contract's in-play example ("In-play: the match state in the opinion"): minute 63, Saka scored in the first
 * half — a state of {@link CONTRACT_EXAMPLE_OPINION}.
 */
export const CONTRACT_EXAMPLE_IN_PLAY = {
  minute: 63,
  score: { home: 1, away: 0 },
  cards: { home: 2, away: 1 },
  corners: { home: 4, away: 2 },
  firstHalf: { score: { home: 1, away: 0 }, cards: { home: 1, away: 0 }, corners: { home: 3, away: 1 } },
  firstGoal: { team: 'HOME', playerId: 'saka' },
  players: [{ playerId: 'saka', goals: 1, cards: 0, onPitch: true }],
} as const;
