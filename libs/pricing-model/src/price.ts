import { normaliseLeg, uniqueLegs } from './normaliseLegs';
import { marginFor, offeredOdds } from './oddsLadder';
import { PricingError } from './PricingError';
import type { Leg } from './types/legs';
import type { CountTable, FixtureModel, ModelPlayer, PriceResult } from './types/model';

/** Bets whose fair probability is below this are not offered (their fair odds would exceed 1001). */
export const MIN_PROBABILITY = 1 / 1001;

// Scratch buffers reused across calls: pricing allocates nothing per score cell.
let goalWeight: Float64Array = new Float64Array(0);
let cardFactor: Float64Array = new Float64Array(0);
let cornerFactor: Float64Array = new Float64Array(0);
let homeVec: Float64Array = new Float64Array(0);
let awayVec: Float64Array = new Float64Array(0);
let totalVec: Float64Array = new Float64Array(0);
let homeScorers: Float64Array = new Float64Array(0);
let awayScorers: Float64Array = new Float64Array(0);
let jointWeights: Float64Array = new Float64Array(0);
let cardCells = new Uint8Array(0);
let cornerCells = new Uint8Array(0);

function ensure(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

const playerIndex = new WeakMap<FixtureModel, Map<string, ModelPlayer>>();

function playersOf(model: FixtureModel): Map<string, ModelPlayer> {
  let map = playerIndex.get(model);
  if (!map) {
    map = new Map(model.players.map((p) => [p.playerId, p]));
    playerIndex.set(model, map);
  }
  return map;
}

/**
 * out[g] = P(every player of the set is credited with at least one of g team events), each event going to player i
 * with probability p_i (mutually exclusive): inclusion–exclusion, Σ_{T ⊆ S} (−1)^|T| (1 − Σ_{i∈T} p_i)^g.
 */
function allOfSet(probs: readonly number[], maxCount: number, out: Float64Array): void {
  out.fill(0, 0, maxCount + 1);
  const m = probs.length;
  for (let mask = 0; mask < 1 << m; mask++) {
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
    let pow = 1;
    for (let g = 0; g <= maxCount; g++) {
      out[g] = (out[g] as number) + sign * pow;
      pow *= base;
    }
  }
  for (let g = 0; g <= maxCount; g++) out[g] = Math.min(1, Math.max(0, out[g] as number));
}

function lineTest(side: 'OVER' | 'UNDER', line: number, value: number): number {
  return (side === 'OVER' ? value > line : value < line) ? 1 : 0;
}

function goalLegHolds(leg: Leg, h: number, a: number): number {
  switch (leg.market) {
    case 'MATCH_RESULT':
      return (leg.selection === 'HOME' ? h > a : leg.selection === 'DRAW' ? h === a : h < a) ? 1 : 0;
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
    default:
      return 1;
  }
}

/** Multiplies the goal weights by the leg's indicator; the leg's test is hoisted out of the cell loop. */
function applyGoalLeg(leg: Leg, gw: Float64Array, w: number): void {
  if (leg.market === 'TOTAL_GOALS' || leg.market === 'TEAM_GOALS') {
    const over = leg.side === 'OVER';
    const line = leg.line;
    const which = leg.market === 'TOTAL_GOALS' ? 0 : leg.team === 'HOME' ? 1 : 2;
    for (let h = 0; h < w; h++) {
      for (let a = 0; a < w; a++) {
        const value = which === 0 ? h + a : which === 1 ? h : a;
        if (over ? value < line : value > line) gw[h * w + a] = 0;
      }
    }
    return;
  }
  for (let h = 0; h < w; h++) {
    for (let a = 0; a < w; a++) if (goalLegHolds(leg, h, a) === 0) gw[h * w + a] = 0;
  }
}

interface CountLegs {
  team: { team: 'HOME' | 'AWAY'; side: 'OVER' | 'UNDER'; line: number }[];
  total: { side: 'OVER' | 'UNDER'; line: number }[];
  homePlayers: number[];
  awayPlayers: number[];
}

const noCountLegs = (): CountLegs => ({ team: [], total: [], homePlayers: [], awayPlayers: [] });

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
 * Fills out[cell] (cell over the table's score cells) with E[product of the count legs' indicators | cell]; uses the
 * one-team or total marginal when the legs need only that, the joint table otherwise. Returns false when no leg
 * concerns this table.
 */
function countExpectation(
  table: CountTable,
  legs: CountLegs,
  needed: Uint8Array,
  out: Float64Array,
): boolean {
  if (legs.team.length + legs.total.length + legs.homePlayers.length + legs.awayPlayers.length === 0)
    return false;
  const kx = table.maxHome;
  const ky = table.maxAway;
  const cells = (table.scoreCap + 1) * (table.scoreCap + 1);
  homeVec = ensure(homeVec, kx + 1);
  awayVec = ensure(awayVec, ky + 1);
  totalVec = ensure(totalVec, kx + ky + 1);
  const u = homeVec;
  const v = awayVec;
  const t = totalVec;
  const needsHome = legs.homePlayers.length > 0 || legs.team.some((l) => l.team === 'HOME');
  const needsAway = legs.awayPlayers.length > 0 || legs.team.some((l) => l.team === 'AWAY');
  const needsTotal = legs.total.length > 0;
  if (legs.homePlayers.length > 0) allOfSet(legs.homePlayers, kx, u);
  else u.fill(1, 0, kx + 1);
  if (legs.awayPlayers.length > 0) allOfSet(legs.awayPlayers, ky, v);
  else v.fill(1, 0, ky + 1);
  t.fill(1, 0, kx + ky + 1);
  for (const leg of legs.team) {
    const vec = leg.team === 'HOME' ? u : v;
    const k = leg.team === 'HOME' ? kx : ky;
    for (let x = 0; x <= k; x++) vec[x] = (vec[x] as number) * lineTest(leg.side, leg.line, x);
  }
  for (const leg of legs.total) {
    for (let s = 0; s <= kx + ky; s++) t[s] = (t[s] as number) * lineTest(leg.side, leg.line, s);
  }
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

/** The fair probability that every leg wins (legs already normalised and known to name existing players). */
function probabilityOf(model: FixtureModel, legs: readonly Leg[]): number {
  const n = model.maxGoals;
  const w = n + 1;
  goalWeight = ensure(goalWeight, w * w);
  const gw = goalWeight;
  gw.fill(1, 0, w * w);
  const players = playersOf(model);
  const scorers: { home: number[]; away: number[] } = { home: [], away: [] };
  const cards = noCountLegs();
  const corners = noCountLegs();
  for (const leg of legs) {
    switch (leg.market) {
      case 'TOTAL_CARDS':
        cards.total.push(leg);
        break;
      case 'TEAM_CARDS':
        cards.team.push(leg);
        break;
      case 'TOTAL_CORNERS':
        corners.total.push(leg);
        break;
      case 'TEAM_CORNERS':
        corners.team.push(leg);
        break;
      case 'PLAYER_TO_SCORE': {
        const p = players.get(leg.playerId) as ModelPlayer;
        (p.team === 'HOME' ? scorers.home : scorers.away).push(p.goalProbability);
        break;
      }
      case 'PLAYER_TO_BE_CARDED': {
        const p = players.get(leg.playerId) as ModelPlayer;
        (p.team === 'HOME' ? cards.homePlayers : cards.awayPlayers).push(p.cardProbability);
        break;
      }
      case 'CORRECT_SCORE': {
        // One cell survives: clear the others without evaluating the leg per cell.
        const keep = leg.home * w + leg.away;
        const kept = gw[keep] as number;
        gw.fill(0, 0, w * w);
        gw[keep] = kept;
        break;
      }
      default:
        applyGoalLeg(leg, gw, w);
    }
  }
  homeScorers = ensure(homeScorers, w);
  awayScorers = ensure(awayScorers, w);
  if (scorers.home.length > 0) allOfSet(scorers.home, n, homeScorers);
  else homeScorers.fill(1, 0, w);
  if (scorers.away.length > 0) allOfSet(scorers.away, n, awayScorers);
  else awayScorers.fill(1, 0, w);

  const cc = model.cards.scoreCap;
  const kc = model.corners.scoreCap;
  cardFactor = ensure(cardFactor, (cc + 1) * (cc + 1));
  cornerFactor = ensure(cornerFactor, (kc + 1) * (kc + 1));
  // Only the count chains' score cells that some winning score maps to need their expectation.
  cardCells = cardCells.length >= (cc + 1) * (cc + 1) ? cardCells : new Uint8Array((cc + 1) * (cc + 1));
  cornerCells = cornerCells.length >= (kc + 1) * (kc + 1) ? cornerCells : new Uint8Array((kc + 1) * (kc + 1));
  cardCells.fill(0);
  cornerCells.fill(0);
  for (let h = 0; h < w; h++) {
    if ((homeScorers[h] as number) === 0) continue;
    for (let a = 0; a < w; a++) {
      if ((gw[h * w + a] as number) === 0 || (awayScorers[a] as number) === 0) continue;
      cardCells[(h < cc ? h : cc) * (cc + 1) + (a < cc ? a : cc)] = 1;
      cornerCells[(h < kc ? h : kc) * (kc + 1) + (a < kc ? a : kc)] = 1;
    }
  }
  const hasCards = countExpectation(model.cards, cards, cardCells, cardFactor);
  const hasCorners = countExpectation(model.corners, corners, cornerCells, cornerFactor);

  const grid = model.goals;
  let sum = 0;
  for (let h = 0; h < w; h++) {
    const sh = homeScorers[h] as number;
    if (sh === 0) continue;
    const ch = (h < cc ? h : cc) * (cc + 1);
    const kh = (h < kc ? h : kc) * (kc + 1);
    for (let a = 0; a < w; a++) {
      const g = gw[h * w + a] as number;
      if (g === 0) continue;
      let p = (grid[h * w + a] as number) * g * sh * (awayScorers[a] as number);
      if (hasCards) p *= cardFactor[ch + (a < cc ? a : cc)] as number;
      if (hasCorners) p *= cornerFactor[kh + (a < kc ? a : kc)] as number;
      sum += p;
    }
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * Prices a bet-builder bet on a built model: the probability that every leg wins (one coherent model, so legs are
 * correlated exactly as the model says), the margin for the number of distinct legs, and the offered ladder price.
 * Duplicate legs are priced once. Microseconds per call.
 *
 * @throws PricingError `PLAYER_NOT_FOUND` when a leg names a player not in the model; `NO_PRICE` when the legs cannot
 * all win or their probability is below 1/1001.
 * @example
 * const r = price(model, [
 *   { market: 'MATCH_RESULT', selection: 'HOME' },
 *   { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
 *   { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
 * ]);
 * // r.probability ≈ 0.1, r.margin = 0.09, r.odds = { decimal: 8.5, fractional: '15/2' } (for example)
 */
export function price(model: FixtureModel, legs: readonly Leg[]): PriceResult {
  const unique = uniqueLegs(legs);
  if (unique.length === 0) throw new PricingError('NO_PRICE', 'a bet needs at least one leg');
  const players = playersOf(model);
  for (const leg of unique) {
    if (
      (leg.market === 'PLAYER_TO_SCORE' || leg.market === 'PLAYER_TO_BE_CARDED') &&
      !players.has(leg.playerId)
    ) {
      throw new PricingError(
        'PLAYER_NOT_FOUND',
        `player '${leg.playerId}' is not in fixture ${model.fixtureId}`,
      );
    }
  }
  const probability = probabilityOf(model, unique);
  if (probability === 0) throw new PricingError('NO_PRICE', 'these legs cannot all win together');
  if (probability < MIN_PROBABILITY) {
    throw new PricingError('NO_PRICE', `probability ${probability.toPrecision(6)} is below 1/1001`);
  }
  const margin = marginFor(unique.length);
  const fairOdds = 1 / probability;
  return { probability, fairOdds, margin, odds: offeredOdds(fairOdds / (1 + margin)), legs: unique };
}

/**
 * The fair probability that every leg wins, without margin or the NO_PRICE threshold (0 for legs that cannot all
 * win). For analysis and tests; the API prices with {@link price}.
 *
 * @example
 * legsProbability(model, [{ market: 'BOTH_TEAMS_TO_SCORE', selection: 'YES' }]) // 0.5183 for 1.5 v 1.1, neutral
 */
export function legsProbability(model: FixtureModel, legs: readonly Leg[]): number {
  const unique = uniqueLegs(legs);
  const players = playersOf(model);
  for (const leg of unique) {
    if (
      (leg.market === 'PLAYER_TO_SCORE' || leg.market === 'PLAYER_TO_BE_CARDED') &&
      !players.has(leg.playerId)
    ) {
      throw new PricingError(
        'PLAYER_NOT_FOUND',
        `player '${leg.playerId}' is not in fixture ${model.fixtureId}`,
      );
    }
  }
  return probabilityOf(model, unique);
}

export { normaliseLeg };
