import { readFileSync } from 'node:fs';
import { MODEL_VERSION } from '../../src/index';
import { GOLDEN_PATH, goldenPrices, type GoldenFile } from '../golden/goldenPrices';
import { GOLDEN_TOLERANCE } from './tolerances';

describe('golden prices', () => {
  it('are unchanged to 1e-9 for this MODEL_VERSION (regenerate with npx nx run pricing-model:golden)', () => {
    // Prepare
    const golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as GoldenFile;
    // Act
    const now = goldenPrices();
    // Assess
    expect(golden.modelVersion).toBe(MODEL_VERSION);
    const moved: string[] = [];
    for (const [fixture, row] of Object.entries(golden.prices))
      for (const [bet, p] of Object.entries(row)) {
        const q = now.prices[fixture]?.[bet];
        if (q === undefined || !(Math.abs(q - p) <= GOLDEN_TOLERANCE))
          moved.push(`${fixture} ${bet}: ${p} -> ${q}`);
      }
    expect(moved).toEqual([]);
    expect(Object.keys(now.prices).sort()).toEqual(Object.keys(golden.prices).sort());
  });
});
