import { FIRST_HALF_MINUTES, GOAL_STEP_TAIL, GOAL_TAIL, MATCH_MINUTES } from './constants';
import { poissonPmfInto, upperQuantile } from './distributions';
import { CLASSES, intensityMultiplier } from './intensity';

const MAX_J = 64;
/**
 * Contributions below this are dropped in the period chains (at most ~1e-10 of mass over a run; entries below
 * PERIOD_ENTRY_MIN are zeroed afterwards anyway).
 */
const PRUNE = 1e-14;
/**
 * Half-time goal differences beyond ±this share the table of ±this: their score class differs only once the trailing
 * team has pulled back three goals net in the second half (below ~1e-6 of any price).
 */
export const PERIOD_DIFF_RANGE = 4;
const MIN_HALF_CAP = 6;
/**
 * Entries of the period tables below this are set to 0 (at most ~1e-9 of mass in all; the full-time scaling
 * `ftRatio` is computed after, so the joint's full-time marginal stays exact), so the pricing loops stop at the
 * tables' extents instead of their lumped caps.
 */
export const PERIOD_ENTRY_MIN = 1e-12;

/**
 * Where the match stands when the model starts: kick-off (minute 0, 0-0) or an in-play state. `halfTime` is the
 * first-half score once the first half is over (minute ≥ 47); `firstGoal` the team that scored first, if any.
 */
export interface GoalStart {
  readonly minute: number;
  readonly score: readonly [number, number];
  readonly halfTime?: readonly [number, number];
  readonly firstGoal?: 'HOME' | 'AWAY';
}

export const KICK_OFF: GoalStart = { minute: 0, score: [0, 0] };

/**
 * The goals of the two halves, jointly, and who scored first: what the period, half-time/full-time and first-goal
 * markets need. The chain is the goals chain's (one-minute steps, same calibrated base rates and score classes).
 *
 * - `htHome` / `htAway` (`htWidth`² cells, index h·htWidth + a, last index "or more"): P(half-time score (h, a) and
 *   the first goal was home's / away's); `htNone`: P(no goal before the second-half start). With the first half over
 *   (in-play from minute 47) the half-time score is known: one cell holds 1.
 * - `sh` (one `shWidth`² table per start difference d in diffMin…diffMax): P(the rest of the second half adds (i, j)
 *   goals | the goal difference at its start is d); a difference beyond the range uses the nearest table.
 *   `shHome0` / `shAway0` / `shNone0`: the same from a goalless start at difference 0, split by who scores first.
 * - `offset`: second-half goals already scored (in-play after half time); the final score is half-time + offset +
 *   (i, j), capped at the full-time grid's last index.
 * - `ftRatio` (full-time grid cells): the full-time grid divided by this joint's full-time marginal (the Dixon–Coles
 *   adjustment, spread over the half-time scores in proportion; 1 up to rounding elsewhere), so the joint's
 *   full-time marginal is exactly the model's full-time grid.
 */
export interface GoalPeriods {
  readonly htWidth: number;
  /** Largest half-time goal count (either team) with mass; `shExtent` the same for the second-half tables. */
  readonly htExtent: number;
  readonly shExtent: number;
  readonly htHome: Float64Array;
  readonly htAway: Float64Array;
  readonly htNone: number;
  readonly shWidth: number;
  readonly diffMin: number;
  readonly diffMax: number;
  readonly sh: Float64Array;
  readonly shHome0: Float64Array;
  readonly shAway0: Float64Array;
  readonly shNone0: number;
  readonly offset: readonly [number, number];
  /** Width of the full-time grid (maxGoals + 1) that ftRatio covers. */
  readonly ftWidth: number;
  readonly ftRatio: Float64Array;
}

/** Per-class goal pmfs of one step [from, to) (minutes), for base rates per match. */
export class StepPmfs {
  readonly pmf = new Float64Array(CLASSES * 2 * MAX_J);
  readonly len = new Int32Array(CLASSES * 2);
  set(base: readonly [number, number], from: number, to: number, gameState: boolean): void {
    const u = (from + to) / 2 / MATCH_MINUTES;
    for (let c = 0; c < CLASSES; c++) {
      for (let team = 0; team < 2; team++) {
        const own = team === 0 ? c - 2 : 2 - c;
        const mean =
          ((base[team] as number) * intensityMultiplier('goals', own, u, gameState) * (to - from)) /
          MATCH_MINUTES;
        const k = c * 2 + team;
        this.len[k] = poissonPmfInto(mean, GOAL_STEP_TAIL, this.pmf, k * MAX_J, MAX_J);
      }
    }
  }
}

