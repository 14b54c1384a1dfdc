import type { Leg } from './types/legs';
import type { CountTable, CoreModel, ModelPlayer } from './types/model';
import { scoreCells } from './model/scoreCell';

/** Leg weights shared by the full-time and the period pricing paths: allocation-free helpers on scratch buffers. */

// Scratch buffers reused across calls: pricing allocates nothing per score cell.
let homeVec: Float64Array = new Float64Array(0);
let awayVec: Float64Array = new Float64Array(0);
let totalVec: Float64Array = new Float64Array(0);
let jointWeights: Float64Array = new Float64Array(0);

export function ensure(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

const playerIndex = new WeakMap<CoreModel, Map<string, ModelPlayer>>();

export function playersOf(model: CoreModel): Map<string, ModelPlayer> {
  let map = playerIndex.get(model);
  if (!map) {
    map = new Map(model.players.map((p) => [p.playerId, p]));
    playerIndex.set(model, map);
  }
  return map;
}

/** A set of one team's players in a bet: per-event probabilities and how many events each must be credited with. */
export interface PlayerSet {
  probs: number[];
  atLeast: number[];
}

export const emptySet = (): PlayerSet => ({ probs: [], atLeast: [] });

let subsetPolys: Float64Array = new Float64Array(0);
let fallingPowers: Float64Array = new Float64Array(0);
let basePowers: Float64Array = new Float64Array(0);

/**
 * out[g] = P(every player i of the set is credited with at least k_i of g team events), each event going to player i
 * with probability p_i (mutually exclusive: the players compete for the same events; the rest go to nobody in the
 * set). Inclusion–exclusion over the subset T of players who fall short of their k_i:
 *
 *   out[g] = Σ_{T ⊆ S} (−1)^|T| · P(X_i < k_i for all i ∈ T | g),
 *   P(X_i < k_i for all i ∈ T | g) = Σ_J c_T[J] · g!/(g − J)! · (1 − P_T)^(g − J)
 *
 * (the multinomial over the j_i < k_i events the players of T get, J = Σ j_i), with P_T = Σ_{i∈T} p_i and c_T the
 * coefficients of Π_{i∈T} Σ_{j<k_i} (p_i^j / j!) x^j. With every k_i = 1, c_T = [1] and this is the familiar
 * Σ_T (−1)^|T| (1 − P_T)^g.
 */
export function allOfSet(set: PlayerSet, maxCount: number, out: Float64Array): void {
  const { probs, atLeast } = set;
  const m = probs.length;
  let degree = 0;
  for (let i = 0; i < m; i++) degree += (atLeast[i] as number) - 1;
  const d1 = degree + 1;
  // The set needs more events than the table carries (e.g. twelve players with 3+ each): nothing can win.
  if (degree + m > maxCount) {
    out.fill(0, 0, maxCount + 1);
    return;
  }
  const masks = 1 << m;
  // c_T for every subset, built from the subset without its lowest member (one polynomial product each).
  subsetPolys = ensure(subsetPolys, masks * d1);
  const polys = subsetPolys;
  polys.fill(0, 0, masks * d1);
  polys[0] = 1;
  for (let mask = 1; mask < masks; mask++) {
    const i = 31 - Math.clz32(mask & -mask);
    const rest = (mask & (mask - 1)) * d1;
    const o = mask * d1;
    const p = probs[i] as number;
    const k = atLeast[i] as number;
    let coef = 1; // p^j / j!
    for (let j = 0; j < k; j++) {
      for (let t = 0; t + j < d1; t++) {
        const c = polys[rest + t] as number;
        if (c !== 0) polys[o + t + j] = (polys[o + t + j] as number) + c * coef;
      }
      coef *= p / (j + 1);
    }
  }
  // g!/(g − J)! for g ≤ maxCount, J ≤ degree.
  fallingPowers = ensure(fallingPowers, (maxCount + 1) * d1);
  const fall = fallingPowers;
  for (let g = 0; g <= maxCount; g++) {
    let f = 1;
    for (let j = 0; j < d1; j++) {
      fall[g * d1 + j] = j <= g ? f : 0;
      f *= g - j;
    }
  }
  basePowers = ensure(basePowers, maxCount + 1);
  const pow = basePowers;
  out.fill(0, 0, maxCount + 1);
  for (let mask = 0; mask < masks; mask++) {
    let sum = 0;
    let bits = 0;
    for (let i = 0; i < m; i++) {
      if (mask & (1 << i)) {
        sum += probs[i] as number;
        bits++;
      }
    }
    const base = Math.max(0, 1 - sum);
    const sign = bits % 2 === 0 ? 1 : -1;
    pow[0] = 1;
    for (let g = 1; g <= maxCount; g++) pow[g] = (pow[g - 1] as number) * base;
    const o = mask * d1;
    for (let g = 0; g <= maxCount; g++) {
      let short = 0;
      const top = g < degree ? g : degree;
      for (let j = 0; j <= top; j++) {
        short += (polys[o + j] as number) * (fall[g * d1 + j] as number) * (pow[g - j] as number);
      }
      out[g] = (out[g] as number) + sign * short;
    }
  }
  // Fewer events than the set needs cannot win: exactly 0, not the sum's rounding residue.
  const needed = degree + m;
  for (let g = 0; g <= maxCount; g++) {
    out[g] = g < needed ? 0 : Math.min(1, Math.max(0, out[g] as number));
  }
}

/** Adds a player's requirement to a set; a player named twice (1+ and 2+) must meet the larger one. */
export function addToSet(
  set: PlayerSet,
  key: string,
  p: number,
  k: number,
  index: Map<string, number>,
): void {
  const at = index.get(key);
  if (at === undefined) {
    index.set(key, set.probs.length);
    set.probs.push(p);
    set.atLeast.push(k);
  } else if (k > (set.atLeast[at] as number)) {
    set.atLeast[at] = k;
  }
}

/** 1 when the result (h, a) is `selection` (HOME, DRAW or AWAY). */
export function resultHolds(selection: 'HOME' | 'DRAW' | 'AWAY', h: number, a: number): boolean {
  return selection === 'HOME' ? h > a : selection === 'DRAW' ? h === a : h < a;
}

/** Goals a player still needs for `atLeast` (his goals so far count in-play); 0 or less: the leg has won. */
export function goalsStillNeeded(p: ModelPlayer, atLeast: number): number {
  return atLeast - (p.goalsSoFar ?? 0);
}

/** A count's full-time (home, away) so far: [0, 0] pre-match. */
export function knownSoFar(model: CoreModel, process: 'cards' | 'corners'): readonly [number, number] {
  const k = model.inPlay?.[process];
  return k ? [k.first[0] + k.second[0], k.first[1] + k.second[1]] : NONE_KNOWN;
}

/**
 * out[g] ← out[g − k] (0 below k), in place: a weight over the events still to come, re-indexed by the final count
 * when k have happened already.
 */
export function shiftBy(out: Float64Array, k: number, len: number): void {
  if (k <= 0) return;
  for (let g = len - 1; g >= 0; g--) out[g] = g >= k ? (out[g - k] as number) : 0;
}

/** No counts so far (pre-match). */
export const NONE_KNOWN: readonly [number, number] = [0, 0];

export function lineTest(side: 'OVER' | 'UNDER', line: number, value: number): number {
  return (side === 'OVER' ? value > line : value < line) ? 1 : 0;
}

export function goalLegHolds(leg: Leg, h: number, a: number): number {
  switch (leg.market) {
    case 'MATCH_RESULT':
      return resultHolds(leg.selection, h, a) ? 1 : 0;
    case 'DOUBLE_CHANCE':
      return (leg.selection === 'HOME_OR_DRAW' ? h >= a : leg.selection === 'HOME_OR_AWAY' ? h !== a : h <= a)
        ? 1
        : 0;
    case 'TOTAL_GOALS':
      return lineTest(leg.side, leg.line, h + a);
    case 'TEAM_GOALS':
      return lineTest(leg.side, leg.line, leg.team === 'HOME' ? h : a);
    case 'BOTH_TEAMS_TO_SCORE':
      return (h > 0 && a > 0) === (leg.selection === 'YES') ? 1 : 0;
    case 'CORRECT_SCORE':
      return h === leg.home && a === leg.away ? 1 : 0;
    case 'HANDICAP':
      return (leg.team === 'HOME' ? h + leg.line > a : a + leg.line > h) ? 1 : 0;
    case 'WIN_TO_NIL':
      return (leg.team === 'HOME' ? h > 0 && a === 0 : a > 0 && h === 0) ? 1 : 0;
    case 'CLEAN_SHEET':
      return (leg.team === 'HOME' ? a === 0 : h === 0) ? 1 : 0;
    default:
      return 1;
  }
}

/** Multiplies the goal weights by the leg's indicator; the leg's test is hoisted out of the cell loop. */
export function applyGoalLeg(leg: Leg, gw: Float64Array, w: number, oh = 0, oa = 0): void {
  if (leg.market === 'TOTAL_GOALS' || leg.market === 'TEAM_GOALS') {
    const over = leg.side === 'OVER';
    const line = leg.line;
    const which = leg.market === 'TOTAL_GOALS' ? 0 : leg.team === 'HOME' ? 1 : 2;
    for (let h = 0; h < w; h++) {
      for (let a = 0; a < w; a++) {
        const value = which === 0 ? h + oh + a + oa : which === 1 ? h + oh : a + oa;
        if (over ? value < line : value > line) gw[h * w + a] = 0;
      }
    }
    return;
  }
  for (let h = 0; h < w; h++) {
    for (let a = 0; a < w; a++) if (goalLegHolds(leg, h + oh, a + oa) === 0) gw[h * w + a] = 0;
  }
}

export interface CountLegs {
  team: { team: 'HOME' | 'AWAY'; side: 'OVER' | 'UNDER'; line: number }[];
  total: { side: 'OVER' | 'UNDER'; line: number }[];
  homePlayers: PlayerSet;
  awayPlayers: PlayerSet;
}

export function countLegCount(l: CountLegs): number {
  return l.team.length + l.total.length + l.homePlayers.probs.length + l.awayPlayers.probs.length;
}

export const noCountLegs = (): CountLegs => ({
  team: [],
  total: [],
  homePlayers: emptySet(),
  awayPlayers: emptySet(),
});

/** Σ a[ao + i] · w[i] for i in [first, last], unrolled by 4 (the hot loop of a joint-table price). */
function dot(a: Float32Array, ao: number, w: Float64Array, first: number, last: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = first;
  for (const end = last - 3; i <= end; i += 4) {
    s0 += (a[ao + i] as number) * (w[i] as number);
    s1 += (a[ao + i + 1] as number) * (w[i + 1] as number);
    s2 += (a[ao + i + 2] as number) * (w[i + 2] as number);
    s3 += (a[ao + i + 3] as number) * (w[i + 3] as number);
  }
  for (; i <= last; i++) s0 += (a[ao + i] as number) * (w[i] as number);
  return s0 + s1 + s2 + s3;
}

/**
 * The count legs' factors over counts added from now on, in scratch buffers (valid until the next call): u over the
 * home count, v over the away count, t over their total — line legs on known + added counts, carded-player sets on
 * the added team counts. The legs' weight of a block entry (x, y) is u[x] · v[y] · t[x + y].
 */
export function countLegVectors(
  legs: CountLegs,
  kx: number,
  ky: number,
  knownH: number,
  knownA: number,
): { u: Float64Array; v: Float64Array; t: Float64Array } {
  homeVec = ensure(homeVec, kx + 1);
  awayVec = ensure(awayVec, ky + 1);
  totalVec = ensure(totalVec, kx + ky + 1);
  const u = homeVec;
  const v = awayVec;
  const t = totalVec;
  if (legs.homePlayers.probs.length > 0) allOfSet(legs.homePlayers, kx, u);
  else u.fill(1, 0, kx + 1);
  if (legs.awayPlayers.probs.length > 0) allOfSet(legs.awayPlayers, ky, v);
  else v.fill(1, 0, ky + 1);
  t.fill(1, 0, kx + ky + 1);
  for (const leg of legs.team) {
    if (leg.team === 'HOME')
      for (let x = 0; x <= kx; x++) u[x] = (u[x] as number) * lineTest(leg.side, leg.line, knownH + x);
    else for (let y = 0; y <= ky; y++) v[y] = (v[y] as number) * lineTest(leg.side, leg.line, knownA + y);
  }
  for (const leg of legs.total)
    for (let s = 0; s <= kx + ky; s++)
      t[s] = (t[s] as number) * lineTest(leg.side, leg.line, knownH + knownA + s);
  return { u, v, t };
}

/**
 * Fills out[cell] (cell over the table's score cells) with E[product of the count legs' indicators | cell]; uses the
 * one-team or total marginal when the legs need only that, the joint table otherwise. Returns false when no leg
 * concerns this table.
 */
export function countExpectation(
  table: CountTable,
  legs: CountLegs,
  needed: Uint8Array,
  out: Float64Array,
  known: readonly [number, number] = NONE_KNOWN,
): boolean {
  if (countLegCount(legs) === 0) return false;
  const homeCount = legs.homePlayers.probs.length;
  const awayCount = legs.awayPlayers.probs.length;
  const kx = table.maxHome;
  const ky = table.maxAway;
  const cells = scoreCells(table.scoreCap);
  const needsHome = homeCount > 0 || legs.team.some((l) => l.team === 'HOME');
  const needsAway = awayCount > 0 || legs.team.some((l) => l.team === 'AWAY');
  const needsTotal = legs.total.length > 0;
  const { u, v, t } = countLegVectors(legs, kx, ky, known[0], known[1]);
  const { joint, norm, home, away, total } = table;
  // Joint case: the legs' product u[x]·v[y]·t[x+y] depends on the counts only, so it is one weight vector over the
  // (x, y) block, computed once; each score cell is then a dot product over the non-zero span of the weights.
  const block = (kx + 1) * (ky + 1);
  let first = 0;
  let last = -1;
  const useJoint = Number(needsHome) + Number(needsAway) + Number(needsTotal) >= 2;
  if (useJoint) {
    jointWeights = ensure(jointWeights, block);
    first = block;
    for (let x = 0; x <= kx; x++) {
      for (let y = 0; y <= ky; y++) {
        const i = x * (ky + 1) + y;
        const wgt = (u[x] as number) * (v[y] as number) * (t[x + y] as number);
        jointWeights[i] = wgt;
        if (wgt !== 0) {
          if (i < first) first = i;
          last = i;
        }
      }
    }
  }
  for (let cell = 0; cell < cells; cell++) {
    if (needed[cell] === 0) continue;
    let e = 0;
    if (needsTotal && !needsHome && !needsAway) {
      const o = cell * (kx + ky + 1);
      for (let s = 0; s <= kx + ky; s++) e += (total[o + s] as number) * (t[s] as number);
    } else if (needsHome && !needsAway && !needsTotal) {
      const o = cell * (kx + 1);
      for (let x = 0; x <= kx; x++) e += (home[o + x] as number) * (u[x] as number);
    } else if (needsAway && !needsHome && !needsTotal) {
      const o = cell * (ky + 1);
      for (let y = 0; y <= ky; y++) e += (away[o + y] as number) * (v[y] as number);
    } else {
      e = dot(joint, cell * block, jointWeights, first, last);
    }
    out[cell] = e / (norm[cell] as number);
  }
  return true;
}

/**
 * The legs' weight summed over a count distribution: `marg` is one count's marginal (mode 1 home, 2 away, 4 total: read
 * with u, v or t) or the joint (home × away, `(kx + 1) × (ky + 1)`, read with u · v · t), clamped to [0, 1].
 */
export function weightOverCounts(
  marg: ArrayLike<number>,
  mode: number,
  vectors: { readonly u: Float64Array; readonly v: Float64Array; readonly t: Float64Array },
  kx: number,
  ky: number,
): number {
  const { u, v, t } = vectors;
  let sum = 0;
  if (mode === 1 || mode === 2 || mode === 4) {
    const vec = mode === 1 ? u : mode === 2 ? v : t;
    for (let i = 0; i < marg.length; i++) sum += (marg[i] as number) * (vec[i] as number);
  } else {
    for (let x = 0; x <= kx; x++) {
      const ux = u[x] as number;
      if (ux === 0) continue;
      const o = x * (ky + 1);
      for (let y = 0; y <= ky; y++)
        sum += (marg[o + y] as number) * ux * (v[y] as number) * (t[x + y] as number);
    }
  }
  return Math.min(1, Math.max(0, sum));
}
