/**
 * The reference model: slow, written straight from the mathematics in the package README, sharing no code (and no
 * constants) with the fast path — only the public `Opinion` and `Leg` types.
 *
 * - One clock for everything: 95 one-minute steps (first half minutes 0–46, second half 47–94, run as two explicit
 *   periods). In each minute, given the state at its start, each team's goals and each counted event increment
 *   independently by Poisson amounts with that minute's intensities (time profile at the minute's midpoint, score
 *   multiplier of the start-of-minute score class).
 * - The state is explicit: the score (h, a) up to a generous absorbing cap, and for a count section exactly what the
 *   bet needs — each count leg's count (home, away or total) up to its line's threshold (absorbing "that many or
 *   more", so no count tail is ever dropped) and one "credited yet" flag per carded-player leg (each team event is
 *   credited to player i with probability p_i: by Poisson marking, player i's events are an independent Poisson
 *   process of rate p_i·λ).
 * - The card factor F ~ Gamma(mean 1, variance 0.09) is integrated with a 32-node generalised Gauss–Laguerre rule
 *   (nodes with weight < 1e-12 skipped), one chain per node; the corner dominance factor's two nodes likewise.
 * - Calibration: goal base rates by fixed-point iteration on the one-minute chain (to 1e-12 relative); a count's mean
 *   is base × Σ P(final score) · E[Σ minute multipliers | final score], computed by an exposure accumulator.
 * - Dixon–Coles on the final score grid (additive form); a count conditional given the final score is unchanged by
 *   it. Cards and corners are conditionally independent given the final score, scorers are credited given the team's
 *   goals (each goal to player i with probability p_i, by a subset dynamic programme).
 *
 * Periods (v2): every bet is priced on the joint of (half-time score, full-time score, who scored first).
 * - Goals: the same one-minute chain with the state (score, first-goal flag: none / home / away), stopped at minute
 *   47 to record the half-time score, then continued from each half-time state. When the first goals come in one
 *   minute as (x home, y away) goals from 0-0, home scored first with probability x/(x+y). Dixon–Coles scales the
 *   joint per full-time score by DC(FT)/noDC(FT), so its full-time marginal is the full-time grid above. First-half
 *   legs are on the half-time score, second-half legs on full time − half time, full-time legs on full time.
 * - First goalscorer j (team T): T scored first and that goal is j's (probability p_j); T's other g − 1 goals are
 *   credited as usual, j's own scorer requirement reduced by one.
 * - Counts: a process (cards, corners) with any first- or second-half leg in the bet is priced, per factor node, on
 *   P(first-half counts | node, half-time score) (the count chain from kick-off to minute 47) and P(second-half counts
 *   | node, full-time score) (the chain continued from the half-time state with every count and flag restarted at 0),
 *   independent given (node, half-time score, full-time score); its full-time legs (lines, carded players) are on
 *   the sum of the halves. A process whose legs are all full time keeps the full-time definition above.
 *
 * In-play (the opinion's `inPlay`, as the API contract defines it): the calibration above is the kick-off one (the
 * pre-match means), and every chain starts at the state's minute from its score and first-goal flag (a fractional
 * minute gives a shorter first step, its intensity at the step's midpoint), with no Dixon–Coles (a kick-off
 * adjustment). Before half-time the goal chain records the half-time score at minute 47 as above; after it the
 * half-time score is the state's first-half score. Counts are those still to come: a count leg is priced on its line
 * minus its period's count so far (first half, second half, or both for full time), a leg already over its line is
 * won (over) or lost (under), and after half-time a first-half leg is decided by the first half's figures while the
 * second-half and full-time legs are all on the one remaining run. Scorers: a player's goals so far count toward
 * `atLeast`, the rest is asked of the goals still to come, each his with p_i (0 once he is off the pitch, likewise
 * his cards); a carded player has won his leg. A first goal in the past decides the first-team and first-goalscorer
 * legs; when the state does not name its scorer it is a given player's with probability (his goals so far) / (his
 * team's goals so far) (each team goal is his with the same probability whenever it is scored). The factor nodes
 * keep their pre-match weights (the state carries no factor).
 */
import type { Leg, Opinion } from '../../src/index';
import { gaussGamma } from './gaussGamma';

// Globals read once: under Jest the code runs in a vm context, where every global lookup in a hot loop is slow.
const { min: mathMin, max: mathMax, exp: mathExp, abs: mathAbs, floor: mathFloor } = Math;

// ---- The model's defining constants, re-declared from the README (not imported). ----
const MATCH_MINUTES = 95;
const HALF_TIME_MINUTE = 47;
const SECOND_HALF_SHARE = { goals: 0.575, cards: 0.63, corners: 0.52 } as const;
const GOAL_TRAILING = 0.08;
const GOAL_LEADING = 0.04;
const CARD_TRAILING = 1.15;
const CARD_LEADING = 0.9;
const CARD_LOPSIDED = 0.8;
const CARD_FACTOR_VARIANCE = 0.09;
const CORNER_TRAILING = 0.25;
const CORNER_LEADING = 0.15;
const MAX_DOMINANCE = 0.9;
const DEFAULTS = { dixonColesRho: -0.05, gameState: true, cornersDispersion: 1.15 };

// ---- The reference's own numerical choices (generous). ----
const CARD_FACTOR_NODES = 32;
const NEGLIGIBLE_WEIGHT = 1e-12;
/** Scatter contributions below this are dropped (at most ~1e-12 of mass over a whole run). */
const DROP = 1e-22;

/** Goal-increment pairs of one minute and class below this are merged into "no goal" (< 1e-12 per minute in all). */
const MOVE_DROP = 1e-13;
/** Count increments of one minute beyond the point where less than this remains are merged into it. */
const INCREMENT_DROP = 1e-16;
/** Score cells holding less than this are skipped in the count chains (< 1e-9 of mass over a run). */
const NEGLIGIBLE_CELL = 1e-14;
/** Half-time states holding less than this are not continued into the second half (< 1e-15 of mass in all). */
const NEGLIGIBLE_HALF_TIME = 1e-18;

interface GoalMoves {
  readonly dh: Int32Array;
  readonly da: Int32Array;
  readonly q: Float64Array;
}

type Process = 'goals' | 'cards' | 'corners';
type Period = 'FULL_TIME' | 'FIRST_HALF' | 'SECOND_HALF';

/** A count line leg of a bet: on the home, away or total count of its period. */
interface LineLeg {
  readonly of: Team | 'total';
  readonly side: 'OVER' | 'UNDER';
  readonly line: number;
  readonly period: Period;
}

/** A factor node's half tables (conditional distributions, see ReferenceModel.halfRuns). */
interface HalfRun {
  readonly weight: number;
  readonly first: Float64Array;
  readonly second: Float64Array;
}

/**
 * The goals' joint of (half-time score, full-time score, first-goal flag) as a list of entries with mass (score
 * index h × width + a; flag 0 nobody scored, 1 home first, 2 away first), and its half-time and full-time marginals.
 */
export interface GoalJoint {
  readonly ht: Int32Array;
  readonly ft: Int32Array;
  readonly flag: Uint8Array;
  readonly mass: Float64Array;
  readonly htCells: readonly number[];
  readonly ftCells: readonly number[];
  readonly htMass: Float64Array;
  readonly ftMass: Float64Array;
}
type Team = 0 | 1;

