/**
 * Rewrites tests/golden/prices.json from the current fast model. Run: npx nx run pricing-model:golden
 * Refuses when the prices moved (by more than the golden tolerance) but MODEL_VERSION did not: bump it first
 * (src/version.ts), since a model version is part of every cache key.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { GOLDEN_PATH, goldenPrices, type GoldenFile } from './goldenPrices';
import { GOLDEN_TOLERANCE } from '../unit/tolerances';

const next = goldenPrices();
if (existsSync(GOLDEN_PATH)) {
  const prev = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as GoldenFile;
  let moved = 0;
  let added = 0;
  for (const [fixture, row] of Object.entries(next.prices))
    for (const [bet, p] of Object.entries(row)) {
      const old = prev.prices[fixture]?.[bet];
      if (old === undefined) added++;
      else if (Math.abs(old - p) > GOLDEN_TOLERANCE) moved++;
    }
  if (moved > 0 && prev.modelVersion === next.modelVersion) {
    console.error(
      `${moved} golden prices moved but MODEL_VERSION is still ${next.modelVersion}: bump it first.`,
    );
    process.exit(1);
  }
  console.log(
    `${moved} prices moved, ${added} added; model version ${prev.modelVersion} -> ${next.modelVersion}`,
  );
}
// formatted as the repository's prettier check expects
void resolveConfig(GOLDEN_PATH)
  .then((options) => format(JSON.stringify(next), { ...(options ?? {}), filepath: GOLDEN_PATH }))
  .then((text) => {
    writeFileSync(GOLDEN_PATH, text);
    console.log(`wrote ${GOLDEN_PATH}`);
  });
