import {
  addToSet,
  shiftBy,
  goalsStillNeeded,
  knownSoFar,
  allOfSet,
  applyGoalLeg,
  countExpectation,
  emptySet,
  ensure,
  noCountLegs,
  playersOf,
} from './legWeights';
import { normaliseLeg, uniqueLegs } from './normaliseLegs';
import { scoreCells } from './model/scoreCell';
import { marginFor, offeredOdds } from './oddsLadder';
import { cellMapsOf, needsPeriods, periodProbability } from './periodPrice';
import { PricingError } from './PricingError';
import { PRICED_PERIODS } from './schemas';
import type { Leg } from './types/legs';
import type { FixtureModel, ModelPlayer, PriceResult } from './types/model';

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

/** The fair probability that every leg wins (legs already normalised and known to name existing players). */
function probabilityOf(model: FixtureModel, legs: readonly Leg[]): number {
  if (needsPeriods(legs)) return periodProbability(model, legs);
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
  if (scorers.home.probs.length > 0) allOfSet(scorers.home, n, homeScorers);
  else homeScorers.fill(1, 0, w);
  if (scorers.away.probs.length > 0) allOfSet(scorers.away, n, awayScorers);
  else awayScorers.fill(1, 0, w);
  // in-play the sets are credited from the goals still to come: index by final goals − goals so far
  if (model.inPlay) {
    shiftBy(homeScorers, model.inPlay.score[0], w);
    shiftBy(awayScorers, model.inPlay.score[1], w);
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
  const hasCards = countExpectation(model.cards, cards, cardCells, cardFactor, knownSoFar(model, 'cards'));
  const hasCorners = countExpectation(
    model.corners,
    corners,
    cornerCells,
    cornerFactor,
    knownSoFar(model, 'corners'),
  );

  const grid = model.goals;
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
function checkLegs(model: FixtureModel, legs: readonly Leg[]): void {
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
 * all win, their probability is below 1/1001, or a leg is on a period the model does not price yet.
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
  checkLegs(model, unique);
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
  checkLegs(model, unique);
  return probabilityOf(model, unique);
}

export { normaliseLeg };