/**
 * In-play (the opinion's `inPlay`): where the match stands, as the reference reads the contract. Counts so far are
 * by half (`second` is [0, 0] before half-time); `flag` is who scored first (0 nobody yet, 1 home, 2 away).
 */
interface Start {
  readonly minute: number;
  readonly score: readonly [number, number];
  readonly flag: 0 | 1 | 2;
  readonly firstGoalPlayer: string | undefined;
  /** The first half's score, once it is over (minute ≥ 47). */
  readonly halfTime: readonly [number, number] | undefined;
  readonly cards: { readonly first: readonly [number, number]; readonly second: readonly [number, number] };
  readonly corners: { readonly first: readonly [number, number]; readonly second: readonly [number, number] };
  readonly players: ReadonlyMap<string, { goals: number; carded: boolean; onPitch: boolean }>;
}

function startOf(state: NonNullable<Opinion['inPlay']>): Start {
  const over = state.minute >= HALF_TIME_MINUTE;
  const fh = state.firstHalf;
  const split = (k: 'cards' | 'corners') => {
    const total: [number, number] = [state[k].home, state[k].away];
    if (!over) return { first: total, second: [0, 0] as [number, number] };
    if (!fh) throw new Error('reference: firstHalf is required from minute 47');
    const first: [number, number] = [fh[k].home, fh[k].away];
    return { first, second: [total[0] - first[0], total[1] - first[1]] as [number, number] };
  };
  return {
    minute: state.minute,
    score: [state.score.home, state.score.away],
    flag: state.firstGoal === undefined ? 0 : state.firstGoal.team === 'HOME' ? 1 : 2,
    firstGoalPlayer: state.firstGoal?.playerId,
    halfTime: over && fh ? [fh.score.home, fh.score.away] : undefined,
    cards: split('cards'),
    corners: split('corners'),
    players: new Map(
      state.players.map((p) => [p.playerId, { goals: p.goals, carded: p.cards > 0, onPitch: p.onPitch }]),
    ),
  };
}

/**
 * The clock's steps from `from` to `to`: whole minutes, except that a fractional start (in-play) gives a shorter
 * first step [from, ⌊from⌋ + 1).
 */
function clockSteps(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let t = from;
  while (t < to) {
    const next = mathMin(to, mathFloor(t) + 1);
    out.push([t, next]);
    t = next;
  }
  return out;
}

/** The (home, away) goal increments of one step with probability ≥ MOVE_DROP, from the teams' capped pmfs. */
function movesOf(ph: readonly number[], pa: readonly number[]): GoalMoves {
  const moves = { dh: [] as number[], da: [] as number[], q: [] as number[] };
  let dropped = 0;
  ph.forEach((x, i) =>
    pa.forEach((y, j) => {
      if (x * y < MOVE_DROP) dropped += x * y;
      else {
        moves.dh.push(i);
        moves.da.push(j);
        moves.q.push(x * y);
      }
    }),
  );
  // keep the step mass-preserving: the dropped pairs (below 1e-12 in all) stay put
  moves.q[0] = (moves.q[0] as number) + dropped;
  return { dh: Int32Array.from(moves.dh), da: Int32Array.from(moves.da), q: Float64Array.from(moves.q) };
}

/** Slope c of g(u) = 1 + c(u − ½) that puts `share` of the profile's integral after half-time. */
function slope(share: number): number {
  const h = HALF_TIME_MINUTE / MATCH_MINUTES;
  // ∫_h^1 (u − ½) du = ((½)² − (h − ½)²) / 2
  const tilt = (0.25 - (h - 0.5) ** 2) / 2;
  return (share - (1 - h)) / tilt;
}

/** Multiplier of a team's intensity in minute `minute` when its own goal difference is `own`. */
function multiplier(process: Process, minute: number, own: number, gameState: boolean): number {
  return multiplierAt(process, minute + 0.5, own, gameState);
}

/** Multiplier of a team's intensity at clock time `t` (minutes) when its own goal difference is `own`. */
function multiplierAt(process: Process, t: number, own: number, gameState: boolean): number {
  if (!gameState) return 1;
  const u = t / MATCH_MINUTES;
  const time = 1 + slope(SECOND_HALF_SHARE[process]) * (u - 0.5);
  const d = mathMax(-2, mathMin(2, own));
  let state = 1;
  if (process === 'goals') state = d < 0 ? 1 + GOAL_TRAILING * u : d > 0 ? 1 - GOAL_LEADING * u : 1;
  else if (process === 'corners')
    state = d < 0 ? 1 + CORNER_TRAILING * u : d > 0 ? 1 - CORNER_LEADING * u : 1;
  else state = (d < 0 ? CARD_TRAILING : d > 0 ? CARD_LEADING : 1) * (mathAbs(d) >= 2 ? CARD_LOPSIDED : 1);
  return time * state;
}

/** Poisson(mean) pmf on 0..cap with the last entry "cap or more" (exact: the tail is folded in). */
function cappedPoisson(mean: number, cap: number): number[] {
  const out: number[] = [];
  let p = mathExp(-mean);
  let sum = 0;
  for (let k = 0; k < cap; k++) {
    out.push(p);
    sum += p;
    p *= mean / (k + 1);
  }
  out.push(mathMax(0, 1 - sum));
  return out;
}

/** A count the chain carries: one team's or the total, up to `cap` ("cap or more"). */
interface CountDim {
  readonly of: Team | 'total';
  readonly cap: number;
}

/** A "credited yet" flag: a player of `team` credited with each team event with probability `p`. */
interface PlayerFlag {
  readonly team: Team;
  readonly p: number;
}

/** Per count-state index: the counts and the flags. */
interface CountSpace {
  readonly size: number;
  readonly dims: readonly CountDim[];
  readonly flags: readonly PlayerFlag[];
  decode(index: number): { counts: number[]; flags: boolean[] };
  encode(counts: readonly number[], flags: readonly boolean[]): number;
}

function countSpace(dims: readonly CountDim[], flags: readonly PlayerFlag[]): CountSpace {
  const radix = [...dims.map((d) => d.cap + 1), ...flags.map(() => 2)];
  const size = radix.reduce((s, r) => s * r, 1);
  return {
    size,
    dims,
    flags,
    decode(index) {
      const digits: number[] = [];
      let rest = index;
      for (const r of radix) {
        digits.push(rest % r);
        rest = mathFloor(rest / r);
      }
      return { counts: digits.slice(0, dims.length), flags: digits.slice(dims.length).map((v) => v === 1) };
    },
    encode(counts, fl) {
      const digits = [...counts, ...fl.map((f) => (f ? 1 : 0))];
      let index = 0;
      for (let i = radix.length - 1; i >= 0; i--)
        index = index * (radix[i] as number) + (digits[i] as number);
      return index;
    },
  };
}

/**
 * One Poisson event stream of a team in the count chain: its share of the team's rate and the flag it sets (the
 * rest of the team's events set none). `move[c * (K + 1) + k]` is the count state after k more events from state c.
 */
interface Stream {
  readonly team: Team;
  readonly share: number;
  readonly move: Int32Array;
}

