import type { PricingEnvironment } from './environment';
import { ConfigError } from './errors/ConfigError';
import type { Config } from './types/config';

/*
 * The environment is parsed by hand, not with a schema library: it runs once per container, at init, where a zod
 * schema cost ≈ 23 M instructions to build and run (infra/cdk/README.md, "Cold start"). The messages are those the
 * zod schema gave, so logs and alarms read the same.
 */

/** Reads one variable; calls `fail` with the message for a bad value (and returns anything). */
type Field<T> = (raw: unknown, fail: (message: string) => void) => T;

/** How zod named a value of the wrong type (`Invalid input: expected string, received …`). */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return typeof v;
}

function rawString(raw: unknown, fail: (message: string) => void): string | undefined {
  if (raw === undefined || typeof raw === 'string') return raw;
  fail(`Invalid input: expected string, received ${typeName(raw)}`);
  return undefined;
}

/** Trimmed; empty or unset is undefined. */
const optionalString: Field<string | undefined> = (raw, fail) => {
  const s = rawString(raw, fail)?.trim();
  return s === '' ? undefined : s;
};

const withDefault =
  (fallback: string): Field<string> =>
  (raw, fail) =>
    optionalString(raw, fail) ?? fallback;

/** An optional string that must match `pattern` (tested on the trimmed value). */
const matching =
  (pattern: RegExp, message: string): Field<string | undefined> =>
  (raw, fail) => {
    const s = optionalString(raw, fail);
    if (s !== undefined && !pattern.test(s)) fail(message);
    return s;
  };

/**
 * An optional absolute URL: what `new URL()` parses (zod's `z.url()` is `URL.canParse`, the same parser). Like zod, the
 * value kept has ASCII tabs and newlines removed, as the URL parser removes them.
 */
const optionalUrl: Field<string | undefined> = (raw, fail) => {
  const s = optionalString(raw, fail);
  if (s === undefined) return undefined;
  try {
    new URL(s);
  } catch {
    fail('Invalid URL');
    return undefined;
  }
  return s.replace(/[\t\n\r]/g, '');
};

const BOOL_VALUES: readonly unknown[] = ['true', 'false', '1', '0', ''];

/** `true`/`1` or `false`/`0`/empty/unset; not trimmed. */
const boolFlag: Field<boolean> = (raw, fail) => {
  if (raw !== undefined && !BOOL_VALUES.includes(raw)) {
    fail('Invalid option: expected one of "0"|"1"|"true"|"false"|""');
  }
  return raw === 'true' || raw === '1';
};

/** What `Number()` reads as a non-negative integer (so `0x10` and `1e3` pass); empty or unset is `fallback`. */
const positiveInt =
  (fallback: number): Field<number> =>
  (raw, fail) => {
    const v = rawString(raw, fail);
    if (v === undefined || v.trim() === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      fail(`must be a non-negative integer, got '${v}'`);
      return fallback;
    }
    return n;
  };

/** Every variable in {@link PricingEnvironment}, read in this order (the order of the error message). */
const fields = {
  TABLE_NAME: withDefault('opinions'),
  AWS_REGION: withDefault('eu-west-1'),
  DYNAMODB_ENDPOINT: optionalUrl,
  DAX_ENDPOINT: matching(
    /^daxs?:\/\//,
    "must start with dax:// or daxs://, e.g. 'daxs://my-cluster.abc.dax-clusters.eu-west-1.amazonaws.com'",
  ),
  DAX_HTTP_ENDPOINT: optionalUrl,
  REDIS_URL: matching(
    /^rediss?:\/\//,
    "must start with redis:// or rediss://, e.g. 'redis://127.0.0.1:6379'",
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
  POWERTOOLS_SERVICE_NAME: withDefault('pricing'),
  POWERTOOLS_METRICS_NAMESPACE: withDefault('BetBuilder'),
  POWERTOOLS_LOG_LEVEL: optionalString,
} satisfies Record<keyof PricingEnvironment, Field<unknown>>;

type ParsedEnvironment = { -readonly [K in keyof typeof fields]: ReturnType<(typeof fields)[K]> };

function parseEnvironment(env: NodeJS.ProcessEnv): ParsedEnvironment {
  if (typeof env !== 'object' || env === null) {
    throw new ConfigError(`invalid environment: : Invalid input: expected object, received ${typeName(env)}`);
  }
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const name of Object.keys(fields) as (keyof typeof fields)[]) {
    parsed[name] = fields[name](env[name], (message) => problems.push(`${name}: ${message}`));
  }
  if (problems.length > 0) throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  return parsed as ParsedEnvironment;
}

/**
 * Reads and validates the pricing Lambda's environment once, into a typed {@link Config}.
 * Throws {@link ConfigError} naming every bad variable, so a misconfigured function fails at init, not per request.
 *
 * @example
 * const config = loadConfig(process.env);
 * config.modelL2TimeoutMs; // 50
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment(env);
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
