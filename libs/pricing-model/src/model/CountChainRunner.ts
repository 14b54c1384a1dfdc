import { COUNT_STEP_TAIL, COUNT_SUPPORT_TAIL, NEGLIGIBLE_CELL } from './constants';
import type { CountScoreProcess } from './CountScoreProcess';
import { poissonPmfInto } from './distributions';
import { CLASSES } from './intensity';

/** Longest per-step increment pmf (entries 0..MAX_J − 1). */
export const MAX_J = 96;
// Zero padding in front of the away kernel's row copy (at least the largest increment index).
export const PAD = MAX_J;

/**
 * What a run does at half-time: `halfTime` receives the state there (the first half's counts with the half-time score
 * cell); `restart` sets every cell's counts back to 0 so the rest of the run counts the second half only;
 * `secondHalfFrom` starts the run at half-time from that state instead of at kick-off.
 */
export interface HalfTimeSplit {
  readonly halfTime?: Float64Array;
  readonly restart?: boolean;
  readonly secondHalfFrom?: Float64Array;
}

/** Every cell's block collapsed onto count (0, 0), keeping its mass. */
export function restartCounts(state: Float64Array, cells: number, block: number): void {
  for (let cell = 0; cell < cells; cell++) {
    const o = cell * block;
    let sum = 0;
    for (let i = 0; i < block; i++) sum += state[o + i] as number;
    state.fill(0, o, o + block);
    state[o] = sum;
  }
}

/** Parameters of one count process run (cards for one referee-factor node, or corners). */
export interface CountRun {
  /** stepMultipliers table of the count process. */
  readonly mult: Float64Array;
  /** Per-match base event rates (home, away), already multiplied by any shared factor. */
  readonly base: readonly [number, number];
}

/**
 * Forward chain over (score cell, home count, away count). Each step: first the count increments (home, then away
 * axis; independent given the start-of-step score), then the goal moves (a sparse matrix applied to whole count
 * blocks). Count indices maxHome / maxAway are absorbing "or more" cells. Buffers are allocated once per instance.
 */
export class CountChainRunner {
  readonly maxHome: number;
  readonly maxAway: number;
  readonly block: number;
  private readonly proc: CountScoreProcess;
  private readonly cur: Float64Array;
  private readonly next: Float64Array;
  private readonly rowTmp: Float64Array;
  private readonly pmf: Float64Array;
  private readonly tails: Float64Array;
  private readonly len: Int32Array;
  private readonly xHi: Int32Array;
  private readonly yHi: Int32Array;
  private readonly boundBuf = new Float64Array(4096);

  constructor(proc: CountScoreProcess, maxHome: number, maxAway: number) {
    this.proc = proc;
    this.maxHome = maxHome;
    this.maxAway = maxAway;
    this.block = (maxHome + 1) * (maxAway + 1);
    this.cur = new Float64Array(proc.cells * this.block);
    this.next = new Float64Array(proc.cells * this.block);
    this.rowTmp = new Float64Array(PAD + maxAway + 1);
    this.pmf = new Float64Array(proc.countOps * CLASSES * 2 * MAX_J);
    this.tails = new Float64Array(proc.countOps * CLASSES * 2 * MAX_J);
    this.len = new Int32Array(proc.countOps * CLASSES * 2);
    this.xHi = new Int32Array(proc.countOps + 1);
    this.yHi = new Int32Array(proc.countOps + 1);
  }

  /**
   * Support bound after each count application: a count beyond it has probability below COUNT_SUPPORT_TAIL on every score
   * path.
   */
  private bounds(run: CountRun, team: 0 | 1, cap: number, out: Int32Array): void {
    const steps = this.proc.countOps;
    let upper = 0;
    out[0] = 0;
    for (let s = 0; s < steps; s++) {
      let max = 0;
      for (let c = 0; c < CLASSES; c++) max = Math.max(max, run.mult[(s * CLASSES + c) * 2 + team] as number);
      upper += max * run.base[team];
      // The pmf routine stops at the first index whose remaining tail is below COUNT_SUPPORT_TAIL: that is the bound.
      const q = poissonPmfInto(upper, COUNT_SUPPORT_TAIL, this.boundBuf, 0, this.boundBuf.length);
      out[s + 1] = Math.min(cap, Math.max(q, out[s] as number));
    }
  }