function streams(space: CountSpace, maxIncrement: number): Stream[] {
  const out: Stream[] = [];
  for (const team of [0, 1] as const) {
    const mine = space.flags.map((f, i) => ({ f, i })).filter(({ f }) => f.team === team);
    const rest = 1 - mine.reduce((s, { f }) => s + f.p, 0);
    const sources: { share: number; flag: number }[] = [
      { share: mathMax(0, rest), flag: -1 },
      ...mine.map(({ f, i }) => ({ share: f.p, flag: i })),
    ];
    for (const src of sources) {
      const move = new Int32Array(space.size * (maxIncrement + 1));
      for (let c = 0; c < space.size; c++) {
        const { counts, flags } = space.decode(c);
        for (let k = 0; k <= maxIncrement; k++) {
          const nc = counts.map((v, d) => {
            const dim = space.dims[d] as CountDim;
            return dim.of === team || dim.of === 'total' ? mathMin(dim.cap, v + k) : v;
          });
          const nf = flags.map((f, i) => f || (i === src.flag && k > 0));
          move[c * (maxIncrement + 1) + k] = space.encode(nc, nf);
        }
      }
      out.push({ team, share: src.share, move });
    }
  }
  return out;
}

/** A bet on a single count is carried to at least this count (every line up to 12.5), so that bets share runs. */
const SHARED_CAP = 13;

export class ReferenceModel {
  readonly goalCap: number;
  private readonly gameState: boolean;
  private readonly rho: number;
  private readonly width: number;
  readonly goalBase: [number, number];
  /** Score grid of the one-minute chain before Dixon–Coles, and after. */
  readonly chainGrid: Float64Array;
  readonly grid: Float64Array;
  readonly cardBase: [number, number];
  readonly cornerBase: [number, number];
  private readonly cardNodes: { home: number; away: number; weight: number }[];
  private readonly cornerNodes: { home: number; away: number; weight: number }[];
  private readonly players: Map<string, { team: Team; goal: number; card: number }>;
  /** In-play: the state every chain starts from (undefined pre-match: kick-off, 0-0). */
  private readonly start: Start | undefined;
  private readonly goalPmf: number[][][];
  /** goalMoves[minute * 5 + class]: the minute's (home, away) goal increments with probability ≥ MOVE_DROP. */
  private readonly goalMoves: GoalMoves[];
  /** Finished count-chain runs (summed over the factor nodes) by section and state space. */
  private readonly runs = new Map<string, Float64Array>();
  /** Half-split count-chain runs, per factor node, by section and state space. */
  private readonly halves = new Map<string, HalfRun[]>();
  private joint: GoalJoint | undefined;

  constructor(private readonly opinion: Opinion) {
    const options = { ...DEFAULTS, ...(opinion.model ?? {}) };
    this.gameState = options.gameState;
    this.rho = options.dixonColesRho;
    const top = mathMax(opinion.home.goals, opinion.away.goals);
    // generous: P(team goals >= cap) < 1e-12 even with a 30% higher rate
    let cap = 12;
    while (1 - cumulative(1.3 * top, cap - 1) > 1e-12) cap++;
    // in-play: the goals so far on top (the calibration is unchanged by the larger grid: its extra cells hold ~0)
    this.start = opinion.inPlay ? startOf(opinion.inPlay) : undefined;
    if (this.start) cap += mathMax(this.start.score[0], this.start.score[1]);
    this.goalCap = cap;
    this.width = cap + 1;
    this.goalBase = this.calibrateGoals();
    this.goalPmf = this.goalIncrements(this.goalBase);
    this.goalMoves = this.goalPmf.flatMap((row) =>
      [0, 1, 2, 3, 4].map((c) => movesOf(row[c * 2] as number[], row[c * 2 + 1] as number[])),
    );
    this.chainGrid = this.runScoreChain();
    this.grid = Float64Array.from(this.chainGrid);
    this.applyDixonColes();
    this.cardBase = [
      this.countBase('cards', 0, opinion.home.cards),
      this.countBase('cards', 1, opinion.away.cards),
    ];
    this.cornerBase = [
      this.countBase('corners', 0, opinion.home.corners),
      this.countBase('corners', 1, opinion.away.corners),
    ];
    if (this.gameState) {
      const q = gaussGamma(CARD_FACTOR_VARIANCE, CARD_FACTOR_NODES);
      this.cardNodes = q.nodes
        .map((x, i) => ({ home: x, away: x, weight: q.weights[i] as number }))
        .filter((n) => n.weight >= NEGLIGIBLE_WEIGHT);
    } else this.cardNodes = [{ home: 1, away: 1, weight: 1 }];
    const D = options.cornersDispersion;
    const delta = (mean: number) => (mean > 0 ? mathMin(MAX_DOMINANCE, Math.sqrt((D - 1) / mean)) : 0);
    const dh = delta(opinion.home.corners);
    const da = delta(opinion.away.corners);
    this.cornerNodes =
      dh === 0 && da === 0
        ? [{ home: 1, away: 1, weight: 1 }]
        : [
            { home: 1 + dh, away: 1 - da, weight: 0.5 },
            { home: 1 - dh, away: 1 + da, weight: 0.5 },
          ];
    this.players = new Map(
      opinion.players.map((p) => [
        p.playerId,
        {
          team: p.team === 'HOME' ? 0 : 1,
          goal: mathMin(1, (p.goalShare * p.expectedMinutes) / 90),
          card: mathMin(1, (p.cardShare * p.expectedMinutes) / 90),
        },
      ]),
    );
  }

  /** Step moves of [from, to) by class: the cached whole minutes, or (in-play start) a shorter first step. */
  private stepMoves(from: number, to: number): GoalMoves[] {
    if (Number.isInteger(from) && to === from + 1) return this.goalMoves.slice(from * 5, from * 5 + 5);
    const mid = (from + to) / 2;
    return [-2, -1, 0, 1, 2].map((d) => {
      const mean = (team: Team, own: number) =>
        (this.goalBase[team] / MATCH_MINUTES) * multiplierAt('goals', mid, own, this.gameState) * (to - from);
      return movesOf(
        trimmed(cappedPoisson(mean(0, d), this.goalCap)),
        trimmed(cappedPoisson(mean(1, -d), this.goalCap)),
      );
    });
  }

  /**
   * A player as the chains see him from the start on: his per-goal and per-card probabilities (0 once he is off the
   * pitch: he scores and is carded no more), and what he has done so far (in-play).
   */
  private playerNow(playerId: string): {
    team: Team;
    goal: number;
    card: number;
    goalsSoFar: number;
    carded: boolean;
  } {
    const p = this.players.get(playerId);
    if (!p) throw new Error(`reference: unknown player ${playerId}`);
    const now = this.start?.players.get(playerId);
    const off = now !== undefined && !now.onPitch;
    return {
      team: p.team,
      goal: off ? 0 : p.goal,
      card: off ? 0 : p.card,
      goalsSoFar: now?.goals ?? 0,
      carded: now?.carded ?? false,
    };
  }

  /** goalPmf[minute][class d + 2][team]: the minute's goal increments (capped at the goal cap). */
  private goalIncrements(base: readonly [number, number]): number[][][] {
    const out: number[][][] = [];
    for (let m = 0; m < MATCH_MINUTES; m++) {
      const row: number[][] = [];
      for (let d = -2; d <= 2; d++) {
        const h = trimmed(
          cappedPoisson((base[0] / MATCH_MINUTES) * multiplier('goals', m, d, this.gameState), this.goalCap),
        );
        const a = trimmed(
          cappedPoisson((base[1] / MATCH_MINUTES) * multiplier('goals', m, -d, this.gameState), this.goalCap),
        );
        row.push(h, a);
      }
      out.push(row);
    }
    return out;
  }

