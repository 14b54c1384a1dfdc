import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiClient } from './ApiClient';
import { MetricTotals } from './emf';
import { startApiFront } from './local/apiFront';
import { DaxStandIn, type DaxStandInStats } from './local/DaxStandIn';
// The table's definition only, not the package's index: the index loads Powertools Tracer, whose X-Ray SDK installs
// async hooks that make every promise of the load generator and the API front ~15× dearer (measured: 200k awaits take
// 216 ms instead of 15 ms), a harness cost F and C would both carry.
import { opinionTableCreateInput } from '@betbuilder/pricing-lambda/src/opinionTable';
import {
  createOpinionsTable,
  FunctionPool,
  StreamDispatcher,
  toStreamRecord,
  type FunctionPoolOptions,
} from '@betbuilder/test-harness';
import { DynaliteServer, flushRedis, RedisServer } from './local/services';
import { planTraffic, type TrafficPlan } from './plan';
import { bundleHandler } from './pool/bundle';
import { createProgress } from './progress';
import { startCpuWindow, type CpuUsage } from './cpuUsage';
import { LatencyRecorder } from './LatencyRecorder';
import { analyseFaults, checkLostWrites, injectFaults, planFaults } from './faults';
import { evaluateGoals } from './report';
import type { FaultReport, PriceSample } from './types/faults';
import { runTraffic, type TrafficResult } from './runTraffic';
import { seedFixtures, verifySeeding, type StoredOpinion } from './seed';
import { createSigV4Signer, regionFromUrl } from '@betbuilder/client';
import type { ConfigName, LoadTestOptions } from './types/options';
import type { ConfigResult, LoadTestReport, TierName } from './types/report';

/**
 * The three designs the experiment compares: the model cache (`tiered` is the deployed one; the baselines are
 * injected by their own price entries in `src/baselines`) plus the primer.
 */
export const CONFIGS: Record<
  ConfigName,
  { cacheMode: 'l1' | 'redis-json' | 'tiered'; primer: boolean; label: string; floor?: boolean }
> = {
  A: { cacheMode: 'l1', primer: false, label: 'A: in-process L1 only' },
  B: { cacheMode: 'redis-json', primer: false, label: 'B: shared Redis, JSON' },
  C: { cacheMode: 'tiered', primer: true, label: 'C: binary L1+L2, coalescing, primer' },
  // The floor: everything but the service (the price function only parses the request and answers a fixed body).
  F: { cacheMode: 'l1', primer: false, label: 'F: floor (parse, fixed body)', floor: true },
};

/** The primer function's timeout in AWS (infra/cdk ApiStack: 60 s). */
export const PRIMER_TIMEOUT_MS = 60_000;

/** Configuration F's price handler (bundled like the real ones). */
export const FLOOR_HANDLER = resolve(__dirname, 'floor/floorHandler.ts');

/** Where the handler modules live (the same files CDK bundles). */
export const HANDLERS_DIR = resolve(__dirname, '../../../apps/pricing-lambda/src/handlers');

/** The baselines' price entries: the real price handler with another model cache injected (`RuntimeOverrides.models`). */
const BASELINE_PRICE_ENTRIES = {
  l1: resolve(__dirname, 'baselines/priceL1Only.ts'),
  'redis-json': resolve(__dirname, 'baselines/priceRedisJson.ts'),
} as const;

export interface XrayHook {
  /** Starts a local daemon; returns the env the containers need and a finisher that returns a summary. */
  start(
    label: string,
  ): Promise<{ env: Record<string, string>; traceHeader: () => string; stop(): Promise<unknown> }>;
}

export interface ExperimentIo {
  log: (line: string) => void;
  progressStream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  xray?: XrayHook;
  command: string;
}

const TABLE = 'opinions';

/**
 * Priorities on a shared machine: a CPU-bound configuration (A builds every model in every container)
 * must queue in its containers, as it would in Lambda, not stall the load generator and the API front
 * (whose lag would otherwise be added to every latency), nor dynalite and redis-server (which in AWS
 * do not share the functions' CPUs). So the load test raises itself and those two services to nice -5
 * when it may (root), and runs the containers 5 steps nicer than itself, i.e. at the machine's normal
 * priority, level with other work. Without permission everything stays level and the containers nicer.
 */
