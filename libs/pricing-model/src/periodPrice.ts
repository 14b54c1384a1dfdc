import {
  addToSet,
  allOfSet,
  countLegVectors,
  goalsStillNeeded,
  shiftBy,
  knownSoFar,
  applyGoalLeg,
  countExpectation,
  emptySet,
  ensure,
  noCountLegs,
  playersOf,
  resultHolds,
  weightOverCounts,
  type CountLegs,
  type PlayerSet,
} from './legWeights';
import type { CountHalves, HalfCounts } from './model/countTables';
import { forEachJoint, type GoalPeriods } from './model/periodGoals';
import { scoreCell, scoreCells } from './model/scoreCell';
import type { Leg, Period } from './types/legs';
import { countTableOf, halvesOf } from './sections';
import type { CoreModel, ModelPlayer } from './types/model';

/**
 * The period pricing path: bets with a first- or second-half leg, a half-time/full-time leg or a first-goal leg are
 * priced on the model's joint of the two halves' goals and who scored first (`FixtureModel.periods`), with each
 * half's cards and corners per factor node. A bet with none of them is priced on the full-time tables (price.ts);
 * both paths agree on every full-time bet (the joint's full-time marginal is the full-time grid).
 */
export function needsPeriods(legs: readonly Leg[]): boolean {
  for (const leg of legs) {
    if (
      leg.market === 'HALF_TIME_FULL_TIME' ||
      leg.market === 'FIRST_TEAM_TO_SCORE' ||
      leg.market === 'PLAYER_FIRST_GOALSCORER'
    )
      return true;
    if ('period' in leg && leg.period !== undefined && leg.period !== 'FULL_TIME') return true;
  }
  return false;
}

interface ProcessLegs {
  full: CountLegs;
  first: CountLegs;
  second: CountLegs;
}

// The bet's count legs, reused across calls (pricing is synchronous): emptied at the start of each.
const scratchCards: ProcessLegs = { full: noCountLegs(), first: noCountLegs(), second: noCountLegs() };
const scratchCorners: ProcessLegs = { full: noCountLegs(), first: noCountLegs(), second: noCountLegs() };

/** Empties an array in place (setting length is a runtime call, so only when there is something to drop). */
function clear(a: unknown[]): void {
  if (a.length > 0) a.length = 0;
}

function emptyLegs(l: CountLegs): void {
  clear(l.team);
  clear(l.total);
  clear(l.homePlayers.probs);
  clear(l.homePlayers.atLeast);
  clear(l.awayPlayers.probs);
  clear(l.awayPlayers.atLeast);
}

function emptied(p: ProcessLegs): ProcessLegs {
  emptyLegs(p.full);
  emptyLegs(p.first);
  emptyLegs(p.second);
  return p;
}

function countLegsFor(p: ProcessLegs, period: Period | undefined): CountLegs {
  return period === 'FIRST_HALF' ? p.first : period === 'SECOND_HALF' ? p.second : p.full;
}

const hasLegs = (l: CountLegs) =>
  l.team.length + l.total.length + l.homePlayers.probs.length + l.awayPlayers.probs.length > 0;

// Scratch buffers (pricing allocates nothing per cell).
let fhW: Float64Array = new Float64Array(0);
let shW: Float64Array = new Float64Array(0);
let ftGoal: Float64Array = new Float64Array(0);
let ftFlag: Float64Array = new Float64Array(0);
let scorerH: Float64Array = new Float64Array(0);
let scorerA: Float64Array = new Float64Array(0);
let scorerFirst: Float64Array = new Float64Array(0);
let scorerRest: Float64Array = new Float64Array(0);
let countFt: Float64Array = new Float64Array(0);
let cardPairs: Float64Array = new Float64Array(0);
let cornerPairs: Float64Array = new Float64Array(0);
let f1: Float64Array = new Float64Array(0);
let f2: Float64Array = new Float64Array(0);
let gSum: Float64Array = new Float64Array(0);
let e1: Float64Array = new Float64Array(0);
let e2: Float64Array = new Float64Array(0);
let aTab: Float64Array = new Float64Array(0);
let eq: Float64Array = new Float64Array(0);
let allCells = new Uint8Array(0);

/** Goal cells (half-time grid, full-time grid) → the count chains' score cells (cards, corners), per model (once). */
const cellMaps = new WeakMap<CoreModel, { ht: Int32Array[]; ft: Int32Array[] }>();

export function cellMapsOf(model: CoreModel): { ht: Int32Array[]; ft: Int32Array[] } {
  let maps = cellMaps.get(model);
  if (!maps) {
    const g = model.periods.goals;
    const w = model.maxGoals + 1;
    const w1 = g.htWidth;
    const caps = [model.periods.cards.scoreCap, model.periods.corners.scoreCap];
    const grid = (width: number, cap: number) => {
      const out = new Int32Array(width * width);
      for (let h = 0; h < width; h++)
        for (let a = 0; a < width; a++) out[h * width + a] = scoreCell(h, a, cap);
      return out;
    };
    maps = { ht: caps.map((cap) => grid(w1, cap)), ft: caps.map((cap) => grid(w, cap)) };
    cellMaps.set(model, maps);
  }
  return maps;
}

/** Which counts a set of count legs needs: the home count, the away count, their total (bit 0, 1, 2). */
function needs(legs: CountLegs): number {
  let m = legs.total.length > 0 ? 4 : 0;
  if (legs.homePlayers.probs.length > 0) m |= 1;
  if (legs.awayPlayers.probs.length > 0) m |= 2;
  for (const leg of legs.team) m |= leg.team === 'HOME' ? 1 : 2;
  return m;
}

/** u[x] · v[y] · t[x + y] over a whole (kx + 1) × (ky + 1) block. */
function fillBlock(
  u: Float64Array,
  v: Float64Array,
  t: Float64Array,
  kx: number,
  ky: number,
  out: Float64Array,
) {
  const stride = ky + 1;
  for (let x = 0; x <= kx; x++)
    for (let y = 0; y <= ky; y++)
      out[x * stride + y] = (u[x] as number) * (v[y] as number) * (t[x + y] as number);
}

/** The legs' weight over a whole (kx + 1) × (ky + 1) block: u[x] · v[y] · t[x + y]. */
function blockWeights(
  legs: CountLegs,
  kx: number,
  ky: number,
  knownH: number,
  knownA: number,
  out: Float64Array,
) {
  const { u, v, t } = countLegVectors(legs, kx, ky, knownH, knownA);
  fillBlock(u, v, t, kx, ky, out);
}

/**
 * E[legs | node, slot] for every (node, slot) of a half: out[q * slotCount + s]; 1 when the half has no legs, a
 * one-count marginal when the legs need only one count.
 */
function halfExpectations(
  h: HalfCounts,
  nodes: number,
  legs: CountLegs,
  knownH: number,
  knownA: number,
  out: Float64Array,
) {
  const blocks = nodes * h.slotCount;
  const m = needs(legs);
  if (m === 0) {
    out.fill(1, 0, blocks);
    return;
  }
  const kx = h.maxHome;
  const ky = h.maxAway;
  const { u, v, t } = countLegVectors(legs, kx, ky, knownH, knownA);
  const one = m === 1 ? h.home : m === 2 ? h.away : m === 4 ? h.total : undefined;
  if (one) {
    const vec = m === 1 ? u : m === 2 ? v : t;
    const len = m === 1 ? kx + 1 : m === 2 ? ky + 1 : kx + ky + 1;
    for (let k = 0; k < blocks; k++) {
      const o = k * len;
      let e = 0;
      for (let i = 0; i < len; i++) e += (one[o + i] as number) * (vec[i] as number);
      out[k] = e;
    }
    return;
  }
  const block = (kx + 1) * (ky + 1);
  f1 = ensure(f1, block);
  for (let x = 0; x <= kx; x++)
    for (let y = 0; y <= ky; y++)
      f1[x * (ky + 1) + y] = (u[x] as number) * (v[y] as number) * (t[x + y] as number);
  const { table } = h;
  for (let k = 0; k < blocks; k++) {
    const o = k * block;
    let e = 0;
    for (let i = 0; i < block; i++) e += (table[o + i] as number) * (f1[i] as number);
    out[k] = e;
  }
}