  /** Expected goals (both teams) in each half: the score chain stopped at the half-time boundary. */
  goalsByHalf(): { first: number; second: number } {
    const sum = (g: Float64Array) => this.means(g)[0] + this.means(g)[1];
    const first = sum(this.runScoreChain(undefined, HALF_TIME_MINUTE));
    return { first, second: sum(this.chainGrid) - first };
  }

  /** The score distribution after the first `until` minutes (the whole match by default). */
  private runScoreChain(base?: readonly [number, number], until = MATCH_MINUTES): Float64Array {
    const pmf = base ? this.goalIncrements(base) : this.goalPmf;
    const w = this.width;
    let cur = new Float64Array(w * w);
    cur[0] = 1;
    const period = (from: number, to: number) => {
      for (let m = from; m < to; m++) {
        const next = new Float64Array(w * w);
        for (let h = 0; h < w; h++) {
          for (let a = 0; a < w; a++) {
            const mass = cur[h * w + a] as number;
            if (mass === 0) continue;
            const c = classOf(h, a);
            const ph = pmf[m]![c * 2]!;
            const pa = pmf[m]![c * 2 + 1]!;
            for (let i = 0; i < ph.length; i++) {
              const mi = mass * ph[i]!;
              for (let j = 0; j < pa.length; j++) {
                const v = mi * pa[j]!;
                if (v < DROP) continue;
                const t = mathMin(h + i, this.goalCap) * w + mathMin(a + j, this.goalCap);
                next[t] = (next[t] as number) + v;
              }
            }
          }
        }
        cur = next;
      }
    };
    period(0, mathMin(until, HALF_TIME_MINUTE));
    if (until > HALF_TIME_MINUTE) period(HALF_TIME_MINUTE, until);
    return cur;
  }

  private calibrateGoals(): [number, number] {
    const target = [this.opinion.home.goals, this.opinion.away.goals];
    const b: [number, number] = [target[0] as number, target[1] as number];
    for (let it = 0; it < 200; it++) {
      const grid = this.runScoreChain(b);
      const means = this.means(grid);
      const err = mathMax(mathAbs(means[0] / target[0]! - 1), mathAbs(means[1] / target[1]! - 1));
      if (err < 1e-12) return b;
      b[0] *= target[0]! / means[0];
      b[1] *= target[1]! / means[1];
    }
    throw new Error('reference goal calibration did not converge');
  }

  private means(grid: Float64Array): [number, number] {
    const w = this.width;
    let mh = 0;
    let ma = 0;
    for (let h = 0; h < w; h++)
      for (let a = 0; a < w; a++) {
        mh += h * (grid[h * w + a] as number);
        ma += a * (grid[h * w + a] as number);
      }
    return [mh, ma];
  }

  private applyDixonColes(): void {
    const { home, away } = this.opinion;
    const w = this.width;
    const g = this.grid;
    const delta = this.rho * home.goals * away.goals * (g[0] as number);
    g[0] = (g[0] as number) - delta;
    g[1] = (g[1] as number) + delta;
    g[w] = (g[w] as number) + delta;
    g[w + 1] = (g[w + 1] as number) - delta;
  }

  /** Base rate of a team's count so that its mean under the model equals `target`. */
  private countBase(process: 'cards' | 'corners', team: Team, target: number): number {
    if (target === 0) return 0;
    // E[Σ_minutes multiplier · 1{final score}] by forward accumulation on the score chain
    const w = this.width;
    let prob = new Float64Array(w * w);
    let expo = new Float64Array(w * w);
    prob[0] = 1;
    for (let m = 0; m < MATCH_MINUTES; m++) {
      const nextProb = new Float64Array(w * w);
      const nextExpo = new Float64Array(w * w);
      for (let h = 0; h < w; h++) {
        for (let a = 0; a < w; a++) {
          const p = prob[h * w + a] as number;
          if (p === 0) continue;
          const own = team === 0 ? h - a : a - h;
          const e =
            (expo[h * w + a] as number) + (p * multiplier(process, m, own, this.gameState)) / MATCH_MINUTES;
          const c = classOf(h, a);
          const ph = this.goalPmf[m]![c * 2]!;
          const pa = this.goalPmf[m]![c * 2 + 1]!;
          for (let i = 0; i < ph.length; i++)
            for (let j = 0; j < pa.length; j++) {
              const q = ph[i]! * pa[j]!;
              const t = mathMin(h + i, this.goalCap) * w + mathMin(a + j, this.goalCap);
              nextProb[t] = (nextProb[t] as number) + p * q;
              nextExpo[t] = (nextExpo[t] as number) + e * q;
            }
        }
      }
      prob = nextProb;
      expo = nextExpo;
    }
    let denom = 0;
    for (let s = 0; s < w * w; s++) {
      const p = prob[s] as number;
      if (p > 0) denom += (this.grid[s] as number) * ((expo[s] as number) / p);
    }
    return target / denom;
  }

