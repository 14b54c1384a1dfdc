import {
  addToSet,
  shiftBy,
  goalsStillNeeded,
  knownSoFar,
  allOfSet,
  applyGoalLeg,
  countExpectation,
  countLegCount,
  countLegVectors,
  emptySet,
  ensure,
  noCountLegs,
  playersOf,
  weightOverCounts,
  type CountLegs,
} from './legWeights';
import { normaliseLeg, uniqueLegs } from './normaliseLegs';
import { scoreCells } from './model/scoreCell';
import { marginFor, offeredOdds } from './oddsLadder';
import { cellMapsOf, needsPeriods, periodProbability } from './periodPrice';
import { PricingError } from './PricingError';
import { PRICED_PERIODS } from './schemas';
import { assertSections, countTableOf } from './sections';
import type { Leg } from './types/legs';
import type { CountTable, CoreModel, ModelPlayer, PriceResult } from './types/model';

/** Bets whose fair probability is below this are not offered (their fair odds would exceed 1001). */
export const MIN_PROBABILITY = 1 / 1001;

// Scratch buffers reused across calls: pricing allocates nothing per score cell.
let goalWeight: Float64Array = new Float64Array(0);
let cardFactor: Float64Array = new Float64Array(0);
let cornerFactor: Float64Array = new Float64Array(0);
let homeScorers: Float64Array = new Float64Array(0);
let awayScorers: Float64Array = new Float64Array(0);
let cardCells = new Uint8Array(0);
let cornerCells = new Uint8Array(0);

/**
 * The count's unconditional distribution over the counts to come (one per model and table, computed when first
 * needed): P(cell) / norm[cell] summed into each of the table's conditional masses — `home` over the home count,
 * `away`, `total`, and `joint` over the (home, away) block.
 */
interface CountMarginals {
  home?: Float64Array;
  away?: Float64Array;
  total?: Float64Array;
  joint?: Float64Array;
}
const countMarginals = new WeakMap<CountTable, CountMarginals>();

function countMarginal(
  model: CoreModel,
  table: CountTable,
  map: Int32Array,
  kind: keyof CountMarginals,
): Float64Array {
  let m = countMarginals.get(table);
  if (!m) {
    m = {};
    countMarginals.set(table, m);
  }
  const have = m[kind];
  if (have) return have;
  const cells = scoreCells(table.scoreCap);
  // the goal grid's mass per score cell of the table
  const cellMass = new Float64Array(cells);
  const grid = model.goals;
  for (let ft = 0; ft < grid.length; ft++) {
    const c = map[ft] as number;
    cellMass[c] = (cellMass[c] as number) + (grid[ft] as number);
  }
  const len =
    kind === 'home'
      ? table.maxHome + 1
      : kind === 'away'
        ? table.maxAway + 1
        : kind === 'total'
          ? table.maxHome + table.maxAway + 1
          : (table.maxHome + 1) * (table.maxAway + 1);
  const src = table[kind];
  const out = new Float64Array(len);
  for (let c = 0; c < cells; c++) {
    const mass = cellMass[c] as number;
    if (mass === 0) continue;
    const f = mass / (table.norm[c] as number);
    const o = c * len;
    for (let i = 0; i < len; i++) out[i] = (out[i] as number) + f * (src[o + i] as number);
  }
  m[kind] = out;
  return out;
}

/**
 * A bet of count legs of one process only (no goal or scorer leg): Σ over the count's unconditional distribution of the
 * legs' weight — the same sum as the score-cell sweep, summed over the counts first (exhaustive: the sweep, for tests).
 */
function countsAlone(
  model: CoreModel,
  table: CountTable,
  map: Int32Array,
  legs: CountLegs,
  known: readonly [number, number],
): number {
  const kx = table.maxHome;
  const ky = table.maxAway;
  const vectors = countLegVectors(legs, kx, ky, known[0], known[1]);
  let m = legs.total.length > 0 ? 4 : 0;
  if (legs.homePlayers.probs.length > 0) m |= 1;
  if (legs.awayPlayers.probs.length > 0) m |= 2;
  for (const leg of legs.team) m |= leg.team === 'HOME' ? 1 : 2;
  const kind = m === 1 ? 'home' : m === 2 ? 'away' : m === 4 ? 'total' : 'joint';
  return weightOverCounts(countMarginal(model, table, map, kind), m, vectors, kx, ky);
}

/**
 * The fair probability that every leg wins (legs already normalised and known to name existing players). `exhaustive`
 * (tests) skips the shortcuts: every bet is priced by the general sweep of its path.
 */
