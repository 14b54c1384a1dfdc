import type { Rng } from './random';
import type { LegBody, Market, OpinionBody, PlayerInputs, PriceRequestBody } from './types/traffic';

const TEAMS: readonly [string, string][] = [
  ['ars', 'Arsenal'],
  ['avl', 'Aston Villa'],
  ['bou', 'Bournemouth'],
  ['bre', 'Brentford'],
  ['bha', 'Brighton'],
  ['che', 'Chelsea'],
  ['cry', 'Crystal Palace'],
  ['eve', 'Everton'],
  ['ful', 'Fulham'],
  ['ips', 'Ipswich'],
  ['lei', 'Leicester'],
  ['liv', 'Liverpool'],
  ['mci', 'Manchester City'],
  ['mun', 'Manchester United'],
  ['new', 'Newcastle'],
  ['nfo', 'Nottingham Forest'],
  ['sou', 'Southampton'],
  ['tot', 'Tottenham'],
  ['whu', 'West Ham'],
  ['wol', 'Wolves'],
  ['bar', 'Barcelona'],
  ['rma', 'Real Madrid'],
  ['atm', 'Atletico Madrid'],
  ['bay', 'Bayern'],
  ['bvb', 'Dortmund'],
  ['juv', 'Juventus'],
  ['int', 'Inter'],
  ['mil', 'Milan'],
  ['psg', 'Paris SG'],
  ['ben', 'Benfica'],
  ['por', 'Porto'],
  ['aja', 'Ajax'],
];
const COMPETITIONS = [
  'Premier League',
  'Championship',
  'La Liga',
  'Serie A',
  'Bundesliga',
  'Ligue 1',
  'Champions League',
];
const POSITIONS = [
  'GK',
  'DF',
  'DF',
  'DF',
  'DF',
  'MF',
  'MF',
  'MF',
  'FW',
  'FW',
  'FW',
  'SUB',
  'SUB',
  'SUB',
] as const;
/** Relative goal and card weights by position (a striker scores, a defender gets booked). */
const GOAL_WEIGHT: Record<(typeof POSITIONS)[number], number> = { GK: 0.01, DF: 0.5, MF: 1.2, FW: 3, SUB: 1 };
const CARD_WEIGHT: Record<(typeof POSITIONS)[number], number> = {
  GK: 0.3,
  DF: 1.6,
  MF: 1.3,
  FW: 0.7,
  SUB: 0.8,
};

const round = (v: number, dp: number) => Math.round(v * 10 ** dp) / 10 ** dp;

/** The fixture id of the i-th generated fixture (stable for a given index). */
export function fixtureIdFor(i: number, home: string, away: string): string {
  return `lt-${String(i).padStart(4, '0')}-${home}-${away}`;
}

/**
 * Generates `n` realistic opinions (teams' expected goals/cards/corners, 14 players a side with
 * position-shaped shares that sum to less than one), deterministic for a seed.
 *
 * @example
 * const opinions = makeOpinions(200, createRng('42').fork('fixtures'));
 */
export function makeOpinions(n: number, rng: Rng): OpinionBody[] {
  const out: OpinionBody[] = [];
  for (let i = 0; i < n; i++) {
    const h = rng.int(TEAMS.length);
    let a = rng.int(TEAMS.length - 1);
    if (a >= h) a++;
    const [hc, hn] = TEAMS[h]!;
    const [ac, an] = TEAMS[a]!;
    const fixtureId = fixtureIdFor(i, hc, ac);
    const day = 1 + (i % 28);
    const players: PlayerInputs[] = [];
    for (const team of ['HOME', 'AWAY'] as const) {
      const code = team === 'HOME' ? hc : ac;
      const gw = POSITIONS.map((p) => GOAL_WEIGHT[p] * rng.range(0.5, 1.5));
      const cw = POSITIONS.map((p) => CARD_WEIGHT[p] * rng.range(0.5, 1.5));
      const gTotal = gw.reduce((s, v) => s + v, 0);
      const cTotal = cw.reduce((s, v) => s + v, 0);
      // Own goals and unlisted players keep the listed shares below 1.
      const gScale = rng.range(0.85, 0.95) / gTotal;
      const cScale = rng.range(0.85, 0.95) / cTotal;
      POSITIONS.forEach((pos, k) => {
        players.push({
          playerId: `${code}-${team === 'HOME' ? 'h' : 'a'}${k + 1}`,
          name: `${team === 'HOME' ? hn : an} ${pos} ${k + 1}`,
          team,
          goalShare: Math.floor(gw[k]! * gScale * 1000) / 1000,
          cardShare: Math.floor(cw[k]! * cScale * 1000) / 1000,
          expectedMinutes: pos === 'SUB' ? Math.round(rng.range(10, 35)) : Math.round(rng.range(65, 90)),
        });
      });
    }
    out.push({
      fixtureId,
      competition: rng.pick(COMPETITIONS),
      kickoff: `2026-12-${String(day).padStart(2, '0')}T${rng.pick(['12:30', '15:00', '17:30', '20:00'])}:00Z`,
      status: 'OPEN',
      home: {
        name: hn,
        goals: round(rng.range(0.9, 2.3), 2),
        cards: round(rng.range(1.2, 2.4), 2),
        corners: round(rng.range(4, 7), 2),
      },
      away: {
        name: an,
        goals: round(rng.range(0.6, 1.8), 2),
        cards: round(rng.range(1.3, 2.6), 2),
        corners: round(rng.range(3, 6), 2),
      },
      players,
      model: {
        dixonColesRho: round(rng.range(-0.13, -0.05), 3),
        gameState: true,
        cornersDispersion: round(rng.range(1.05, 1.3), 2),
      },
    });
  }
  return out;
}

