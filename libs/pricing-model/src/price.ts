import type { Leg } from './types/legs';
import type { FixtureModel, PriceResult } from './types/model';

/**
 * Prices a bet on a built model. (Work in progress: the maths lands in the next commits.)
 */
export function price(_model: FixtureModel, _legs: readonly Leg[]): PriceResult {
  throw new Error('price: not implemented yet');
}