export function probabilityOf(model: CoreModel, legs: readonly Leg[], exhaustive = false): number {
  if (needsPeriods(legs)) return periodProbability(model, legs, exhaustive);
  const n = model.maxGoals;
  const w = n + 1;
  goalWeight = ensure(goalWeight, w * w);
  const gw = goalWeight;
  gw.fill(1, 0, w * w);
  const players = playersOf(model);
  const scorers = { home: emptySet(), away: emptySet() };
  const scorerIndex = new Map<string, number>();
  const cards = noCountLegs();
  const corners = noCountLegs();
  let goalLegs = false;
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
        const set = p.team === 'HOME' ? scorers.home : scorers.away;
        const need = goalsStillNeeded(p, leg.atLeast ?? 1);
        if (need > 0) addToSet(set, p.playerId, p.goalProbability, need, scorerIndex);
        break;
      }
      case 'PLAYER_TO_BE_CARDED': {
        const p = players.get(leg.playerId) as ModelPlayer;
        if (p.cardedSoFar) break; // already won
        const set = p.team === 'HOME' ? cards.homePlayers : cards.awayPlayers;
        set.probs.push(p.cardProbability);
        set.atLeast.push(1);
        break;
      }
      case 'CORRECT_SCORE': {
        goalLegs = true;
        // One cell survives: clear the others without evaluating the leg per cell.
        const keep = leg.home * w + leg.away;
        const kept = gw[keep] as number;
        gw.fill(0, 0, w * w);
        gw[keep] = kept;
        break;
      }
      default:
        goalLegs = true;
        applyGoalLeg(leg, gw, w);
    }
  }
  // count legs of one process alone (the menu's full-time count selections): on the count's own distribution
  if (!exhaustive && !goalLegs && scorers.home.probs.length === 0 && scorers.away.probs.length === 0) {
    const cardLegs = countLegCount(cards) > 0;
    const cornerLegs = countLegCount(corners) > 0;
    if (cardLegs !== cornerLegs) {
      const maps = cellMapsOf(model).ft as [Int32Array, Int32Array];
      return cardLegs
        ? countsAlone(model, countTableOf(model, 'cards'), maps[0], cards, knownSoFar(model, 'cards'))
        : countsAlone(model, countTableOf(model, 'corners'), maps[1], corners, knownSoFar(model, 'corners'));
    }
  }
  homeScorers = ensure(homeScorers, w);
  awayScorers = ensure(awayScorers, w);
  if (scorers.home.probs.length > 0) allOfSet(scorers.home, n, homeScorers);
  else homeScorers.fill(1, 0, w);
  if (scorers.away.probs.length > 0) allOfSet(scorers.away, n, awayScorers);
  else awayScorers.fill(1, 0, w);
  // in-play the sets are credited from the goals still to come: index by final goals − goals so far
  if (model.inPlay) {
    shiftBy(homeScorers, model.inPlay.score[0], w);
    shiftBy(awayScorers, model.inPlay.score[1], w);
  }

  const grid = model.goals;
  if (countLegCount(cards) === 0 && countLegCount(corners) === 0) {
    // goal and scorer legs only: no count factor
    let sum = 0;
    for (let h = 0; h < w; h++) {
      const sh = homeScorers[h] as number;
      if (sh === 0) continue;
      for (let a = 0; a < w; a++) {
        const g = gw[h * w + a] as number;
        if (g !== 0) sum += (grid[h * w + a] as number) * g * sh * (awayScorers[a] as number);
      }
    }
    return Math.min(1, Math.max(0, sum));
  }
  // final score → the count chains' score cell, per model (computed once)
  const [cardMap, cornerMap] = cellMapsOf(model).ft as [Int32Array, Int32Array];
  const cc = model.cards.scoreCap;
  const kc = model.corners.scoreCap;
  const nc = scoreCells(cc);
  const nk = scoreCells(kc);
  cardFactor = ensure(cardFactor, nc);
  cornerFactor = ensure(cornerFactor, nk);
  // Only the count chains' score cells that some winning score maps to need their expectation.
  cardCells = cardCells.length >= nc ? cardCells : new Uint8Array(nc);
  cornerCells = cornerCells.length >= nk ? cornerCells : new Uint8Array(nk);
  cardCells.fill(0);
  cornerCells.fill(0);
  for (let h = 0; h < w; h++) {
    if ((homeScorers[h] as number) === 0) continue;
    for (let a = 0; a < w; a++) {
      if ((gw[h * w + a] as number) === 0 || (awayScorers[a] as number) === 0) continue;
      cardCells[cardMap[h * w + a] as number] = 1;
      cornerCells[cornerMap[h * w + a] as number] = 1;
    }
  }
  // A process without legs needs no table (a model read without that section has none).
  const hasCards =
    countLegCount(cards) > 0 &&
    countExpectation(countTableOf(model, 'cards'), cards, cardCells, cardFactor, knownSoFar(model, 'cards'));
  const hasCorners =
    countLegCount(corners) > 0 &&
    countExpectation(
      countTableOf(model, 'corners'),
      corners,
      cornerCells,
      cornerFactor,
      knownSoFar(model, 'corners'),
    );

  let sum = 0;
  for (let h = 0; h < w; h++) {
    const sh = homeScorers[h] as number;
    if (sh === 0) continue;
    for (let a = 0; a < w; a++) {
      const g = gw[h * w + a] as number;
      if (g === 0) continue;
      let p = (grid[h * w + a] as number) * g * sh * (awayScorers[a] as number);
      if (hasCards) p *= cardFactor[cardMap[h * w + a] as number] as number;
      if (hasCorners) p *= cornerFactor[cornerMap[h * w + a] as number] as number;
      sum += p;
    }
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * Throws for a leg the model cannot price at all: a player not in the fixture, or a period it does not price yet
 * (the parser refuses those periods with a 400 first; a direct caller must not get full time instead).
 */
function checkLegs(model: CoreModel, legs: readonly Leg[]): void {
  const players = playersOf(model);
  for (const leg of legs) {
    if (
      (leg.market === 'PLAYER_TO_SCORE' ||
        leg.market === 'PLAYER_TO_BE_CARDED' ||
        leg.market === 'PLAYER_FIRST_GOALSCORER') &&
      !players.has(leg.playerId)
    ) {
      throw new PricingError(
        'PLAYER_NOT_FOUND',
        `player '${leg.playerId}' is not in fixture ${model.fixtureId}`,
      );
    }
    if ('period' in leg && leg.period !== undefined && !PRICED_PERIODS.includes(leg.period)) {
      throw new PricingError('NO_PRICE', `${leg.market} is not priced for period ${leg.period} yet`);
    }
  }
}

/**
 * Prices a bet-builder bet on a built model: the probability that every leg wins (one coherent model, so legs are
 * correlated exactly as the model says), the margin for the number of distinct legs, and the offered ladder price.
 * Duplicate legs are priced once. Microseconds per call.
 *
 * @throws PricingError `PLAYER_NOT_FOUND` when a leg names a player not in the model; `NO_PRICE` when the legs cannot
 * all win, their probability is below 1/1001, or a leg is on a period the model does not price yet; MissingSectionError
 * when `model` is a core only and a leg needs the halves (`sectionsNeeded`): a core prices every other bet
 * exactly as the whole model does.
 * @example
 * const r = price(model, [
 *   { market: 'MATCH_RESULT', selection: 'HOME' },
 *   { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
 *   { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
 * ]);
 * // r.probability ≈ 0.1, r.margin = 0.09, r.odds = { decimal: 8.5, fractional: '15/2' } (for example)
 */
export function price(model: CoreModel, legs: readonly Leg[]): PriceResult {
  const r = quote(model, legs);
  if (typeof r === 'string') throw new PricingError('NO_PRICE', r);
  return r;
}

/**
 * {@link price} without the NO_PRICE exception: the price, or why there is none (the message `price` throws with).
 * For the menu, which skips unpriced selections (an exception per skipped selection costs more than its price).
 * Throws PricingError `PLAYER_NOT_FOUND` and the unpriced-period `NO_PRICE` as price does.
 */
export function quote(model: CoreModel, legs: readonly Leg[]): PriceResult | string {
  const unique = uniqueLegs(legs);
  if (unique.length === 0) return 'a bet needs at least one leg';
  checkLegs(model, unique);
  assertSections(model, unique);
  const probability = probabilityOf(model, unique);
  if (probability === 0) return 'these legs cannot all win together';
  if (probability < MIN_PROBABILITY) return `probability ${probability.toPrecision(6)} is below 1/1001`;
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
export function legsProbability(model: CoreModel, legs: readonly Leg[]): number {
  const unique = uniqueLegs(legs);
  checkLegs(model, unique);
  assertSections(model, unique);
  return probabilityOf(model, unique);
}

export { normaliseLeg };