  /**
   * Runs the chain and adds weight × P(cell, x, y) into `into` (length cells × block).
   * `supports` (after each count application, the largest count index that can carry mass) replaces the conservative
   * default bounds; `record` receives, after each count application, the smallest index beyond which the home (team 0) or away (team 1) count has less
   * than COUNT_SUPPORT_TAIL of mass — what {@link countSupport} uses to size the real chain.
   */
  runInto(
    run: CountRun,
    weight: number,
    into: Float64Array | undefined,
    supports?: { x: Int32Array; y: Int32Array },
    record?: { team: 0 | 1; out: Int32Array },
    split?: HalfTimeSplit,
  ): void {
    const { proc, maxHome: kx, maxAway: ky, block, pmf, tails, len, xHi, yHi, rowTmp } = this;
    const { countOps, cells, cellClass, occupancy, inStart, inSrc, inP } = proc;
    const { schedule, movesBefore } = proc.clock;
    const stride = ky + 1;
    for (let s = 0; s < countOps; s++) {
      for (let c = 0; c < CLASSES; c++) {
        for (let team = 0; team < 2; team++) {
          const k = (s * CLASSES + c) * 2 + team;
          const mu = (run.base[team] as number) * (run.mult[k] as number);
          const j = poissonPmfInto(mu, COUNT_STEP_TAIL, pmf, k * MAX_J, MAX_J);
          len[k] = j;
          let t = 0;
          for (let i = j; i >= 0; i--) {
            t += pmf[k * MAX_J + i] as number;
            tails[k * MAX_J + i] = t;
          }
        }
      }
    }
    if (supports) {
      for (let s = 0; s <= countOps; s++) {
        xHi[s] = Math.min(kx, supports.x[s] as number);
        yHi[s] = Math.min(ky, supports.y[s] as number);
      }
    } else {
      this.bounds(run, 0, kx, xHi);
      this.bounds(run, 1, ky, yHi);
    }
    if (record) record.out[0] = 0;

    let cur = this.cur;
    let next = this.next;
    cur.fill(0);
    next.fill(0);
    const start = split?.secondHalfFrom ? proc.clock.halfTimeAt : 0;
    if (split?.secondHalfFrom) cur.set(split.secondHalfFrom);
    else cur[proc.startCell * block] = 1;
    // count applications done so far: the counts' current support is xHi[done], yHi[done]
    let done = 0;
    for (let o = 0; o < start; o++) if ((schedule[o] as number) >= 0) done++;
    for (let o = start; o < schedule.length; o++) {
      if (split && o === proc.clock.halfTimeAt && o > start) {
        if (split.halfTime) split.halfTime.set(cur);
        if (split.restart) restartCounts(cur, proc.cells, block);
      }
      const op = schedule[o] as number;
      if (op >= 0) {
        // 1. count increments of application `op`, in place in `cur` (each entry gathers from not-yet-updated
        // lower indices)
        const xlo = xHi[op] as number;
        const xhi = xHi[op + 1] as number;
        const ylo = yHi[op] as number;
        const yhi = yHi[op + 1] as number;
        const occ = (movesBefore[op] as number) * cells;
        for (let cell = 0; cell < cells; cell++) {
          if ((occupancy[occ + cell] as number) < NEGLIGIBLE_CELL) continue;
          const base = cell * block;
          const c = cellClass[cell] as number;
          const k = (op * CLASSES + c) * 2;
          homeKernel(cur, base, stride, kx, xlo, xhi, ylo, pmf, tails, k * MAX_J, len[k] as number);
          awayKernel(
            cur,
            base,
            stride,
            ky,
            ylo,
            yhi,
            xhi,
            pmf,
            tails,
            (k + 1) * MAX_J,
            len[k + 1] as number,
            rowTmp,
          );
        }
        done = op + 1;
        if (record) record.out[done] = this.supportOf(cur, record.team, record.team === 0 ? xhi : yhi);
        continue;
      }
      // 2. goal moves of step s: every target cell of `next` gathers its sources' blocks from `cur` (rows 0..xhi,
      // entries 0..yhi; everything beyond is zero in both buffers).
      const s = -op - 1;
      const occ = s * cells;
      const xhi = xHi[done] as number;
      const span = (yHi[done] as number) + 1;
      for (let t = 0; t < cells; t++) {
        gatherMoves(
          next,
          t * block,
          cur,
          block,
          inSrc,
          inP,
          inStart[occ + t] as number,
          inStart[occ + t + 1] as number,
          xhi,
          stride,
          span,
        );
      }
      const swap = cur;
      cur = next;
      next = swap;
    }
    if (into)
      for (let i = 0; i < into.length; i++) into[i] = (into[i] as number) + weight * (cur[i] as number);
  }