/**
 * out[htCell * cells + ftCell] = E[the process's legs | half-time cell, full-time cell], mixing the factor nodes:
 * given the node and the cells, the halves' counts are independent, so first- and second-half legs multiply; a
 * full-time leg of the same process needs the sum of the halves (a correlation over both blocks).
 */
/** The sizes of a process's half tables. */
function dims(h: CountHalves) {
  const { first, second } = h;
  return {
    first,
    second,
    nodes: h.weights.length,
    s1: first.slotCount,
    s2: second.slotCount,
    kx1: first.maxHome,
    ky1: first.maxAway,
    kx2: second.maxHome,
    ky2: second.maxAway,
    b1: (first.maxHome + 1) * (first.maxAway + 1),
    b2: (second.maxHome + 1) * (second.maxAway + 1),
  };
}

function countPairs(
  h: CountHalves,
  legs: ProcessLegs,
  known: readonly number[],
  out: Float64Array,
  /** The model and process of `h` for the slot pairs a sweep reads; undefined: every pair, directly (the reference). */
  model: CoreModel | undefined,
  process: 'cards' | 'corners',
): void {
  const cells = scoreCells(h.scoreCap);
  const { first, second, nodes, s1, s2, kx1, ky1, kx2, ky2, b1, b2 } = dims(h);
  // known: first-half (home, away) so far, second-half (home, away) so far
  const [k1h = 0, k1a = 0, k2h = 0, k2a = 0] = known;
  eq = ensure(eq, nodes * s1 * s2);
  if (!hasLegs(legs.full)) {
    e1 = ensure(e1, nodes * s1);
    e2 = ensure(e2, nodes * s2);
    halfExpectations(first, nodes, legs.first, k1h, k1a, e1);
    halfExpectations(second, nodes, legs.second, k2h, k2a, e2);
    const firstFree = needs(legs.first) === 0;
    if (firstFree || needs(legs.second) === 0) {
      // one half has no legs: the factor depends on one cell only (mix the nodes per slot once)
      const half = firstFree ? second : first;
      const e = firstFree ? e2 : e1;
      const slots = half.slotCount;
      mixed = ensure(mixed, slots);
      for (let b = 0; b < slots; b++) {
        let v = 0;
        for (let q = 0; q < nodes; q++) v += (h.weights[q] as number) * (e[q * slots + b] as number);
        mixed[b] = v;
      }
      for (let htc = 0; htc < cells; htc++)
        for (let ftc = 0; ftc < cells; ftc++)
          out[htc * cells + ftc] = mixed[
            (firstFree ? second.slot[ftc] : first.slot[htc]) as number
          ] as number;
      return;
    }
    for (let q = 0; q < nodes; q++)
      for (let a = 0; a < s1; a++)
        for (let b = 0; b < s2; b++)
          eq[(q * s1 + a) * s2 + b] = (e1[q * s1 + a] as number) * (e2[q * s2 + b] as number);
  } else {
    f1 = ensure(f1, b1);
    f2 = ensure(f2, b2);
    blockWeights(legs.first, kx1, ky1, k1h, k1a, f1);
    blockWeights(legs.second, kx2, ky2, k2h, k2a, f2);
    const mode = needs(legs.full);
    if (mode === 1 || mode === 2 || mode === 4)
      fullOnOneCount(h, legs.full, mode, [k1h + k2h, k1a + k2a], model && neededSlotPairs(model, process));
    else fullOnBlocks(h, legs.full, [k1h + k2h, k1a + k2a], model && neededSlotPairs(model, process));
  }
  for (let htc = 0; htc < cells; htc++) {
    const a = first.slot[htc] as number;
    for (let ftc = 0; ftc < cells; ftc++) {
      const b = second.slot[ftc] as number;
      let e = 0;
      for (let q = 0; q < nodes; q++) e += (h.weights[q] as number) * (eq[(q * s1 + a) * s2 + b] as number);
      out[htc * cells + ftc] = e;
    }
  }
}

let m1: Float64Array = new Float64Array(0);
let mixed: Float64Array = new Float64Array(0);
let m2: Float64Array = new Float64Array(0);

/** Sums a block × the legs' block weights onto one count (mode 1 home, 2 away, 4 total). */
function collapse(
  table: Float32Array,
  o: number,
  f: Float64Array,
  kx: number,
  ky: number,
  mode: number,
  out: Float64Array,
) {
  const stride = ky + 1;
  const len = mode === 1 ? kx + 1 : mode === 2 ? ky + 1 : kx + ky + 1;
  out.fill(0, 0, len);
  for (let x = 0; x <= kx; x++)
    for (let y = 0; y <= ky; y++) {
      const v = (table[o + x * stride + y] as number) * (f[x * stride + y] as number);
      const c = mode === 1 ? x : mode === 2 ? y : x + y;
      out[c] = (out[c] as number) + v;
    }
}

/** Whether any first-half slot pairs with second-half slot `b` in `need` (every slot without a mask). */
function columnNeeded(need: Uint8Array | undefined, s1: number, s2: number, b: number): boolean {
  if (!need) return true;
  for (let a = 0; a < s1; a++) if (need[a * s2 + b] === 1) return true;
  return false;
}

/** eq[q, ·, b] = 0: a second-half slot no bet reads, or whose block carries no weight. */
function zeroColumn(q: number, s1: number, s2: number, b: number): void {
  for (let a = 0; a < s1; a++) eq[(q * s1 + a) * s2 + b] = 0;
}

/**
 * eq for full-time legs that need one count only (a team's line, a total, carded players of one team): both halves'
 * blocks collapse to that count, and the halves combine by a one-dimensional correlation with the legs' vector g —
 * by prefix sums when g is an interval's indicator (line legs only), directly otherwise (carded players, or no `need`:
 * the tests' reference). Only the slot pairs in `need` ({@link neededSlotPairs}) are summed; without it every pair.
 */
