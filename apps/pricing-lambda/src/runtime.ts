import { randomUUID } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RedisClient, TieredCache, TieredCacheHooks } from '@betbuilder/cache';
import type { FixtureModel } from '@betbuilder/pricing-model';
import { CachedOpinionReader } from './CachedOpinionReader';
import { CurrentVersions } from './CurrentVersions';
import { loadConfig } from './config';
import { createModelCache, type ModelCacheFactory } from './modelCache';
import { createObservability, traceAsync } from './observability';
import { OpinionStore } from './OpinionStore';
import { createQuoteSigner } from './quotes/createQuoteSigner';
import type { QuoteKeySource } from './quotes/quoteKeys';
import type { QuoteSigner } from './quotes/QuoteSigner';
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
  /** The fixture-model cache (the deployed design unless `RuntimeOverrides.models` swapped in another). */
  readonly models: TieredCache<FixtureModel>;
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
      else if (e.type === 'breaker') logger.warn('redis circuit breaker changed state', { state: e.state });
    },
  };
  const models = (overrides.models ?? createModelCache)({
    redis,
    l1MaxBytes: config.modelL1MaxBytes,
    l2TimeoutMs: config.modelL2TimeoutMs,
    hooks,
  });

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
      await models.close();
      await store.close();
      if (ownsRedis && redis) redis.disconnect();
    },
  };
}

let defaultRuntime: Runtime | undefined;

/** The container's runtime, built on first use from `process.env`; every Lambda entry point shares it. */
export function getDefaultRuntime(): Runtime {
  defaultRuntime ??= createRuntime(loadConfig(process.env));
  return defaultRuntime;
}
