import { RedisServer } from '@betbuilder/test-harness';
import { Redis } from 'ioredis';
import { CURRENT_VERSION_PREFIX, CurrentVersions } from '../../src';
import { POINTER_LIFETIME_MS } from '../../src/CurrentVersions';

describe('CurrentVersions (real redis-server)', () => {
  let server: RedisServer;
  let client: Redis;
  const warnings: unknown[] = [];
  const logger = { warn: (...args: unknown[]) => warnings.push(args) };

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    client = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    await client.flushall();
    warnings.length = 0;
  });
  afterEach(() => client.disconnect());

  it('round-trips a pointer with its TTL, and only ever moves forward', async () => {
    // Prepare
    const versions = new CurrentVersions({ redis: client, timeoutMs: 200, ttlMs: 5000, logger });

    // Act
    const first = await versions.publish({ fixtureId: 'f-1', inputsVersion: 3, status: 'OPEN' });
    const back = await versions.publish({ fixtureId: 'f-1', inputsVersion: 2, status: 'SUSPENDED' });
    const same = await versions.publish({ fixtureId: 'f-1', inputsVersion: 3, status: 'OPEN' });
    const got = await versions.get('f-1');
    const ttl = await client.pttl(`${CURRENT_VERSION_PREFIX}f-1`);

    // Assess
    expect([first, back, same]).toEqual([true, false, true]);
    expect(got).toEqual({ fixtureId: 'f-1', inputsVersion: 3, status: 'OPEN' });
    expect(ttl).toBeGreaterThan(POINTER_LIFETIME_MS - 1000);
    expect(ttl).toBeLessThanOrEqual(POINTER_LIFETIME_MS);
  });

  it('keeps a pointer past its freshness: get() reads it as none, getWithAge() answers it with its age', async () => {
    // Prepare
    const versions = new CurrentVersions({ redis: client, timeoutMs: 200, ttlMs: 50, logger });
    await versions.publish({ fixtureId: 'f-old', inputsVersion: 7, status: 'OPEN' });

    // Act
    await new Promise((r) => setTimeout(r, 120));
    const fresh = await versions.get('f-old');
    const aged = await versions.getWithAge('f-old');

    // Assess
    expect(fresh).toBeUndefined();
    expect(aged?.head).toEqual({ fixtureId: 'f-old', inputsVersion: 7, status: 'OPEN' });
    expect(aged?.ageMs).toBeGreaterThanOrEqual(100);
    expect(aged?.ageMs).toBeLessThan(5000);
  });

  it('reads an absent, expired or malformed pointer as none, and removes one', async () => {
    // Prepare
    const versions = new CurrentVersions({ redis: client, timeoutMs: 200, ttlMs: 50, logger });
    await versions.publish({ fixtureId: 'f-exp', inputsVersion: 1, status: 'OPEN' });
    await client.set(`${CURRENT_VERSION_PREFIX}f-bad`, 'garbage');
    await versions.publish({ fixtureId: 'f-del', inputsVersion: 4, status: 'OPEN' });

    // Act
    await new Promise((r) => setTimeout(r, 120));
    await versions.remove('f-del');

    // Assess
    expect(await versions.get('f-none')).toBeUndefined();
    expect(await versions.get('f-exp')).toBeUndefined();
    expect(await versions.get('f-bad')).toBeUndefined();
    expect(await versions.get('f-del')).toBeUndefined();
  });

  it('never throws and answers within its timeout when Redis is frozen', async () => {
    // Prepare
    const versions = new CurrentVersions({ redis: client, timeoutMs: 100, ttlMs: 5000, logger });
    await versions.publish({ fixtureId: 'f-2', inputsVersion: 1, status: 'OPEN' });
    server.signal('SIGSTOP');
    try {
      // Act
      const t0 = Date.now();
      const got = await versions.get('f-2');
      const published = await versions.publish({ fixtureId: 'f-2', inputsVersion: 2, status: 'OPEN' });
      await versions.remove('f-2');
      const took = Date.now() - t0;

      // Assess
      expect(got).toBeUndefined();
      expect(published).toBe(false);
      expect(took).toBeLessThan(1000);
      expect(warnings).toHaveLength(2);
    } finally {
      server.signal('SIGCONT');
    }
  });

  it('stops asking a frozen Redis after consecutive failures, and asks again after the cool-down', async () => {
    // Prepare: a breaker of 2 failures and 1 s cool-down on a clock the test moves
    let now = 1_000_000;
    const versions = new CurrentVersions({
      redis: client,
      timeoutMs: 100,
      ttlMs: 5000,
      logger,
      breaker: { failureThreshold: 2, cooldownMs: 1000 },
      now: () => now,
    });
    await versions.publish({ fixtureId: 'f-3', inputsVersion: 5, status: 'OPEN' });
    server.signal('SIGSTOP');
    let skippedMs: number;
    let whileOpen: unknown;
    try {
      await versions.get('f-3');
      await versions.get('f-3');
      // Act: the breaker is open, so this read does not wait out its timeout
      const t0 = Date.now();
      whileOpen = await versions.get('f-3');
      skippedMs = Date.now() - t0;
    } finally {
      server.signal('SIGCONT');
    }
    now += 1000;
    const after = await versions.get('f-3');

    // Assess
    expect(whileOpen).toBeUndefined();
    expect(skippedMs).toBeLessThan(50);
    expect(after).toEqual({ fixtureId: 'f-3', inputsVersion: 5, status: 'OPEN' });
  });
});