export const CONTAINER_NICENESS = 5;
const SERVICE_PRIORITY = -5;

function raisePriority(pid: number | undefined): void {
  try {
    if (pid === undefined) setPriority(SERVICE_PRIORITY);
    else setPriority(pid, getPriority());
  } catch {
    // not permitted: keep the default priority
  }
}

/** Handler bundles and the containers' log. */
export const BUILD_DIR = resolve(__dirname, '../../../node_modules/.cache/betbuilder-loadtest');

function emptyHits(): Record<TierName, number> {
  return { L1: 0, L2: 0, COMPUTED: 0, STALE: 0, UNKNOWN: 0 };
}

/** The seconds at the start of a run that show a warm-up storm (cold L1, expired pointers). */
export const FIRST_SECONDS = 5;

function pickPercentiles(d: { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }) {
  return { p50Ms: d.p50Ms, p95Ms: d.p95Ms, p99Ms: d.p99Ms, maxMs: d.maxMs };
}

/** p95 of the requests scheduled in the first `seconds` of the run. */
function firstSeconds(
  samples: readonly PriceSample[],
  seconds: number,
): { seconds: number; count: number; p95Ms: number } {
  const ms = samples
    .filter((x) => x.scheduledMs < seconds * 1000)
    .map((x) => x.latencyMs)
    .sort((a, b) => a - b);
  const p95 = ms.length === 0 ? 0 : ms[Math.min(ms.length - 1, Math.ceil(0.95 * ms.length) - 1)]!;
  return { seconds, count: ms.length, p95Ms: Math.round(p95 * 1000) / 1000 };
}

function toConfigResult(
  name: string,
  label: string,
  cacheMode: string,
  primer: boolean,
  t: TrafficResult,
  extra: Partial<ConfigResult> &
    Pick<
      ConfigResult,
      'hits' | 'computes' | 'computesOnRequest' | 'containers' | 'coldStarts' | 'fixtureVersions'
    >,
): ConfigResult {
  const dist = t.recorder.summary();
  const known = extra.hits.L1 + extra.hits.L2 + extra.hits.COMPUTED + extra.hits.STALE;
  return {
    name,
    label,
    cacheMode,
    primer,
    requests: t.requests,
    errors: t.errors,
    noPrice: t.noPrice,
    errorsByCode: t.errorsByCode,
    p50Ms: dist.p50Ms,
    p90Ms: dist.p90Ms,
    p95Ms: dist.p95Ms,
    p99Ms: dist.p99Ms,
    maxMs: dist.maxMs,
    meanMs: dist.meanMs,
    hitRatio: known === 0 ? 0 : (extra.hits.L1 + extra.hits.L2 + extra.hits.STALE) / known,
    updates: t.updates,
    updateErrors: t.updateErrors,
    primed: 0,
    primerErrors: 0,
    maxSendLagMs: t.maxSendLagMs,
    timeline: t.timeline,
    steady: t.steady,
    distribution: dist,
    ...extra,
  };
}

/** What every configuration of one local run shares: Redis, the handler bundles, the containers' log, the quote key. */
interface LocalShared {
  redis: RedisServer;
  bundles: {
    price: string;
    opinion: string;
    primer: string;
    verifyQuote: string;
    floor: string;
    baselinePrice: Record<'l1' | 'redis-json', string>;
  };
  logFile: string;
  /** The quote key ring's JSON (`QUOTE_KEYS`): every container of the run signs and verifies with it. */
  quoteKeys: string;
}

type Config = (typeof CONFIGS)[ConfigName];
type Cleanups = (() => Promise<unknown>)[];

/** The local AWS services of one configuration: a fresh dynalite with the table, flushed Redis, X-Ray, the DAX stand-in. */
interface LocalServices {
  dynamo: DynaliteServer;
  dax: DaxStandIn | undefined;
  xray: Awaited<ReturnType<XrayHook['start']>> | undefined;
  /** The environment of every container. */
  env: Record<string, string>;
}