function fullOnOneCount(
  h: CountHalves,
  legs: CountLegs,
  mode: number,
  known: readonly number[],
  need: Uint8Array | undefined,
): void {
  const { first, second } = h;
  const nodes = h.weights.length;
  const s1 = first.slotCount;
  const s2 = second.slotCount;
  const len1 =
    mode === 1 ? first.maxHome + 1 : mode === 2 ? first.maxAway + 1 : first.maxHome + first.maxAway + 1;
  const len2 =
    mode === 1 ? second.maxHome + 1 : mode === 2 ? second.maxAway + 1 : second.maxHome + second.maxAway + 1;
  const kx = first.maxHome + second.maxHome;
  const ky = first.maxAway + second.maxAway;
  const { u, v, t } = countLegVectors(legs, kx, ky, known[0] as number, known[1] as number);
  const g = mode === 1 ? u : mode === 2 ? v : t;
  const span = need ? indicatorSpan(g, mode === 1 ? kx + 1 : mode === 2 ? ky + 1 : kx + ky + 1) : undefined;
  const lo = span ? span[0] : 0;
  const hi = span ? span[1] : -1;
  const b1 = (first.maxHome + 1) * (first.maxAway + 1);
  const b2 = (second.maxHome + 1) * (second.maxAway + 1);
  m1 = ensure(m1, nodes * s1 * len1);
  m2 = ensure(m2, Math.max(len1, len2) + 1);
  aTab = ensure(aTab, len1);
  const c1 = m1;
  // the first half's blocks × their legs, collapsed once per (node, slot)
  for (let k = 0; k < nodes * s1; k++) {
    collapse(first.table, k * b1, f1, first.maxHome, first.maxAway, mode, m2);
    for (let i = 0; i < len1; i++) c1[k * len1 + i] = m2[i] as number;
  }
  for (let q = 0; q < nodes; q++) {
    for (let b = 0; b < s2; b++) {
      if (!columnNeeded(need, s1, s2, b)) {
        zeroColumn(q, s1, s2, b);
        continue;
      }
      collapse(second.table, (q * s2 + b) * b2, f2, second.maxHome, second.maxAway, mode, m2);
      if (span) {
        // m2 → its prefix sums in place (m2[j] = Σ_{j' < j}), then aTab[i] = Σ_{lo ≤ i + j ≤ hi} m2[j]
        let acc = 0;
        for (let j = 0; j < len2; j++) {
          const x = m2[j] as number;
          m2[j] = acc;
          acc += x;
        }
        m2[len2] = acc;
        for (let i = 0; i < len1; i++) {
          const from = lo - i > 0 ? lo - i : 0;
          const to = hi - i < len2 - 1 ? hi - i : len2 - 1;
          aTab[i] = to >= from ? (m2[to + 1] as number) - (m2[from] as number) : 0;
        }
      } else {
        for (let i = 0; i < len1; i++) {
          let x = 0;
          for (let j = 0; j < len2; j++) x += (m2[j] as number) * (g[i + j] as number);
          aTab[i] = x;
        }
      }
      for (let a = 0; a < s1; a++) {
        let e = 0;
        if (!need || need[a * s2 + b] === 1) {
          const o = (q * s1 + a) * len1;
          for (let i = 0; i < len1; i++) e += (c1[o + i] as number) * (aTab[i] as number);
        }
        eq[(q * s1 + a) * s2 + b] = e;
      }
    }
  }
}

/**
 * eq for full-time legs on both counts: A[z1] = Σ_z2 T2·f2 · G(z1 + z2), E = Σ_z1 T1·f1 · A, where z = (home, away)
 * and G(x, y) = u[x] · v[y] · t[x + y] is the legs' full-time weight ({@link countLegVectors}). The total's factor t is
 * a product of line tests, i.e. 1 on one interval of totals and 0 elsewhere, so A is computed with prefix sums over
 * the second half's away counts ({@link intervalCorrelation}) instead of the two-dimensional sum as written
 * ({@link directCorrelation}: the tests' reference, and any t that is not an interval's indicator). Only the (first slot,
 * second slot) pairs the bet's sweep can read are summed (`need`, {@link neededSlotPairs}); without `need` every
 * pair, directly.
 */
function fullOnBlocks(
  h: CountHalves,
  legs: CountLegs,
  known: readonly number[],
  need: Uint8Array | undefined,
): void {
  const { first, second, nodes, s1, s2, kx1, ky1, kx2, ky2, b1, b2 } = dims(h);
  const gx = kx1 + kx2;
  const gy = ky1 + ky2;
  const vectors = countLegVectors(legs, gx, gy, known[0] as number, known[1] as number);
  const span = need ? indicatorSpan(vectors.t, gx + gy + 1) : undefined;
  if (span) {
    gU = copyInto(gU, vectors.u, gx + 1);
    gV = copyInto(gV, vectors.v, gy + 1);
  } else {
    gSum = ensure(gSum, (gx + 1) * (gy + 1));
    fillBlock(vectors.u, vectors.v, vectors.t, gx, gy, gSum);
  }
  aTab = ensure(aTab, b1);
  mBlock = ensure(mBlock, b2);
  // the first half's blocks × their legs, once per (node, slot)
  p1 = ensure(p1, nodes * s1 * b1);
  for (let k = 0; k < nodes * s1; k++) {
    const o = k * b1;
    for (let i = 0; i < b1; i++) p1[o + i] = (first.table[o + i] as number) * (f1[i] as number);
  }
  for (let q = 0; q < nodes; q++) {
    for (let b = 0; b < s2; b++) {
      let any = false;
      if (columnNeeded(need, s1, s2, b)) {
        const o2 = (q * s2 + b) * b2;
        for (let i = 0; i < b2; i++) {
          const m = (second.table[o2 + i] as number) * (f2[i] as number);
          mBlock[i] = m;
          if (m !== 0) any = true;
        }
      }
      if (!any) {
        zeroColumn(q, s1, s2, b);
        continue;
      }
      if (span) intervalCorrelation(span[0], span[1], kx1, ky1, kx2, ky2);
      else directCorrelation(kx1, ky1, kx2, ky2);
      for (let a = 0; a < s1; a++) {
        let e = 0;
        if (!need || need[a * s2 + b] === 1) {
          const o1 = (q * s1 + a) * b1;
          for (let i = 0; i < b1; i++) e += (p1[o1 + i] as number) * (aTab[i] as number);
        }
        eq[(q * s1 + a) * s2 + b] = e;
      }
    }
  }
}

let gU: Float64Array = new Float64Array(0);
let gV: Float64Array = new Float64Array(0);
let mBlock: Float64Array = new Float64Array(0);
let p1: Float64Array = new Float64Array(0);
let prefix: Float64Array = new Float64Array(0);
const spanScratch: [number, number] = [0, 0];

function copyInto(buf: Float64Array, from: Float64Array, n: number): Float64Array {
  const out = ensure(buf, n);
  for (let i = 0; i < n; i++) out[i] = from[i] as number;
  return out;
}

/** [lo, hi] when t[0…n) is 1 on lo…hi and 0 elsewhere (lo > hi: all 0); undefined for any other t. */
function indicatorSpan(t: Float64Array, n: number): [number, number] | undefined {
  let lo = 0;
  while (lo < n && t[lo] === 0) lo++;
  let hi = n - 1;
  while (hi >= lo && t[hi] === 0) hi--;
  for (let i = lo; i <= hi; i++) if (t[i] !== 1) return undefined;
  spanScratch[0] = lo;
  spanScratch[1] = hi;
  return spanScratch;
}

/** aTab[x1, y1] = Σ_{x2, y2} mBlock[x2, y2] · gSum[x1 + x2, y1 + y2] (the reference: any G). */
function directCorrelation(kx1: number, ky1: number, kx2: number, ky2: number): void {
  const stride1 = ky1 + 1;
  const stride2 = ky2 + 1;
  const gStride = ky1 + ky2 + 1;
  aTab.fill(0, 0, (kx1 + 1) * stride1);
  for (let x2 = 0; x2 <= kx2; x2++) {
    for (let y2 = 0; y2 <= ky2; y2++) {
      const m = mBlock[x2 * stride2 + y2] as number;
      if (m === 0) continue;
      for (let x1 = 0; x1 <= kx1; x1++) {
        const g = (x1 + x2) * gStride + y2;
        const r = x1 * stride1;
        for (let y1 = 0; y1 <= ky1; y1++)
          aTab[r + y1] = (aTab[r + y1] as number) + m * (gSum[g + y1] as number);
      }
    }
  }
}

