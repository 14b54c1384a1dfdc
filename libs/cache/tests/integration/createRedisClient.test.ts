import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisServer } from '@betbuilder/test-harness';
import { Cluster, Redis } from 'ioredis';
import { createRedisClient, TieredCache, type BinaryRecord, type RedisClient } from '../../src';
import { eventually, ready } from '../support/redis';
import { makeRecord, sameRecord, testCodec } from '../support/records';

const quiet = { onError: () => undefined, commandTimeoutMs: 1000 };

/** The harness probes readiness with an unauthenticated PING, so auth is switched on after start. */
async function startWithAuth(...configure: string[][]): Promise<RedisServer> {
  const server = await RedisServer.start();
  const admin = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
  await admin.connect();
  for (const args of configure) await admin.call(args[0]!, ...args.slice(1));
  admin.disconnect();
  return server;
}

async function roundTrip(client: RedisClient): Promise<string> {
  const cache = new TieredCache<BinaryRecord>({
    namespace: 'conn',
    codec: testCodec(),
    redis: client,
    l1: false,
    l2TimeoutMs: 1000,
  });
  const r = makeRecord(20_000, 9);
  await cache.set('k:1', r, { failOnL2Error: true });
  const back = await cache.get('k:1');
  return back && sameRecord(back, r) ? 'ok' : 'mismatch';
}

describe('createRedisClient', () => {
  it('connects with a password given in the url (AUTH)', async () => {
    // Prepare
    const server = await startWithAuth(['CONFIG', 'SET', 'requirepass', 's3cret']);
    const client = createRedisClient({ url: `redis://:s3cret@127.0.0.1:${server.port}`, ...quiet });
    try {
      // Act
      await ready(client);
      // Assess
      expect(await roundTrip(client)).toBe('ok');
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  it('connects as an RBAC user with username and password', async () => {
    // Prepare
    const server = await startWithAuth(
      ['ACL', 'SETUSER', 'pricing', 'on', '>pw-1', '~*', '+@all'],
      ['ACL', 'SETUSER', 'default', 'off'],
    );
    const client = createRedisClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'pricing',
      password: 'pw-1',
      ...quiet,
    });
    try {
      // Act
      await ready(client);
      // Assess
      expect(await roundTrip(client)).toBe('ok');
      expect(await (client as Redis).call('ACL', 'WHOAMI')).toBe('pricing');
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  it('authenticates with the token from authTokenProvider (the IAM auth hook)', async () => {
    // Prepare
    const server = await startWithAuth(['CONFIG', 'SET', 'requirepass', 'iam-token-1']);
    let calls = 0;
    const client = createRedisClient({
      host: '127.0.0.1',
      port: server.port,
      authTokenProvider: () => {
        calls++;
        return Promise.resolve('iam-token-1');
      },
      ...quiet,
    });
    try {
      // Act: the cache may be used before the token arrives; it waits for the first connection.
      const result = await roundTrip(client);
      // Assess
      expect(result).toBe('ok');
      expect(calls).toBeGreaterThanOrEqual(1);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  it('presents a refreshed token when it reconnects after the token rotated', async () => {
    // Prepare
    const server = await startWithAuth(['CONFIG', 'SET', 'requirepass', 'tok-1']);
    let current = 'tok-1';
    let served: string[] = [];
    const client = createRedisClient({
      host: '127.0.0.1',
      port: server.port,
      authTokenProvider: () => {
        served.push(current);
        return Promise.resolve(current);
      },
      authTokenRefreshMs: 50,
      maxReconnectDelayMs: 100,
      ...quiet,
    });
    const admin = new Redis({ port: server.port, host: '127.0.0.1', password: 'tok-1', lazyConnect: true });
    try {
      await ready(client);
      await admin.connect();
      // Act: rotate the token, let the refresh pick it up, then drop every connection but the admin's
      current = 'tok-2';
      await admin.call('CONFIG', 'SET', 'requirepass', 'tok-2');
      // the client has fetched the new token by itself (refresh every 50 ms) before its connections drop
      served = [];
      await eventually(() => served.includes('tok-2'), 8000, 10);
      await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
      const back = await eventually(
        async () => (await roundTrip(client).catch(() => 'no')) === 'ok',
        8000,
        100,
      );
      // Assess
      expect(back).toBe(true);
    } finally {
      client.disconnect();
      admin.disconnect();
      await server.stop();
    }
  });

  it('fails fast instead of queueing when Redis is unreachable', async () => {
    // Prepare
    const server = await RedisServer.start();
    const port = server.port;
    await server.stop();
    const client = createRedisClient({ host: '127.0.0.1', port, maxReconnectDelayMs: 100, ...quiet });
    try {
      await eventually(() => client.status === 'reconnecting' || client.status === 'connecting', 3000, 10);
      // Act: a queued command would still be pending once the event loop has turned (no timer involved)
      const outcome = await Promise.race([
        (client as Redis).get('x').catch((e: unknown) => e),
        new Promise((r) => setImmediate(() => r('still queued'))),
      ]);
      // Assess
      expect(outcome).toBeInstanceOf(Error);
    } finally {
      client.disconnect();
    }
  });

  it('speaks cluster mode through Redis.Cluster (single-node cluster)', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cache-cluster-'));
    const server = await RedisServer.start({
      extraArgs: [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        // a lone node does not know its own address until it talks to a peer
        '--cluster-announce-ip',
        '127.0.0.1',
      ],
    });
    const admin = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    await admin.connect();
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    await eventually(
      async () => String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok'),
      10_000,
    );
    const client = createRedisClient({ host: '127.0.0.1', port: server.port, cluster: true, ...quiet });
    try {
      // Act
      await ready(client, 10_000);
      // Assess
      expect(client).toBeInstanceOf(Cluster);
      expect(await roundTrip(client)).toBe('ok');
    } finally {
      client.disconnect();
      admin.disconnect();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