async function startServices(
  cfg: Config,
  o: LoadTestOptions,
  shared: LocalShared,
  io: ExperimentIo,
  cleanups: Cleanups,
): Promise<LocalServices> {
  const dynamo = await DynaliteServer.start({ mode: 'process' });
  raisePriority(dynamo.pid);
  cleanups.push(() => dynamo.stop());
  await createOpinionsTable(dynamo.endpoint, TABLE, { table: opinionTableCreateInput(TABLE) });
  await flushRedis(shared.redis.port);
  const xray = io.xray ? await io.xray.start(cfg.label) : undefined;
  if (xray) cleanups.unshift(() => xray.stop());
  // The deployed price path reads opinions through DAX (item cache, 1 s TTL; writes bypass it): a local stand-in
  // plays that part in front of dynalite, for every configuration alike.
  const dax = o.daxItemTtlMs > 0 ? await DaxStandIn.start(dynamo.endpoint, o.daxItemTtlMs) : undefined;
  if (dax) {
    raisePriority(dax.pid);
    cleanups.unshift(() => dax.stop());
  }
  const env: Record<string, string> = {
    TABLE_NAME: TABLE,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // Eventually consistent reads through the DAX stand-in, writes and consistent reads straight to dynalite: DAX passes
    // those through to DynamoDB in AWS, and the deployed code sends them to DynamoDB itself (ADR 0027).
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    ...(dax ? { DAX_HTTP_ENDPOINT: dax.endpoint } : {}),
    REDIS_URL: shared.redis.url,
    // The deployed price function's L1 (infra/cdk ApiStack: memory / 8 of its 1,769 MB): with the 64 MB default a
    // container holds ~190 models, fewer than a sportsbook's hot set, and the load test would measure evictions AWS has
    // not. `--env MODEL_L1_MAX_MB=…` overrides it.
    MODEL_L1_MAX_MB: '221',
    POWERTOOLS_SERVICE_NAME: 'pricing',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_TRACE_ENABLED: xray ? 'true' : 'false',
    NODE_OPTIONS: '--enable-source-maps',
    // Price containers sign quotes and the verify containers open them: one key for all (as the secret in AWS).
    QUOTE_KEYS: shared.quoteKeys,
    ...(xray?.env ?? {}),
    ...o.containerEnv,
  };
  return { dynamo, dax, xray, env };
}

/** The configuration's functions, each a Lambda-like container pool running its handler bundle. */
interface LocalFunctions {
  price: FunctionPool;
  opinion: FunctionPool;
  verify: FunctionPool | undefined;
  primer: FunctionPool | undefined;
  priceMetrics: MetricTotals;
  primerMetrics: MetricTotals;
  /** While true, the price containers' metric lines are counted instead of logged. */
  measure(on: boolean): void;
  measuring(): boolean;
}