/**
 * aTab as {@link directCorrelation} computes it for G(x, y) = u[x] · v[y] · [lo ≤ x + y ≤ hi]:
 * A[x1, y1] = Σ_x2 u[x1 + x2] · Σ_{y2 : lo ≤ x1 + x2 + y1 + y2 ≤ hi} M[x2, y2] · v[y1 + y2], the inner sum a difference
 * of prefix sums P[x2, y1][j] = Σ_{y2 < j} M[x2, y2] · v[y1 + y2] (non-negative terms: the difference is exact to
 * rounding of the block's mass). (kx2 + 1)(ky1 + 1)(ky2 + 1) + (kx1 + 1)(ky1 + 1)(kx2 + 1) steps instead of
 * (kx1 + 1)(ky1 + 1)(kx2 + 1)(ky2 + 1).
 */
function intervalCorrelation(
  lo: number,
  hi: number,
  kx1: number,
  ky1: number,
  kx2: number,
  ky2: number,
): void {
  const stride1 = ky1 + 1;
  const stride2 = ky2 + 1;
  const run = ky2 + 2;
  const u = gU;
  const v = gV;
  const M = mBlock;
  prefix = ensure(prefix, (kx2 + 1) * stride1 * run);
  for (let x2 = 0; x2 <= kx2; x2++)
    for (let y1 = 0; y1 <= ky1; y1++) {
      const o = (x2 * stride1 + y1) * run;
      let acc = 0;
      prefix[o] = 0;
      for (let y2 = 0; y2 <= ky2; y2++) {
        acc += (M[x2 * stride2 + y2] as number) * (v[y1 + y2] as number);
        prefix[o + y2 + 1] = acc;
      }
    }
  for (let x1 = 0; x1 <= kx1; x1++)
    for (let y1 = 0; y1 <= ky1; y1++) {
      let a = 0;
      for (let x2 = 0; x2 <= kx2; x2++) {
        const ux = u[x1 + x2] as number;
        if (ux === 0) continue;
        const base = x1 + x2 + y1;
        const from = lo - base > 0 ? lo - base : 0;
        const to = hi - base < ky2 ? hi - base : ky2;
        if (to < from) continue;
        const o = (x2 * stride1 + y1) * run;
        a += ux * ((prefix[o + to + 1] as number) - (prefix[o + from] as number));
      }
      aTab[x1 * stride1 + y1] = a;
    }
}

/** The set with one credited event less for `player` (the first goal is his): undefined when he needs no more. */
function withoutFirst(set: PlayerSet, index: Map<string, number>, player: string): PlayerSet {
  const at = index.get(player);
  if (at === undefined) return set;
  const probs: number[] = [];
  const atLeast: number[] = [];
  set.probs.forEach((p, i) => {
    const k = (set.atLeast[i] as number) - (i === at ? 1 : 0);
    if (k > 0) {
      probs.push(p);
      atLeast.push(k);
    }
  });
  return { probs, atLeast };
}

/**
 * The fair probability of a bet on the period model (legs normalised, players known to the model). Bets on the halves'
 * goals only, or on counts only, take shortcuts over smaller joints; `exhaustive` (tests) always sweeps the whole joint
 * and sums the halves' counts under full-time count legs directly ({@link fullOnBlocks}).
 */
