import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisClient } from './types/cache';

/** How to reach Redis/Valkey (ElastiCache standalone, cluster mode or Serverless). */
export interface RedisConnectionOptions {
  /** `redis://[user:pass@]host:port` or `rediss://...` (TLS). Takes precedence over host/port/tls. */
  url?: string;
  host?: string;
  /** @default 6379 */
  port?: number;
  /** TLS (ElastiCache in-transit encryption, Serverless). @default false, or true for `rediss://` */
  tls?: boolean;
  /** Cluster mode (ElastiCache cluster mode enabled, ElastiCache Serverless): `Redis.Cluster` with DNS passthrough. @default false */
  cluster?: boolean;
  /** RBAC user name (Redis 6+ ACL). */
  username?: string;
  /** AUTH token / RBAC password. */
  password?: string;
  /**
   * IAM auth: returns a fresh token, used as the password. Called before the first connection and then every
   * `authTokenRefreshMs`, so reconnects always present a valid token.
   */
  authTokenProvider?: () => Promise<string>;
  /** @default 600_000 (IAM tokens live 15 minutes) */
  authTokenRefreshMs?: number;
  /** @default 1000 */
  connectTimeoutMs?: number;
  /** Per-command timeout enforced by ioredis. @default 50 */
  commandTimeoutMs?: number;
  /** Upper bound of the reconnect back-off. @default 2000 */
  maxReconnectDelayMs?: number;
  /** Receives connection errors (the client is never left without an `error` listener). */
  onError?(err: Error): void;
  /** Connection name shown in CLIENT LIST. */
  connectionName?: string;
}

/** Reconnect quickly at first, then back off exponentially with jitter up to `maxMs`. */
export function reconnectDelay(times: number, maxMs: number): number {
  const base = Math.min(maxMs, 50 * 2 ** Math.min(times, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

function parseUrl(url: string): {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
} {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`redis url must start with redis:// or rediss://, got ${JSON.stringify(u.protocol)}`);
  }
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    tls: u.protocol === 'rediss:',
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

/**
 * Creates the one Redis client a container should hold (standalone or cluster), tuned to fail fast:
 * no offline queue (a dead Redis rejects at once instead of queueing), short connect and command timeouts,
 * capped exponential reconnect back-off. Create it at module scope and pass it to every `TieredCache`.
 *
 * @example
 * // ElastiCache Serverless / cluster mode with TLS and an RBAC user
 * const redis = createRedisClient({ host: 'my-cache.serverless.euw1.cache.amazonaws.com', port: 6379,
 *   tls: true, cluster: true, username: 'pricing', password: authToken });
 * // local
 * const local = createRedisClient({ url: 'redis://127.0.0.1:6379' });
 */
export function createRedisClient(o: RedisConnectionOptions): RedisClient {
  const fromUrl = o.url ? parseUrl(o.url) : undefined;
  const host = fromUrl?.host ?? o.host ?? '127.0.0.1';
  const port = fromUrl?.port ?? o.port ?? 6379;
  const tls = fromUrl?.tls ?? o.tls ?? false;
  const username = o.username ?? fromUrl?.username;
  const password = o.password ?? fromUrl?.password;
  const connectTimeout = o.connectTimeoutMs ?? 1000;
  const commandTimeout = o.commandTimeoutMs ?? 50;
  const maxDelay = o.maxReconnectDelayMs ?? 2000;
  const getToken = o.authTokenProvider;
  const provider = getToken ? () => getToken.call(o) : undefined;
  const onError = (err: Error) => o.onError?.(err);

  const common: RedisOptions = {
    connectTimeout,
    commandTimeout,
    // With the offline queue off, a command issued while disconnected fails at once; a command in flight
    // when the socket drops is not replayed (the cache has already moved on by then).
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableReadyCheck: true,
    ...(tls ? { tls: {} } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(o.connectionName ? { connectionName: o.connectionName } : {}),
    // Without a token yet, connecting would fail auth: wait for the provider.
    lazyConnect: provider !== undefined,
  };

  let client: RedisClient;
  if (o.cluster) {
    const clusterOptions: ClusterOptions = {
      enableOfflineQueue: false,
      // ElastiCache certificates name the configuration endpoint, not node IPs: keep hostnames as they are.
      dnsLookup: (address, cb) => cb(null, address),
      clusterRetryStrategy: (times) => reconnectDelay(times, maxDelay),
      slotsRefreshTimeout: Math.max(connectTimeout, 1000),
      lazyConnect: provider !== undefined,
      redisOptions: { ...common, lazyConnect: false },
    };
    client = new Cluster([{ host, port }], clusterOptions);
  } else {
    client = new Redis({
      ...common,
      host,
      port,
      enableOfflineQueue: false,
      retryStrategy: (times) => reconnectDelay(times, maxDelay),
    });
  }
  client.on('error', (err: Error) => onError(err));
  if (client instanceof Cluster) client.on('node error', (err: Error) => onError(err));

  if (provider) {
    const applyToken = (token: string) => {
      if (client instanceof Cluster) {
        const ro = (client.options.redisOptions ??= {});
        ro.password = token;
        for (const node of client.nodes('all')) node.options.password = token;
      } else {
        client.options.password = token;
      }
    };
    const refreshMs = o.authTokenRefreshMs ?? 600_000;
    const refresh = () =>
      provider().then(applyToken, (err: unknown) =>
        onError(err instanceof Error ? err : new Error(String(err))),
      );
    void provider()
      .then(applyToken)
      .then(() => client.connect())
      .catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
    const timer = setInterval(() => void refresh(), refreshMs);
    timer.unref();
    client.once('end', () => clearInterval(timer));
  }
  return client;
}
