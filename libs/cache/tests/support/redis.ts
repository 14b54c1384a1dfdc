import { RedisServer } from '@betbuilder/test-harness';
import { createRedisClient, type RedisClient, type RedisConnectionOptions } from '../../src';

/** A client for tests: generous timeouts (a shared 2-core box), errors collected instead of logged. */
export function testClient(server: RedisServer, extra: Partial<RedisConnectionOptions> = {}): RedisClient {
  return createRedisClient({
    url: server.url,
    commandTimeoutMs: 1000,
    connectTimeoutMs: 1000,
    maxReconnectDelayMs: 200,
    onError: () => undefined,
    ...extra,
  });
}

/** Resolves once the client is ready (or rejects after `ms`). */
export function ready(client: RedisClient, ms = 5000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () => reject(new Error(`redis client not ready after ${ms} ms (${client.status})`)),
      ms,
    );
    client.once('ready', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export async function closeClient(client: RedisClient): Promise<void> {
  client.disconnect();
  await Promise.resolve();
}

/** Polls `fn` until it returns true or `ms` passes. */
export async function eventually(
  fn: () => Promise<boolean> | boolean,
  ms = 8000,
  every = 50,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, every));
  }
  return false;
}

/**
 * One throwaway `redis-server` and a ready client for the tests of a file or `describe` block: started in `beforeAll`
 * (handed to `onReady`), closed and stopped in `afterAll`.
 */
export function useRedis(onReady: (client: RedisClient, server: RedisServer) => void): void {
  let server: RedisServer | undefined;
  let client: RedisClient | undefined;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = testClient(server);
    await ready(client);
    onReady(client, server);
  });
  afterAll(async () => {
    if (client) await closeClient(client);
    await server?.stop();
  });
}
