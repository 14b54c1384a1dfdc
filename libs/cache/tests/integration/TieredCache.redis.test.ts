import { RedisServer } from '@betbuilder/test-harness';
import {
  TieredCache,
  type BinaryRecord,
  type CacheEvent,
  type RedisClient,
  type TieredCacheOptions,
} from '../../src';
import { FakeClock } from '../support/FakeClock';
import { closeClient, eventually, ready, testClient, useRedis } from '../support/redis';
import { makeRecord, recordBytes, sameRecord, testCodec } from '../support/records';

/** A promise and the function that resolves it: lets a test hold a computation until it has arranged a fault. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

function cacheOn(redis: RedisClient, extra: Partial<TieredCacheOptions<BinaryRecord>> = {}) {
  const events: CacheEvent[] = [];
  const cache = new TieredCache<BinaryRecord>({
    namespace: 'it',
    codec: testCodec(),
    redis,
    l1: { maxBytes: 50_000_000, sizeOf: recordBytes },
    l2TimeoutMs: 1000,
    hooks: { onEvent: (e) => events.push(e) },
    ...extra,
  });
  return { cache, events };
}

describe('TieredCache on a real Redis', () => {
  let redis: RedisClient;
  useRedis((client) => (redis = client));

  it('round-trips a 500 KB record through Redis between two instances', async () => {
    // Prepare
    const a = cacheOn(redis).cache;
    const b = cacheOn(redis).cache;
    const record = makeRecord(500_000, 3);
    // Act
    const computed = await a.getOrCompute('rt:1', () => record);
    const fromL2 = await b.getOrCompute('rt:1', () => makeRecord(10, 99));
    const fromL1 = await b.getOrCompute('rt:1', () => makeRecord(10, 99));
    // Assess
    expect(computed.source).toBe('COMPUTED');
    expect(fromL2.source).toBe('L2');
    expect(sameRecord(fromL2.value, record)).toBe(true);
    expect(fromL1.source).toBe('L1');
  });

  it('stores entries with a Redis TTL of hard TTL plus grace', async () => {
    // Prepare
    const { cache } = cacheOn(redis, { hardTtlMs: 5_000, graceMs: 1_000 });
    // Act
    await cache.set('ttl:1', makeRecord(1_000));
    const pttl = await redis.pttl('it:ttl:1');
    // Assess
    expect(pttl).toBeGreaterThan(5_000);
    expect(pttl).toBeLessThanOrEqual(6_000);
  });

  it('computes once when 100 concurrent callers miss the same key', async () => {
    // Prepare
    const { cache } = cacheOn(redis);
    let calls = 0;
    const held = gate();
    // Act: the computation finishes only once all 100 callers have asked
    const pending = Array.from({ length: 100 }, () =>
      cache.getOrCompute('sf:1', async () => {
        calls++;
        await held.opened;
        return makeRecord(50_000, 5);
      }),
    );
    held.open();
    const results = await Promise.all(pending);
    // Assess
    expect(calls).toBe(1);
    expect(results.every((r) => r.value === results[0]!.value)).toBe(true);
  });

  it('treats bytes written by someone else under its key as a miss and overwrites them', async () => {
    // Prepare
    await redis.set('it:junk:1', Buffer.from('hello from another service'));
    const { cache, events } = cacheOn(redis);
    // Act
    const first = await cache.getOrCompute('junk:1', () => makeRecord(1_000, 6));
    const second = await cacheOn(redis).cache.getOrCompute('junk:1', () => makeRecord(1_000, 7));
    // Assess
    expect(first.source).toBe('COMPUTED');
    expect(events.some((e) => e.type === 'corrupt')).toBe(true);
    expect(second.source).toBe('L2');
    expect(sameRecord(second.value, first.value)).toBe(true);
  });

  it('releases the cross-container lock after computing', async () => {
    // Prepare
    const { cache } = cacheOn(redis);
    // Act
    await cache.getOrCompute('lock:1', () => makeRecord(100));
    await cache.drain();
    // Assess
    expect(await redis.exists('it:lock:1#lock')).toBe(0);
  });
});

describe('TieredCache waiting for another writer (awaitOthersMs)', () => {
  let redis: RedisClient;
  useRedis((client) => (redis = client));

  it("takes another instance's value written during the wait and computes nothing", async () => {
    // Prepare
    const writer = cacheOn(redis).cache;
    const { cache: reader, events } = cacheOn(redis);
    const record = makeRecord(200_000, 7);
    let computed = 0;
    // Act: the reader misses first; the writer (a primer) stores the value 60 ms later
    const read = reader.getOrCompute(
      'await:1',
      () => {
        computed++;
        return makeRecord(10, 1);
      },
      { awaitOthersMs: 2000 },
    );
    await new Promise((r) => setTimeout(r, 60));
    await writer.set('await:1', record);
    const got = await read;
    // Assess
    expect(computed).toBe(0);
    expect(got.source).toBe('L2');
    expect(sameRecord(got.value, record)).toBe(true);
    const awaited = events.filter((e) => e.type === 'await');
    expect(awaited).toEqual([expect.objectContaining({ type: 'await', key: 'await:1', found: true })]);
  });

  it('computes once the wait runs out with nothing written', async () => {
    // Prepare
    const { cache, events } = cacheOn(redis);
    const started = Date.now();
    // Act
    const got = await cache.getOrCompute('await:2', () => makeRecord(100, 2), { awaitOthersMs: 150 });
    // Assess
    expect(got.source).toBe('COMPUTED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(events.filter((e) => e.type === 'await')).toEqual([expect.objectContaining({ found: false })]);
  });

  it('does not wait without the option', async () => {
    // Prepare
    const { cache, events } = cacheOn(redis);
    const started = Date.now();
    // Act
    const got = await cache.getOrCompute('await:3', () => makeRecord(100, 3));
    // Assess
    expect(got.source).toBe('COMPUTED');
    expect(Date.now() - started).toBeLessThan(140);
    expect(events.some((e) => e.type === 'await')).toBe(false);
  });
});

describe('TieredCache L1 accounting and local eviction', () => {
  let redis: RedisClient;
  useRedis((client) => (redis = client));

  it('counts a value read from L2 by its encoded length with encodedSize, without calling sizeOf', async () => {
    // Prepare
    const writer = cacheOn(redis).cache;
    let measured = 0;
    const sizeOf = (r: BinaryRecord) => {
      measured++;
      return recordBytes(r);
    };
    const reader = cacheOn(redis, {
      l1: { maxBytes: 50_000_000, sizeOf, encodedSize: true },
    }).cache;
    await writer.set('size:1', makeRecord(100_000, 4));
    const stored = await redis.getBuffer('it:size:1');
    // Act
    const got = await reader.getOrCompute('size:1', () => makeRecord(10, 1));
    // Assess
    expect(got.source).toBe('L2');
    expect(measured).toBe(0);
    expect(reader.stats().l1.bytes).toBe(stored!.length);
  });

  it('forgetLocal drops the key from L1 only: the next read comes from L2', async () => {
    // Prepare
    const { cache } = cacheOn(redis);
    await cache.getOrCompute('forget:1', () => makeRecord(1_000, 5));
    // Act
    cache.forgetLocal('forget:1');
    const again = await cache.getOrCompute('forget:1', () => makeRecord(10, 1));
    // Assess
    expect(again.source).toBe('L2');
    expect(await redis.exists('it:forget:1')).toBe(1);
  });
});

describe('TieredCache when Redis fails', () => {
  let server: RedisServer;
  let redis: RedisClient;

  let clock: FakeClock;

  beforeEach(async () => {
    server = await RedisServer.start();
    // The client's own command timeout is far away: the cache's deadlines (on the fake clock) are what is tested.
    redis = testClient(server, { commandTimeoutMs: 10_000 });
    await ready(redis);
    clock = new FakeClock();
  });
  afterEach(async () => {
    await closeClient(redis);
    await server.stop();
  });

  it('keeps returning correct values from L1 or compute when Redis is killed mid-run', async () => {
    // Prepare
    const { cache } = cacheOn(redis, {
      l2TimeoutMs: 100,
      breaker: { failureThreshold: 3, cooldownMs: 60_000 },
      clock,
    });
    const expected = (i: number) => makeRecord(20_000, 100 + i);
    for (let i = 0; i < 5; i++) await cache.getOrCompute(`kill:${i}`, () => expected(i));
    // Act
    const results: { source?: string; ok: boolean; ms: number }[] = [];
    for (let i = 0; i < 10; i++) {
      if (i === 3) await server.kill();
      const r = await clock.settle(cache.getOrCompute(`kill:${i}`, () => expected(i)));
      results.push({ source: r.value?.source, ok: sameRecord(r.value!.value, expected(i)), ms: r.elapsedMs });
    }
    // Assess
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.slice(0, 5).map((r) => r.source)).toEqual(Array(5).fill('L1'));
    expect(results.slice(5).map((r) => r.source)).toEqual(Array(5).fill('COMPUTED'));
    // at most a read and a write deadline of the cache's clock per call, never more
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThanOrEqual(200);
    expect(cache.stats().l2.errors).toBeGreaterThan(0);
  });

  it('answers within the timeout bound while Redis is paused with SIGSTOP', async () => {
    // Prepare
    const { cache } = cacheOn(redis, {
      l2TimeoutMs: 100,
      breaker: { failureThreshold: 3, cooldownMs: 60_000 },
      clock,
    });
    await cache.getOrCompute('stop:warm', () => makeRecord(10_000, 1));
    await cache.drain(); // the lock release of that build, so no earlier round trip is left to time out
    // Act
    server.signal('SIGSTOP');
    const timings: number[] = [];
    const sources: (string | undefined)[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const r = await clock.settle(cache.getOrCompute(`stop:${i}`, () => makeRecord(10_000, i)));
        timings.push(r.elapsedMs);
        sources.push(r.value?.source);
      }
      const warm = await clock.settle(cache.getOrCompute('stop:warm', () => makeRecord(10, 0)));
      timings.push(warm.elapsedMs);
      sources.push(warm.value?.source);
    } finally {
      server.signal('SIGCONT');
    }
    // Assess
    expect(sources).toEqual([...Array<string>(6).fill('COMPUTED'), 'L1']);
    // a read and a write deadline (100 ms each on the cache's clock), then a read's as the third failure opens the
    // breaker, then none
    expect(timings).toEqual([200, 100, 0, 0, 0, 0, 0]);
    expect(cache.stats().l2.timeouts).toBeGreaterThanOrEqual(3);
    expect(cache.stats().l2.breaker).toBe('open');
  });

  it('gives a price that joined a build the model when the build’s Redis write times out (Redis paused)', async () => {
    // Prepare: a writer (the stream primer: failOnL2Error) starts the build; a reader (a price) joins it
    const { cache } = cacheOn(redis, { l2TimeoutMs: 100, clock });
    const started = gate();
    const held = gate();
    const build = async () => {
      started.open();
      await held.opened;
      return makeRecord(10_000, 17);
    };
    const writer = cache.getOrCompute('join:1', build, { failOnL2Error: true }).catch((e: unknown) => e);
    const reader = cache.getOrCompute('join:1', build).catch((e: unknown) => e);
    await started.opened;
    // Act: Redis stops answering while the model is built, so its L2 write times out
    server.signal('SIGSTOP');
    let outcomes: unknown[];
    try {
      held.open();
      ({ value: outcomes = [] } = await clock.settle(Promise.all([writer, reader])));
    } finally {
      server.signal('SIGCONT');
    }
    // Assess
    expect(outcomes[0]).toMatchObject({ name: 'CacheWriteError', code: 'CACHE_WRITE_FAILED' });
    expect(outcomes[1]).toMatchObject({ source: 'COMPUTED' });
    expect(sameRecord((outcomes[1] as { value: BinaryRecord }).value, makeRecord(10_000, 17))).toBe(true);
    expect(cache.stats().l2.timeouts).toBe(1);
  });

  it('writes its L1 values back to a Redis that restarted empty, so another instance reads them instead of computing', async () => {
    // Prepare: three values in a's L1 and in Redis; one expired from L1's point of view (hard TTL past)
    const { cache: a } = cacheOn(redis, { clock, hardTtlMs: 60_000 });
    for (let i = 0; i < 3; i++) await a.getOrCompute(`wb:${i}`, () => makeRecord(2_000, i));
    await clock.advance(30_000);
    await a.getOrCompute('wb:late', () => makeRecord(2_000, 9)); // hard TTL at 90 s
    await clock.advance(40_000); // wb:0..2 are past their hard TTL now, wb:late is not
    await a.getOrCompute('wb:again', () => makeRecord(2_000, 7));
    await server.kill();
    await server.restart();
    await eventually(async () => (await redis.ping().catch(() => '')) === 'PONG');
    await redis.set('it:wb:again', 'somebody wrote this already');

    // Act
    const written = await a.writeBackL1({ maxEntries: 10 });
    const b = cacheOn(redis, { clock }).cache;
    const late = await b.getOrCompute('wb:late', () => makeRecord(10, 0));
    const expired = await b.getOrCompute('wb:0', () => makeRecord(10, 0));

    // Assess: the live value written back (the one already there left alone), the expired ones not
    expect(written).toBe(1);
    expect(late.source).toBe('L2');
    expect(sameRecord(late.value, makeRecord(2_000, 9))).toBe(true);
    expect(expired.source).toBe('COMPUTED');
    expect(await redis.get('it:wb:again')).toBe('somebody wrote this already');
  }, 20_000);

  it('waits for a breaker that opened while Redis was down before writing back, within waitForL2Ms', async () => {
    // Prepare: a value in L1; Redis killed, the breaker opened by the next miss, then Redis back (empty)
    const { cache: a } = cacheOn(redis, {
      l2TimeoutMs: 200,
      breaker: { failureThreshold: 1, cooldownMs: 500 },
    });
    await a.getOrCompute('bw:1', () => makeRecord(1_000, 1));
    await server.kill();
    await a.getOrCompute('bw:2', () => makeRecord(1_000, 2));
    expect(a.stats().l2.breaker).toBe('open');
    await server.restart();
    await eventually(async () => (await redis.ping().catch(() => '')) === 'PONG');

    // Act
    const written = await a.writeBackL1({ maxEntries: 10, waitForL2Ms: 5_000 });

    // Assess
    expect(written).toBe(2);
    expect((await redis.keys('it:bw:*')).sort()).toEqual(['it:bw:1', 'it:bw:2']);
    expect(a.stats().l2.breaker).toBe('closed');
  }, 20_000);

  it('inL2 answers whether Redis holds a key (not L1), and false while Redis is down', async () => {
    // Prepare
    const { cache } = cacheOn(redis, { l2TimeoutMs: 200 });
    await cache.set('in:1', makeRecord(1_000, 1));
    await redis.del('it:in:1'); // still in L1
    await cache.set('in:2', makeRecord(1_000, 2));

    // Act
    const answers = [await cache.inL2('in:1'), await cache.inL2('in:2')];
    await server.kill();
    const whileDown = await cache.inL2('in:2');

    // Assess
    expect(answers).toEqual([false, true]);
    expect(whileDown).toBe(false);
  });

  it('writes back only the most recently used values, up to maxEntries', async () => {
    // Prepare
    const { cache: a } = cacheOn(redis, { clock });
    for (let i = 0; i < 5; i++) await a.getOrCompute(`mru:${i}`, () => makeRecord(500, i));
    await a.getOrCompute('mru:0', () => makeRecord(10, 0)); // an L1 hit: now the most recently used
    await redis.flushall();

    // Act
    const written = await a.writeBackL1({ maxEntries: 2 });

    // Assess
    expect(written).toBe(2);
    expect((await redis.keys('it:mru:*')).sort()).toEqual(['it:mru:0', 'it:mru:4']);
  });

  it('writes back only the values `only` accepts, up to maxEntries of them', async () => {
    // Prepare: six values, the even ones large
    const { cache: a } = cacheOn(redis, { clock });
    for (let i = 0; i < 6; i++)
      await a.getOrCompute(`only:${i}`, () => makeRecord(i % 2 === 0 ? 800 : 100, i));
    await redis.flushall();

    // Act: the small ones (by their arrays' bytes), at most two
    const bytes = (v: BinaryRecord) => Object.values(v.arrays).reduce((n, arr) => n + arr.byteLength, 0);
    const written = await a.writeBackL1({ maxEntries: 2, only: (v) => bytes(v) < 400 });

    // Assess: the two most recently used small values, no large one
    expect(written).toBe(2);
    expect((await redis.keys('it:only:*')).sort()).toEqual(['it:only:3', 'it:only:5']);
  });

  it('lookup answers a value with the tier that had it, and undefined for a key neither has, computing nothing', async () => {
    // Prepare
    const { cache: a } = cacheOn(redis, { clock });
    await a.set('lk:1', makeRecord(500, 1));
    const { cache: b } = cacheOn(redis, { clock });

    // Act
    const inA = await a.lookup('lk:1');
    const firstInB = await b.lookup('lk:1');
    const againInB = await b.lookup('lk:1');
    const none = await b.lookup('lk:none');

    // Assess
    expect([inA?.source, firstInB?.source, againInB?.source, none]).toEqual(['L1', 'L2', 'L1', undefined]);
    expect(sameRecord(firstInB!.value, makeRecord(500, 1))).toBe(true);
    expect(b.stats().compute.computes).toBe(0);
  });

  it('writes back the same entries several at a time as one at a time', async () => {
    // Prepare: eight values in L1, one of them already in Redis again after the flush
    const { cache: a } = cacheOn(redis, { clock });
    for (let i = 0; i < 8; i++) await a.getOrCompute(`cc:${i}`, () => makeRecord(500, i));
    await redis.flushall();
    await redis.set('it:cc:6', 'somebody wrote this already');

    // Act: the six most recent, four at a time
    const written = await a.writeBackL1({ maxEntries: 6, concurrency: 4 });

    // Assess: the five of the six Redis lacked, the one already there left alone, the two oldest not sent
    expect(written).toBe(5);
    expect((await redis.keys('it:cc:*')).sort()).toEqual([
      'it:cc:2',
      'it:cc:3',
      'it:cc:4',
      'it:cc:5',
      'it:cc:6',
      'it:cc:7',
    ]);
    expect(await redis.get('it:cc:6')).toBe('somebody wrote this already');
    const b = cacheOn(redis, { clock }).cache;
    const read = await b.getOrCompute('cc:3', () => makeRecord(10, 0));
    expect([read.source, sameRecord(read.value, makeRecord(500, 3))]).toEqual(['L2', true]);
  });

  it('uses L2 again after Redis restarts and the breaker closes by itself', async () => {
    // Prepare
    const { cache: a, events } = cacheOn(redis, {
      l2TimeoutMs: 100,
      breaker: { failureThreshold: 2, cooldownMs: 200 },
    });
    await server.kill();
    for (let i = 0; i < 3; i++) await a.getOrCompute(`re:${i}`, () => makeRecord(1_000, i));
    expect(a.stats().l2.breaker).toBe('open');
    // Act
    await server.restart();
    const back = await eventually(async () => {
      await a.set('re:probe', makeRecord(1_000, 50));
      return a.stats().l2.breaker === 'closed' && (await redis.exists('it:re:probe').catch(() => 0)) === 1;
    });
    const b = cacheOn(redis).cache;
    const fromL2 = await b.getOrCompute('re:probe', () => makeRecord(10, 0));
    // Assess
    expect(back).toBe(true);
    expect(fromL2.source).toBe('L2');
    expect(events.filter((e) => e.type === 'breaker').map((e) => (e as { state: string }).state)).toContain(
      'closed',
    );
  }, 20_000);
});