function startFunctions(
  name: ConfigName,
  cfg: Config,
  o: LoadTestOptions,
  shared: LocalShared,
  services: LocalServices,
  cleanups: Cleanups,
): LocalFunctions {
  const { env, xray } = services;
  let measuring = false;
  const priceMetrics = new MetricTotals();
  const primerMetrics = new MetricTotals();
  const sink = (fn: string) => (line: string, id: number, stream: string) => {
    appendFileSync(shared.logFile, `${name} ${fn}#${id} ${stream}: ${line}\n`);
  };
  const priceSink = sink('price');
  const primerSink = sink('primer');
  const pool = (
    fn: string,
    bundleFile: string,
    maxContainers: number,
    onLine: NonNullable<FunctionPoolOptions['onLine']>,
    extra: Partial<FunctionPoolOptions> = {},
  ) =>
    new FunctionPool({
      name: `pricing-${fn}`,
      bundleFile,
      env,
      maxContainers,
      niceness: CONTAINER_NICENESS,
      onLine,
      ...(xray ? { traceHeader: xray.traceHeader } : {}),
      ...extra,
    });
  const price = pool(
    'price',
    cfg.floor
      ? shared.bundles.floor
      : cfg.cacheMode === 'tiered'
        ? shared.bundles.price
        : shared.bundles.baselinePrice[cfg.cacheMode],
    o.containers,
    (line, id, stream) => {
      // LT_LOG_ALL=1: the metric lines (one per request, timestamped) stay in the log too, for a view by the second.
      if (!(measuring && priceMetrics.addLine(line)) || process.env.LT_LOG_ALL === '1')
        priceSink(line, id, stream);
    },
  );
  const opinion = pool('opinion', shared.bundles.opinion, 2, sink('opinion'));
  const verify =
    o.verifyShare > 0 ? pool('verify-quote', shared.bundles.verifyQuote, 2, sink('verify')) : undefined;
  const primer = cfg.primer
    ? pool(
        'primer',
        shared.bundles.primer,
        1,
        (line, id, stream) => {
          if (!primerMetrics.addLine(line)) primerSink(line, id, stream);
        },
        // The deployed primer's timeout (infra ApiStack): the handler keeps PRIMER_RESERVE_MS (10 s) of it back,
        // so with the pool's 10 s default it would leave every record for the retry.
        { timeoutMs: PRIMER_TIMEOUT_MS },
      )
    : undefined;
  cleanups.unshift(
    () => price.stop(),
    () => opinion.stop(),
    () => primer?.stop() ?? Promise.resolve(),
    () => verify?.stop() ?? Promise.resolve(),
  );
  return {
    price,
    opinion,
    verify,
    primer,
    priceMetrics,
    primerMetrics,
    measure: (on) => (measuring = on),
    measuring: () => measuring,
  };
}

/** The table's stream into the primer, as the event source mapping delivers it; undefined without a primer. */
interface PrimerStream {
  prime(item: StoredOpinion, eventName: 'INSERT' | 'MODIFY'): Promise<void>;
  stats(): { primed: number; primerErrors: number; primerRetries: number };
}

function startPrimerStream(
  name: ConfigName,
  primer: FunctionPool | undefined,
  logFile: string,
): PrimerStream | undefined {
  if (!primer) return undefined;
  // Like the deployed DynamoDB Streams event source mapping (PRIMER_STREAM_MAPPING): failed batches are retried
  // (100 ms apart here), bisected on a function error, and a record out of attempts counts as a primer error.
  const stream = new StreamDispatcher({
    target: primer,
    onAttemptFailed: (f) =>
      appendFileSync(
        logFile,
        `${name} primer attempt ${f.attempt} failed (${f.records} records): ${f.reason}\n`,
      ),
  });
  const lastStored = new Map<string, StoredOpinion>();
  return {
    prime: async (item, eventName) => {
      const previous = lastStored.get(item.fixtureId);
      lastStored.set(item.fixtureId, item);
      await stream.publish(toStreamRecord(item, eventName, previous ? { oldItem: previous } : {}));
    },
    stats: () => {
      const s = stream.stats();
      return { primed: s.delivered, primerErrors: s.dropped, primerRetries: s.retries };
    },
  };
}

