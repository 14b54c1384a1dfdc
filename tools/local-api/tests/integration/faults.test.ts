import { DynaliteServer, RedisServer } from '@betbuilder/test-harness';
import { Redis } from 'ioredis';
import { startLocalApi, type LocalApi } from '../../src';
import { call, CONTRACT_LEGS, opinion, type ErrorBody } from '../support/http';

describe('local API under dependency faults', () => {
  it('starts with REDIS_URL at a closed port: one clear line, in-process cache, and Redis used once it answers', async () => {
    // Prepare: a Redis port with nothing listening on it (yet)
    const redis = await RedisServer.start();
    await redis.kill();
    const lines: string[] = [];
    const api = await startLocalApi({
      port: 0,
      redisUrl: redis.url,
      primeOnWrite: 'await',
      log: (line) => lines.push(line),
    });
    try {
      // Act
      const before = await call(api.url, 'POST', '/v1/price', {
        fixtureId: api.seeded[0],
        legs: CONTRACT_LEGS,
      });
      const put = await call(api.url, 'PUT', '/v1/fixtures/epl-2026-12-21-new-one', opinion());
      await redis.restart();
      const started = Date.now();
      while (api.runtime.redis?.status !== 'ready' && Date.now() - started < 15_000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const after = await call(api.url, 'POST', '/v1/price', {
        fixtureId: 'epl-2026-12-21-new-one',
        legs: CONTRACT_LEGS,
      });

      // Assess: exactly one line about Redis, naming it and what happens meanwhile; no stack; prices work throughout
      expect(api.redisAtStart).toBe('unreachable');
      const aboutRedis = lines.filter((l) => /redis/i.test(l));
      expect(aboutRedis).toEqual([
        `warning: Redis at ${redis.url} is unreachable: the model cache runs in process until it answers (retrying in the background)`,
      ]);
      expect(lines.join('\n')).not.toMatch(/\n\s+at /);
      expect([before.status, put.status, after.status]).toEqual([200, 200, 200]);
      const probe = new Redis(redis.url);
      const keys = await probe.keys('*').finally(() => probe.disconnect());
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await api.stop();
      await redis.stop();
    }
  }, 60_000);

  it('keeps pricing (200) after Redis is killed, without waiting on it', async () => {
    // Prepare
    const redis = await RedisServer.start();
    const api = await startLocalApi({ port: 0, redisUrl: redis.url, seed: false, primeOnWrite: 'off' });
    try {
      await call(api.url, 'PUT', '/v1/fixtures/epl-2026-12-05-ars-che', opinion());
      await call(api.url, 'PUT', '/v1/fixtures/epl-2026-12-05-liv-mci', opinion());
      const warm = await call(api.url, 'POST', '/v1/price', {
        fixtureId: 'epl-2026-12-05-ars-che',
        legs: CONTRACT_LEGS,
      });

      // Act: one fixture the container has in L1, one it has never built
      await redis.kill();
      const cached = await call(api.url, 'POST', '/v1/price', {
        fixtureId: 'epl-2026-12-05-ars-che',
        legs: CONTRACT_LEGS,
      });
      const fresh = await call(api.url, 'POST', '/v1/price', {
        fixtureId: 'epl-2026-12-05-liv-mci',
        legs: CONTRACT_LEGS,
      });

      // Assess
      expect([warm.status, cached.status, fresh.status]).toEqual([200, 200, 200]);
    } finally {
      await api.stop();
      await redis.stop();
    }
  }, 60_000);

  it('answers 503 DEPENDENCY_UNAVAILABLE within 2 s while DynamoDB is frozen, then 200 within 2 s of it being back', async () => {
    // Prepare: opinion L1 cache off, so every price reads the store
    const dynamo = await DynaliteServer.start({ mode: 'process' });
    let api: LocalApi | undefined;
    try {
      api = await startLocalApi({
        port: 0,
        dynamodbEndpoint: dynamo.endpoint,
        redisUrl: false,
        seed: false,
        primeOnWrite: 'off',
        env: { OPINION_CACHE_TTL_MS: '0', DEPENDENCY_TIMEOUT_MS: '300' },
      });
      const request = { fixtureId: 'epl-2026-12-05-ars-che', legs: CONTRACT_LEGS };
      await call(api.url, 'PUT', '/v1/fixtures/epl-2026-12-05-ars-che', opinion());
      const healthy = await call(api.url, 'POST', '/v1/price', request);

      // Act
      dynamo.signal('SIGSTOP');
      const down = await call<ErrorBody>(api.url, 'POST', '/v1/price', request);
      const putDown = await call<ErrorBody>(api.url, 'PUT', '/v1/fixtures/epl-2026-12-05-ars-che', opinion());
      dynamo.signal('SIGCONT');
      // The store's circuit breaker opened on those two failures: prices answer 503 at once until its 1 s cool-down
      // ends and the trial call succeeds.
      const thawed = performance.now();
      let back = await call(api.url, 'POST', '/v1/price', request);
      while (back.status !== 200 && performance.now() - thawed < 5000) {
        await new Promise((r) => setTimeout(r, 100));
        back = await call(api.url, 'POST', '/v1/price', request);
      }
      const backAfterMs = performance.now() - thawed;

      // Assess
      expect(healthy.status).toBe(200);
      expect({ status: down.status, code: down.body.error.code }).toEqual({
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
      });
      expect(down.ms).toBeLessThan(2000);
      expect(putDown.status).toBe(503);
      expect(back.status).toBe(200);
      expect(backAfterMs).toBeLessThan(2000);
    } finally {
      dynamo.signal('SIGCONT');
      await api?.stop();
      await dynamo.stop();
    }
  }, 60_000);
});
