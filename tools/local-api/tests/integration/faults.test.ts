import { DynaliteServer, RedisServer } from '@betbuilder/test-harness';
import { startLocalApi, type LocalApi } from '../../src';
import { call, CONTRACT_LEGS, opinion, type ErrorBody } from '../support/http';

describe('local API under dependency faults', () => {
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

  it('keeps pricing (200) with the Redis-only JSON design after Redis is killed', async () => {
    // Prepare
    const redis = await RedisServer.start();
    const api = await startLocalApi({
      port: 0,
      redisUrl: redis.url,
      seed: false,
      primeOnWrite: 'off',
      env: { CACHE_MODE: 'redis-json' },
    });
    try {
      await call(api.url, 'PUT', '/v1/fixtures/epl-2026-12-05-ars-che', opinion());

      // Act
      await redis.kill();
      const res = await call(api.url, 'POST', '/v1/price', {
        fixtureId: 'epl-2026-12-05-ars-che',
        legs: CONTRACT_LEGS,
      });

      // Assess
      expect(res.status).toBe(200);
    } finally {
      await api.stop();
      await redis.stop();
    }
  }, 60_000);

  it('answers 503 DEPENDENCY_UNAVAILABLE within 2 s while DynamoDB is frozen, then 200 once it is back', async () => {
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
      const back = await call(api.url, 'POST', '/v1/price', request);

      // Assess
      expect(healthy.status).toBe(200);
      expect({ status: down.status, code: down.body.error.code }).toEqual({
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
      });
      expect(down.ms).toBeLessThan(2000);
      expect(putDown.status).toBe(503);
      expect(back.status).toBe(200);
    } finally {
      dynamo.signal('SIGCONT');
      await api?.stop();
      await dynamo.stop();
    }
  }, 60_000);
});
