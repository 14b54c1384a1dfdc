import type { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { DynaliteServer, RedisServer } from '@betbuilder/test-harness';
import { Redis } from 'ioredis';
import { CachedOpinionReader, CurrentVersions, OpinionStore } from '../../src';
import { contractOpinion, documentClient, freshTable, recordingLogger } from '../support/fixtures';

describe('CachedOpinionReader', () => {
  const id = 'epl-2026-12-05-ars-che';
  let dynamo: DynaliteServer;
  let doc: DynamoDBDocument;
  let store: OpinionStore;
  let now: number;
  let reads: number;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    dynamo = await DynaliteServer.start();
    doc = documentClient(dynamo.endpoint, {
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 200, requestTimeout: 200, throwOnRequestTimeout: true },
    });
    const tableName = await freshTable(dynamo.endpoint);
    logger = recordingLogger();
    store = new OpinionStore({ tableName, dynamo: doc, timeoutMs: 200, logger });
    now = 1_000_000;
    reads = 0;
    const get = store.get.bind(store);
    store.get = (fixtureId, opts) => {
      reads += 1;
      return get(fixtureId, opts);
    };
  });
  afterEach(async () => {
    doc.destroy();
    await dynamo.stop();
  });

  const reader = (ttlMs: number, staleIfErrorMs = 0) =>
    new CachedOpinionReader({ store, ttlMs, staleIfErrorMs, logger, now: () => now });

  it('keeps the newer of two writes that finish out of order in this container (never goes back in version)', async () => {
    // Prepare: two concurrent PUTs in one container; the later version's response is remembered first
    const opinions = reader(2000);
    const v1 = await store.put(id, contractOpinion());
    const v2 = await store.put(id, contractOpinion({ status: 'SUSPENDED' }));

    // Act
    opinions.remember(v2);
    opinions.remember(v1);
    const read = await opinions.get(id);

    // Assess
    expect(read?.inputsVersion).toBe(2);
    expect(reads).toBe(0);
  });

  it('reuses an opinion for the TTL and reads the store again after it', async () => {
    // Prepare
    await store.put(id, contractOpinion());
    const opinions = reader(2000);

    // Act
    await opinions.get(id);
    now += 1999;
    await opinions.get(id);
    const readsWithinTtl = reads;
    now += 2;
    await opinions.get(id);

    // Assess
    expect(readsWithinTtl).toBe(1);
    expect(reads).toBe(2);
  });

  it('lets a write made elsewhere show up only after the TTL (the documented staleness)', async () => {
    // Prepare
    await store.put(id, contractOpinion());
    const opinions = reader(2000);
    await opinions.get(id);

    // Act
    await store.put(id, contractOpinion({ status: 'SUSPENDED' }));
    const before = await opinions.get(id);
    now += 2000;
    const after = await opinions.get(id);

    // Assess
    expect(before?.inputsVersion).toBe(1);
    expect(after).toMatchObject({ inputsVersion: 2, status: 'SUSPENDED' });
  });

  it('shares one store read among concurrent misses for a fixture', async () => {
    // Prepare
    await store.put(id, contractOpinion());
    const opinions = reader(2000);

    // Act
    const results = await Promise.all(Array.from({ length: 20 }, () => opinions.get(id)));

    // Assess
    expect(reads).toBe(1);
    expect(new Set(results.map((r) => r?.inputsVersion))).toEqual(new Set([1]));
  });

  it('serves a stale opinion while the store is down, within the stale-if-error window only', async () => {
    // Prepare
    await store.put(id, contractOpinion());
    const opinions = reader(2000, 30_000);
    await opinions.get(id);
    await dynamo.stop();

    // Act
    now += 10_000;
    const stale = await opinions.get(id);
    now += 30_000;
    const tooOld = opinions.get(id);

    // Assess
    expect(stale?.inputsVersion).toBe(1);
    await expect(tooOld).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('serves the last pointer head while both Redis and the store are down, within the stale-if-error window only', async () => {
    // Prepare: v1's pointer read once through a real redis-server; then Redis is killed and the store stopped
    await store.put(id, contractOpinion());
    const redisServer = await RedisServer.start();
    const client = new Redis(redisServer.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await new Promise<void>((r) => client.once('ready', () => r()));
    const versions = new CurrentVersions({ redis: client, timeoutMs: 200, ttlMs: 30_000, logger });
    await versions.publish({ fixtureId: id, inputsVersion: 1, status: 'OPEN' });
    const opinions = new CachedOpinionReader({
      store,
      ttlMs: 2000,
      staleIfErrorMs: 30_000,
      versions,
      logger,
      now: () => now,
    });
    const first = await opinions.getHead(id);
    await redisServer.kill();
    await dynamo.stop();

    try {
      // Act
      now += 10_000;
      const stale = await opinions.getHead(id);
      now += 30_000;
      const tooOld = opinions.getHead(id);

      // Assess
      expect(first).toEqual({ head: { fixtureId: id, inputsVersion: 1, status: 'OPEN' }, fromStore: false });
      expect(stale).toEqual({ head: { fixtureId: id, inputsVersion: 1, status: 'OPEN' }, fromStore: false });
      await expect(tooOld).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      client.disconnect();
      await redisServer.stop();
    }
  });

  it('reads the store every time when the TTL is 0', async () => {
    // Prepare
    await store.put(id, contractOpinion());
    const opinions = reader(0, 30_000);

    // Act
    await opinions.get(id);
    await opinions.get(id);

    // Assess
    expect(reads).toBe(2);
  });
});