/** Seeds the plan's fixtures through the opinion function (priming each), verifies them; returns what was stored. */
async function seed(
  api: ApiClient,
  plan: TrafficPlan,
  stream: PrimerStream | undefined,
  io: ExperimentIo,
): Promise<{ stored: StoredOpinion[]; seedingMs: number }> {
  const t0 = performance.now();
  const stored = await seedFixtures(api, plan.opinions, {
    concurrency: 4,
    ...(stream ? { afterWrite: (item) => stream.prime(item, 'INSERT') } : {}),
  });
  await verifySeeding(api, plan.opinions, { concurrency: 4 });
  const seedingMs = Math.round(performance.now() - t0);
  const primer = stream?.stats();
  io.log(
    `seeded and verified ${stored.length} fixtures through the opinion handler in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
      (primer ? ` (primer built ${primer.primed}, ${primer.primerErrors} failed)` : ''),
  );
  return { stored, seedingMs };
}

/** The keep-warm rule: warm containers before traffic (their cold starts are not part of the run). */
async function warmUp(price: FunctionPool, o: LoadTestOptions, io: ExperimentIo): Promise<void> {
  if (o.warm <= 0) return;
  const tw = performance.now();
  await price.warm(o.warm);
  io.log(
    `keep-warm: ${price.size} price containers warm in ${((performance.now() - tw) / 1000).toFixed(1)} s`,
  );
}

/** The plan's traffic, with the fault schedule injected when asked (configuration C); then the lost-write check. */
async function measureTraffic(
  name: ConfigName,
  cfg: Config,
  plan: TrafficPlan,
  o: LoadTestOptions,
  ctx: {
    api: ApiClient;
    shared: LocalShared;
    services: LocalServices;
    fns: LocalFunctions;
    stream: PrimerStream | undefined;
    stored: StoredOpinion[];
    io: ExperimentIo;
  },
): Promise<{
  t: TrafficResult;
  samples: PriceSample[];
  faultReport: FaultReport | undefined;
  cpuUsage: CpuUsage;
}> {
  const { api, fns, stream, stored, io } = ctx;
  // Every acknowledged write (seeded or updated), the last version per fixture: --faults checks none is lost.
  const acknowledged = new Map<string, StoredOpinion>(stored.map((x) => [x.fixtureId, x]));
  const withFaults = o.faults && name === 'C';
  const samples: PriceSample[] = [];
  const { faults: planned } = planFaults(o.faultPauseS);
  fns.measure(true);
  const cpu = startCpuWindow();
  let settledCpu: CpuUsage | undefined;
  const injected = withFaults
    ? injectFaults(
        planned,
        {
          redis: ctx.shared.redis,
          dynamo: ctx.services.dynamo,
          killBusyContainer: () => fns.price.killBusyContainer(),
        },
        io.log,
      )
    : Promise.resolve();
  const t = await runTraffic(api, plan, {
    label: cfg.label,
    stored,
    progress: createProgress(io.progressStream),
    containers: () => fns.price.size,
    ...(stream ? { afterUpdate: (item) => stream.prime(item, 'MODIFY') } : {}),
    verify: { share: o.verifyShare, delayMs: o.verifyDelayMs },
    onWrite: (item) => {
      if ((acknowledged.get(item.fixtureId)?.inputsVersion ?? 0) < item.inputsVersion)
        acknowledged.set(item.fixtureId, item);
    },
    onPrice: (sample: PriceSample) => samples.push(sample),
    // The quotes' acceptance checks rebuild models in this process: the test's analysis, not the service's CPU.
    onSettled: () => (settledCpu ??= cpu.stop()),
  });
  await injected;
  const cpuUsage = settledCpu ?? cpu.stop();
  fns.measure(false);
  let faultReport: FaultReport | undefined;
  if (withFaults) {
    const lostWrites = await checkLostWrites(api, acknowledged);
    faultReport = { ...analyseFaults(samples, planned), lostWrites };
    io.log(
      `lost writes: ${lostWrites.lost} of ${lostWrites.acknowledged} fixtures' last acknowledged writes; ${lostWrites.unpriced} not priced at their stored version`,
    );
  }
  return { t, samples, faultReport, cpuUsage };
}

/** Cache sources as the price containers' EMF metrics counted them; what no metric explains is UNKNOWN. */
function hitsFrom(priceMetrics: MetricTotals, t: TrafficResult): Record<TierName, number> {
  const hits = emptyHits();
  hits.L1 = priceMetrics.sum('CacheSourceL1');
  hits.L2 = priceMetrics.sum('CacheSourceL2');
  hits.COMPUTED = priceMetrics.sum('CacheSourceCOMPUTED');
  hits.STALE = priceMetrics.sum('CacheSourceSTALE');
  hits.UNKNOWN = Math.max(
    0,
    t.requests - t.errors - t.noPrice - (hits.L1 + hits.L2 + hits.COMPUTED + hits.STALE),
  );
  return hits;
}

