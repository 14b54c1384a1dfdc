import { createRng } from './random';
import { buildSchedule, type Arrival } from './schedule';
import { kickedOff, makeBet, makeOpinions } from './traffic';
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
  /** Indexes (in `opinions`) of the fixtures that are in play: the most popular `inPlayShare` of them. */
  inPlayFixtures: number[];
  /** Send offsets (ms) of the in-play state updates, and the fixture index each updates (round robin). */
  inPlayOffsetsMs: Float64Array;
  inPlayTargets: number[];
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
  /** Share of the fixtures that are in play (the most popular ones). @default 0.1 */
  inPlayShare?: number;
  /** Seconds between two state updates of one in-play fixture. @default 3 */
  inPlayUpdateEveryS?: number;
}): TrafficPlan {
  const root = createRng(o.seed);
  const opinions = makeOpinions(o.fixtures, root.fork('fixtures'));
  // The most popular fixtures are the ones being played (zipf index 0 is the hottest): kicked off 20 to 80 minutes ago.
  const inPlayFixtures = Array.from({ length: Math.round(o.fixtures * (o.inPlayShare ?? 0.1)) }, (_, i) => i);
  const liveRng = root.fork('in-play');
  for (const i of inPlayFixtures) opinions[i] = kickedOff(opinions[i]!, Math.round(liveRng.range(20, 80)));
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
  // In-play fixtures change state every few seconds (their own stream; the pre-match updates leave them alone).
  const inPlayOffsetsMs =
    inPlayFixtures.length > 0
      ? buildSchedule({
          ratePerSec: inPlayFixtures.length / (o.inPlayUpdateEveryS ?? 3),
          durationMs,
          arrival: 'uniform',
          rng: root.fork('in-play-schedule'),
        })
      : new Float64Array(0);
  const inPlayTargets = Array.from(inPlayOffsetsMs, (_v, i) => inPlayFixtures[i % inPlayFixtures.length]!);
  const live = new Set(inPlayFixtures);
  return {
    opinions,
    priceOffsetsMs,
    bets,
    updateOffsetsMs: Float64Array.from(updateOffsetsMs.filter((_v, i) => !live.has(updateFixtures[i]!))),
    updateFixtures: updateFixtures.filter((f) => !live.has(f)),
    updateSeed: `${o.seed}/update-bodies`,
    inPlayFixtures,
    inPlayOffsetsMs,
    inPlayTargets,
  };
}