export function periodProbability(model: CoreModel, legs: readonly Leg[], exhaustive = false): number {
  const g = model.periods.goals;
  const n = model.maxGoals;
  const w = n + 1;
  const w1 = g.htWidth;
  const w2 = g.shWidth;
  const [oh, oa] = g.offset;
  fhW = ensure(fhW, w1 * w1);
  shW = ensure(shW, w2 * w2);
  ftGoal = ensure(ftGoal, w * w);
  fhW.fill(1, 0, w1 * w1);
  shW.fill(1, 0, w2 * w2);
  ftGoal.fill(1, 0, w * w);
  const flags = [1, 1, 1]; // home scored first, away scored first, no goal
  const players = playersOf(model);
  const scorers = { HOME: emptySet(), AWAY: emptySet() };
  const scorerIndex = { HOME: new Map<string, number>(), AWAY: new Map<string, number>() };
  let firstScorer: ModelPlayer | undefined;
  // goal-level weights set so far: 1 half-time, 2 second half, 4 full time
  let touched = 0;
  // a factor of legs settled by the in-play state (an unknown first goalscorer)
  let decided = 1;
  const cards = emptied(scratchCards);
  const corners = emptied(scratchCorners);
  for (const leg of legs) {
    switch (leg.market) {
      case 'TOTAL_CARDS':
      case 'TOTAL_CORNERS':
        countLegsFor(leg.market === 'TOTAL_CARDS' ? cards : corners, leg.period).total.push(leg);
        break;
      case 'TEAM_CARDS':
      case 'TEAM_CORNERS':
        countLegsFor(leg.market === 'TEAM_CARDS' ? cards : corners, leg.period).team.push(leg);
        break;
      case 'PLAYER_TO_SCORE': {
        const p = players.get(leg.playerId) as ModelPlayer;
        const need = goalsStillNeeded(p, leg.atLeast ?? 1);
        if (need > 0) addToSet(scorers[p.team], p.playerId, p.goalProbability, need, scorerIndex[p.team]);
        break;
      }
      case 'PLAYER_TO_BE_CARDED': {
        const p = players.get(leg.playerId) as ModelPlayer;
        if (p.cardedSoFar) break; // already won
        const set = p.team === 'HOME' ? cards.full.homePlayers : cards.full.awayPlayers;
        set.probs.push(p.cardProbability);
        set.atLeast.push(1);
        break;
      }
      case 'PLAYER_FIRST_GOALSCORER': {
        const p = players.get(leg.playerId) as ModelPlayer;
        const past = model.inPlay?.firstGoal;
        if (past) {
          // the first goal is in the past: his (won), another's (lost), or by a player the state does not name: then
          // one of his goals so far with probability (his goals so far) / (his team's goals so far), 0 if he has none
          if (past.team !== p.team || (past.playerId !== undefined && past.playerId !== p.playerId)) return 0;
          if (past.playerId === undefined)
            decided *= (p.goalsSoFar ?? 0) / (model.inPlay?.score[p.team === 'HOME' ? 0 : 1] ?? 1);
          break;
        }
        if (firstScorer && firstScorer.playerId !== p.playerId) return 0; // two first goalscorers
        firstScorer = p;
        break;
      }
      case 'FIRST_TEAM_TO_SCORE': {
        const keep = leg.selection === 'HOME' ? 0 : leg.selection === 'AWAY' ? 1 : 2;
        for (let f = 0; f < 3; f++) if (f !== keep) flags[f] = 0;
        break;
      }
      case 'HALF_TIME_FULL_TIME':
        touched |= 5;
        for (let h = 0; h < w1; h++)
          for (let a = 0; a < w1; a++) if (!resultHolds(leg.halfTime, h, a)) fhW[h * w1 + a] = 0;
        for (let h = 0; h < w; h++)
          for (let a = 0; a < w; a++) if (!resultHolds(leg.fullTime, h, a)) ftGoal[h * w + a] = 0;
        break;
      default: {
        const period = 'period' in leg ? leg.period : undefined;
        if (period === 'FIRST_HALF') {
          touched |= 1;
          applyGoalLeg(leg, fhW, w1);
        } else if (period === 'SECOND_HALF') {
          touched |= 2;
          applyGoalLeg(leg, shW, w2, oh, oa);
        } else {
          touched |= 4;
          applyGoalLeg(leg, ftGoal, w);
        }
      }
    }
  }
  if (firstScorer) {
    // the first goal is his team's
    if (firstScorer.team === 'HOME') flags[1] = 0;
    else flags[0] = 0;
    flags[2] = 0;
  }
  const scorersFree = scorers.HOME.probs.length === 0 && scorers.AWAY.probs.length === 0 && !firstScorer;
  const flagsFree = flags[0] === 1 && flags[1] === 1 && flags[2] === 1;
  const countsFree =
    !hasLegs(cards.full) &&
    !hasLegs(cards.first) &&
    !hasLegs(cards.second) &&
    !hasLegs(corners.full) &&
    !hasLegs(corners.first) &&
    !hasLegs(corners.second);
  if (!exhaustive && (touched & 4) === 0 && scorersFree && flagsFree && countsFree) {
    // one half's goal legs (the menu's half selections): linear in that half's weights
    if (touched === 1) return decided * linearIn(fhW, halfCoefficients(g).first);
    if (touched === 2) return decided * linearIn(shW, halfCoefficients(g).second);
    return decided * halvesOnly(g, fhW, shW);
  }
  // a half-time/full-time leg alone: the model's result joint
  if (!exhaustive && legs.length === 1) {
    const leg = legs[0] as Leg;
    if (leg.market === 'HALF_TIME_FULL_TIME') {
      const p = jointSums(model).htFt[3 * RESULT_INDEX[leg.halfTime] + RESULT_INDEX[leg.fullTime]] as number;
      return Math.min(1, Math.max(0, p));
    }
  }
  // first-goal legs only (first team, one first goalscorer): P(flag) · p_j (his team's other goals are free)
  if (
    !exhaustive &&
    touched === 0 &&
    countsFree &&
    scorers.HOME.probs.length === 0 &&
    scorers.AWAY.probs.length === 0
  ) {
    const fm = jointSums(model).flags;
    let sum = 0;
    for (let f = 0; f < 3; f++) sum += (flags[f] as number) * (fm[f] as number);
    return decided * (firstScorer ? firstScorer.goalProbability : 1) * Math.min(1, Math.max(0, sum));
  }
  if (
    !exhaustive &&
    touched === 0 &&
    scorersFree &&
    flagsFree &&
    model.periods.cards.scoreCap === model.periods.corners.scoreCap
  )
    return decided * countsOnly(model, cards, corners);
  // scorer weights by final team goals; the first scorer's team: p_j × the rest of its set on the other g − 1 goals
  scorerH = ensure(scorerH, w);
  scorerA = ensure(scorerA, w);
  scorerFirst = ensure(scorerFirst, w);
  const fill = (set: PlayerSet, out: Float64Array) => {
    if (set.probs.length > 0) allOfSet(set, n, out);
    else out.fill(1, 0, w);
  };
  fill(scorers.HOME, scorerH);
  fill(scorers.AWAY, scorerA);
  // in-play the sets are credited from the goals still to come (a first goal still to come means none so far)
  if (model.inPlay) {
    shiftBy(scorerH, model.inPlay.score[0], w);
    shiftBy(scorerA, model.inPlay.score[1], w);
  }
  if (firstScorer) {
    const team = firstScorer.team;
    const rest = withoutFirst(scorers[team], scorerIndex[team], firstScorer.playerId);
    scorerRest = ensure(scorerRest, w);
    fill(rest, scorerRest);
    scorerFirst[0] = 0;
    for (let k = 1; k < w; k++) scorerFirst[k] = firstScorer.goalProbability * (scorerRest[k - 1] as number);
  }
  // full-time weight per first-goal flag: goal legs × scorers × the model's full-time scaling × full-time-only counts
  const maps = cellMapsOf(model);
  const fullOnly: (0 | 1)[] = [];
  const pairs: (0 | 1)[] = [];
  [cards, corners].forEach((p, k) => {
    if (hasLegs(p.first) || hasLegs(p.second)) pairs.push(k as 0 | 1);
    else if (hasLegs(p.full)) fullOnly.push(k as 0 | 1);
  });
  for (let ft = 0; ft < w * w; ft++) ftGoal[ft] = (ftGoal[ft] as number) * (g.ftRatio[ft] as number);
  for (const k of fullOnly) {
    const table = countTableOf(model, k === 0 ? 'cards' : 'corners');
    const cells = scoreCells(table.scoreCap);
    countFt = ensure(countFt, cells);
    allCells = allCells.length >= cells ? allCells : new Uint8Array(cells);
    allCells.fill(1, 0, cells);
    countExpectation(
      table,
      k === 0 ? cards.full : corners.full,
      allCells,
      countFt,
      knownSoFar(model, k === 0 ? 'cards' : 'corners'),
    );
    const map = maps.ft[k] as Int32Array;
    for (let ft = 0; ft < w * w; ft++)
      ftGoal[ft] = (ftGoal[ft] as number) * (countFt[map[ft] as number] as number);
  }
  ftFlag = ensure(ftFlag, 3 * w * w);
  for (let f = 0; f < 3; f++) {
    const o = f * w * w;
    const hs = firstScorer?.team === 'HOME' && f === 0 ? scorerFirst : scorerH;
    const as = firstScorer?.team === 'AWAY' && f === 1 ? scorerFirst : scorerA;
    const flag = flags[f] as number;
    for (let h = 0; h < w; h++)
      for (let a = 0; a < w; a++)
        ftFlag[o + h * w + a] = flag * (ftGoal[h * w + a] as number) * (hs[h] as number) * (as[a] as number);
  }
  // half-dependent count legs: a factor per (half-time cell, full-time cell)
  const { cardRows, cornerRows } = pairRows(model, cards, corners, exhaustive);
  const ctx: SweepContext = {
    n,
    w,
    w2,
    ext: g.shExtent,
    oh,
    oa,
    shW,
    ftFlag,
    cardRows,
    cornerRows,
    cardCells: scoreCells(model.periods.cards.scoreCap),
    cornerCells: scoreCells(model.periods.corners.scoreCap),
    cardFt: maps.ft[0] as Int32Array,
    cornerFt: maps.ft[1] as Int32Array,
  };
  const sameFlags = !firstScorer && flags[0] === flags[1];
  const cardHt = maps.ht[0] as Int32Array;
  const cornerHt = maps.ht[1] as Int32Array;
  let sum = 0;
  const ww2 = w2 * w2;
  for (let h1 = 0; h1 <= g.htExtent; h1++) {
    for (let a1 = 0; a1 <= g.htExtent; a1++) {
      const c = h1 * w1 + a1;
      const fw = fhW[c] as number;
      if (fw === 0) continue;
      const mh = (g.htHome[c] as number) * (flags[0] as number);
      const ma = (g.htAway[c] as number) * (flags[1] as number);
      if (mh === 0 && ma === 0) continue;
      const d = Math.max(g.diffMin, Math.min(g.diffMax, h1 - a1 + oh - oa));
      const o = (d - g.diffMin) * ww2;
      const hc = cardHt[c] as number;
      const kc = cornerHt[c] as number;
      // without a first goalscorer the full-time weights are the same for either first scorer: one sweep
      if (sameFlags) sum += fw * (mh + ma) * sweep(ctx, h1, a1, g.sh, o, 0, hc, kc);
      else {
        if (mh > 0) sum += fw * mh * sweep(ctx, h1, a1, g.sh, o, 0, hc, kc);
        if (ma > 0) sum += fw * ma * sweep(ctx, h1, a1, g.sh, o, 1, hc, kc);
      }
    }
  }
  const none = g.htNone * (fhW[0] as number);
  if (none > 0) {
    const hc = cardHt[0] as number;
    const kc = cornerHt[0] as number;
    if ((flags[0] as number) > 0) sum += none * sweep(ctx, 0, 0, g.shHome0, 0, 0, hc, kc);
    if ((flags[1] as number) > 0) sum += none * sweep(ctx, 0, 0, g.shAway0, 0, 1, hc, kc);
    if ((flags[2] as number) > 0 && g.shNone0 > 0 && (shW[0] as number) > 0) {
      const ft = Math.min(n, oh) * w + Math.min(n, oa);
      let v = g.shNone0 * (ftFlag[2 * w * w + ft] as number);
      if (cardRows) v *= cardRows[hc * ctx.cardCells + (ctx.cardFt[ft] as number)] as number;
      if (cornerRows) v *= cornerRows[kc * ctx.cornerCells + (ctx.cornerFt[ft] as number)] as number;
      sum += none * v;
    }
  }
  return decided * Math.min(1, Math.max(0, sum));
}