  /**
   * Runs the joint chain (score, the space's counts and flags) for one factor node and adds weight × P(state) into
   * the outputs asked for (index score × space.size + count state): `full` the final state; `firstHalf` the state at
   * minute 47 (the half-time score with the first half's counts); `secondHalf` the final state of the chain continued
   * from minute 47 with every count and flag restarted at 0 there (the final score with the second half's counts).
   * The first half is run once for all of them.
   */
  private runCountChain(
    process: 'cards' | 'corners',
    rates: readonly [number, number],
    space: CountSpace,
    weight: number,
    outputs: { full?: Float64Array; firstHalf?: Float64Array; secondHalf?: Float64Array },
  ): void {
    const w = this.width;
    const cap = this.goalCap;
    const n = space.size;
    const K = mathMax(1, ...space.dims.map((d) => d.cap));
    const st = streams(space, K);
    let cur = new Float64Array(w * w * n);
    let next = new Float64Array(w * w * n);
    // the start: kick-off at 0-0, or the in-play score (counts from now on start at 0)
    const m0 = this.start?.minute ?? 0;
    const [h0, a0] = this.start?.score ?? [0, 0];
    cur[(h0 * w + a0) * n] = 1;
    let src = new Float64Array(n);
    let dst = new Float64Array(n);
    // incs[(class * streams + stream) * (K + 1) + k]: the minute's increments of each event stream
    const incs = new Float64Array(5 * st.length * (K + 1));
    const lens = new Int32Array(5 * st.length);
    const period = (from: number, to: number) => {
      for (const [f, t] of clockSteps(from, to)) {
        const stepMoves = this.stepMoves(f, t);
        for (let d = -2; d <= 2; d++)
          st.forEach((s, si) => {
            const mean =
              (rates[s.team] / MATCH_MINUTES) *
              s.share *
              multiplierAt(process, (f + t) / 2, s.team === 0 ? d : -d, this.gameState) *
              (t - f);
            const pmf = cappedPoisson(mean, K);
            // increments beyond the first whose remaining tail is < INCREMENT_DROP are merged into it
            let last = 0;
            let tail = 1 - (pmf[0] as number);
            while (last < K && tail >= INCREMENT_DROP) tail -= pmf[++last] as number;
            const o = ((d + 2) * st.length + si) * (K + 1);
            incs.fill(0, o, o + K + 1);
            for (let k = 0; k <= last; k++) incs[o + k] = pmf[k] as number;
            incs[o + last] = 1 - pmf.slice(0, last).reduce((x, y) => x + y, 0);
            lens[(d + 2) * st.length + si] = last;
          });
        next.fill(0);
        for (let h = 0; h < w; h++) {
          for (let a = 0; a < w; a++) {
            const o = (h * w + a) * n;
            let total = 0;
            for (let c = 0; c < n; c++) total += cur[o + c] as number;
            if (total < NEGLIGIBLE_CELL) continue;
            const cls = classOf(h, a);
            // 1. count increments, stream by stream (independent given the start-of-minute state)
            for (let c = 0; c < n; c++) src[c] = cur[o + c] as number;
            for (let si = 0; si < st.length; si++) {
              const move = (st[si] as Stream).move;
              const po = (cls * st.length + si) * (K + 1);
              const last = lens[cls * st.length + si] as number;
              dst.fill(0);
              for (let c = 0; c < n; c++) {
                const mass = src[c] as number;
                if (mass === 0) continue;
                for (let k = 0; k <= last; k++) {
                  const t = move[c * (K + 1) + k] as number;
                  dst[t] = (dst[t] as number) + mass * (incs[po + k] as number);
                }
              }
              const sw = src;
              src = dst;
              dst = sw;
            }
            // 2. goal moves at the start-of-minute class
            const moves = stepMoves[cls] as GoalMoves;
            for (let i = 0; i < moves.q.length; i++) {
              const q = moves.q[i] as number;
              const t =
                (mathMin(h + (moves.dh[i] as number), cap) * w + mathMin(a + (moves.da[i] as number), cap)) *
                n;
              for (let c = 0; c < n; c++) next[t + c] = (next[t + c] as number) + q * (src[c] as number);
            }
          }
        }
        const sw = cur;
        cur = next;
        next = sw;
      }
    };
    const add = (into: Float64Array) => {
      for (let i = 0; i < cur.length; i++) into[i] = (into[i] as number) + weight * (cur[i] as number);
    };
    if (m0 >= HALF_TIME_MINUTE) {
      // in-play after half-time: only the rest of the second half is left (legs on it are full-time legs here)
      if (outputs.firstHalf || outputs.secondHalf || !outputs.full)
        throw new Error('reference: after half-time only the rest of the match is run');
      period(m0, MATCH_MINUTES);
      add(outputs.full);
      return;
    }
    period(m0, HALF_TIME_MINUTE);
    if (outputs.firstHalf) add(outputs.firstHalf);
    const halfTime = Float64Array.from(cur);
    if (outputs.full) {
      period(HALF_TIME_MINUTE, MATCH_MINUTES);
      add(outputs.full);
    }
    if (outputs.secondHalf) {
      // half-time: each score's count states merge into "no counts, no flags" (state 0)
      cur.fill(0);
      for (let s = 0; s < w * w; s++) {
        let total = 0;
        for (let c = 0; c < n; c++) total += halfTime[s * n + c] as number;
        cur[s * n] = total;
      }
      period(HALF_TIME_MINUTE, MATCH_MINUTES);
      add(outputs.secondHalf);
    }
  }

  /**
   * The bet's count legs of one process: line legs (with their periods) and carded-player flags (full time), on the
   * counts still to come. In-play a line leg is moved by what its period has counted so far (line − so far on the
   * counts from now on); one whose count so far already decides it is dropped (won) or makes the bet lost; after
   * half-time a first-half leg is decided by the first half's figures, and the second-half and full-time legs are
   * all on the one remaining stretch of the match (so they become full-time legs of that run). A player carded so far
   * has won his leg; one off the pitch is carded no more (p = 0).
   */
  private countLegsOf(
    process: 'cards' | 'corners',
    legs: readonly Leg[],
  ): { lines: LineLeg[]; flags: PlayerFlag[]; lost: boolean } {
    const teamMarket = process === 'cards' ? 'TEAM_CARDS' : 'TEAM_CORNERS';
    const totalMarket = process === 'cards' ? 'TOTAL_CARDS' : 'TOTAL_CORNERS';
    const lines: LineLeg[] = [];
    const flags: PlayerFlag[] = [];
    const seen = new Set<string>();
    let lost = false;
    const start = this.start;
    const afterHalfTime = start !== undefined && start.minute >= HALF_TIME_MINUTE;
    const soFar = (of: Team | 'total', period: Period): number => {
      if (!start) return 0;
      const k = start[process];
      const pick = (pair: readonly [number, number]) => (of === 'total' ? pair[0] + pair[1] : pair[of]);
      if (period === 'FIRST_HALF') return pick(k.first);
      if (period === 'SECOND_HALF') return pick(k.second);
      return pick(k.first) + pick(k.second);
    };
    const addLine = (of: Team | 'total', side: 'OVER' | 'UNDER', line: number, period: Period) => {
      const known = soFar(of, period);
      if (afterHalfTime && period === 'FIRST_HALF') {
        // the first half is over: its figures decide the leg
        if (!lineHolds({ of, side, line, period }, known)) lost = true;
        return;
      }
      const rest = line - known;
      if (rest < 0) {
        // the count so far is already over the line
        if (side === 'UNDER') lost = true;
        return;
      }
      lines.push({ of, side, line: rest, period: afterHalfTime ? 'FULL_TIME' : period });
    };
    for (const leg of legs) {
      if (leg.market === teamMarket) addLine(leg.team === 'HOME' ? 0 : 1, leg.side, leg.line, periodOf(leg));
      else if (leg.market === totalMarket) addLine('total', leg.side, leg.line, periodOf(leg));
      else if (process === 'cards' && leg.market === 'PLAYER_TO_BE_CARDED' && !seen.has(leg.playerId)) {
        seen.add(leg.playerId);
        const p = this.playerNow(leg.playerId);
        if (!p.carded) flags.push({ team: p.team, p: p.card });
      }
    }
    return { lines, flags, lost };
  }

  /**
   * Runs (once, cached by state space) what a bet needs of a process's count chains: `full`, the final joint summed
   * over the factor nodes; `halves`, per node, P(first-half state | node, half-time score) and P(second-half state |
   * node, full-time score), each row (score × space.size + state) normalised to a conditional distribution (a row the
   * chain never reaches is all 0). A space of one count without players is shared by many bets on both: it gets
   * both from one run (the first half run once).
   */
  private countRuns(
    process: 'cards' | 'corners',
    space: CountSpace,
    want: 'full' | 'halves',
  ): { full?: Float64Array; halves?: HalfRun[] } {
    const key = JSON.stringify([process, space.dims, space.flags]);
    // (in-play after half-time every leg is on the one remaining run: no halves)
    const shared =
      space.dims.length === 1 && space.flags.length === 0 && (this.start?.minute ?? 0) < HALF_TIME_MINUTE;
    const needFull = (want === 'full' || shared) && !this.runs.has(key);
    const needHalves = (want === 'halves' || shared) && !this.halves.has(key);
    if (needFull || needHalves) {
      const base = process === 'cards' ? this.cardBase : this.cornerBase;
      const nodes = process === 'cards' ? this.cardNodes : this.cornerNodes;
      const cells = this.width * this.width;
      const n = space.size;
      const conditional = (joint: Float64Array) => {
        for (let s = 0; s < cells; s++) {
          let total = 0;
          for (let c = 0; c < n; c++) total += joint[s * n + c] as number;
          for (let c = 0; c < n; c++) joint[s * n + c] = total > 0 ? (joint[s * n + c] as number) / total : 0;
        }
        return joint;
      };
      const full = needFull ? new Float64Array(cells * n) : undefined;
      const halves: HalfRun[] = [];
      for (const node of nodes) {
        const rates: [number, number] = [base[0] * node.home, base[1] * node.away];
        if (needHalves) {
          // per node (weight 1 here; the node's weight multiplies where the halves are combined)
          const first = new Float64Array(cells * n);
          const second = new Float64Array(cells * n);
          const fullOfNode = full ? new Float64Array(cells * n) : undefined;
          this.runCountChain(process, rates, space, 1, {
            full: fullOfNode,
            firstHalf: first,
            secondHalf: second,
          });
          if (full && fullOfNode)
            for (let i = 0; i < full.length; i++)
              full[i] = (full[i] as number) + node.weight * (fullOfNode[i] as number);
          halves.push({ weight: node.weight, first: conditional(first), second: conditional(second) });
        } else if (full) this.runCountChain(process, rates, space, node.weight, { full });
      }
      if (full) this.runs.set(key, full);
      if (needHalves) this.halves.set(key, halves);
    }
    return { full: this.runs.get(key), halves: this.halves.get(key) };
  }