/** Market popularity in a bet builder (result and goals dominate, player props are common). */
export const MARKET_MIX: readonly [Market, number][] = [
  ['MATCH_RESULT', 20],
  ['TOTAL_GOALS', 15],
  ['PLAYER_TO_SCORE', 15],
  ['BOTH_TEAMS_TO_SCORE', 10],
  ['TOTAL_CARDS', 8],
  ['TOTAL_CORNERS', 8],
  ['DOUBLE_CHANCE', 6],
  ['TEAM_GOALS', 6],
  ['PLAYER_TO_BE_CARDED', 6],
  ['TEAM_CARDS', 3],
  ['TEAM_CORNERS', 3],
  ['CORRECT_SCORE', 2],
];

/** How many legs a bet has: mostly 2 to 4, up to 8. */
export const LEG_COUNT_MIX: readonly [number, number][] = [
  [1, 10],
  [2, 22],
  [3, 24],
  [4, 18],
  [5, 11],
  [6, 7],
  [7, 5],
  [8, 3],
];

function weighted<T>(rng: Rng, mix: readonly [T, number][]): T {
  const total = mix.reduce((s, [, w]) => s + w, 0);
  let u = rng.next() * total;
  for (const [v, w] of mix) {
    u -= w;
    if (u < 0) return v;
  }
  return mix[mix.length - 1]![0];
}

/** Markets that constrain the final score: a bet carries at most one of them, never with a correct score. */
const RESULT_MARKETS = new Set<Market>(['MATCH_RESULT', 'DOUBLE_CHANCE', 'CORRECT_SCORE']);
const SCORE_MARKETS = new Set<Market>([
  'TOTAL_GOALS',
  'TEAM_GOALS',
  'BOTH_TEAMS_TO_SCORE',
  'PLAYER_TO_SCORE',
]);

/**
 * Draws a bet of 1–8 legs on one fixture from the market mix, with players taken from the fixture's
 * opinion. It avoids obviously contradictory combinations (two results, a correct score with goal
 * lines, the same market twice) the way a bet-builder UI does, so most bets get a price.
 *
 * @example
 * const bet = makeBet(opinions[zipf.sample(rng)], rng);
 */
export function makeBet(opinion: OpinionBody, rng: Rng): PriceRequestBody {
  const want = weighted(rng, LEG_COUNT_MIX);
  const legs: LegBody[] = [];
  const used = new Set<string>();
  const usedPlayers = new Set<string>();
  let hasResult = false;
  let hasCorrectScore = false;
  let hasScoreMarket = false;
  for (let attempt = 0; legs.length < want && attempt < want * 6; attempt++) {
    const market = weighted(rng, MARKET_MIX);
    if (RESULT_MARKETS.has(market) && hasResult) continue;
    if (market === 'CORRECT_SCORE' && hasScoreMarket) continue;
    if (SCORE_MARKETS.has(market) && hasCorrectScore) continue;
    const team = rng.pick(['HOME', 'AWAY'] as const);
    const key = market.startsWith('TEAM_') ? `${market}:${team}` : market;
    if (!market.startsWith('PLAYER_') && used.has(key)) continue;
    const leg = makeLeg(market, team, opinion, rng, usedPlayers);
    if (!leg) continue;
    legs.push(leg);
    used.add(key);
    if (RESULT_MARKETS.has(market)) hasResult = true;
    if (market === 'CORRECT_SCORE') hasCorrectScore = true;
    if (SCORE_MARKETS.has(market)) hasScoreMarket = true;
  }
  if (legs.length === 0) legs.push({ market: 'MATCH_RESULT', selection: 'HOME' });
  return { fixtureId: opinion.fixtureId, legs };
}