/** The clock's one-minute steps from `from` to `to` (a fractional start gives a shorter first step). */
function steps(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let t = from;
  while (t < to - 1e-12) {
    const next = Math.min(to, Math.floor(t + 1e-12) + 1);
    out.push([t, next]);
    t = next;
  }
  return out;
}

/**
 * One step of a grid (width w, last index "or more") whose cell (i, j) is in score class classOf[i·w + j]:
 * next = cur after the step's goals.
 */
function stepGrid(cur: Float64Array, next: Float64Array, w: number, classOf: Uint8Array, p: StepPmfs): void {
  next.fill(0);
  const n = w - 1;
  for (let i = 0; i < w; i++) {
    for (let j = 0; j < w; j++) {
      const m = cur[i * w + j] as number;
      if (m < PRUNE) continue;
      const c = classOf[i * w + j] as number;
      const ho = c * 2 * MAX_J;
      const ao = ho + MAX_J;
      const jh = p.len[c * 2] as number;
      const ja = p.len[c * 2 + 1] as number;
      for (let x = 0; x <= jh; x++) {
        const mx = m * (p.pmf[ho + x] as number);
        if (mx < PRUNE) break;
        const ti = i + x < n ? i + x : n;
        for (let y = 0; y <= ja; y++) {
          const v = mx * (p.pmf[ao + y] as number);
          if (v < PRUNE) break;
          const tj = j + y < n ? j + y : n;
          next[ti * w + tj] = (next[ti * w + tj] as number) + v;
        }
      }
    }
  }
}

/**
 * A goalless start's mass `none` at (0, 0) after one step: what stays goalless, and what moves to (x, y) split by who
 * scored first (x/(x+y) home: within one short step the order of the goals is uniform). Adds into home/away.
 */
function stepNone(none: number, home: Float64Array, away: Float64Array, w: number, p: StepPmfs): number {
  const c = 2;
  const ho = c * 2 * MAX_J;
  const ao = ho + MAX_J;
  const n = w - 1;
  const jh = p.len[c * 2] as number;
  const ja = p.len[c * 2 + 1] as number;
  for (let x = 0; x <= jh; x++) {
    for (let y = 0; y <= ja; y++) {
      if (x === 0 && y === 0) continue;
      const v = none * (p.pmf[ho + x] as number) * (p.pmf[ao + y] as number);
      const t = (x < n ? x : n) * w + (y < n ? y : n);
      home[t] = (home[t] as number) + (v * x) / (x + y);
      away[t] = (away[t] as number) + (v * y) / (x + y);
    }
  }
  return none * (p.pmf[ho] as number) * (p.pmf[ao] as number);
}

interface SplitGrid {
  home: Float64Array;
  away: Float64Array;
  none: number;
}

/** The step pmfs of a run over [from, to), computed once and shared by every run of a build over that range. */
function stepPmfs(base: readonly [number, number], from: number, to: number, gameState: boolean): StepPmfs[] {
  return steps(from, to).map(([a, b]) => {
    const p = new StepPmfs();
    p.set(base, a, b, gameState);
    return p;
  });
}

/** Runs the split grid (home first, away first, goalless) over the steps; classOf gives each cell's class. */
function runSplit(g: SplitGrid, w: number, classOf: Uint8Array, pmfs: readonly StepPmfs[]): SplitGrid {
  let home: Float64Array = g.home;
  let away: Float64Array = g.away;
  let none = g.none;
  let nh: Float64Array = new Float64Array(w * w);
  let na: Float64Array = new Float64Array(w * w);
  const awayUsed = none > 0 || away.some((v) => v > 0);
  for (const p of pmfs) {
    stepGrid(home, nh, w, classOf, p);
    if (awayUsed) stepGrid(away, na, w, classOf, p);
    if (none > 0) none = stepNone(none, nh, na, w, p);
    [home, nh] = [nh, home];
    [away, na] = [na, away];
  }
  return { home, away, none };
}

function classes(w: number, diff: number): Uint8Array {
  const out = new Uint8Array(w * w);
  for (let i = 0; i < w; i++) {
    for (let j = 0; j < w; j++) {
      const d = diff + i - j;
      out[i * w + j] = d <= -2 ? 0 : d >= 2 ? 4 : d + 2;
    }
  }
  return out;
}

