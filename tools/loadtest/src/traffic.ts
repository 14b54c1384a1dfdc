import { legSchema } from '@betbuilder/pricing-model';
import type { Rng } from './random';
import type {
  LegBody,
  Market,
  OpinionBody,
  Period,
  PlayerInputs,
  PriceRequestBody,
  Side,
  TeamSide,
} from './types/traffic';

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
 * position-shaped shares that sum to less than one), deterministic for a seed and a day. Each kicks off 1 to 28 days
 * after the UTC day of `now`: pre-match whenever the test runs (a kick-off that has passed makes the service treat a
 * fixture as possibly in play, with a consistent read on every price, so fixed dates would change the load on a date).
 *
 * @example
 * const opinions = makeOpinions(200, createRng('42').fork('fixtures'));
 */
export function makeOpinions(n: number, rng: Rng, now = Date.now()): OpinionBody[] {
  const dayMs = 86_400_000;
  const today = Math.floor(now / dayMs) * dayMs;
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
      kickoff: `${new Date(today + day * dayMs).toISOString().slice(0, 10)}T${rng.pick(['12:30', '15:00', '17:30', '20:00'])}:00Z`,
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

/**
 * Market popularity in a bet builder (result and goals dominate, player props are common). The v2 markets — handicap,
 * clean sheet, win to nil, and 2+ / 3+ goal scorer legs (part of PLAYER_TO_SCORE) — make up about a third of the legs;
 * half-time/full-time, first goalscorer and first team to score 2.4%, 2.8% and 1.6% of the legs. A leg of a market with
 * periods is on a half {@link HALF_SHARE} of the time.
 */
export const MARKET_MIX: readonly [Market, number][] = [
  ['HANDICAP', 50],
  ['CLEAN_SHEET', 28],
  ['WIN_TO_NIL', 20],
  ['MATCH_RESULT', 20],
  ['TOTAL_GOALS', 15],
  ['PLAYER_TO_SCORE', 15],
  ['BOTH_TEAMS_TO_SCORE', 10],
  ['TOTAL_CARDS', 8],
  ['TOTAL_CORNERS', 8],
  ['DOUBLE_CHANCE', 6],
  ['TEAM_GOALS', 6],
  ['PLAYER_TO_BE_CARDED', 6],
  ['HALF_TIME_FULL_TIME', 5],
  ['PLAYER_FIRST_GOALSCORER', 4],
  ['TEAM_CARDS', 3],
  ['TEAM_CORNERS', 3],
  ['FIRST_TEAM_TO_SCORE', 2],
  ['CORRECT_SCORE', 2],
];

/**
 * How often a leg of a market with a `period` field is on a half (first or second, evenly): about 10% of all legs carry
 * a half period, 2% are a half's cards or corners — the only legs priced on a model's halves section, in about 7% of
 * the bets.
 */
export const HALF_SHARE = 0.12;
/** The markets whose legs take a period, read off the contract's leg schema rather than listed again. */
const PERIODIC = new Set<Market>(
  legSchema.options.filter((o) => 'period' in o.shape).map((o) => o.shape.market.value),
);

/** The share of each count that falls in the first half (the rest in the second), for the bets' stories and lines. */
const FIRST_HALF_SHARE = 0.45;

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
const RESULT_MARKETS = new Set<Market>([
  'MATCH_RESULT',
  'DOUBLE_CHANCE',
  'CORRECT_SCORE',
  'WIN_TO_NIL',
  'HALF_TIME_FULL_TIME',
]);
const SCORE_MARKETS = new Set<Market>([
  'TOTAL_GOALS',
  'TEAM_GOALS',
  'BOTH_TEAMS_TO_SCORE',
  'PLAYER_TO_SCORE',
  'HANDICAP',
  'CLEAN_SHEET',
]);

/** The handicap lines of the menu (±0.5 … ±2.5). */
const HANDICAP_LINES = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];

