import type { LatencyDistribution, LatencyPercentiles } from '@betbuilder/latency-chart';
import type { QuoteOutcomes } from '../BetPlacement';
import type { InPlayOutcomes } from '../runTraffic';
import type { CpuUsage } from '../cpuUsage';
import type { FaultReport } from './faults';
import type { LoadTestOptions } from './options';

/** The options that shape the traffic, reported as they were. */
type TrafficParam =
  | 'durationS'
  | 'ratePerSec'
  | 'fixtures'
  | 'containers'
  | 'warm'
  | 'seed'
  | 'updateRatePerSec'
  | 'arrival'
  | 'zipfS';

export type TierName = 'L1' | 'L2' | 'COMPUTED' | 'STALE' | 'UNKNOWN';

/** The results of one configuration of the experiment (or of a `--target` run). */
export interface ConfigResult extends Omit<LatencyPercentiles, 'count'> {
  /** `A`, `B`, `C` or `target`. */
  name: string;
  /** Human label, used in tables and the chart legend. */
  label: string;
  /** The model-cache design the price containers ran (`tiered` | `l1` | `redis-json`), or `remote`. */
  cacheMode: string;
  /** Whether opinion updates were followed by a stream-primer invocation (compute on write). */
  primer: boolean;
  requests: number;
  /** Price requests that did not get a 2xx (transport failures included). */
  errors: number;
  /** 422 NO_PRICE answers (legs that cannot all win): a valid answer, not an error. */
  noPrice: number;
  /** Error count per status/code, e.g. `{"503 DEPENDENCY_UNAVAILABLE": 2, "ECONNRESET": 1}`. */
  errorsByCode: Record<string, number>;
  /** Fixture-model builds (EMF `ModelBuildTime` data points: a version's build, its core missing) in the price
   * containers during the run plus the primer's (seeding included); null when unknown (remote). */
  computes: number | null;
  /**
   * Builds of sections missing beside a cached core (EMF `ModelSectionBuildTime`, ADR 0035: a price that built a
   * version made only its legs' sections, and the primer or a later price makes the rest), price containers and
   * primer; null when unknown (remote) or not reported (runs before ADR 0035).
   */
  sectionBuilds?: number | null;
  /** Computations inside price requests (misses that paid the model build). */
  computesOnRequest: number | null;
  /** Distinct (fixtureId, inputsVersion) pairs that existed during the run (seeded + updated). */
  fixtureVersions: number;
  /** Containers of the price function that existed during the run (warmed + started by traffic). */
  containers: number;
  /** Cold starts paid by price requests during the measured run (the keep-warm ones are `warmedContainers`). */
  coldStarts: number;
  /** Containers started by the keep-warm invocations before the run. */
  warmedContainers?: number;
  /** Where each price request's model came from, from the handlers' responses/logs. */
  hits: Record<TierName, number>;
  /** (L1 + L2 + STALE) / requests with a known source. */
  hitRatio: number;
  /** Opinion updates written during the run. */
  updates: number;
  updateErrors: number;
  /** Primer invocations (config C) and their failures. */
  primed: number;
  primerErrors: number;
  /** Largest lag between a request's scheduled and actual send time (load-generator health). */
  maxSendLagMs: number;
  /** Primer invocations during seeding (config C builds every seeded fixture's model on write). */
  primedAtSeed?: number;
  primerErrorsAtSeed?: number;
  /** Primer invocations retried after a reported batch item failure (each retry rebuilds the model). */
  primerRetries?: number;
  /** Requests that waited because every container was busy and the pool was at `--containers`. */
  queuedRequests?: number;
  /** Queued requests dropped at API Gateway's 29 s integration timeout (answered 504). */
  queueTimeouts?: number;
  /** Init time (ms) of each container start (process spawn + loading the handler bundle). */
  coldStartInitMs?: number[];
  /** The price handler's EMF metrics summed over the measured run (CacheSource*, PriceLatency, ...). */
  handlerMetrics?: Record<string, { sum: number; count: number }>;
  /** The primer's EMF metrics (seeding and run). */
  primerMetrics?: Record<string, { sum: number; count: number }>;
  /** Local mode with the DAX stand-in: its item-cache hits and misses (eventually consistent GetItems) and passed-through requests during the run. */
  daxStandIn?: { hits: number; misses: number; passes: number; errors: number };
  /** The bet-placement stream's quote verifications (`--verify-share` > 0). */
  quotes?: QuoteOutcomes;
  /** The in-play fixtures' updates, prices, stale prices and update-to-price latency. */
  inPlay?: InPlayOutcomes;
  /** Per-subsegment X-Ray summary when run with `--xray`. */
  xray?: unknown;
  /** `--faults` (configuration C): per-fault windows and the lost-writes check. */
  faults?: FaultReport;
  /** CPU seconds by process role during the measured traffic, and the whole machine's busy time (Linux `/proc`). */
  cpu?: CpuUsage;
  /** Time inside the price handler (the container's measure) during the traffic: the rest of a request's latency is
   * the pool's queue, IPC and the HTTP front. */
  handlerMs?: { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  /** Seeding and verifying the fixtures through the API (primer included in C). */
  seedingMs?: number;
  /** The requests scheduled in the first seconds of the run: where a warm-up storm shows. */
  firstSeconds?: { seconds: number; count: number; p95Ms: number };
  /** Latency of the requests scheduled after the first seconds (min(10 s, duration/6)): every container's
   * L1 starts empty, so the first seconds are a warm-up transient; this is the steady state. */
  steady?: { fromSecond: number; count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  /** Per scheduled second of the run: requests, p50, p95 and max latency (ms). */
  timeline?: { second: number; requests: number; p50Ms: number; p95Ms: number; maxMs: number }[];
  distribution: LatencyDistribution;
}

export interface GoalCheck {
  goal: string;
  pass: boolean;
  detail: string;
}

export interface LoadTestReport {
  tool: 'betbuilder-loadtest';
  generatedAt: string;
  command: string;
  mode: 'local' | 'target';
  target?: string;
  /** The run's options as given (the traffic's shape; `configs` may be `['target']`). */
  params: Pick<LoadTestOptions, TrafficParam> & {
    configs: string[];
    /** DAX stand-in item TTL (local mode; 0 = none). */
    daxItemTtlMs?: number;
    /** `--env` overrides given to the containers. */
    containerEnv?: Record<string, string>;
    /** Share of the fixtures in play. */
    inPlayShare?: number;
    /** Bet placement: share of priced bets verified, and the delay (ms). */
    verifyShare?: number;
    verifyDelayMs?: number;
    /** `--scaling`: the fixture counts configuration C ran at (then a deploy at the largest). */
    scaling?: number[];
    /** `--faults`: the schedule (ms from the start of the traffic). */
    faults?: { name: string; kind: string; startMs: number; endMs: number }[];
  };
  machine: { cpus: number; loadAvg1m: number; node: string; platform: string; note: string };
  configurations: ConfigResult[];
  goals: GoalCheck[];
}