/** Width of a half's grid: its lumped last index has less than GOAL_TAIL of mass for the team's half mean. */
function halfWidth(halfMean: number, gameState: boolean): number {
  return Math.max(MIN_HALF_CAP, upperQuantile(halfMean * (gameState ? 1.3 : 1), GOAL_TAIL) + 1) + 1;
}

/**
 * Builds the {@link GoalPeriods} from the calibrated base rates, starting at `start`; `ftGrid` is the model's
 * full-time grid (width maxGoals + 1) that the joint's full-time marginal is scaled to.
 */
export function buildGoalPeriods(
  base: readonly [number, number],
  gameState: boolean,
  start: GoalStart,
  ftGrid: Float64Array | undefined,
  maxGoals: number,
  targets: readonly [number, number],
): GoalPeriods {
  const ht = FIRST_HALF_MINUTES;
  const end = MATCH_MINUTES;
  const inFirstHalf = start.minute < ht;
  const [h0, a0] = start.score;
  const maxMean = Math.max(targets[0], targets[1]);
  // half-time grid
  let htWidth: number;
  let split: SplitGrid;
  if (inFirstHalf) {
    htWidth = Math.max(halfWidth((maxMean * (ht - start.minute)) / end, gameState) + Math.max(h0, a0), 2);
    const g: SplitGrid = {
      home: new Float64Array(htWidth ** 2),
      away: new Float64Array(htWidth ** 2),
      none: 0,
    };
    const cell = Math.min(h0, htWidth - 1) * htWidth + Math.min(a0, htWidth - 1);
    if (h0 + a0 === 0) g.none = 1;
    else if (start.firstGoal === 'AWAY') g.away[cell] = 1;
    else g.home[cell] = 1;
    split = runSplit(g, htWidth, classes(htWidth, 0), stepPmfs(base, start.minute, ht, gameState));
  } else {
    const [hh, ha] = start.halfTime ?? [0, 0];
    htWidth = Math.max(hh, ha) + 1;
    split = { home: new Float64Array(htWidth ** 2), away: new Float64Array(htWidth ** 2), none: 0 };
    if (h0 + a0 === 0) split.none = 1;
    else if (start.firstGoal === 'AWAY') split.away[hh * htWidth + ha] = 1;
    else split.home[hh * htWidth + ha] = 1;
  }
  // second-half tables by start difference
  const shFrom = inFirstHalf ? ht : start.minute;
  const shWidth = halfWidth((maxMean * (end - shFrom)) / end, gameState);
  const offset: [number, number] = inFirstHalf
    ? [0, 0]
    : [h0 - (start.halfTime?.[0] ?? 0), a0 - (start.halfTime?.[1] ?? 0)];
  const diffMin = inFirstHalf ? -PERIOD_DIFF_RANGE : h0 - a0;
  const diffMax = inFirstHalf ? PERIOD_DIFF_RANGE : h0 - a0;
  const cellsW = shWidth * shWidth;
  const shPmfs = stepPmfs(base, shFrom, end, gameState);
  const sh = new Float64Array((diffMax - diffMin + 1) * cellsW);
  for (let d = diffMin; d <= diffMax; d++) {
    const g: SplitGrid = { home: new Float64Array(cellsW), away: new Float64Array(cellsW), none: 0 };
    g.home[0] = 1;
    const out = runSplit(g, shWidth, classes(shWidth, d), shPmfs);
    sh.set(out.home, (d - diffMin) * cellsW);
  }
  let shHome0: Float64Array = new Float64Array(cellsW);
  let shAway0: Float64Array = new Float64Array(cellsW);
  let shNone0 = 0;
  if (split.none > 0) {
    const out = runSplit(
      { home: new Float64Array(cellsW), away: new Float64Array(cellsW), none: 1 },
      shWidth,
      classes(shWidth, 0),
      shPmfs,
    );
    shHome0 = out.home;
    shAway0 = out.away;
    shNone0 = out.none;
  }
  const htExtent = Math.max(trim(split.home, htWidth), trim(split.away, htWidth));
  const shExtent = Math.max(trim(sh, shWidth), trim(shHome0, shWidth), trim(shAway0, shWidth));
  // what pruning and trimming dropped (~1e-11) is put back in proportion: every table sums to 1 again
  const htSum = sumOf(split.home) + sumOf(split.away) + split.none;
  scale(split.home, 1 / htSum);
  scale(split.away, 1 / htSum);
  split.none /= htSum;
  for (let k = 0; k <= diffMax - diffMin; k++) {
    const table = sh.subarray(k * cellsW, (k + 1) * cellsW);
    scale(table, 1 / sumOf(table));
  }
  if (split.none > 0) {
    const s0 = sumOf(shHome0) + sumOf(shAway0) + shNone0;
    scale(shHome0, 1 / s0);
    scale(shAway0, 1 / s0);
    shNone0 /= s0;
  }
  const periods: GoalPeriods = {
    htWidth,
    htExtent,
    shExtent,
    htHome: split.home,
    htAway: split.away,
    htNone: split.none,
    shWidth,
    diffMin,
    diffMax,
    sh,
    shHome0,
    shAway0,
    shNone0,
    offset,
    ftWidth: maxGoals + 1,
    ftRatio: new Float64Array((maxGoals + 1) ** 2).fill(1),
  };
  if (!ftGrid) return periods; // in-play: the joint's own full-time marginal is the grid
  // scale the joint's full-time marginal to the model's grid
  const w = maxGoals + 1;
  const marginal = jointMarginal(periods, maxGoals);
  // Dixon–Coles moves mass between the final scores 0-0, 1-0, 0-1 and 1-1 only: scale those (the chain's grid and the
  // joint's marginal agree everywhere else, up to the pruning and the difference range above)
  for (let h = 0; h <= 1; h++)
    for (let a = 0; a <= 1; a++) {
      const ft = h * w + a;
      const m = marginal[ft] as number;
      periods.ftRatio[ft] = m > 0 ? (ftGrid[ft] as number) / m : 1;
    }
  return periods;
}