  /** Smallest count index of `team` beyond which `state` holds less than COUNT_SUPPORT_TAIL of mass. */
  private supportOf(state: Float64Array, team: 0 | 1, hi: number): number {
    const { maxAway: ky, block } = this;
    const stride = ky + 1;
    const marginal = this.boundBuf;
    marginal.fill(0, 0, hi + 1);
    for (let cell = 0; cell < this.proc.cells; cell++) {
      const o = cell * block;
      for (let i = 0; i < block; i++) {
        const idx = team === 0 ? (i / stride) | 0 : i % stride;
        if (idx <= hi) marginal[idx] = (marginal[idx] as number) + (state[o + i] as number);
      }
    }
    let tail = 0;
    for (let k = hi; k > 0; k--) {
      tail += marginal[k] as number;
      if (tail >= COUNT_SUPPORT_TAIL) return k;
    }
    return 0;
  }
}

/**
 * Support of one team's count after each count application, from an exact one-count chain (score × that count) at the most intense
 * factor node: the two-count chain then skips entries that cannot carry mass. `cap` is a conservative upper bound.
 */
export function countSupport(
  proc: CountScoreProcess,
  run: CountRun,
  team: 0 | 1,
  cap: number,
  restartAtHalfTime = false,
): Int32Array {
  // The count is carried on the away axis (contiguous within a row, fast kernel): for the home team, swap the teams.
  let r = run;
  if (team === 0) {
    const mult = new Float64Array(run.mult.length);
    for (let i = 0; i < mult.length; i += 2) {
      mult[i] = run.mult[i + 1] as number;
      mult[i + 1] = run.mult[i] as number;
    }
    r = { mult, base: [run.base[1], run.base[0]] };
  }
  const runner = new CountChainRunner(proc, 0, cap);
  const out = new Int32Array(proc.countOps + 1);
  runner.runInto(
    r,
    1,
    undefined,
    undefined,
    { team: 1, out },
    restartAtHalfTime ? { restart: true } : undefined,
  );
  // monotone within each half (the second half's counts restart at half-time when asked to)
  let first = 0;
  for (let o = 0; o < proc.clock.halfTimeAt; o++) if ((proc.clock.schedule[o] as number) >= 0) first++;
  for (let s = 1; s <= proc.countOps; s++) {
    if (restartAtHalfTime && s === first + 1) continue;
    out[s] = Math.max(out[s] as number, out[s - 1] as number);
  }
  return out;
}

/**
 * dst block (rows 0..xhi, entries 0..span-1 of each row) = Σ p_i · (source block i), the sources of one target cell.
 * Four sources per pass: one store per entry instead of one per source (the build's hottest loop).
 */
