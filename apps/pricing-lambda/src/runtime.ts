import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TimeoutError, type RedisClient, type TieredCacheHooks } from '@betbuilder/cache';
import { sectionOf } from '@betbuilder/pricing-model';
import { CachedOpinionReader } from './CachedOpinionReader';
import { CurrentVersions } from './CurrentVersions';
import { loadConfig } from './config';
import {
  createModelCache,
  L1_WRITE_BACK_CONCURRENCY,
  L1_WRITE_BACK_CORES,
  L1_WRITE_BACK_ENTRIES,
  type ModelCacheFactory,
} from './modelCache';
import { ModelStore } from './ModelStore';
import { createObservability, traceAsync } from './observability';
import { OpinionStore } from './OpinionStore';
import { createQuoteSigner } from './quotes/createQuoteSigner';
import type { QuoteKeySource } from './quotes/quoteKeys';
import type { QuoteSigner } from './quotes/QuoteSigner';
import { watchL2Epoch } from './l2Epoch';
import { createRedis, ensureRedisReady as ensureRedis } from './redis';
import {
  createDocumentClient,
  daxClientFactory,
  type StoreRuntime,
  type StoreRuntimeOverrides,
} from './storeRuntime';
import type { Config } from './types/config';

/** Everything one container builds once and shares across invocations (and, locally, across handlers). */
export interface Runtime extends StoreRuntime {
  /** The price path's reads: short L1 cache in front of the store (and the current-version pointers). */
  readonly opinions: CachedOpinionReader;
  /** Shared current-version pointers (with Redis, CURRENT_VERSION_TTL_MS > 0 and the deployed cache), else undefined. */
  readonly versions: CurrentVersions | undefined;
  /**
   * The fixture models, as their two cached sections (core, halves), over the fixture-model cache (the deployed design
   * unless `RuntimeOverrides.models` swapped in another).
   */
  readonly models: ModelStore;
  /** Undefined when no Redis is configured. */
  readonly redis: RedisClient | undefined;
  /** Signs and opens quote tokens (keys from Secrets Manager, or generated at start without QUOTE_KEY_SECRET_ARN). */
  readonly quotes: QuoteSigner;
  /** True once Redis is connected (false without Redis or after the dependency timeout). */
  ensureRedisReady(): Promise<boolean>;
  /**
   * What every handler's warm-up does: opens the Redis connection and reads a key no fixture has through the opinion
   * store ({@link OpinionStore.prewarm}: opens the DynamoDB or DAX connection). Bounded by the dependency timeout; never
   * throws. The price handler then also runs its price path once ({@link PriceService.warmUp}).
   */
  warmUp(): Promise<void>;
  /** Closes the cache and the Redis connection (tests and the local server; Lambda never calls it). */
  close(): Promise<void>;
}

/** The store runtime's overrides (observability, DynamoDB and DAX clients), and the rest of the price path's. */
export interface RuntimeOverrides extends StoreRuntimeOverrides {
  /** An existing Redis client (closed by its owner, not by `close()`). */
  readonly redis?: RedisClient;
  readonly secrets?: () => SecretsManagerClient;
  /** Replaces the quote keys (tests: a known ring, a rotation). */
  readonly quoteKeys?: QuoteKeySource;
  /** The quotes' clock, ms since the epoch (tests move it instead of sleeping). */
  readonly now?: () => number;
  /**
   * Another fixture-model cache design, built from this container's parts (the load test's baselines: in-process only,
   * Redis with JSON). The current-version pointers belong to the deployed design and are off with it.
   */
  readonly models?: ModelCacheFactory;
}

/**
 * Builds the container's clients from the config: DynamoDB (and DAX) document clients with bounded timeouts and retries,
 * the opinion store and its L1 cache, the Redis client and the fixture-model cache, and the Powertools utilities.
 *
 * @example
 * const runtime = createRuntime(loadConfig());
 * export const handler = createPriceHandler(runtime);
 */