const NO_HALVES_KNOWN: readonly number[] = [0, 0, 0, 0];

/** A count so far by half (first home, first away, second home, second away): zeros pre-match. */
function halfKnown(model: CoreModel, process: 'cards' | 'corners'): readonly number[] {
  const k = model.inPlay?.[process];
  return k ? [k.first[0], k.first[1], k.second[0], k.second[1]] : NO_HALVES_KNOWN;
}

/** The (half-time cell, full-time cell) factors of the processes that have a half leg in the bet. */
function pairRows(
  model: CoreModel,
  cards: ProcessLegs,
  corners: ProcessLegs,
  direct: boolean,
): { cardRows: Float64Array | undefined; cornerRows: Float64Array | undefined } {
  const rows = (
    process: 'cards' | 'corners',
    legs: ProcessLegs,
    into: Float64Array,
  ): Float64Array | undefined => {
    if (!hasLegs(legs.first) && !hasLegs(legs.second)) return undefined;
    const h = halvesOf(model, process);
    countPairs(h, legs, halfKnown(model, process), into, direct ? undefined : model, process);
    return into;
  };
  const size = scoreCells(model.periods.cards.scoreCap) ** 2;
  cardPairs = ensure(cardPairs, size);
  const cardRows = rows('cards', cards, cardPairs);
  cornerPairs = ensure(cornerPairs, scoreCells(model.periods.corners.scoreCap) ** 2);
  const cornerRows = rows('corners', corners, cornerPairs);
  return { cardRows, cornerRows };
}

/**
 * Which (first-half slot, second-half slot) pairs of a process's half tables a bet can read, per model (computed when
 * a bet first needs it): the pairs of the (half-time cell, full-time cell) pairs the period sweep visits (half-time
 * scores to `htExtent`, second halves to `shExtent`, capped at the model's goal bound as the sweep caps them); the
 * counts-only path reads the count cells' joint, summed over the same visits (`forEachJoint`). The rest (a full time
 * below its half time) are never read: {@link fullOnBlocks} leaves them 0.
 */
const slotPairMasks = new WeakMap<CoreModel, Partial<Record<'cards' | 'corners', Uint8Array>>>();

function neededSlotPairs(model: CoreModel, process: 'cards' | 'corners'): Uint8Array {
  let masks = slotPairMasks.get(model);
  if (!masks) {
    masks = {};
    slotPairMasks.set(model, masks);
  }
  const have = masks[process];
  if (have) return have;
  const h = halvesOf(model, process);
  const g = model.periods.goals;
  const n = model.maxGoals;
  const w = n + 1;
  const w1 = g.htWidth;
  const [oh, oa] = g.offset;
  const k = process === 'cards' ? 0 : 1;
  const maps = cellMapsOf(model);
  const htCell = maps.ht[k] as Int32Array;
  const ftCell = maps.ft[k] as Int32Array;
  const s2 = h.second.slotCount;
  const need = new Uint8Array(h.first.slotCount * s2);
  const mark = (htc: number, ftc: number) => {
    need[(h.first.slot[htc] as number) * s2 + (h.second.slot[ftc] as number)] = 1;
  };
  for (let h1 = 0; h1 <= g.htExtent; h1++)
    for (let a1 = 0; a1 <= g.htExtent; a1++) {
      const htc = htCell[h1 * w1 + a1] as number;
      for (let i = 0; i <= g.shExtent; i++)
        for (let j = 0; j <= g.shExtent; j++)
          mark(htc, ftCell[Math.min(n, h1 + oh + i) * w + Math.min(n, a1 + oa + j)] as number);
    }
  masks[process] = need;
  return need;
}

/** The count cells' joint summed to the half-time cells (first) and to the full-time cells (second), per model. */
const countMarginals = new WeakMap<CoreModel, { first: Float64Array; second: Float64Array }>();

function countCellMarginals(model: CoreModel): { first: Float64Array; second: Float64Array } {
  let m = countMarginals.get(model);
  if (!m) {
    const cells = scoreCells(model.periods.cards.scoreCap);
    const joint = jointSums(model).countCells;
    m = { first: new Float64Array(cells), second: new Float64Array(cells) };
    for (let a = 0; a < cells; a++)
      for (let b = 0; b < cells; b++) {
        const v = joint[a * cells + b] as number;
        m.first[a] = (m.first[a] as number) + v;
        m.second[b] = (m.second[b] as number) + v;
      }
    countMarginals.set(model, m);
  }
  return m;
}

/**
 * The unconditional distribution of one half's counts to come (one per half table and kind, computed when first
 * needed): Σ over the count cells of P(cell) · the nodes' mixture of the slot's conditional masses — over the home
 * count (mode 1), the away count (2), their total (4) or the (home, away) block (any other mode).
 */
const halfMarginals = new WeakMap<HalfCounts, Map<number, Float64Array>>();

function halfMarginal(h: CountHalves, half: HalfCounts, marg: Float64Array, mode: number): Float64Array {
  let byMode = halfMarginals.get(half);
  if (!byMode) {
    byMode = new Map();
    halfMarginals.set(half, byMode);
  }
  const kind = mode === 1 || mode === 2 || mode === 4 ? mode : 3;
  const have = byMode.get(kind);
  if (have) return have;
  const nodes = h.weights.length;
  const slots = half.slotCount;
  // P(slot) over the count cells, then per (node, slot) block its weight
  const slotMass = new Float64Array(slots);
  for (let cell = 0; cell < marg.length; cell++) {
    const b = half.slot[cell] as number;
    slotMass[b] = (slotMass[b] as number) + (marg[cell] as number);
  }
  const kx = half.maxHome;
  const ky = half.maxAway;
  const len = kind === 1 ? kx + 1 : kind === 2 ? ky + 1 : kind === 4 ? kx + ky + 1 : (kx + 1) * (ky + 1);
  const src = kind === 1 ? half.home : kind === 2 ? half.away : kind === 4 ? half.total : half.table;
  const out = new Float64Array(len);
  for (let q = 0; q < nodes; q++)
    for (let b = 0; b < slots; b++) {
      const f = (h.weights[q] as number) * (slotMass[b] as number);
      if (f === 0) continue;
      const o = (q * slots + b) * len;
      for (let i = 0; i < len; i++) out[i] = (out[i] as number) + f * (src[o + i] as number);
    }
  byMode.set(kind, out);
  return out;
}

/**
 * Legs on one half of one count only (the menu's half selections): the legs' weight summed over that half's
 * unconditional count distribution ({@link halfMarginal}); undefined for any other bet.
 */