export function gatherMoves(
  dst: Float64Array,
  d: number,
  src: Float64Array,
  block: number,
  inSrc: Int32Array,
  inP: Float64Array,
  from: number,
  to: number,
  xhi: number,
  stride: number,
  span: number,
): void {
  const full = span === stride;
  const rows = full ? 1 : xhi + 1;
  const len = full ? (xhi + 1) * stride : span;
  let m = from;
  let first = true;
  for (; m + 7 < to; m += 8) {
    const s0 = (inSrc[m] as number) * block;
    const s1 = (inSrc[m + 1] as number) * block;
    const s2 = (inSrc[m + 2] as number) * block;
    const s3 = (inSrc[m + 3] as number) * block;
    const s4 = (inSrc[m + 4] as number) * block;
    const s5 = (inSrc[m + 5] as number) * block;
    const s6 = (inSrc[m + 6] as number) * block;
    const s7 = (inSrc[m + 7] as number) * block;
    const p0 = inP[m] as number;
    const p1 = inP[m + 1] as number;
    const p2 = inP[m + 2] as number;
    const p3 = inP[m + 3] as number;
    const p4 = inP[m + 4] as number;
    const p5 = inP[m + 5] as number;
    const p6 = inP[m + 6] as number;
    const p7 = inP[m + 7] as number;
    for (let r = 0; r < rows; r++) {
      const o = r * stride;
      const e = o + len;
      if (first) {
        for (let i = o; i < e; i++)
          dst[d + i] =
            p0 * (src[s0 + i] as number) +
            p1 * (src[s1 + i] as number) +
            p2 * (src[s2 + i] as number) +
            p3 * (src[s3 + i] as number) +
            p4 * (src[s4 + i] as number) +
            p5 * (src[s5 + i] as number) +
            p6 * (src[s6 + i] as number) +
            p7 * (src[s7 + i] as number);
        continue;
      }
      for (let i = o; i < e; i++)
        dst[d + i] =
          (dst[d + i] as number) +
          p0 * (src[s0 + i] as number) +
          p1 * (src[s1 + i] as number) +
          p2 * (src[s2 + i] as number) +
          p3 * (src[s3 + i] as number) +
          p4 * (src[s4 + i] as number) +
          p5 * (src[s5 + i] as number) +
          p6 * (src[s6 + i] as number) +
          p7 * (src[s7 + i] as number);
    }
    first = false;
  }
  for (; m + 3 < to; m += 4) {
    const s0 = (inSrc[m] as number) * block;
    const s1 = (inSrc[m + 1] as number) * block;
    const s2 = (inSrc[m + 2] as number) * block;
    const s3 = (inSrc[m + 3] as number) * block;
    const p0 = inP[m] as number;
    const p1 = inP[m + 1] as number;
    const p2 = inP[m + 2] as number;
    const p3 = inP[m + 3] as number;
    for (let r = 0; r < rows; r++) {
      const o = r * stride;
      const e = o + len;
      if (first) {
        for (let i = o; i < e; i++)
          dst[d + i] =
            p0 * (src[s0 + i] as number) +
            p1 * (src[s1 + i] as number) +
            p2 * (src[s2 + i] as number) +
            p3 * (src[s3 + i] as number);
      } else {
        for (let i = o; i < e; i++)
          dst[d + i] =
            (dst[d + i] as number) +
            p0 * (src[s0 + i] as number) +
            p1 * (src[s1 + i] as number) +
            p2 * (src[s2 + i] as number) +
            p3 * (src[s3 + i] as number);
      }
    }
    first = false;
  }
  // the last one to three sources in one pass (zero to start from if there were fewer than four)
  const left = to - m;
  const z = first ? 0 : 1;
  if (left === 0) {
    if (first) for (let r = 0; r < rows; r++) dst.fill(0, d + r * stride, d + r * stride + len);
    return;
  }
  const s0 = (inSrc[m] as number) * block;
  const p0 = inP[m] as number;
  const s1 = left > 1 ? (inSrc[m + 1] as number) * block : s0;
  const p1 = left > 1 ? (inP[m + 1] as number) : 0;
  const s2 = left > 2 ? (inSrc[m + 2] as number) * block : s0;
  const p2 = left > 2 ? (inP[m + 2] as number) : 0;
  for (let r = 0; r < rows; r++) {
    const o = r * stride;
    const e = o + len;
    if (left === 1) {
      for (let i = o; i < e; i++) dst[d + i] = z * (dst[d + i] as number) + p0 * (src[s0 + i] as number);
    } else if (left === 2) {
      for (let i = o; i < e; i++)
        dst[d + i] = z * (dst[d + i] as number) + p0 * (src[s0 + i] as number) + p1 * (src[s1 + i] as number);
    } else {
      for (let i = o; i < e; i++)
        dst[d + i] =
          z * (dst[d + i] as number) +
          p0 * (src[s0 + i] as number) +
          p1 * (src[s1 + i] as number) +
          p2 * (src[s2 + i] as number);
    }
  }
}

/**
 * In-place convolution of one cell's block along the home count (rows of `stride` entries) with the step's increment
 * pmf: rows in descending order, each entry gathering from rows not yet updated. Rows beyond xlo hold no mass before
 * the step; rows beyond xhi are dropped; row kx is absorbing ("or more").
 */