function makeLeg(
  market: Market,
  team: 'HOME' | 'AWAY',
  o: OpinionBody,
  rng: Rng,
  usedPlayers: Set<string>,
): LegBody | undefined {
  const side = rng.next() < 0.6 ? 'OVER' : 'UNDER';
  switch (market) {
    case 'MATCH_RESULT':
      return {
        market,
        selection: weighted(rng, [
          ['HOME', 45],
          ['DRAW', 25],
          ['AWAY', 30],
        ] as const),
      };
    case 'DOUBLE_CHANCE':
      return { market, selection: rng.pick(['HOME_OR_DRAW', 'HOME_OR_AWAY', 'DRAW_OR_AWAY'] as const) };
    case 'TOTAL_GOALS':
      return {
        market,
        side,
        line: weighted(rng, [
          [0.5, 5],
          [1.5, 25],
          [2.5, 45],
          [3.5, 20],
          [4.5, 5],
        ] as const),
      };
    case 'TEAM_GOALS':
      return {
        market,
        team,
        side,
        line: weighted(rng, [
          [0.5, 55],
          [1.5, 35],
          [2.5, 10],
        ] as const),
      };
    case 'BOTH_TEAMS_TO_SCORE':
      return { market, selection: rng.next() < 0.7 ? 'YES' : 'NO' };
    case 'CORRECT_SCORE':
      return { market, home: rng.int(4), away: rng.int(3) };
    case 'TOTAL_CARDS':
      return {
        market,
        side,
        line: weighted(rng, [
          [2.5, 25],
          [3.5, 40],
          [4.5, 25],
          [5.5, 10],
        ] as const),
      };
    case 'TEAM_CARDS':
      return {
        market,
        team,
        side,
        line: weighted(rng, [
          [0.5, 30],
          [1.5, 50],
          [2.5, 20],
        ] as const),
      };
    case 'TOTAL_CORNERS':
      return {
        market,
        side,
        line: weighted(rng, [
          [7.5, 15],
          [8.5, 25],
          [9.5, 30],
          [10.5, 20],
          [11.5, 10],
        ] as const),
      };
    case 'TEAM_CORNERS':
      return {
        market,
        team,
        side,
        line: weighted(rng, [
          [3.5, 30],
          [4.5, 40],
          [5.5, 30],
        ] as const),
      };
    case 'PLAYER_TO_SCORE':
    case 'PLAYER_TO_BE_CARDED': {
      // Bettors back the likely scorers / bookings: pick by share, not uniformly.
      const share = (p: PlayerInputs) =>
        (market === 'PLAYER_TO_SCORE' ? p.goalShare : p.cardShare) * p.expectedMinutes;
      const pool = o.players.filter((p) => !usedPlayers.has(`${market}:${p.playerId}`) && share(p) > 0);
      if (pool.length === 0) return undefined;
      const p = weighted(
        rng,
        pool.map((x) => [x, share(x)] as [PlayerInputs, number]),
      );
      usedPlayers.add(`${market}:${p.playerId}`);
      return { market, playerId: p.playerId };
    }
  }
}

/**
 * A trader's update: nudges the team inputs by a few per cent and one player's minutes, keeping
 * every value inside the contract's ranges. Returns a new body; the input is not modified.
 *
 * @example
 * await client.putOpinion(updateOpinion(current, rng));
 */
export function updateOpinion(o: OpinionBody, rng: Rng): OpinionBody {
  const nudge = (v: number, lo: number, hi: number) =>
    round(Math.min(hi, Math.max(lo, v * rng.range(0.95, 1.05))), 3);
  const players = o.players.map((p) => ({ ...p }));
  const victim = players[rng.int(players.length)];
  if (victim)
    victim.expectedMinutes = Math.round(
      Math.min(90, Math.max(0, victim.expectedMinutes + rng.range(-10, 10))),
    );
  return {
    ...o,
    home: {
      ...o.home,
      goals: nudge(o.home.goals, 0.05, 6),
      cards: nudge(o.home.cards, 0, 8),
      corners: nudge(o.home.corners, 0, 20),
    },
    away: {
      ...o.away,
      goals: nudge(o.away.goals, 0.05, 6),
      cards: nudge(o.away.cards, 0, 8),
      corners: nudge(o.away.corners, 0, 20),
    },
    players,
  };
}