  /** P(section legs win | final score) per score, for full-time legs only (the v1 definition). */
  private sectionConditional(
    process: 'cards' | 'corners',
    lineLegs: readonly LineLeg[],
    flags: readonly PlayerFlag[],
  ): Float64Array {
    const dims = countDims(lineLegs, flags);
    const space = countSpace(dims, flags);
    const joint = this.countRuns(process, space, 'full').full as Float64Array;
    const wins = new Uint8Array(space.size);
    for (let c = 0; c < space.size; c++) {
      const { counts, flags: fl } = space.decode(c);
      const ok =
        fl.every((f) => f) &&
        lineLegs.every((l) => lineHolds(l, counts[dims.findIndex((d) => d.of === l.of)] as number));
      wins[c] = ok ? 1 : 0;
    }
    const n = space.size;
    const out = new Float64Array(this.width * this.width);
    for (let s = 0; s < out.length; s++) {
      // in-play the run's own final-score marginal (the kick-off chain's grid is pre-match)
      let p = this.start ? 0 : (this.chainGrid[s] as number);
      if (this.start) for (let c = 0; c < n; c++) p += joint[s * n + c] as number;
      let m = 0;
      for (let c = 0; c < n; c++) if (wins[c] === 1) m += joint[s * n + c] as number;
      out[s] = p > 0 ? m / p : 0;
    }
    return out;
  }

  /**
   * E[the process's legs win | half-time score s1, full-time score s] at index s1 × cells + s, for a process with a
   * first- or second-half leg: Σ over the factor nodes of weight × Σ over (first-half state c1, second-half state c2)
   * of P(c1 | node, s1) · P(c2 | node, s) · [legs hold], first-half legs on c1, second-half legs on c2, full-time
   * legs on c1 + c2 (a player is carded if credited in either half).
   */
  private sectionPairs(
    process: 'cards' | 'corners',
    lineLegs: readonly LineLeg[],
    flags: readonly PlayerFlag[],
    joint: GoalJoint,
  ): Float64Array {
    const dims = countDims(lineLegs, flags);
    const space = countSpace(dims, flags);
    const runs = this.countRuns(process, space, 'halves').halves as HalfRun[];
    const n = space.size;
    const cells = this.width * this.width;
    const states = Array.from({ length: n }, (_v, c) => space.decode(c));
    const value = (l: LineLeg, c: number) =>
      (states[c] as { counts: number[] }).counts[dims.findIndex((d) => d.of === l.of)] as number;
    const first = lineLegs.filter((l) => l.period === 'FIRST_HALF');
    const second = lineLegs.filter((l) => l.period === 'SECOND_HALF');
    const full = lineLegs.filter((l) => l.period === 'FULL_TIME');
    const fh = Float64Array.from(states, (_s, c) => (first.every((l) => lineHolds(l, value(l, c))) ? 1 : 0));
    const sh = Float64Array.from(states, (_s, c) => (second.every((l) => lineHolds(l, value(l, c))) ? 1 : 0));
    const out = new Float64Array(cells * cells);
    if (full.length === 0 && flags.length === 0) {
      // the legs hold on c1 and on c2 separately: a product of the halves' expectations
      for (const run of runs) {
        const e1 = new Float64Array(cells);
        const e2 = new Float64Array(cells);
        for (let s = 0; s < cells; s++)
          for (let c = 0; c < n; c++) {
            e1[s] = (e1[s] as number) + (run.first[s * n + c] as number) * (fh[c] as number);
            e2[s] = (e2[s] as number) + (run.second[s * n + c] as number) * (sh[c] as number);
          }
        for (const s1 of joint.htCells)
          for (const s of joint.ftCells)
            out[s1 * cells + s] =
              (out[s1 * cells + s] as number) + run.weight * (e1[s1] as number) * (e2[s] as number);
      }
      return out;
    }
    // win[c1 · n + c2]: every leg of the process holds with first-half state c1 and second-half state c2
    const win = new Uint8Array(n * n);
    for (let c1 = 0; c1 < n; c1++)
      for (let c2 = 0; c2 < n; c2++) {
        const s1 = states[c1] as { counts: number[]; flags: boolean[] };
        const s2 = states[c2] as { counts: number[]; flags: boolean[] };
        win[c1 * n + c2] =
          fh[c1] === 1 &&
          sh[c2] === 1 &&
          full.every((l) => lineHolds(l, value(l, c1) + value(l, c2))) &&
          s1.flags.every((f, i) => f || (s2.flags[i] as boolean))
            ? 1
            : 0;
      }
    const a = new Float64Array(n);
    for (const run of runs) {
      for (const s1 of joint.htCells) {
        a.fill(0);
        for (let c1 = 0; c1 < n; c1++) {
          const p = run.first[s1 * n + c1] as number;
          if (p === 0) continue;
          for (let c2 = 0; c2 < n; c2++) if (win[c1 * n + c2] === 1) a[c2] = (a[c2] as number) + p;
        }
        for (const s of joint.ftCells) {
          let e = 0;
          for (let c2 = 0; c2 < n; c2++) e += (a[c2] as number) * (run.second[s * n + c2] as number);
          out[s1 * cells + s] = (out[s1 * cells + s] as number) + run.weight * e;
        }
      }
    }
    return out;
  }

  /** One step of the goal chain on (score, first-goal flag) states: index score × 3 + flag (0 none, 1 home, 2 away). */
  private flaggedStep(cur: Float64Array, stepMoves: readonly GoalMoves[]): Float64Array<ArrayBuffer> {
    const w = this.width;
    const cap = this.goalCap;
    const next = new Float64Array(w * w * 3);
    for (let h = 0; h < w; h++)
      for (let a = 0; a < w; a++) {
        const s = h * w + a;
        const moves = stepMoves[classOf(h, a)] as GoalMoves;
        for (let f = 0; f < 3; f++) {
          const mass = cur[s * 3 + f] as number;
          if (mass === 0) continue;
          for (let i = 0; i < moves.q.length; i++) {
            const v = mass * (moves.q[i] as number);
            if (v < DROP) continue;
            const dh = moves.dh[i] as number;
            const da = moves.da[i] as number;
            const t = (mathMin(h + dh, cap) * w + mathMin(a + da, cap)) * 3;
            if (f === 0 && dh + da > 0) {
              // the match's first goals, (dh, da) of them in this minute: home's first with probability dh/(dh+da)
              next[t + 1] = (next[t + 1] as number) + (v * dh) / (dh + da);
              next[t + 2] = (next[t + 2] as number) + (v * da) / (dh + da);
            } else next[t + f] = (next[t + f] as number) + v;
          }
        }
      }
    return next;
  }