function sumOf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
}

function scale(a: Float64Array, f: number): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * f;
}

/** Zeroes the entries below PERIOD_ENTRY_MIN of one or more stacked w × w tables; returns the largest index kept. */
function trim(tables: Float64Array, w: number): number {
  let extent = 0;
  for (let k = 0; k < tables.length; k++) {
    if ((tables[k] as number) < PERIOD_ENTRY_MIN) tables[k] = 0;
    else {
      const cell = k % (w * w);
      extent = Math.max(extent, (cell / w) | 0, cell % w);
    }
  }
  return extent;
}

/** The joint's full-time marginal (before ftRatio): P(final score) at h · (maxGoals + 1) + a. */
export function jointMarginal(g: GoalPeriods, maxGoals: number): Float64Array {
  const marginal = new Float64Array((maxGoals + 1) ** 2);
  forEachJoint(g, maxGoals, (_h1, _a1, _i, _j, ft, mass) => {
    marginal[ft] = (marginal[ft] as number) + mass;
  });
  return marginal;
}

/** Visits every cell of the joint with positive mass (before ftRatio): half-time score, later goals, final cell. */
export function forEachJoint(
  g: GoalPeriods,
  maxGoals: number,
  visit: (h1: number, a1: number, i: number, j: number, ft: number, mass: number, first: 0 | 1 | 2) => void,
): void {
  const w1 = g.htWidth;
  const w2 = g.shWidth;
  const w = maxGoals + 1;
  const [oh, oa] = g.offset;
  const sweep = (h1: number, a1: number, mass: number, table: Float64Array, o: number, first: 0 | 1 | 2) => {
    for (let i = 0; i <= g.shExtent; i++) {
      for (let j = 0; j <= g.shExtent; j++) {
        const q = table[o + i * w2 + j] as number;
        if (q === 0) continue;
        const h = Math.min(maxGoals, h1 + oh + i);
        const a = Math.min(maxGoals, a1 + oa + j);
        visit(h1, a1, i, j, h * w + a, mass * q, first);
      }
    }
  };
  for (let h1 = 0; h1 <= g.htExtent; h1++) {
    for (let a1 = 0; a1 <= g.htExtent; a1++) {
      const d = Math.max(g.diffMin, Math.min(g.diffMax, h1 - a1 + oh - oa));
      const o = (d - g.diffMin) * w2 * w2;
      const mh = g.htHome[h1 * w1 + a1] as number;
      const ma = g.htAway[h1 * w1 + a1] as number;
      if (mh > 0) sweep(h1, a1, mh, g.sh, o, 0);
      if (ma > 0) sweep(h1, a1, ma, g.sh, o, 1);
    }
  }
  if (g.htNone > 0) {
    sweep(0, 0, g.htNone, g.shHome0, 0, 0);
    sweep(0, 0, g.htNone, g.shAway0, 0, 1);
    if (g.shNone0 > 0)
      visit(0, 0, 0, 0, Math.min(maxGoals, oh) * w + Math.min(maxGoals, oa), g.htNone * g.shNone0, 2);
  }
}