function daxDelta(before: DaxStandInStats | undefined, after: DaxStandInStats | undefined) {
  return before && after
    ? {
        hits: after.hits - before.hits,
        misses: after.misses - before.misses,
        passes: after.passes - before.passes,
        errors: after.errors - before.errors,
      }
    : undefined;
}

/**
 * Runs one configuration on the local Lambda-like pool: fresh dynalite (own process) + flushed Redis,
 * price/opinion(/primer) container pools running the real handler bundles, fixtures seeded through the
 * opinion handler and verified, then the plan's traffic.
 */
async function runLocalConfig(
  name: ConfigName,
  plan: TrafficPlan,
  o: LoadTestOptions,
  shared: LocalShared,
  io: ExperimentIo,
  as: { name: string; label: string } = { name, label: CONFIGS[name].label },
): Promise<ConfigResult & { xray?: unknown }> {
  const cfg = { ...CONFIGS[name], label: as.label };
  io.log(
    `\n== ${cfg.label} (model cache ${cfg.cacheMode}${cfg.primer ? ', stream primer on writes' : ''}) ==`,
  );
  const cleanups: Cleanups = [];
  try {
    const services = await startServices(cfg, o, shared, io, cleanups);
    const fns = startFunctions(name, cfg, o, shared, services, cleanups);
    // Time inside the price handler (the container's own measure) vs end to end: the rest is queueing and the harness.
    const handlerTime = new LatencyRecorder(`${cfg.label} (in the handler)`);
    const front = await startApiFront({
      onInvoke: (fn, outcome) => {
        // A function error (502/504 at the front) leaves its reason in the containers' log: the container's own
        // lines may not say why (a crash, a timeout).
        if (outcome instanceof Error)
          appendFileSync(
            shared.logFile,
            `${name} ${fn} invoke failed: ${outcome.name}: ${outcome.message}\n`,
          );
        else if (fn === 'price' && fns.measuring()) handlerTime.record(outcome.durationMs);
      },
      price: fns.price,
      opinion: fns.opinion,
      ...(fns.verify ? { verify: fns.verify } : {}),
    });
    cleanups.unshift(() => front.stop());
    const api = new ApiClient({ baseUrl: front.url, timeoutMs: 30_000 });
    cleanups.unshift(() => Promise.resolve(api.close()));
    const stream = startPrimerStream(name, fns.primer, shared.logFile);

    const { stored, seedingMs } = await seed(api, plan, stream, io);
    const atSeed = stream?.stats() ?? { primed: 0, primerErrors: 0 };
    await warmUp(fns.price, o, io);
    const before = fns.price.stats();
    const daxBefore = services.dax ? await services.dax.stats() : undefined;
    const { t, samples, faultReport, cpuUsage } = await measureTraffic(name, cfg, plan, o, {
      api,
      shared,
      services,
      fns,
      stream,
      stored,
      io,
    });

    const ps = fns.price.stats();
    // Every model build records one ModelBuildTime data point (apps/pricing-lambda/src/buildModel.ts), in the
    // price containers (misses) and in the primer (compute on write), seeding included for the primer.
    const priceComputes = fns.priceMetrics.count('ModelBuildTime');
    const primerComputes = fns.primerMetrics.count('ModelBuildTime');
    // A section missing beside a cached core is built under its own lock (ADR 0035): counted apart.
    const sectionBuilds =
      fns.priceMetrics.count('ModelSectionBuildTime') + fns.primerMetrics.count('ModelSectionBuildTime');
    const xraySummary = services.xray ? await services.xray.stop() : undefined;
    const daxStandIn = daxDelta(daxBefore, services.dax ? await services.dax.stats() : undefined);
    return {
      ...toConfigResult(as.name, cfg.label, cfg.cacheMode, cfg.primer, t, {
        hits: hitsFrom(fns.priceMetrics, t),
        computesOnRequest: priceComputes,
        computes: priceComputes + primerComputes,
        sectionBuilds,
        fixtureVersions: stored.length + t.updates + (t.inPlay?.updates ?? 0),
        containers: ps.containers,
        coldStarts: ps.coldStarts - before.coldStarts,
        warmedContainers: before.containers,
      }),
      ...(stream?.stats() ?? { primed: 0, primerErrors: 0, primerRetries: 0 }),
      ...(t.quotes !== undefined ? { quotes: t.quotes } : {}),
      ...(t.inPlay !== undefined ? { inPlay: t.inPlay } : {}),
      primedAtSeed: atSeed.primed,
      primerErrorsAtSeed: atSeed.primerErrors,
      coldStartInitMs: ps.initMs.map((x) => Math.round(x)),
      queuedRequests: ps.queued - before.queued,
      queueTimeouts: ps.queueTimeouts - before.queueTimeouts,
      handlerMetrics: fns.priceMetrics.toJSON(),
      primerMetrics: fns.primerMetrics.toJSON(),
      ...(daxStandIn !== undefined ? { daxStandIn } : {}),
      ...(faultReport !== undefined ? { faults: faultReport } : {}),
      seedingMs,
      cpu: cpuUsage,
      handlerMs: pickPercentiles(handlerTime.summary()),
      firstSeconds: firstSeconds(samples, FIRST_SECONDS),
      ...(xraySummary !== undefined ? { xray: xraySummary } : {}),
    };
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
  }
}