function oneHalfOfOneCount(model: CoreModel, cards: ProcessLegs, corners: ProcessLegs): number | undefined {
  const cf = hasLegs(cards.full);
  const c1 = hasLegs(cards.first);
  const c2 = hasLegs(cards.second);
  const kf = hasLegs(corners.full);
  const k1 = hasLegs(corners.first);
  const k2 = hasLegs(corners.second);
  const cardOnly = !cf && c1 !== c2 && !kf && !k1 && !k2;
  const cornerOnly = !kf && k1 !== k2 && !cf && !c1 && !c2;
  if (!cardOnly && !cornerOnly) return undefined;
  const h = halvesOf(model, cardOnly ? 'cards' : 'corners');
  const legs = cardOnly ? cards : corners;
  const firstHalf = cardOnly ? c1 : k1;
  const half = firstHalf ? h.first : h.second;
  const halfLegs = firstHalf ? legs.first : legs.second;
  const known = halfKnown(model, cardOnly ? 'cards' : 'corners');
  const kh = (firstHalf ? known[0] : known[2]) as number;
  const ka = (firstHalf ? known[1] : known[3]) as number;
  const kx = half.maxHome;
  const ky = half.maxAway;
  const vectors = countLegVectors(halfLegs, kx, ky, kh, ka);
  const mode = needs(halfLegs);
  const marg = halfMarginal(h, half, countCellMarginals(model)[firstHalf ? 'first' : 'second'], mode);
  return weightOverCounts(marg, mode, vectors, kx, ky);
}

/** Only count legs (at least one on a half): Σ over the count cells' joint of the processes' factors. */
function countsOnly(model: CoreModel, cards: ProcessLegs, corners: ProcessLegs): number {
  const single = oneHalfOfOneCount(model, cards, corners);
  if (single !== undefined) return single;
  const { cardRows, cornerRows } = pairRows(model, cards, corners, false);
  const cells = scoreCells(model.periods.cards.scoreCap);
  const joint = jointSums(model).countCells;
  const ftCards = !cardRows && hasLegs(cards.full) ? countFtOf(model, 0, cards.full) : undefined;
  const ftCorners = !cornerRows && hasLegs(corners.full) ? countFtOf(model, 1, corners.full) : undefined;
  let sum = 0;
  for (let htc = 0; htc < cells; htc++)
    for (let ftc = 0; ftc < cells; ftc++) {
      const k = htc * cells + ftc;
      let v = joint[k] as number;
      if (v === 0) continue;
      if (cardRows) v *= cardRows[k] as number;
      if (cornerRows) v *= cornerRows[k] as number;
      if (ftCards) v *= ftCards[ftc] as number;
      if (ftCorners) v *= ftCorners[ftc] as number;
      sum += v;
    }
  return Math.min(1, Math.max(0, sum));
}

/**
 * {@link halvesOnly} is linear in each half's weights: with no second-half leg it is Σ_ht fhW(ht) · first[ht], with no
 * half-time leg Σ_inc shW(inc) · second[inc]. The two coefficient tables of a model (the same terms as halvesOnly's,
 * collected per cell), computed once.
 */
const halfGoalCoefficients = new WeakMap<GoalPeriods, { first: Float64Array; second: Float64Array }>();

function halfCoefficients(g: GoalPeriods): { first: Float64Array; second: Float64Array } {
  let c = halfGoalCoefficients.get(g);
  if (c) return c;
  const w1 = g.htWidth;
  const w2 = g.shWidth;
  const e = g.shExtent;
  const [oh, oa] = g.offset;
  const first = new Float64Array(w1 * w1);
  const second = new Float64Array(w2 * w2);
  const tables = g.diffMax - g.diffMin + 1;
  const diffOf = (h1: number, a1: number) => Math.max(g.diffMin, Math.min(g.diffMax, h1 - a1 + oh - oa));
  // the half-time cells' mass per second-half table
  const tableMass = new Float64Array(tables);
  for (let h1 = 0; h1 <= g.htExtent; h1++)
    for (let a1 = 0; a1 <= g.htExtent; a1++) {
      const k = h1 * w1 + a1;
      const m = (g.htHome[k] as number) + (g.htAway[k] as number);
      if (m === 0) continue;
      const d = diffOf(h1, a1) - g.diffMin;
      let ts = 0;
      for (let i = 0; i <= e; i++)
        for (let j = 0; j <= e; j++) ts += g.sh[d * w2 * w2 + i * w2 + j] as number;
      first[k] = (first[k] as number) + m * ts;
      tableMass[d] = (tableMass[d] as number) + m;
    }
  for (let d = 0; d < tables; d++) {
    const m = tableMass[d] as number;
    if (m === 0) continue;
    for (let i = 0; i <= e; i++)
      for (let j = 0; j <= e; j++)
        second[i * w2 + j] = (second[i * w2 + j] as number) + m * (g.sh[d * w2 * w2 + i * w2 + j] as number);
  }
  if (g.htNone > 0) {
    let ts = 0;
    for (let i = 0; i <= e; i++)
      for (let j = 0; j <= e; j++) {
        const q = (g.shHome0[i * w2 + j] as number) + (g.shAway0[i * w2 + j] as number);
        ts += q;
        second[i * w2 + j] = (second[i * w2 + j] as number) + g.htNone * q;
      }
    first[0] = (first[0] as number) + g.htNone * (ts + g.shNone0);
    second[0] = (second[0] as number) + g.htNone * g.shNone0;
  }
  // the Dixon–Coles scaling's (ratio − 1) × the joint's mass on the final scores 0-0, 1-0, 0-1 and 1-1
  const w = g.ftWidth;
  for (let h = 0; h <= 1; h++)
    for (let a = 0; a <= 1; a++) {
      const r = (g.ftRatio[h * w + a] as number) - 1;
      if (r === 0) continue;
      for (let h1 = 0; h1 <= h; h1++)
        for (let a1 = 0; a1 <= a; a1++) {
          const i = h - h1 - oh;
          const j = a - a1 - oa;
          if (i < 0 || j < 0 || h1 >= w1 || a1 >= w1) continue;
          const k = h1 * w1 + a1;
          const d = diffOf(h1, a1);
          const q =
            (g.sh[(d - g.diffMin) * w2 * w2 + i * w2 + j] as number) *
            ((g.htHome[k] as number) + (g.htAway[k] as number));
          first[k] = (first[k] as number) + r * q;
          second[i * w2 + j] = (second[i * w2 + j] as number) + r * q;
        }
      if (g.htNone > 0 && h - oh >= 0 && a - oa >= 0) {
        const i = h - oh;
        const j = a - oa;
        const q =
          g.htNone *
          ((g.shHome0[i * w2 + j] as number) +
            (g.shAway0[i * w2 + j] as number) +
            (i === 0 && j === 0 ? g.shNone0 : 0));
        first[0] = (first[0] as number) + r * q;
        second[i * w2 + j] = (second[i * w2 + j] as number) + r * q;
      }
    }
  c = { first, second };
  halfGoalCoefficients.set(g, c);
  return c;
}

/** Σ weights · coefficients over the cells, clamped to a probability. */
function linearIn(weights: Float64Array, coefficients: Float64Array): number {
  let s = 0;
  for (let k = 0; k < coefficients.length; k++) {
    const x = weights[k] as number;
    if (x !== 0) s += x * (coefficients[k] as number);
  }
  return Math.min(1, Math.max(0, s));
}

const RESULT_INDEX = { HOME: 0, DRAW: 1, AWAY: 2 } as const;

let tableSums: Float64Array = new Float64Array(0);

