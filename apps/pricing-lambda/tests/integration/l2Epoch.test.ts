import { createRedisClient, type RedisClient } from '@betbuilder/cache';
import { RedisServer } from '@betbuilder/test-harness';
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  createPriceHandler,
  createRuntime,
  loadConfig,
  modelCacheKey,
  modelSectionKey,
  watchL2Epoch,
  type Runtime,
} from '../../src';
import { L1_WRITE_BACK_ENTRIES } from '../../src/modelCache';
import {
  apiEvent,
  context,
  CONTRACT_LEGS,
  contractOpinion,
  freshTable,
  useDynalite,
} from '../support/fixtures';

/** Polls `fn` every 50 ms until it holds or `ms` passes; whether it held. */
async function until(fn: () => Promise<boolean> | boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const quietLogger = { debug: () => undefined };

describe('the shared cache epoch (a Redis that lost its data)', () => {
  let server: RedisServer;
  let client: RedisClient;

  beforeEach(async () => {
    server = await RedisServer.start();
    client = createRedisClient({
      url: server.url,
      commandTimeoutMs: 1000,
      connectTimeoutMs: 1000,
      maxReconnectDelayMs: 100,
      onError: () => undefined,
    });
  });
  afterEach(async () => {
    client.disconnect();
    await server.stop();
  });

  it('reports a reset after Redis restarts empty, and none after a reconnect to a Redis that kept its data', async () => {
    // Prepare
    let resets = 0;
    const watch = watchL2Epoch(client, { timeoutMs: 500, onReset: () => resets++, logger: quietLogger });
    try {
      expect(await until(async () => (await client.exists('betbuilder:l2-epoch').catch(() => 0)) === 1)).toBe(
        true,
      );

      // Act: a dropped connection, then a restart that loses everything
      const reconnected = new Promise((r) => client.once('ready', r));
      client.disconnect(true);
      await reconnected;
      const afterReconnect = await watch.check();
      const resetsAfterReconnect = resets;
      await server.kill();
      await server.restart();
      const noticed = await until(() => resets > 0);

      // Assess
      expect(afterReconnect).toBe('same');
      expect(resetsAfterReconnect).toBe(0);
      expect(noticed).toBe(true);
      expect(resets).toBe(1);
      expect(await watch.check()).toBe('same');
    } finally {
      watch.stop();
    }
  });
});

/** A client of its own on `server`, to look at what Redis holds (short timeouts, errors ignored). */
function probeOf(server: RedisServer): RedisClient {
  return createRedisClient({
    url: server.url,
    commandTimeoutMs: 1000,
    connectTimeoutMs: 1000,
    maxReconnectDelayMs: 100,
    onError: () => undefined,
  });
}

describe('a price container after Redis lost its data', () => {
  const { dynamo } = useDynalite();
  let server: RedisServer;
  let container: Runtime;

  beforeEach(async () => {
    server = await RedisServer.start();
    container = createRuntime(
      loadConfig({
        TABLE_NAME: await freshTable(dynamo.endpoint),
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        REDIS_URL: server.url,
        MODEL_L2_TIMEOUT_MS: '2000',
      }),
    );
    await container.ensureRedisReady();
  });
  afterEach(async () => {
    await container.close();
    await server.stop();
  });

  it('writes the models in its L1 back to the restarted Redis, core and sections', async () => {
    // Prepare: a priced fixture (its model built, in L1 and in Redis: the core and the cards its legs need, ADR 0035)
    const v1 = await container.store.put('epl-2026-12-05-ars-che', contractOpinion());
    const priced = (await createPriceHandler(container)(
      apiEvent('POST', '/v1/price', { fixtureId: v1.fixtureId, legs: CONTRACT_LEGS }),
      context(),
    )) as APIGatewayProxyResult;
    expect(priced.statusCode).toBe(200);
    const probe = probeOf(server);
    const inRedis = async (key: string) => (await probe.keys(`*${key}`).catch(() => [])).length > 0;
    try {
      expect(await until(() => inRedis(modelCacheKey(v1.fixtureId, 1)))).toBe(true);

      // Act
      await server.kill();
      await server.restart();
      const back = await until(
        async () =>
          (await inRedis(modelCacheKey(v1.fixtureId, 1))) &&
          (await inRedis(modelSectionKey(v1.fixtureId, 1, 'cards'))),
      );

      // Assess
      expect(back).toBe(true);
    } finally {
      probe.disconnect();
    }
  }, 30_000);

  it('writes back every core it holds first, beyond the other sections’ bound', async () => {
    // Prepare: more fixtures priced on goals only (each a core in L1, ADR 0035) than the other sections' bound, and
    // one priced with a card leg (its cards section too)
    const n = L1_WRITE_BACK_ENTRIES + 6;
    const ids = Array.from({ length: n }, (_, i) => `epl-2026-12-05-wb-${i}`);
    const price = createPriceHandler(container);
    for (const id of ids) {
      await container.store.put(id, contractOpinion());
      const legs = id === ids[0] ? CONTRACT_LEGS : [{ market: 'MATCH_RESULT', selection: 'HOME' }];
      const r = (await price(
        apiEvent('POST', '/v1/price', { fixtureId: id, legs }),
        context(),
      )) as APIGatewayProxyResult;
      expect(r.statusCode).toBe(200);
    }
    const probe = probeOf(server);
    // Every key Redis holds (the cache prefixes its namespace), then which of them are these fixtures' cores
    const held = async () => (await probe.keys('*').catch(() => [] as string[])).join('\n') + '\n';
    const coresIn = async () => {
      const keys = await held();
      return ids.filter((id) => keys.includes(`${modelCacheKey(id, 1)}\n`)).length;
    };
    try {
      expect(await until(async () => (await coresIn()) === n)).toBe(true);

      // Act
      await server.kill();
      await server.restart();
      const back = await until(
        async () =>
          (await coresIn()) === n && (await held()).includes(`${modelSectionKey(ids[0]!, 1, 'cards')}\n`),
        15_000,
      );

      // Assess: every core (more than the other sections' bound) and the one cards section
      expect([back, await coresIn()]).toEqual([true, n]);
    } finally {
      probe.disconnect();
    }
  }, 60_000);
});