/**
 * Runs the whole load test: locally, each requested configuration of the experiment in turn on the
 * same traffic plan; with `target`, the same traffic against a deployed API (seeded with SigV4-signed
 * PUTs). Returns the report (the caller writes it).
 *
 * @example
 * const report = await runLoadTest(options, { log: console.log, progressStream: process.stderr, command: 'npm run loadtest' });
 */
export async function runLoadTest(o: LoadTestOptions, io: ExperimentIo): Promise<LoadTestReport> {
  const plan = planTraffic(o);
  io.log(
    `plan: ${plan.bets.length} price requests over ${o.durationS} s (${o.ratePerSec}/s ${o.arrival}), ${plan.updateOffsetsMs.length} opinion updates, ${o.fixtures} fixtures, seed ${o.seed}`,
  );
  const configurations: ConfigResult[] = [];
  if (o.target) {
    configurations.push(await runTarget(plan, o, io));
  } else {
    // Under node_modules/.cache: ignored by git, ESLint and Prettier, and the bundles' external
    // @aws-sdk/* imports resolve from the workspace's node_modules like Lambda's runtime SDK.
    const buildDir = BUILD_DIR;
    mkdirSync(buildDir, { recursive: true });
    const logFile = join(buildDir, 'containers.log');
    writeFileSync(logFile, ''); // this run's lines only
    const t0 = performance.now();
    const [price, opinion, primer, verifyQuote, priceL1, priceRedisJson, floor] = await Promise.all(
      [
        ...['price.ts', 'opinion.ts', 'primer.ts', 'verifyQuote.ts'].map((f) => join(HANDLERS_DIR, f)),
        BASELINE_PRICE_ENTRIES.l1,
        BASELINE_PRICE_ENTRIES['redis-json'],
        FLOOR_HANDLER,
      ].map((entry) => bundleHandler(entry, join(buildDir, 'bundles'))),
    );
    io.log(
      `bundled the handlers with esbuild in ${Math.round(performance.now() - t0)} ms; container logs: ${logFile}`,
    );
    raisePriority(undefined);
    // One quote key for the whole run, given to every container (in AWS: the Secrets Manager secret).
    const quoteKeys = JSON.stringify({ kid: 'loadtest', key: randomBytes(32).toString('base64url') });
    const redis = await RedisServer.start();
    raisePriority(redis.pid);
    const shared = {
      redis,
      bundles: {
        price: price!,
        opinion: opinion!,
        primer: primer!,
        verifyQuote: verifyQuote!,
        floor: floor!,
        baselinePrice: { l1: priceL1!, 'redis-json': priceRedisJson! },
      },
      logFile,
      quoteKeys,
    };
    try {
      if (o.scaling.length > 0) {
        // The same C at each fixture count (fresh store, flushed Redis, warm containers), then a deploy at the largest:
        // every container cold (none warmed), L2 filled by the primer during seeding.
        for (const fixtures of o.scaling) {
          const scaled = { ...o, fixtures };
          configurations.push(
            await runLocalConfig('C', planTraffic(scaled), scaled, shared, io, {
              name: `C@${fixtures}`,
              label: `C, ${fixtures} fixtures`,
            }),
          );
        }
        const largest = { ...o, fixtures: Math.max(...o.scaling), warm: 0 };
        configurations.push(
          await runLocalConfig('C', planTraffic(largest), largest, shared, io, {
            name: `C@${largest.fixtures} deploy`,
            label: `C, ${largest.fixtures} fixtures, deploy (all cold, L2 warm)`,
          }),
        );
      } else {
        for (const name of o.configs) configurations.push(await runLocalConfig(name, plan, o, shared, io));
      }
    } finally {
      await redis.stop();
    }
  }
  return {
    tool: 'betbuilder-loadtest',
    generatedAt: new Date().toISOString(),
    command: io.command,
    mode: o.target ? 'target' : 'local',
    ...(o.target ? { target: o.target } : {}),
    params: {
      durationS: o.durationS,
      ratePerSec: o.ratePerSec,
      fixtures: o.fixtures,
      containers: o.containers,
      warm: o.warm,
      seed: o.seed,
      updateRatePerSec: o.updateRatePerSec,
      arrival: o.arrival,
      zipfS: o.zipfS,
      configs: o.target ? ['target'] : o.configs,
      ...(o.faults ? { faults: planFaults(o.faultPauseS).faults } : {}),
      ...(o.scaling.length > 0 ? { scaling: o.scaling } : {}),
      ...(o.target ? {} : { daxItemTtlMs: o.daxItemTtlMs }),
      containerEnv: o.containerEnv,
      verifyShare: o.verifyShare,
      verifyDelayMs: o.verifyDelayMs,
      inPlayShare: o.inPlayShare,
    },
    machine: {
      cpus: cpus().length,
      loadAvg1m: loadavg()[0] ?? 0,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      note: o.target
        ? 'Latencies include the network path from this machine to the API.'
        : 'Load generator, API front, every container, dynalite and redis-server share this machine; compare configurations within one run.',
    },
    configurations,
    goals: o.target ? [] : evaluateGoals(configurations),
  };
}

