import * as z from 'zod';
import type { PricingEnvironment } from './environment';
import { ConfigError } from './errors/ConfigError';
import type { Config } from './types/config';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const boolFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `must be a non-negative integer, got '${v}'` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z.object({
  TABLE_NAME: optionalString.transform((v) => v ?? 'opinions'),
  AWS_REGION: optionalString.transform((v) => v ?? 'eu-west-1'),
  DYNAMODB_ENDPOINT: optionalString.pipe(z.url().optional()),
  DAX_ENDPOINT: optionalString.pipe(
    z
      .string()
      .regex(
        /^daxs?:\/\//,
        "must start with dax:// or daxs://, e.g. 'daxs://my-cluster.abc.dax-clusters.eu-west-1.amazonaws.com'",
      )
      .optional(),
  ),
  DAX_HTTP_ENDPOINT: optionalString.pipe(z.url().optional()),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, "must start with redis:// or rediss://, e.g. 'redis://127.0.0.1:6379'")
      .optional(),
  ),
  REDIS_HOST: optionalString,
  REDIS_PORT: positiveInt(6379),
  REDIS_TLS: boolFlag,
  REDIS_CLUSTER: boolFlag,
  REDIS_USERNAME: optionalString,
  REDIS_AUTH_SECRET_ARN: optionalString,
  MODEL_L1_MAX_MB: positiveInt(64),
  MODEL_L2_TIMEOUT_MS: positiveInt(50),
  OPINION_CACHE_TTL_MS: positiveInt(2000),
  OPINION_STALE_IF_ERROR_MS: positiveInt(30_000),
  CURRENT_VERSION_TTL_MS: positiveInt(30_000),
  IN_PLAY_PRIMER_WAIT_MS: positiveInt(0),
  DEPENDENCY_TIMEOUT_MS: positiveInt(800),
  QUOTE_KEY_SECRET_ARN: optionalString,
  QUOTE_TTL_MS: positiveInt(30_000),
  QUOTE_IN_PLAY_TTL_MS: positiveInt(10_000),
  QUOTE_KEY_MAX_AGE_MS: positiveInt(600_000),
  QUOTE_KEYS: optionalString,
  POWERTOOLS_SERVICE_NAME: optionalString.transform((v) => v ?? 'pricing'),
  POWERTOOLS_METRICS_NAMESPACE: optionalString.transform((v) => v ?? 'BetBuilder'),
  POWERTOOLS_LOG_LEVEL: optionalString,
} satisfies Record<keyof PricingEnvironment, z.ZodType>);

/**
 * Reads and validates the pricing Lambda's environment once, into a typed {@link Config}.
 * Throws {@link ConfigError} naming every bad variable, so a misconfigured function fails at init, not per request.
 *
 * @example
 * const config = loadConfig(process.env);
 * config.modelL2TimeoutMs; // 50
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.DEPENDENCY_TIMEOUT_MS < 50) {
    throw new ConfigError(
      `invalid environment: DEPENDENCY_TIMEOUT_MS must be at least 50, got ${e.DEPENDENCY_TIMEOUT_MS}`,
    );
  }
  if (e.QUOTE_KEYS !== undefined && e.QUOTE_KEY_SECRET_ARN !== undefined) {
    throw new ConfigError(
      'invalid environment: set QUOTE_KEY_SECRET_ARN (AWS) or QUOTE_KEYS (local processes sharing a key), not both',
    );
  }
  for (const name of ['QUOTE_TTL_MS', 'QUOTE_IN_PLAY_TTL_MS'] as const) {
    if (e[name] < 1000) {
      throw new ConfigError(`invalid environment: ${name} must be at least 1000, got ${e[name]}`);
    }
  }
  const redis: Config['redis'] =
    e.REDIS_URL !== undefined || e.REDIS_HOST !== undefined
      ? {
          url: e.REDIS_URL,
          host: e.REDIS_HOST,
          port: e.REDIS_PORT,
          tls: e.REDIS_TLS,
          cluster: e.REDIS_CLUSTER,
          username: e.REDIS_USERNAME,
          authSecretArn: e.REDIS_AUTH_SECRET_ARN,
        }
      : undefined;
  return Object.freeze({
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION,
    dynamodbEndpoint: e.DYNAMODB_ENDPOINT,
    daxEndpoint: e.DAX_ENDPOINT,
    daxHttpEndpoint: e.DAX_HTTP_ENDPOINT,
    redis,
    modelL1MaxBytes: e.MODEL_L1_MAX_MB * 1024 * 1024,
    modelL2TimeoutMs: e.MODEL_L2_TIMEOUT_MS,
    opinionCacheTtlMs: e.OPINION_CACHE_TTL_MS,
    opinionStaleIfErrorMs: e.OPINION_STALE_IF_ERROR_MS,
    currentVersionTtlMs: e.CURRENT_VERSION_TTL_MS,
    inPlayPrimerWaitMs: e.IN_PLAY_PRIMER_WAIT_MS,
    dependencyTimeoutMs: e.DEPENDENCY_TIMEOUT_MS,
    quoteKeySecretArn: e.QUOTE_KEY_SECRET_ARN,
    quoteTtlMs: e.QUOTE_TTL_MS,
    quoteInPlayTtlMs: e.QUOTE_IN_PLAY_TTL_MS,
    quoteKeyMaxAgeMs: e.QUOTE_KEY_MAX_AGE_MS,
    quoteKeys: e.QUOTE_KEYS,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE,
    logLevel: e.POWERTOOLS_LOG_LEVEL,
  });
}