/**
 * Draws a bet of 1–8 legs on one fixture from the market mix, with players taken from the fixture's
 * opinion. Like a customer, it builds the bet around a story (an imagined final result drawn from the
 * opinion's means) and most legs agree with it, so legs are correlated the way real bet-builder bets
 * are and most bets get a price; a few long-shot legs make some bets unpriceable (422 NO_PRICE, about
 * 10% of bets with the default mix). It never combines two results (win to nil and half-time/full-time count as one), a
 * correct score with goal lines, handicaps or clean sheets, two first goalscorers, or the same market twice (on any
 * periods).
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
  const scenario = drawScenario(opinion, rng);
  for (let attempt = 0; legs.length < want && attempt < want * 6; attempt++) {
    const market = weighted(rng, MARKET_MIX);
    if (RESULT_MARKETS.has(market) && hasResult) continue;
    if (market === 'CORRECT_SCORE' && hasScoreMarket) continue;
    if (SCORE_MARKETS.has(market) && hasCorrectScore) continue;
    const team = rng.pick(['HOME', 'AWAY'] as const);
    const key = market.startsWith('TEAM_') ? `${market}:${team}` : market;
    if (!market.startsWith('PLAYER_') && used.has(key)) continue;
    const leg = makeLeg(market, team, opinion, rng, usedPlayers, scenario);
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

/** What happens in a match (or one half of it): each team's goals, cards and corners. */
interface Counts {
  goals: Record<TeamSide, number>;
  cards: Record<TeamSide, number>;
  corners: Record<TeamSide, number>;
}

/**
 * One imagined match: bettors build bets around a story ("2-1 home, 1-0 at half-time, lots of cards"), with the team
 * that scored first.
 */
interface Scenario extends Counts {
  firstHalf: Counts;
  firstGoal: TeamSide | undefined;
}

function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit && k < 50) {
    k++;
    p *= rng.next();
  }
  return k;
}

function binomial(rng: Rng, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}

function drawScenario(o: OpinionBody, rng: Rng): Scenario {
  const full: Counts = {
    goals: { HOME: poisson(rng, o.home.goals), AWAY: poisson(rng, o.away.goals) },
    cards: { HOME: poisson(rng, o.home.cards), AWAY: poisson(rng, o.away.cards) },
    corners: { HOME: poisson(rng, o.home.corners), AWAY: poisson(rng, o.away.corners) },
  };
  const split = (c: Record<TeamSide, number>) => ({
    HOME: binomial(rng, c.HOME, FIRST_HALF_SHARE),
    AWAY: binomial(rng, c.AWAY, FIRST_HALF_SHARE),
  });
  const firstHalf = { goals: split(full.goals), cards: split(full.cards), corners: split(full.corners) };
  const { HOME: hg, AWAY: ag } = full.goals;
  const firstGoal = hg + ag === 0 ? undefined : rng.next() * (hg + ag) < hg ? 'HOME' : 'AWAY';
  return { ...full, firstHalf, firstGoal };
}

/** The story's counts on one period, and the share of the opinion's means that period has. */
function countsOn(sc: Scenario, period: Period | undefined): { counts: Counts; share: number } {
  if (period === 'FIRST_HALF') return { counts: sc.firstHalf, share: FIRST_HALF_SHARE };
  if (period !== 'SECOND_HALF') return { counts: sc, share: 1 };
  const rest = (stat: Stat) => ({
    HOME: sc[stat].HOME - sc.firstHalf[stat].HOME,
    AWAY: sc[stat].AWAY - sc.firstHalf[stat].AWAY,
  });
  return {
    counts: { goals: rest('goals'), cards: rest('cards'), corners: rest('corners') },
    share: 1 - FIRST_HALF_SHARE,
  };
}

const resultOf = (g: Record<TeamSide, number>) =>
  g.HOME > g.AWAY ? 'HOME' : g.HOME < g.AWAY ? 'AWAY' : 'DRAW';

/** The counts a scenario draws and an opinion gives a mean for. */
type Stat = 'goals' | 'cards' | 'corners';

/** A half-line within 1.5 of the mean, on the side that wins in the scenario (or loses, for a long shot). */
function lineFor(rng: Rng, mean: number, actual: number, wins: boolean): { side: Side; line: number } {
  const line = Math.max(0.5, Math.round(mean + rng.range(-1.5, 1.5)) - 0.5);
  const over = actual > line;
  return { side: over === wins ? 'OVER' : 'UNDER', line };
}

function makeLeg(
  market: Market,
  team: TeamSide,
  o: OpinionBody,
  rng: Rng,
  usedPlayers: Set<string>,
  sc: Scenario,
): LegBody | undefined {
  // Most legs agree with the bet's story, so the legs can all win together; a few are long shots.
  const wins = rng.next() < 0.97;
  const other: TeamSide = team === 'HOME' ? 'AWAY' : 'HOME';
  const period: Period | undefined =
    PERIODIC.has(market) && rng.next() < HALF_SHARE
      ? rng.pick(['FIRST_HALF', 'SECOND_HALF'] as const)
      : undefined;
  const leg = legOn(market, team, other, o, rng, usedPlayers, sc, wins, period);
  return leg && period ? ({ ...leg, period } as LegBody) : leg;
}