async function runTarget(plan: TrafficPlan, o: LoadTestOptions, io: ExperimentIo): Promise<ConfigResult> {
  const url = new URL(o.target!);
  const region = o.region ?? regionFromUrl(url) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region)
    throw new Error('--target needs a region: pass --region, set AWS_REGION, or use an execute-api URL');
  const api = new ApiClient({ baseUrl: o.target!, signer: createSigV4Signer({ region }), timeoutMs: 30_000 });
  try {
    let stored: StoredOpinion[];
    if (o.skipSeed) {
      stored = [];
    } else {
      const t0 = performance.now();
      stored = await seedFixtures(api, plan.opinions, { concurrency: 8 });
      io.log(
        `seeded ${stored.length} fixtures with SigV4-signed PUTs in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    await verifySeeding(api, plan.opinions, { concurrency: 8 });
    io.log(`verified ${plan.opinions.length} fixtures`);
    const t = await runTraffic(api, plan, {
      label: `target ${url.host}`,
      stored,
      progress: createProgress(io.progressStream),
      verify: { share: o.verifyShare, delayMs: o.verifyDelayMs },
    });
    const hits = emptyHits();
    hits.UNKNOWN = t.requests - t.errors - t.noPrice;
    return toConfigResult('target', `target ${url.host}`, 'remote', false, t, {
      hits,
      computes: null,
      computesOnRequest: null,
      fixtureVersions: plan.opinions.length + t.updates + (t.inPlay?.updates ?? 0),
      containers: 0,
      coldStarts: 0,
      ...(t.quotes !== undefined ? { quotes: t.quotes } : {}),
      ...(t.inPlay !== undefined ? { inPlay: t.inPlay } : {}),
    });
  } finally {
    api.close();
  }
}