  /**
   * P(half-time score, full-time score, who scored first), Dixon–Coles applied per full-time score: the flagged chain
   * to minute 47, then continued from each half-time state (those holding at least NEGLIGIBLE_HALF_TIME).
   */
  goalJoint(): GoalJoint {
    if (this.joint) return this.joint;
    const w = this.width;
    const cells = w * w;
    // the start: kick-off (0-0, nobody scored yet), or in-play the score and who scored first at the minute
    const start = this.start;
    const m0 = start?.minute ?? 0;
    const [h0, a0] = start?.score ?? [0, 0];
    let cur: Float64Array<ArrayBuffer> = new Float64Array(cells * 3);
    cur[(h0 * w + a0) * 3 + (start?.flag ?? 0)] = 1;
    // second halves to run: from each half-time state (half-time score s1, its flagged state), or in-play after
    // half-time the one known half-time score with the state now
    const halves: { s1: number; from: Float64Array<ArrayBuffer> }[] = [];
    if (m0 < HALF_TIME_MINUTE) {
      for (const [f, t] of clockSteps(m0, HALF_TIME_MINUTE))
        cur = this.flaggedStep(cur, this.stepMoves(f, t));
      for (let s1 = 0; s1 < cells; s1++) {
        const at = cur.subarray(s1 * 3, s1 * 3 + 3);
        if ((at[0] as number) + (at[1] as number) + (at[2] as number) < NEGLIGIBLE_HALF_TIME) continue;
        const from = new Float64Array(cells * 3);
        from.set(at, s1 * 3);
        halves.push({ s1, from });
      }
    } else {
      const [h1, a1] = start?.halfTime ?? [0, 0];
      halves.push({ s1: h1 * w + a1, from: cur });
    }
    const entries: { ht: number[]; ft: number[]; flag: number[]; mass: number[] } = {
      ht: [],
      ft: [],
      flag: [],
      mass: [],
    };
    const htMass = new Float64Array(cells);
    const ftMass = new Float64Array(cells);
    for (const { s1, from } of halves) {
      let c = from;
      for (const [f, t] of clockSteps(mathMax(m0, HALF_TIME_MINUTE), MATCH_MINUTES))
        c = this.flaggedStep(c, this.stepMoves(f, t));
      for (let s = 0; s < cells; s++) {
        // Dixon–Coles is a kick-off adjustment of the final grid: not applied from an in-play state
        const chain = this.chainGrid[s] as number;
        const ratio = !start && chain > 0 ? (this.grid[s] as number) / chain : 1;
        for (let f = 0; f < 3; f++) {
          const mass = (c[s * 3 + f] as number) * ratio;
          if (mass === 0) continue;
          entries.ht.push(s1);
          entries.ft.push(s);
          entries.flag.push(f);
          entries.mass.push(mass);
          htMass[s1] = (htMass[s1] as number) + mass;
          ftMass[s] = (ftMass[s] as number) + mass;
        }
      }
    }
    const cellsWith = (m: Float64Array) => [...m.keys()].filter((s) => (m[s] as number) > 0);
    this.joint = {
      ht: Int32Array.from(entries.ht),
      ft: Int32Array.from(entries.ft),
      flag: Uint8Array.from(entries.flag),
      mass: Float64Array.from(entries.mass),
      htCells: cellsWith(htMass),
      ftCells: cellsWith(ftMass),
      htMass,
      ftMass,
    };
    return this.joint;
  }

  /** A process's factor: undefined (no legs), per full-time score (full-time legs only), or per (half time, full time). */
  private countFactor(
    process: 'cards' | 'corners',
    legs: readonly Leg[],
    joint: GoalJoint,
  ): { ft: Float64Array } | { pair: Float64Array } | 'lost' | undefined {
    const { lines, flags, lost } = this.countLegsOf(process, legs);
    if (lost) return 'lost';
    if (lines.length === 0 && flags.length === 0) return undefined;
    if (lines.every((l) => l.period === 'FULL_TIME'))
      return { ft: this.sectionConditional(process, lines, flags) };
    return { pair: this.sectionPairs(process, lines, flags, joint) };
  }

  /**
   * P(every player of the set is credited with at least `atLeast` of g team goals), for g = 0..goalCap: a dynamic
   * programme over the goals, one at a time, each going to player i with probability p_i; the state is each player's
   * credited count, capped at his `atLeast`.
   */
  private creditedAll(players: readonly { p: number; atLeast: number }[]): number[] {
    const radix = players.map((x) => x.atLeast + 1);
    const size = radix.reduce((s, r) => s * r, 1);
    const digit = (state: number, i: number) =>
      mathFloor(state / radix.slice(0, i).reduce((s, r) => s * r, 1)) % (radix[i] as number);
    const stride = (i: number) => radix.slice(0, i).reduce((s, r) => s * r, 1);
    const full = players.reduce((s, x, i) => s + x.atLeast * stride(i), 0);
    const none = mathMax(0, 1 - players.reduce((s, x) => s + x.p, 0));
    let dp = new Float64Array(size);
    dp[0] = 1;
    const out = [dp[full] as number];
    for (let g = 1; g <= this.goalCap; g++) {
      const next = new Float64Array(size);
      for (let state = 0; state < size; state++) {
        const m = dp[state] as number;
        if (m === 0) continue;
        next[state] = (next[state] as number) + m * none;
        players.forEach((x, i) => {
          const t = digit(state, i) < x.atLeast ? state + stride(i) : state;
          next[t] = (next[t] as number) + m * x.p;
        });
      }
      dp = next;
      out.push(dp[full] as number);
    }
    return out;
  }

