import { createRng } from './random';
import { buildSchedule, type Arrival } from './schedule';
import { makeBet, makeOpinions } from './traffic';
import type { OpinionBody, PriceRequestBody } from './types/traffic';
import { createZipf } from './zipf';

export interface TrafficPlan {
  opinions: OpinionBody[];
  /** Send offsets (ms) of the price requests and the bet each sends. */
  priceOffsetsMs: Float64Array;
  bets: PriceRequestBody[];
  /** Send offsets (ms) of the opinion updates and the fixture index each updates. */
  updateOffsetsMs: Float64Array;
  updateFixtures: number[];
  /** Seed for the update bodies (each configuration replays the same nudges). */
  updateSeed: string;
}

/**
 * Everything the test will send, decided up front from the seed: the fixtures, the Zipf-skewed
 * choice of fixture per request, each bet's legs, the arrival times and the opinion updates. Every
 * configuration of the experiment replays exactly this plan.
 *
 * @example
 * const plan = planTraffic({ seed: '42', fixtures: 200, ratePerSec: 200, durationS: 60, updateRatePerSec: 1 });
 */
export function planTraffic(o: {
  seed: string;
  fixtures: number;
  ratePerSec: number;
  durationS: number;
  updateRatePerSec: number;
  arrival?: Arrival;
  zipfS?: number;
}): TrafficPlan {
  const root = createRng(o.seed);
  const opinions = makeOpinions(o.fixtures, root.fork('fixtures'));
  const zipf = createZipf(o.fixtures, o.zipfS ?? 1.0);
  const durationMs = o.durationS * 1000;
  const priceOffsetsMs = buildSchedule({
    ratePerSec: o.ratePerSec,
    durationMs,
    arrival: o.arrival ?? 'poisson',
    rng: root.fork('schedule'),
  });
  const betRng = root.fork('bets');
  const bets: PriceRequestBody[] = [];
  for (let i = 0; i < priceOffsetsMs.length; i++) bets.push(makeBet(opinions[zipf.sample(betRng)]!, betRng));
  let updateOffsetsMs: Float64Array = new Float64Array(0);
  const updateFixtures: number[] = [];
  if (o.updateRatePerSec > 0) {
    updateOffsetsMs = buildSchedule({
      ratePerSec: o.updateRatePerSec,
      durationMs,
      arrival: o.arrival ?? 'poisson',
      rng: root.fork('update-schedule'),
    });
    const uRng = root.fork('update-fixtures');
    for (let i = 0; i < updateOffsetsMs.length; i++) updateFixtures.push(zipf.sample(uRng));
  }
  return {
    opinions,
    priceOffsetsMs,
    bets,
    updateOffsetsMs,
    updateFixtures,
    updateSeed: `${o.seed}/update-bodies`,
  };
}