export function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Runtime {
  const obs = overrides.observability ?? createObservability(config);
  const { logger, tracer } = obs;
  const timeoutMs = config.dependencyTimeoutMs;

  const dynamo = overrides.dynamo ?? createDocumentClient(config, tracer);
  const dax = overrides.dax ?? daxClientFactory(config);

  const store = new OpinionStore({
    tableName: config.tableName,
    dynamo,
    ...(dax !== undefined ? { dax } : {}),
    timeoutMs,
    logger,
  });

  const ownsRedis = overrides.redis === undefined && config.redis !== undefined;
  let secretsClient: SecretsManagerClient | undefined;
  const secrets =
    overrides.secrets ??
    (() =>
      (secretsClient ??= tracer.instrumentAwsClient(new SecretsManagerClient({ region: config.region }))));
  const redis =
    overrides.redis ??
    (config.redis !== undefined
      ? createRedis(config.redis, {
          logger,
          connectTimeoutMs: timeoutMs,
          // Only a backstop for a frozen server: the cache and the pointers bound every call themselves, and a model
          // read may wait up to the dependency timeout for a slow Redis rather than build (l2PatienceMs below), so
          // the client must not end it sooner.
          commandTimeoutMs: Math.max(timeoutMs, config.modelL2TimeoutMs) + 200,
          secrets,
        })
      : undefined);
  if (redis === undefined && overrides.models === undefined) {
    // Info, not a warning: the opinion function runs without Redis on purpose (its model cache is never used).
    logger.info('no Redis configured: the model cache is in-process only');
  }

  const hooks: TieredCacheHooks = {
    // 'compute' gets no subsegment of its own: the model's sections (model.goals, ...) are traced inside it.
    trace: (name, fn) => (name === 'compute' ? fn() : traceAsync(tracer, name, fn)),
    onEvent: (e) => {
      if (e.type === 'corrupt') logger.warn('corrupt cache entry ignored', { key: e.key, code: e.code });
      else if (e.type === 'breaker') {
        logger.warn('redis circuit breaker changed state', { state: e.state });
        if (e.state === 'open') obs.metrics.addMetric('CacheL2BreakerOpened', MetricUnit.Count, 1);
      } else if (e.type === 'l2-error') {
        // Why a model was not read from L2: a slow answer (timeout) and an unusable one (error) call for different cures.
        const kind = e.error instanceof TimeoutError ? 'Timeout' : 'Error';
        obs.metrics.addMetric(`CacheL2${kind}`, MetricUnit.Count, 1);
      } else if (e.type === 'l2-slow') {
        obs.metrics.addMetric('CacheL2Slow', MetricUnit.Count, 1);
      } else if (e.type === 'hit' && e.tier === 'L2') {
        obs.metrics.addMetric('CacheL2ReadTime', MetricUnit.Milliseconds, e.durationUs / 1000);
      } else if (e.type === 'lock' && e.outcome !== 'acquired') {
        obs.metrics.addMetric(`CacheLock${LOCK_METRIC[e.outcome]}`, MetricUnit.Count, 1);
      }
    },
  };
  const cache = (overrides.models ?? createModelCache)({
    redis,
    l1MaxBytes: config.modelL1MaxBytes,
    l2TimeoutMs: config.modelL2TimeoutMs,
    // A late answer is waited for up to the dependency timeout when the alternative is building the model: on a loaded
    // machine a read that misses its 50 ms budget is far cheaper to wait for than a build (ADR 0025).
    l2PatienceMs: timeoutMs,
    hooks,
  });
  const models = new ModelStore(cache, { l2PatienceMs: timeoutMs });

  // A shared cache that lost its data gets back what this container holds (ADR 0030): the most recent models, one at
  // a time in the background, each only where Redis lacks it.
  const epochWatch =
    overrides.models === undefined && redis !== undefined
      ? watchL2Epoch(redis, {
          timeoutMs: config.modelL2TimeoutMs,
          logger,
          onReset: () => {
            const started = performance.now();
            void (async () => {
              // The cores first: every price reads one, each is ~26 kB, and one written back is a build of it saved
              // (ADR 0035's builds on a price make the core, so most of a container's L1 entries are cores); then the
              // other sections, the most recently used.
              // Several at a time: one by one, each an EXISTS and a SET on a loaded container, 100 cores took seconds.
              const pass = (maxEntries: number, cores: boolean) =>
                cache.writeBackL1({
                  maxEntries,
                  only: (section) => (sectionOf(section) === 'core') === cores,
                  concurrency: L1_WRITE_BACK_CONCURRENCY,
                });
              const cores = await pass(L1_WRITE_BACK_CORES, true);
              const sections = await pass(L1_WRITE_BACK_ENTRIES, false);
              logger.warn('the shared cache lost its data: wrote back models from L1', {
                written: cores + sections,
                cores,
                sections,
                ms: Math.round(performance.now() - started),
              });
            })();
          },
        })
      : undefined;

  // The current-version pointers belong to the shared-cache design (C); the baselines read the table.
  const versions =
    overrides.models === undefined && redis !== undefined && config.currentVersionTtlMs > 0
      ? new CurrentVersions({
          redis,
          timeoutMs: config.modelL2TimeoutMs,
          ttlMs: config.currentVersionTtlMs,
          logger,
        })
      : undefined;
  const opinions = new CachedOpinionReader({
    store,
    ttlMs: config.opinionCacheTtlMs,
    staleIfErrorMs: config.opinionStaleIfErrorMs,
    ...(versions !== undefined ? { versions } : {}),
    logger,
    onLookup: (outcome) => obs.metrics.addMetric(HEAD_METRIC[outcome], MetricUnit.Count, 1),
  });

  const quotes = createQuoteSigner(config, {
    secrets,
    logger,
    ...(overrides.quoteKeys !== undefined ? { keys: overrides.quoteKeys } : {}),
    ...(overrides.now !== undefined ? { now: overrides.now } : {}),
  });

  const ensureRedisReady = () => (redis ? ensureRedis(redis, timeoutMs) : Promise.resolve(false));

  return {
    ...obs,
    config,
    containerId: randomUUID(),
    store,
    opinions,
    versions,
    models,
    redis,
    quotes,
    ensureRedisReady,
    warmUp: async () => {
      await Promise.all([ensureRedisReady(), store.prewarm()]);
    },
    close: async () => {
      epochWatch?.stop();
      await models.close();
      await store.close();
      if (ownsRedis && redis) redis.disconnect();
    },
  };
}

const HEAD_METRIC = {
  'pointer-fresh': 'HeadPointerFresh',
  'pointer-stale': 'HeadPointerStale',
  store: 'HeadFromStore',
  revalidate: 'HeadRevalidated',
} as const;

const LOCK_METRIC = { waited: 'Waited', 'wait-timeout': 'WaitTimeout', takeover: 'Takeover' } as const;

let defaultRuntime: Runtime | undefined;

/** The container's runtime, built on first use from `process.env`; every Lambda entry point shares it. */
export function getDefaultRuntime(): Runtime {
  defaultRuntime ??= createRuntime(loadConfig(process.env));
  return defaultRuntime;
}