  /** The probability that every leg wins. */
  probability(legs: readonly Leg[]): number {
    const w = this.width;
    const cells = w * w;
    const start = this.start;
    // each scorer leg's player with the largest `atLeast` asked of him
    const asked = new Map<string, number>();
    let firstScorer: { playerId: string; team: Team; p: number } | undefined;
    // in-play, a first goal already scored by a player the state does not name: P(it was his | the state)
    let pastFirst = 1;
    for (const leg of legs) {
      if (leg.market === 'PLAYER_TO_SCORE')
        asked.set(leg.playerId, mathMax(leg.atLeast ?? 1, asked.get(leg.playerId) ?? 0));
      else if (leg.market === 'PLAYER_FIRST_GOALSCORER') {
        const p = this.playerNow(leg.playerId);
        // the match has one first goal: two different first goalscorers cannot both win
        if (firstScorer && firstScorer.playerId !== leg.playerId) return 0;
        firstScorer = { playerId: leg.playerId, team: p.team, p: p.goal };
      }
    }
    if (firstScorer && start && start.flag !== 0) {
      // the first goal is in the past: his team's or not; his (won), another's (lost), or by a player the state
      // does not name — then, each of the team's goals being a given player's with the same probability whenever it
      // was scored, it is one of his goals so far with probability (his goals so far) / (the team's goals so far)
      const team = (start.flag - 1) as Team;
      if (firstScorer.team !== team) return 0;
      if (start.firstGoalPlayer !== undefined) {
        if (start.firstGoalPlayer !== firstScorer.playerId) return 0;
      } else pastFirst = this.playerNow(firstScorer.playerId).goalsSoFar / start.score[team];
      firstScorer = undefined;
    }
    if (pastFirst === 0) return 0;
    // in-play a player's goals so far count toward `atLeast` (a leg already met is won); the rest is asked of the
    // goals still to come, of which he gets each with p (0 off the pitch)
    const scorers = new Map<string, { team: Team; p: number; atLeast: number }>();
    for (const [playerId, atLeast] of asked) {
      const p = this.playerNow(playerId);
      const rest = atLeast - p.goalsSoFar;
      if (rest > 0) scorers.set(playerId, { team: p.team, p: p.goal, atLeast: rest });
    }
    // factor[team][g * 3 + flag]: P(the team's scorer legs win | its g final goals, who scored first), the legs on
    // the g − (goals so far) goals still to come
    const factor = ([0, 1] as const).map((team) => {
      const set = [...scorers.entries()].filter(([, x]) => x.team === team);
      const all = this.creditedAll(set.map(([, x]) => x));
      const g0 = start?.score[team] ?? 0;
      const out = new Float64Array(w * 3);
      for (let g = 0; g < w; g++)
        for (let f = 0; f < 3; f++) out[g * 3 + f] = g >= g0 ? (all[g - g0] as number) : 0;
      if (firstScorer?.team === team) {
        // the first goal is the team's (flag 1 home, 2 away) and his; the other g − 1 goals credited as usual
        const j = firstScorer;
        const rest = this.creditedAll(
          set
            .map(([id, x]) => (id === j.playerId ? { ...x, atLeast: x.atLeast - 1 } : x))
            .filter((x) => x.atLeast > 0),
        );
        for (let g = 0; g < w; g++)
          for (let f = 0; f < 3; f++)
            out[g * 3 + f] = f === team + 1 && g >= 1 ? j.p * (rest[g - 1] as number) : 0;
      }
      return out;
    });
    const joint = this.goalJoint();
    const cards = this.countFactor('cards', legs, joint);
    const corners = this.countFactor('corners', legs, joint);
    if (cards === 'lost' || corners === 'lost') return 0;
    const countAt = (c: { ft: Float64Array } | { pair: Float64Array } | undefined, s1: number, s: number) =>
      c === undefined ? 1 : 'ft' in c ? (c.ft[s] as number) : (c.pair[s1 * cells + s] as number);
    let sum = 0;
    for (let e = 0; e < joint.mass.length; e++) {
      const s1 = joint.ht[e] as number;
      const s = joint.ft[e] as number;
      const f = joint.flag[e] as number;
      const h1 = mathFloor(s1 / w);
      const a1 = s1 % w;
      const h = mathFloor(s / w);
      const a = s % w;
      if (!legs.every((leg) => goalLegHolds(leg, h1, a1, h, a, f))) continue;
      const v =
        (joint.mass[e] as number) * (factor[0]![h * 3 + f] as number) * (factor[1]![a * 3 + f] as number);
      if (v === 0) continue;
      sum += v * countAt(cards, s1, s) * countAt(corners, s1, s);
    }
    return pastFirst * sum;
  }
}

function cumulative(mean: number, k: number): number {
  let p = mathExp(-mean);
  let s = 0;
  for (let i = 0; i <= k; i++) {
    s += p;
    p *= mean / (i + 1);
  }
  return s;
}

/** Score class index (home goal difference clamped to −2..2, as 0..4). */
function classOf(h: number, a: number): number {
  return mathMax(-2, mathMin(2, h - a)) + 2;
}

/** Drops the negligible top of a capped pmf (adding it to the last kept entry, so the pmf still sums to 1). */
function trimmed(pmf: number[]): number[] {
  let last = pmf.length - 1;
  let tail = 0;
  while (last > 0 && tail + pmf[last]! < 1e-20) tail += pmf[last--]!;
  const out = pmf.slice(0, last + 1);
  out[last] = out[last]! + tail;
  return out;
}

function periodOf(leg: Leg): Period {
  return ('period' in leg ? leg.period : undefined) ?? 'FULL_TIME';
}

function lineHolds(l: LineLeg, value: number): boolean {
  return l.side === 'OVER' ? value > l.line : value < l.line;
}

/**
 * The state a bet's count lines need: one count per "of" (home, away, total) up to the largest threshold of its legs
 * in any period (a first-half count capped there still decides a full-time leg on first + second half).
 */
function countDims(lineLegs: readonly LineLeg[], flags: readonly PlayerFlag[]): CountDim[] {
  const dims: CountDim[] = [];
  for (const which of [0, 1, 'total'] as const) {
    const mine = lineLegs.filter((l) => l.of === which);
    if (mine.length > 0) dims.push({ of: which, cap: mathMax(...mine.map((l) => mathFloor(l.line) + 1)) });
  }
  // A single count without player flags is carried to at least SHARED_CAP so that bets on different lines share one
  // run (a run with flags is specific to its players anyway).
  if (dims.length === 1 && flags.length === 0)
    dims[0] = { of: (dims[0] as CountDim).of, cap: mathMax(SHARED_CAP, (dims[0] as CountDim).cap) };
  return dims;
}

function resultOf(h: number, a: number): 'HOME' | 'DRAW' | 'AWAY' {
  return h > a ? 'HOME' : h === a ? 'DRAW' : 'AWAY';
}

/**
 * Whether a goal leg holds given the half-time score (h1, a1), the full-time score (h, a) and who scored first
 * (0 nobody, 1 home, 2 away); true for legs on other things (counts, players: priced by their own factors).
 */
function goalLegHolds(leg: Leg, h1: number, a1: number, h: number, a: number, first: number): boolean {
  switch (leg.market) {
    case 'HALF_TIME_FULL_TIME':
      return resultOf(h1, a1) === leg.halfTime && resultOf(h, a) === leg.fullTime;
    case 'FIRST_TEAM_TO_SCORE':
      return first === (leg.selection === 'HOME' ? 1 : leg.selection === 'AWAY' ? 2 : 0);
    default: {
      const period = periodOf(leg);
      if (period === 'FIRST_HALF') return scoreLegHolds(leg, h1, a1);
      if (period === 'SECOND_HALF') return scoreLegHolds(leg, h - h1, a - a1);
      return scoreLegHolds(leg, h, a);
    }
  }
}

function scoreLegHolds(leg: Leg, h: number, a: number): boolean {
  switch (leg.market) {
    case 'MATCH_RESULT':
      return leg.selection === 'HOME' ? h > a : leg.selection === 'DRAW' ? h === a : h < a;
    case 'DOUBLE_CHANCE':
      return leg.selection === 'HOME_OR_DRAW' ? h >= a : leg.selection === 'HOME_OR_AWAY' ? h !== a : h <= a;
    case 'TOTAL_GOALS':
      return leg.side === 'OVER' ? h + a > leg.line : h + a < leg.line;
    case 'TEAM_GOALS': {
      const g = leg.team === 'HOME' ? h : a;
      return leg.side === 'OVER' ? g > leg.line : g < leg.line;
    }
    case 'BOTH_TEAMS_TO_SCORE':
      return (h > 0 && a > 0) === (leg.selection === 'YES');
    case 'CORRECT_SCORE':
      return h === leg.home && a === leg.away;
    case 'HANDICAP':
      return leg.team === 'HOME' ? h + leg.line > a : a + leg.line > h;
    case 'WIN_TO_NIL':
      return leg.team === 'HOME' ? h > 0 && a === 0 : a > 0 && h === 0;
    case 'CLEAN_SHEET':
      return leg.team === 'HOME' ? a === 0 : h === 0;
    default:
      return true;
  }
}
