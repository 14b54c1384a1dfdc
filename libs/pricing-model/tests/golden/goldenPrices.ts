/**
 * The golden prices: the fast model's probability of every reference bet on every reference fixture, as committed in
 * tests/golden/prices.json. tests/unit/golden.test.ts fails when any of them moves by more than 1e-9;
 * `npx nx run pricing-model:golden` rewrites the file, and refuses to do so under an unchanged MODEL_VERSION.
 */
import { buildFixtureModel, legsProbability, MODEL_VERSION, parseOpinion } from '../../src/index';
import { REFERENCE_BETS, REFERENCE_FIXTURES } from '../reference/referenceBets';

export interface GoldenFile {
  modelVersion: string;
  /** prices[fixtureId][bet as JSON] = probability */
  prices: Record<string, Record<string, number>>;
}

export const GOLDEN_PATH = `${__dirname}/prices.json`;

export function goldenPrices(): GoldenFile {
  const prices: GoldenFile['prices'] = {};
  for (const input of REFERENCE_FIXTURES) {
    const parsed = parseOpinion(input);
    if (!parsed.ok) throw new Error(`golden fixture ${input.fixtureId}: ${JSON.stringify(parsed.issues)}`);
    const model = buildFixtureModel(parsed.value);
    const row: Record<string, number> = {};
    for (const legs of REFERENCE_BETS) row[JSON.stringify(legs)] = legsProbability(model, legs);
    prices[input.fixtureId] = row;
  }
  return { modelVersion: MODEL_VERSION, prices };
}