/** Only half-time and second-half goal legs: Σ_ht P(ht) · fhW(ht) · Σ_inc P(inc | d(ht)) · shW(inc). */
function halvesOnly(g: CoreModel['periods']['goals'], fw: Float64Array, sw: Float64Array): number {
  const w1 = g.htWidth;
  const w2 = g.shWidth;
  const e = g.shExtent;
  const tableSum = (table: Float64Array, o: number) => {
    let s = 0;
    for (let i = 0; i <= e; i++)
      for (let j = 0; j <= e; j++) s += (table[o + i * w2 + j] as number) * (sw[i * w2 + j] as number);
    return s;
  };
  const [oh, oa] = g.offset;
  const tables = g.diffMax - g.diffMin + 1;
  tableSums = ensure(tableSums, tables);
  for (let k = 0; k < tables; k++) tableSums[k] = tableSum(g.sh, k * w2 * w2);
  let sum = 0;
  for (let h1 = 0; h1 <= g.htExtent; h1++)
    for (let a1 = 0; a1 <= g.htExtent; a1++) {
      const c = h1 * w1 + a1;
      const m = (fw[c] as number) * ((g.htHome[c] as number) + (g.htAway[c] as number));
      if (m === 0) continue;
      const d = Math.max(g.diffMin, Math.min(g.diffMax, h1 - a1 + oh - oa));
      sum += m * (tableSums[d - g.diffMin] as number);
    }
  if (g.htNone > 0) {
    const none = g.htNone * (fw[0] as number);
    sum += none * (tableSum(g.shHome0, 0) + tableSum(g.shAway0, 0) + g.shNone0 * (sw[0] as number));
  }
  // The Dixon–Coles scaling moves mass between the final scores 0-0, 1-0, 0-1 and 1-1 only (ftRatio is 1 elsewhere,
  // up to rounding): add (ratio − 1) × the joint's mass on those four final scores.
  const w = g.ftWidth;
  for (let h = 0; h <= 1; h++)
    for (let a = 0; a <= 1; a++) {
      const r = (g.ftRatio[h * w + a] as number) - 1;
      if (r === 0) continue;
      let m = 0;
      for (let h1 = 0; h1 <= h; h1++)
        for (let a1 = 0; a1 <= a; a1++) {
          const i = h - h1 - oh;
          const j = a - a1 - oa;
          if (i < 0 || j < 0 || h1 >= w1 || a1 >= w1) continue;
          const c = h1 * w1 + a1;
          const d = Math.max(g.diffMin, Math.min(g.diffMax, h1 - a1 + oh - oa));
          const q = (g.sh[(d - g.diffMin) * w2 * w2 + i * w2 + j] as number) * (sw[i * w2 + j] as number);
          m += (fw[c] as number) * ((g.htHome[c] as number) + (g.htAway[c] as number)) * q;
        }
      if (g.htNone > 0 && h - oh >= 0 && a - oa >= 0) {
        const i = h - oh;
        const j = a - oa;
        const q =
          (g.shHome0[i * w2 + j] as number) +
          (g.shAway0[i * w2 + j] as number) +
          (i === 0 && j === 0 ? g.shNone0 : 0);
        m += g.htNone * (fw[0] as number) * q * (sw[i * w2 + j] as number);
      }
      sum += r * m;
    }
  return Math.min(1, Math.max(0, sum));
}

/**
 * Sums over the whole goal joint (with ftRatio) of a model, in one pass, computed once: `flags` P(home scored first),
 * P(away scored first), P(no goal); `htFt` P(half-time result, full-time result) at 3 · ht + ft (HOME, DRAW, AWAY);
 * `countCells` P(half-time count cell, full-time count cell) over the count chains' score cells.
 */
interface JointSums {
  flags: Float64Array;
  htFt: Float64Array;
  countCells: Float64Array;
}
const jointSumsByModel = new WeakMap<CoreModel, JointSums>();

function jointSums(model: CoreModel): JointSums {
  let sums = jointSumsByModel.get(model);
  if (!sums) {
    const g = model.periods.goals;
    const w = model.maxGoals + 1;
    const w1 = g.htWidth;
    const cells = scoreCells(model.periods.cards.scoreCap);
    const maps = cellMapsOf(model);
    const htCell = maps.ht[0] as Int32Array;
    const ftCell = maps.ft[0] as Int32Array;
    const flags = new Float64Array(3);
    const htFt = new Float64Array(9);
    const countCells = new Float64Array(cells * cells);
    const result = (h: number, a: number) => (h > a ? 0 : h === a ? 1 : 2);
    forEachJoint(g, model.maxGoals, (h1, a1, _i, _j, ft, mass, first) => {
      const m = mass * (g.ftRatio[ft] as number);
      flags[first] = (flags[first] as number) + m;
      const r = 3 * result(h1, a1) + result((ft / w) | 0, ft % w);
      htFt[r] = (htFt[r] as number) + m;
      const k = (htCell[h1 * w1 + a1] as number) * cells + (ftCell[ft] as number);
      countCells[k] = (countCells[k] as number) + m;
    });
    sums = { flags, htFt, countCells };
    jointSumsByModel.set(model, sums);
  }
  return sums;
}

let countFtB: Float64Array = new Float64Array(0);
let countFtC: Float64Array = new Float64Array(0);

/** E[full-time count legs | full-time count cell] on the full-time table (k 0 cards, 1 corners). */
function countFtOf(model: CoreModel, k: 0 | 1, legs: CountLegs): Float64Array {
  const table = countTableOf(model, k === 0 ? 'cards' : 'corners');
  const cells = scoreCells(table.scoreCap);
  allCells = allCells.length >= cells ? allCells : new Uint8Array(cells);
  allCells.fill(1, 0, cells);
  if (k === 0) {
    countFtB = ensure(countFtB, cells);
    countExpectation(table, legs, allCells, countFtB, knownSoFar(model, 'cards'));
    return countFtB;
  }
  countFtC = ensure(countFtC, cells);
  countExpectation(table, legs, allCells, countFtC, knownSoFar(model, 'corners'));
  return countFtC;
}

interface SweepContext {
  n: number;
  w: number;
  w2: number;
  ext: number;
  oh: number;
  oa: number;
  shW: Float64Array;
  ftFlag: Float64Array;
  cardRows: Float64Array | undefined;
  cornerRows: Float64Array | undefined;
  cardCells: number;
  cornerCells: number;
  cardFt: Int32Array;
  cornerFt: Int32Array;
}

/** Σ over the second half's goals from one half-time state: table × second-half legs × full-time weight (flag f). */
function sweep(
  c: SweepContext,
  h1: number,
  a1: number,
  table: Float64Array,
  o: number,
  f: number,
  hc: number,
  kc: number,
): number {
  const { n, w, w2, ext, shW: sw, ftFlag: ff, cardRows, cornerRows } = c;
  const fo = f * w * w;
  const cardRow = hc * c.cardCells;
  const cornerRow = kc * c.cornerCells;
  let s = 0;
  for (let i = 0; i <= ext; i++) {
    const h = h1 + c.oh + i < n ? h1 + c.oh + i : n;
    const row = o + i * w2;
    for (let j = 0; j <= ext; j++) {
      const q = table[row + j] as number;
      if (q === 0) continue;
      const x = sw[i * w2 + j] as number;
      if (x === 0) continue;
      const a = a1 + c.oa + j < n ? a1 + c.oa + j : n;
      const ft = h * w + a;
      let v = q * x * (ff[fo + ft] as number);
      if (v === 0) continue;
      if (cardRows) v *= cardRows[cardRow + (c.cardFt[ft] as number)] as number;
      if (cornerRows) v *= cornerRows[cornerRow + (c.cornerFt[ft] as number)] as number;
      s += v;
    }
  }
  return s;
}
