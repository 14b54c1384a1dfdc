import type { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createRedisClient, type RedisClient } from '@betbuilder/cache';
import type { RedisConfig } from './types/config';

export interface RedisDeps {
  readonly logger: Pick<Logger, 'warn' | 'debug'>;
  /** Built only when an AUTH secret is configured. */
  readonly secrets?: () => SecretsManagerClient;
  /** ioredis connect timeout. */
  readonly connectTimeoutMs: number;
  /** ioredis command timeout (a backstop: callers bound their calls themselves). @default the client's (50 ms) */
  readonly commandTimeoutMs?: number;
}

/**
 * The container's one Redis client (standalone or cluster), with the AUTH token read from Secrets Manager once per container
 * when `REDIS_AUTH_SECRET_ARN` is set.
 *
 * @example
 * const redis = createRedis(config.redis, { logger, connectTimeoutMs: 800, secrets: () => new SecretsManagerClient({}) });
 */
export function createRedis(config: RedisConfig, deps: RedisDeps): RedisClient {
  const arn = config.authSecretArn;
  return createRedisClient({
    url: config.url,
    host: config.host,
    port: config.port,
    tls: config.tls,
    cluster: config.cluster,
    username: config.username,
    connectTimeoutMs: deps.connectTimeoutMs,
    ...(deps.commandTimeoutMs !== undefined ? { commandTimeoutMs: deps.commandTimeoutMs } : {}),
    connectionName: 'pricing-lambda',
    ...(arn !== undefined && deps.secrets ? { authTokenProvider: secretReader(arn, deps.secrets) } : {}),
    // Redis is an optimisation: its errors are expected during failover and must not flood the logs.
    onError: (err) => deps.logger.debug('redis connection error', { error: err.message }),
  });
}

/**
 * Reads the AUTH token once and then serves it from memory; a failed read is retried on the next call.
 * The secret is either the token itself or JSON with `authToken`, `password` or `token`.
 */
export function secretReader(arn: string, client: () => SecretsManagerClient): () => Promise<string> {
  let token: Promise<string> | undefined;
  return () => {
    token ??= client()
      .send(new GetSecretValueCommand({ SecretId: arn }))
      .then((out) => parseSecret(out.SecretString, arn))
      .catch((err: unknown) => {
        token = undefined;
        throw err;
      });
    return token;
  };
}

function parseSecret(value: string | undefined, arn: string): string {
  if (value === undefined || value === '') throw new Error(`secret ${arn} has no SecretString`);
  if (!value.trimStart().startsWith('{')) return value;
  const json = JSON.parse(value) as Record<string, unknown>;
  const token = json.authToken ?? json.password ?? json.token;
  if (typeof token !== 'string' || token === '') {
    throw new Error(`secret ${arn} is JSON without a string authToken, password or token field`);
  }
  return token;
}

/**
 * Resolves true once the client is connected and ready, false after `timeoutMs` (it never rejects).
 * Used by warm-up so that a warmed container has its Redis connection open before real traffic arrives.
 */
export function ensureRedisReady(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(redis.status === 'ready'), timeoutMs);
    redis.once('ready', onReady);
  });
}