/** {@link makeLeg}'s leg on the period's story (full time when `period` is undefined), without the period field. */
function legOn(
  market: Market,
  team: TeamSide,
  other: TeamSide,
  o: OpinionBody,
  rng: Rng,
  usedPlayers: Set<string>,
  story: Scenario,
  wins: boolean,
  period: Period | undefined,
): LegBody | undefined {
  const { counts: sc, share } = countsOn(story, period);
  const hg = sc.goals.HOME;
  const ag = sc.goals.AWAY;
  const result = resultOf(sc.goals);
  // Over/under lines on both teams' count together, or on the leg's team's.
  const total = <M extends Market>(m: M, stat: Stat) => ({
    market: m,
    ...lineFor(rng, (o.home[stat] + o.away[stat]) * share, sc[stat].HOME + sc[stat].AWAY, wins),
  });
  const ofTeam = <M extends Market>(m: M, stat: Stat) => ({
    market: m,
    team,
    ...lineFor(rng, o[team === 'HOME' ? 'home' : 'away'][stat] * share, sc[stat][team], wins),
  });
  switch (market) {
    case 'MATCH_RESULT': {
      const pool = (['HOME', 'DRAW', 'AWAY'] as const).filter((r) => (r === result) === wins);
      return { market, selection: rng.pick(pool) };
    }
    case 'DOUBLE_CHANCE': {
      const all = [
        ['HOME_OR_DRAW', result !== 'AWAY'],
        ['HOME_OR_AWAY', result !== 'DRAW'],
        ['DRAW_OR_AWAY', result !== 'HOME'],
      ] as const;
      return { market, selection: rng.pick(all.filter(([, w]) => w === wins).map(([sel]) => sel)) };
    }
    case 'TOTAL_GOALS':
      return total(market, 'goals');
    case 'TEAM_GOALS':
      return ofTeam(market, 'goals');
    case 'BOTH_TEAMS_TO_SCORE':
      return { market, selection: (hg > 0 && ag > 0) === wins ? 'YES' : 'NO' };
    case 'HANDICAP': {
      // The team's goals + line beat the other's in the story (or, for a long shot, do not).
      const diff = sc.goals[team] - sc.goals[other];
      const pool = HANDICAP_LINES.filter((line) => diff + line > 0 === wins);
      return pool.length > 0 ? { market, team, line: rng.pick(pool) } : undefined;
    }
    case 'CLEAN_SHEET': {
      const pick = (['HOME', 'AWAY'] as const).filter(
        (t) => (sc.goals[t === 'HOME' ? 'AWAY' : 'HOME'] === 0) === wins,
      );
      return pick.length > 0 ? { market, team: rng.pick(pick) } : undefined;
    }
    case 'WIN_TO_NIL': {
      const toNil = (t: TeamSide) => sc.goals[t] > 0 && sc.goals[t === 'HOME' ? 'AWAY' : 'HOME'] === 0;
      const pick = (['HOME', 'AWAY'] as const).filter((t) => toNil(t) === wins);
      return pick.length > 0 ? { market, team: rng.pick(pick) } : undefined;
    }
    case 'CORRECT_SCORE':
      return wins
        ? { market, home: Math.min(9, hg), away: Math.min(9, ag) }
        : { market, home: Math.min(9, hg + 1), away: ag };
    case 'TOTAL_CARDS':
      return total(market, 'cards');
    case 'TEAM_CARDS':
      return ofTeam(market, 'cards');
    case 'TOTAL_CORNERS':
      return total(market, 'corners');
    case 'TEAM_CORNERS':
      return ofTeam(market, 'corners');
    case 'HALF_TIME_FULL_TIME': {
      const halfTime = resultOf(story.firstHalf.goals);
      if (wins) return { market, halfTime, fullTime: result };
      // a long shot: another half-time result than the story's
      const pool = (['HOME', 'DRAW', 'AWAY'] as const).filter((r) => r !== halfTime);
      return { market, halfTime: rng.pick(pool), fullTime: result };
    }
    case 'FIRST_TEAM_TO_SCORE': {
      const first = story.firstGoal ?? 'NONE';
      if (wins) return { market, selection: first };
      return { market, selection: rng.pick((['HOME', 'AWAY', 'NONE'] as const).filter((t) => t !== first)) };
    }
    case 'PLAYER_FIRST_GOALSCORER': {
      // One per bet, from the team that scored first in the story (none in a goalless story), by goal share.
      if (story.firstGoal === undefined) return undefined;
      if ([...usedPlayers].some((k) => k.startsWith(`${market}:`))) return undefined;
      const pool = o.players.filter((p) => p.team === story.firstGoal && p.goalShare * p.expectedMinutes > 0);
      if (pool.length === 0) return undefined;
      const p = weighted(
        rng,
        pool.map((x) => [x, (x.goalShare * x.expectedMinutes) ** 2] as [PlayerInputs, number]),
      );
      usedPlayers.add(`${market}:${p.playerId}`);
      return { market, playerId: p.playerId };
    }
    case 'PLAYER_TO_SCORE':
    case 'PLAYER_TO_BE_CARDED': {
      // A scorer (booking) from a team that scored (was booked) in the story, at most two scorers and
      // one booking per bet, weighted towards the likely players.
      const scoring = market === 'PLAYER_TO_SCORE';
      const already = [...usedPlayers].filter((k) => k.startsWith(`${market}:`)).length;
      if (already >= (scoring ? Math.min(2, hg + ag) : Math.min(1, sc.cards.HOME + sc.cards.AWAY)))
        return undefined;
      const counts = scoring ? sc.goals : sc.cards;
      const teamPick: TeamSide = counts[team] > 0 ? team : other;
      const share = (p: PlayerInputs) => (scoring ? p.goalShare : p.cardShare) * p.expectedMinutes;
      const pool = o.players.filter(
        (p) => p.team === teamPick && !usedPlayers.has(`${market}:${p.playerId}`) && share(p) > 0,
      );
      if (pool.length === 0) return undefined;
      const p = weighted(
        rng,
        pool.map((x) => [x, share(x) ** 2] as [PlayerInputs, number]),
      );
      usedPlayers.add(`${market}:${p.playerId}`);
      if (!scoring) return { market, playerId: p.playerId };
      // Sometimes a 2+ (rarely 3+) goals leg, when his team scored enough in the story (long odds: kept rare, or
      // most such bets would fall below 1/1001).
      const teamGoals = counts[teamPick];
      if (teamGoals >= 3 && rng.next() < 0.1) return { market, playerId: p.playerId, atLeast: 3 };
      if (teamGoals >= 2 && rng.next() < 0.4) return { market, playerId: p.playerId, atLeast: 2 };
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

/** The in-play state an opinion carries (the contract's `inPlay`). */
export type InPlayState = NonNullable<OpinionBody['inPlay']>;

/** A match kicked off `minute` minutes ago at 0-0: the first in-play state of a fixture (no goal, no card yet). */
export function kickedOff(o: OpinionBody, minute: number, now = Date.now()): OpinionBody {
  return {
    ...o,
    kickoff: new Date(now - minute * 60_000).toISOString(),
    inPlay: {
      minute,
      score: { home: 0, away: 0 },
      cards: { home: 0, away: 0 },
      corners: { home: 0, away: 0 },
      players: [],
      ...(minute >= 47
        ? {
            firstHalf: {
              score: { home: 0, away: 0 },
              cards: { home: 0, away: 0 },
              corners: { home: 0, away: 0 },
            },
          }
        : {}),
    },
  };
}

/**
 * The next in-play state a trader's feed sends: the clock moves on by about a minute, and in that minute each team
 * scores, is carded or wins a corner with its opinion's per-minute rate (a goal's scorer is not named; the first goal
 * and the first-half figures are kept as the contract asks). The clock stops at minute 94 (the fixture stays live).
 */
export function advanceInPlay(o: OpinionBody, rng: Rng): OpinionBody {
  const s = o.inPlay;
  if (!s) return o;
  const minute = Math.min(94, round(s.minute + rng.range(0.5, 1.5), 2));
  const step = minute - s.minute;
  const happens = (perMatch: number) => rng.next() < (perMatch * step) / 95;
  const score = { ...s.score };
  const cards = { ...s.cards };
  const corners = { ...s.corners };
  let firstGoal = s.firstGoal;
  for (const side of ['home', 'away'] as const) {
    if (happens(o[side].goals)) {
      score[side]++;
      firstGoal ??= { team: side === 'home' ? 'HOME' : 'AWAY' };
    }
    if (happens(o[side].cards)) cards[side]++;
    if (happens(o[side].corners)) corners[side]++;
  }
  // the first half's figures are what stood when the clock passed minute 47
  const firstHalf =
    s.firstHalf ?? (minute >= 47 ? { score: s.score, cards: s.cards, corners: s.corners } : undefined);
  return {
    ...o,
    inPlay: {
      ...s,
      minute,
      score,
      cards,
      corners,
      ...(firstGoal ? { firstGoal } : {}),
      ...(firstHalf ? { firstHalf } : {}),
    },
  };
}