export function homeKernel(
  cur: Float64Array,
  base: number,
  stride: number,
  kx: number,
  xlo: number,
  xhi: number,
  ylo: number,
  pmf: Float64Array,
  tails: Float64Array,
  k: number,
  jmax: number,
): void {
  const n = ylo + 1;
  let x = xhi;
  if (x === kx) {
    // what was there stays, plus everything that jumps to or beyond it
    const row = base + x * stride;
    const fLo = Math.max(0, kx - jmax);
    const fHi = Math.min(kx - 1, xlo);
    const keep = kx <= xlo ? 1 : 0;
    for (let y = 0; y < n; y++) {
      let v = keep * (cur[row + y] as number);
      for (let f = fLo; f <= fHi; f++)
        v += (tails[k + kx - f] as number) * (cur[base + f * stride + y] as number);
      cur[row + y] = v;
    }
    x--;
  }
  // Rows x and x − 1 per pass: row x = Σ_r pmf[x − r] · old row r, row x − 1 = Σ_r pmf[x − 1 − r] · old row r, over
  // the source rows r they share (four per pass, each loaded once for both). A pass reads a column of rows ≤ x
  // before it writes that column of rows x and x − 1, and later passes read only rows below x − 1.
  for (; x >= 1; x -= 2) {
    const rHi = Math.min(x, xlo);
    const rLo = Math.max(0, x - 1 - jmax);
    const ta = base + x * stride;
    const tb = ta - stride;
    if (rHi < rLo) {
      cur.fill(0, tb, tb + n);
      cur.fill(0, ta, ta + n);
      continue;
    }
    // coefficients: row x takes pmf[x − r] (x − r ≤ jmax), row x − 1 takes pmf[x − 1 − r] (r < x, x − 1 − r ≤ jmax)
    const ka = k + x;
    const kb = ka - 1;
    const ja = x - jmax; // row x takes sources r ≥ ja
    const jb = ja - 1; // row x − 1 takes sources r ≥ jb
    let r = rHi;
    let first = true;
    for (; r - 3 >= rLo; r -= 4) {
      const o0 = base + r * stride;
      const o1 = o0 - stride;
      const o2 = o1 - stride;
      const o3 = o2 - stride;
      const a0 = r >= ja ? (pmf[ka - r] as number) : 0;
      const a1 = r - 1 >= ja ? (pmf[ka - r + 1] as number) : 0;
      const a2 = r - 2 >= ja ? (pmf[ka - r + 2] as number) : 0;
      const a3 = r - 3 >= ja ? (pmf[ka - r + 3] as number) : 0;
      const b0 = r < x && r >= jb ? (pmf[kb - r] as number) : 0;
      const b1 = r - 1 < x && r - 1 >= jb ? (pmf[kb - r + 1] as number) : 0;
      const b2 = r - 2 >= jb ? (pmf[kb - r + 2] as number) : 0;
      const b3 = r - 3 >= jb ? (pmf[kb - r + 3] as number) : 0;
      if (first) {
        for (let y = 0; y < n; y++) {
          const f0 = cur[o0 + y] as number;
          const f1 = cur[o1 + y] as number;
          const f2 = cur[o2 + y] as number;
          const f3 = cur[o3 + y] as number;
          cur[ta + y] = a0 * f0 + a1 * f1 + a2 * f2 + a3 * f3;
          cur[tb + y] = b0 * f0 + b1 * f1 + b2 * f2 + b3 * f3;
        }
        first = false;
      } else {
        for (let y = 0; y < n; y++) {
          const f0 = cur[o0 + y] as number;
          const f1 = cur[o1 + y] as number;
          const f2 = cur[o2 + y] as number;
          const f3 = cur[o3 + y] as number;
          cur[ta + y] = (cur[ta + y] as number) + a0 * f0 + a1 * f1 + a2 * f2 + a3 * f3;
          cur[tb + y] = (cur[tb + y] as number) + b0 * f0 + b1 * f1 + b2 * f2 + b3 * f3;
        }
      }
    }
    // the last one to three source rows in one pass (read before the pass writes: they may be rows x, x − 1)
    const left = r - rLo + 1;
    if (left > 0) {
      const o0 = base + r * stride;
      const o1 = left > 1 ? o0 - stride : o0;
      const o2 = left > 2 ? o1 - stride : o0;
      const a0 = r >= ja ? (pmf[ka - r] as number) : 0;
      const a1 = left > 1 && r - 1 >= ja ? (pmf[ka - r + 1] as number) : 0;
      const a2 = left > 2 && r - 2 >= ja ? (pmf[ka - r + 2] as number) : 0;
      const b0 = r < x && r >= jb ? (pmf[kb - r] as number) : 0;
      const b1 = left > 1 && r - 1 < x && r - 1 >= jb ? (pmf[kb - r + 1] as number) : 0;
      const b2 = left > 2 && r - 2 >= jb ? (pmf[kb - r + 2] as number) : 0;
      if (first) {
        for (let y = 0; y < n; y++) {
          const f0 = cur[o0 + y] as number;
          const f1 = cur[o1 + y] as number;
          const f2 = cur[o2 + y] as number;
          cur[ta + y] = a0 * f0 + a1 * f1 + a2 * f2;
          cur[tb + y] = b0 * f0 + b1 * f1 + b2 * f2;
        }
      } else {
        for (let y = 0; y < n; y++) {
          const f0 = cur[o0 + y] as number;
          const f1 = cur[o1 + y] as number;
          const f2 = cur[o2 + y] as number;
          cur[ta + y] = (cur[ta + y] as number) + a0 * f0 + a1 * f1 + a2 * f2;
          cur[tb + y] = (cur[tb + y] as number) + b0 * f0 + b1 * f1 + b2 * f2;
        }
      }
    }
  }
  if (x === 0) {
    // row 0 = pmf[0] · old row 0
    const p = pmf[k] as number;
    for (let y = 0; y < n; y++) cur[base + y] = p * (cur[base + y] as number);
  }
}

/**
 * The same along the away count within each row (entries beyond ylo hold no mass before the step, beyond yhi are
 * dropped; entry ky is absorbing). Four outputs per pass over a sliding window of the row: each increment index
 * loads one pmf entry and one row entry for four multiply-adds.
 */
export function awayKernel(
  cur: Float64Array,
  base: number,
  stride: number,
  ky: number,
  ylo: number,
  yhi: number,
  xhi: number,
  pmf: Float64Array,
  tails: Float64Array,
  k: number,
  jmax: number,
  tmp: Float64Array,
): void {
  const lumped = yhi === ky;
  const top = lumped ? ky - 1 : yhi; // highest ordinary target
  const fLo = Math.max(0, ky - jmax);
  const fHi = Math.min(ylo, ky - 1);
  // tmp[PAD + y] = old entry y (zero beyond ylo; tmp below PAD is never written), so every shift reads in range
  tmp.fill(0, PAD + ylo + 1, PAD + top + 1);
  for (let x = 0; x <= xhi; x++) {
    const row = base + x * stride;
    if (lumped) {
      let v = ky <= ylo ? (cur[row + ky] as number) : 0;
      for (let y = fLo; y <= fHi; y++) v += (tails[k + ky - y] as number) * (cur[row + y] as number);
      cur[row + ky] = v;
    }
    for (let y = 0; y <= ylo; y++) tmp[PAD + y] = cur[row + y] as number;
    let y = 0;
    for (; y + 3 <= top; y += 4) {
      // outputs y .. y + 3 = Σ_j pmf[j] · old[y + g − j], j from where old[y + 3 − j] is within ylo
      const jLo = Math.max(0, y - ylo);
      const jHi = Math.min(jmax, y + 3);
      const t = PAD + y;
      let a1 = tmp[t + 1 - jLo] as number;
      let a2 = tmp[t + 2 - jLo] as number;
      let a3 = tmp[t + 3 - jLo] as number;
      let v0 = 0;
      let v1 = 0;
      let v2 = 0;
      let v3 = 0;
      for (let j = jLo; j <= jHi; j++) {
        const p = pmf[k + j] as number;
        const a0 = tmp[t - j] as number;
        v0 += p * a0;
        v1 += p * a1;
        v2 += p * a2;
        v3 += p * a3;
        a3 = a2;
        a2 = a1;
        a1 = a0;
      }
      cur[row + y] = v0;
      cur[row + y + 1] = v1;
      cur[row + y + 2] = v2;
      cur[row + y + 3] = v3;
    }
    for (; y <= top; y++) {
      const jHi = Math.min(jmax, y);
      let v = 0;
      for (let j = Math.max(0, y - ylo); j <= jHi; j++)
        v += (pmf[k + j] as number) * (tmp[PAD + y - j] as number);
      cur[row + y] = v;
    }
  }
}
