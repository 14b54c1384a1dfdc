import {
  CacheKeyError,
  ComputeTimeoutError,
  MemoryTier,
  TieredCache,
  type BinaryRecord,
  type CacheEvent,
  type TieredCacheOptions,
} from '../../src';
import { ChaosTier } from '../support/ChaosTier';
import { FakeClock } from '../support/FakeClock';
import { makeRecord, recordBytes, sameRecord, testCodec } from '../support/records';

// Every test runs on fake time: TTLs, grace, the breaker's cool-down, lock waits and timeouts move only when the test
// advances `clock` (a fresh one per test), never on the wall clock.
let clock: FakeClock;
beforeEach(() => {
  clock = new FakeClock();
});
const sleep = (ms: number) => clock.sleep(ms);
const memoryTier = () => new MemoryTier(() => clock.now());

function newCache(extra: Partial<TieredCacheOptions<BinaryRecord>> = {}) {
  const events: CacheEvent[] = [];
  const cache = new TieredCache<BinaryRecord>({
    namespace: 'test',
    codec: testCodec(),
    l1: { maxBytes: 10_000_000, sizeOf: recordBytes },
    hooks: { onEvent: (e) => events.push(e) },
    clock,
    ...extra,
  });
  return { cache, events };
}

function counter(seed = 1, bytes = 4_000) {
  let calls = 0;
  const fn = () => {
    calls++;
    return makeRecord(bytes, seed + calls);
  };
  return { fn, calls: () => calls };
}

describe('TieredCache (in-process tiers)', () => {
  it('computes on a miss, then serves the same value from L1', async () => {
    // Prepare
    const { cache } = newCache();
    const c = counter();
    // Act
    const first = await cache.getOrCompute('k:1', c.fn);
    const second = await cache.getOrCompute('k:1', c.fn);
    // Assess
    expect(first.source).toBe('COMPUTED');
    expect(second.source).toBe('L1');
    expect(second.value).toBe(first.value);
    expect(c.calls()).toBe(1);
    expect(cache.stats().l1).toMatchObject({ hits: 1, misses: 1 });
  });

  it('serves a value another instance computed from L2, decoded byte for byte', async () => {
    // Prepare
    const tier = memoryTier();
    const a = newCache({ l2: tier }).cache;
    const b = newCache({ l2: tier }).cache;
    const c = counter();
    const { value } = await a.getOrCompute('k:2', c.fn);
    // Act
    const got = await b.getOrCompute('k:2', c.fn);
    // Assess
    expect(got.source).toBe('L2');
    expect(sameRecord(got.value, value)).toBe(true);
    expect(c.calls()).toBe(1);
    expect(b.stats().l2).toMatchObject({ hits: 1, decodes: 1 });
  });

  it('computes once when 100 callers miss the same key at once', async () => {
    // Prepare
    const { cache } = newCache({ l2: memoryTier() });
    let calls = 0;
    const slow = async () => {
      calls++;
      await sleep(20);
      return makeRecord(1_000);
    };
    // Act
    const { value: results } = await clock.settle(
      Promise.all(Array.from({ length: 100 }, () => cache.getOrCompute('k:sf', slow))),
    );
    // Assess
    expect(calls).toBe(1);
    expect(new Set(results!.map((r) => r.value)).size).toBe(1);
    expect(cache.stats().coalesce.joinedInFlight).toBe(99);
  });

  it('serves a soft-expired value as STALE and refreshes it in the background', async () => {
    // Prepare
    const { cache, events } = newCache({ softTtlMs: 30, hardTtlMs: 10_000 });
    const c = counter();
    const first = await cache.getOrCompute('k:soft', c.fn);
    await clock.advance(40);
    // Act
    const stale = await cache.getOrCompute('k:soft', c.fn);
    await cache.drain();
    const fresh = await cache.getOrCompute('k:soft', c.fn);
    // Assess
    expect(stale).toEqual({ value: first.value, source: 'STALE' });
    expect(fresh.source).toBe('L1');
    expect(fresh.value).not.toBe(first.value);
    expect(c.calls()).toBe(2);
    expect(events).toContainEqual({ type: 'refresh', key: 'k:soft', ok: true });
  });

  it('recomputes after the hard TTL', async () => {
    // Prepare
    const { cache } = newCache({ hardTtlMs: 30 });
    const c = counter();
    await cache.getOrCompute('k:hard', c.fn);
    await clock.advance(40);
    // Act
    const again = await cache.getOrCompute('k:hard', c.fn);
    // Assess
    expect(again.source).toBe('COMPUTED');
    expect(c.calls()).toBe(2);
  });

  it('serves the expired value as STALE during grace when compute fails, and rethrows after grace', async () => {
    // Prepare
    const { cache, events } = newCache({ hardTtlMs: 20, graceMs: 60 });
    const c = counter();
    const first = await cache.getOrCompute('k:grace', c.fn);
    await clock.advance(30);
    const boom = () => Promise.reject(new Error('opinion store down'));
    // Act
    const inGrace = await cache.getOrCompute('k:grace', boom);
    await clock.advance(70);
    const afterGrace = cache.getOrCompute('k:grace', boom);
    // Assess
    expect(inGrace).toEqual({ value: first.value, source: 'STALE' });
    await expect(afterGrace).rejects.toThrow('opinion store down');
    expect(events).toContainEqual({ type: 'stale-served', key: 'k:grace', reason: 'compute-failed' });
  });

  it('serves stale from L2 during grace when compute times out', async () => {
    // Prepare
    const tier = memoryTier();
    const writer = newCache({ l2: tier, hardTtlMs: 20, graceMs: 5_000 }).cache;
    const first = await writer.getOrCompute('k:gto', () => makeRecord(2_000, 3));
    await clock.advance(30);
    const reader = newCache({ l2: tier, hardTtlMs: 20, graceMs: 5_000, computeTimeoutMs: 30 }).cache;
    // Act
    const { value: got, elapsedMs } = await clock.settle(
      reader.getOrCompute('k:gto', () => new Promise<BinaryRecord>(() => undefined)),
    );
    // Assess
    expect(got?.source).toBe('STALE');
    expect(sameRecord(got!.value, first.value)).toBe(true);
    expect(elapsedMs).toBe(30);
    expect(reader.stats().compute.timeouts).toBe(1);
    expect(reader.stats()).toMatchObject({ l1: { stale: 0 }, l2: { stale: 1 } });
  });

  it('counts a stale value served from L2 during grace as l2.stale, not l1.stale', async () => {
    // Prepare: another instance wrote the value; this one (with an empty L1) finds it in L2 past its hard TTL
    const tier = memoryTier();
    await newCache({ l2: tier, hardTtlMs: 20, graceMs: 5_000 }).cache.set('k:g2', makeRecord(500, 1));
    await clock.advance(30);
    const { cache, events } = newCache({ l2: tier, hardTtlMs: 20, graceMs: 5_000 });
    // Act
    const got = await cache.getOrCompute('k:g2', () => Promise.reject(new Error('store down')));
    // Assess
    expect(got.source).toBe('STALE');
    expect(cache.stats().l1.stale).toBe(0);
    expect(cache.stats().l2.stale).toBe(1);
    expect(events).toContainEqual({ type: 'stale-served', key: 'k:g2', reason: 'compute-failed' });
  });

  it('gives a caller that joined a computation the value even when storing it in L2 failed', async () => {
    // Prepare: a writer (failOnL2Error, like the stream primer) starts a computation; L2 writes fail
    const chaos = new ChaosTier(memoryTier());
    const { cache } = newCache({ l2: chaos });
    chaos.get = () => Promise.resolve(undefined);
    chaos.acquireLock = () => Promise.resolve(true);
    chaos.set = () => Promise.reject(new Error('chaos: write timed out'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const build = async () => {
      await gate;
      return makeRecord(500, 9);
    };
    // Act: a reader (a price) joins the writer's computation, then the computation finishes and its write fails
    const writer = cache.getOrCompute('k:join', build, { failOnL2Error: true }).catch((e: unknown) => e);
    const reader = cache.getOrCompute('k:join', build);
    release();
    const [writerOutcome, readerOutcome] = await Promise.all([writer, reader]);
    // Assess
    expect(writerOutcome).toMatchObject({ name: 'CacheWriteError', code: 'CACHE_WRITE_FAILED' });
    expect(readerOutcome.source).toBe('COMPUTED');
    expect(sameRecord(readerOutcome.value, makeRecord(500, 9))).toBe(true);
    expect(cache.stats().coalesce.joinedInFlight).toBe(1);
  });

  it('fails a strict caller that joined a lenient computation whose L2 write failed', async () => {
    // Prepare
    const chaos = new ChaosTier(memoryTier());
    const { cache } = newCache({ l2: chaos });
    chaos.get = () => Promise.resolve(undefined);
    chaos.acquireLock = () => Promise.resolve(true);
    chaos.set = () => Promise.reject(new Error('chaos: write failed'));
    // Act
    const lenient = cache.getOrCompute('k:strict', () => makeRecord(100, 1));
    const strict = cache.getOrCompute('k:strict', () => makeRecord(100, 2), { failOnL2Error: true });
    // Assess
    expect((await lenient).source).toBe('COMPUTED');
    await expect(strict).rejects.toMatchObject({ code: 'CACHE_WRITE_FAILED' });
  });

  it('rejects with ComputeTimeoutError when compute is too slow and nothing is stale', async () => {
    // Prepare
    const { cache } = newCache({ computeTimeoutMs: 20 });
    // Act
    const { error, elapsedMs } = await clock.settle(
      cache.getOrCompute('k:cto', () => new Promise<BinaryRecord>(() => undefined)),
    );
    // Assess
    expect(error).toBeInstanceOf(ComputeTimeoutError);
    expect(error).toMatchObject({ code: 'COMPUTE_TIMEOUT', timeoutMs: 20 });
    expect(elapsedMs).toBe(20);
  });

  it('passes the caller’s compute error through unchanged when there is nothing stale', async () => {
    // Prepare
    const { cache } = newCache({ l2: memoryTier() });
    const err = new Error('bad opinion');
    // Act
    const p = cache.getOrCompute('k:err', () => {
      throw err;
    });
    // Assess
    await expect(p).rejects.toBe(err);
  });

  it('rejects keys outside the safe charset with CacheKeyError', async () => {
    // Prepare
    const { cache } = newCache();
    // Act / Assess
    await expect(cache.getOrCompute('has space', () => makeRecord(10))).rejects.toBeInstanceOf(CacheKeyError);
    await expect(cache.getOrCompute('', () => makeRecord(10))).rejects.toBeInstanceOf(CacheKeyError);
  });

  it('treats a corrupted L2 entry as a miss, reports it and overwrites it', async () => {
    // Prepare
    const tier = memoryTier();
    const chaos = new ChaosTier(tier);
    const writer = newCache({ l2: tier }).cache;
    await writer.set('k:corrupt', makeRecord(2_000, 5));
    const { cache, events } = newCache({ l2: chaos });
    chaos.setMode('corrupt');
    const c = counter(40);
    // Act
    const got = await cache.getOrCompute('k:corrupt', c.fn);
    chaos.setMode('ok');
    const third = await newCache({ l2: tier }).cache.getOrCompute('k:corrupt', c.fn);
    // Assess
    expect(got.source).toBe('COMPUTED');
    expect(events.some((e) => e.type === 'corrupt' && e.code === 'CHECKSUM_MISMATCH')).toBe(true);
    expect(cache.stats().l2.corrupt).toBe(1);
    expect(third.source).toBe('L2');
    expect(sameRecord(third.value, got.value)).toBe(true);
    expect(c.calls()).toBe(1);
  });

  it('treats an entry of another value version or foreign bytes as a miss', async () => {
    // Prepare
    const tier = memoryTier();
    await new TieredCache({ namespace: 'test', codec: testCodec(1), l2: tier, clock }).set(
      'k:v',
      makeRecord(500),
    );
    await tier.set('test:k:junk', Buffer.from('not a cache entry at all, just text'), 10_000);
    const { cache, events } = newCache({ l2: tier, codec: testCodec(2) });
    // Act
    const a = await cache.getOrCompute('k:v', () => makeRecord(500, 2));
    const b = await cache.getOrCompute('k:junk', () => makeRecord(500, 3));
    // Assess
    expect([a.source, b.source]).toEqual(['COMPUTED', 'COMPUTED']);
    const codes = events.flatMap((e) => (e.type === 'corrupt' ? [e.code] : []));
    expect(codes).toEqual(['VALUE_VERSION_MISMATCH', 'BAD_MAGIC']);
  });

  it('keeps answering when L2 throws, opens the breaker, and closes it once L2 recovers', async () => {
    // Prepare
    const chaos = new ChaosTier(memoryTier());
    const { cache, events } = newCache({
      l2: chaos,
      l1: false,
      breaker: { failureThreshold: 3, cooldownMs: 50 },
    });
    chaos.setMode('throw');
    // Act
    const during = [];
    for (let i = 0; i < 6; i++)
      during.push((await cache.getOrCompute(`k:t${i}`, () => makeRecord(100))).source);
    const callsWhileOpen = chaos.calls;
    await cache.getOrCompute('k:extra', () => makeRecord(100));
    chaos.setMode('ok');
    await clock.advance(60);
    await cache.getOrCompute('k:after', () => makeRecord(100));
    const back = await cache.getOrCompute('k:after', () => makeRecord(100));
    // Assess
    expect(during).toEqual(Array(6).fill('COMPUTED'));
    expect(chaos.calls).toBeGreaterThan(callsWhileOpen);
    expect(cache.stats().l2.skippedByBreaker).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'breaker').map((e) => (e as { state: string }).state)).toEqual([
      'open',
      'half-open',
      'closed',
    ]);
    expect(back.source).toBe('L2');
  });

  it('answers within the L2 timeout bound when L2 stalls and patience is off', async () => {
    // Prepare
    const chaos = new ChaosTier(memoryTier());
    const { cache } = newCache({ l2: chaos, l2TimeoutMs: 30, l2PatienceMs: 0 });
    chaos.setMode('stall');
    // Act
    const { value: r, elapsedMs } = await clock.settle(cache.getOrCompute('k:stall', () => makeRecord(100)));
    chaos.setMode('ok');
    // Assess
    expect(r?.source).toBe('COMPUTED');
    // the read times out (30), the lock is skipped after a failed read, the write times out (30)
    expect(elapsedMs).toBe(60);
    expect(cache.stats().l2).toMatchObject({ timeouts: 2, slow: 0 });
  });

  it('waits for a slow L2 read past its timeout instead of computing, and counts it as a success', async () => {
    // Prepare: the value is in L2, but L2 answers only 200 ms after the read (a loaded machine)
    const tier = memoryTier();
    await newCache({ l2: tier }).cache.set('k:slow', makeRecord(500, 7));
    const chaos = new ChaosTier(tier);
    const { cache, events } = newCache({ l2: chaos, l2TimeoutMs: 30, l2PatienceMs: 1_000 });
    const c = counter();
    chaos.setMode('stall');
    void clock.sleep(200).then(() => chaos.setMode('ok'));
    // Act
    const { value: r, elapsedMs } = await clock.settle(cache.getOrCompute('k:slow', c.fn));
    // Assess
    expect(r?.source).toBe('L2');
    expect(c.calls()).toBe(0);
    expect(elapsedMs).toBe(200);
    expect(cache.stats().l2).toMatchObject({ hits: 1, slow: 1, timeouts: 0, errors: 0, breaker: 'closed' });
    expect(events.filter((e) => e.type === 'l2-slow')).toEqual([
      { type: 'l2-slow', key: 'k:slow', operation: 'get', patienceMs: 1_000 },
    ]);
  });

  it('waits as long as computing takes here, and opens the breaker when even that passes', async () => {
    // Prepare: one computation of 40 ms sets the patience to 80 ms; then L2 freezes
    const chaos = new ChaosTier(memoryTier());
    const { cache, events } = newCache({ l2: chaos, l2TimeoutMs: 30, l2PatienceMs: 1_000 });
    await clock.settle(
      cache.getOrCompute('k:first', async () => {
        await sleep(40);
        return makeRecord(100, 1);
      }),
    );
    chaos.setMode('stall');
    // Act
    const { value: r, elapsedMs } = await clock.settle(
      cache.getOrCompute('k:frozen', () => makeRecord(100, 2)),
    );
    const next = await clock.settle(cache.getOrCompute('k:next', () => makeRecord(100, 3)));
    chaos.setMode('ok');
    // Assess: the read waits 80 ms, trips the breaker, so the write and the next request skip L2 at once
    expect(r?.source).toBe('COMPUTED');
    expect(elapsedMs).toBe(80);
    expect(next.elapsedMs).toBe(0);
    expect(cache.stats().l2).toMatchObject({ slow: 1, timeouts: 1, breaker: 'open' });
    expect(cache.stats().l2.skippedByBreaker).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.type === 'breaker')).toEqual([{ type: 'breaker', state: 'open' }]);
  });

  it('does not wait past a failure of the operation itself (only its own deadline is patient)', async () => {
    // Prepare
    const chaos = new ChaosTier(memoryTier());
    const { cache } = newCache({ l2: chaos, l2TimeoutMs: 30, l2PatienceMs: 1_000 });
    chaos.setMode('throw');
    // Act
    const { value: r, elapsedMs } = await clock.settle(cache.getOrCompute('k:down', () => makeRecord(100)));
    // Assess
    expect(r?.source).toBe('COMPUTED');
    expect(elapsedMs).toBe(0);
    expect(cache.stats().l2).toMatchObject({ slow: 0, breaker: 'closed' });
  });

  /** Instance `a` starts a 60-80 ms computation of `key`; 10 ms later `b` asks for the same key. */
  async function ownerAndWaiter(
    a: TieredCache<BinaryRecord>,
    b: TieredCache<BinaryRecord>,
    key: string,
    ms: number,
  ) {
    let calls = 0;
    const slow = async () => {
      calls++;
      await sleep(ms);
      return makeRecord(1_000, 11);
    };
    const { value } = await clock.settle(
      Promise.all([a.getOrCompute(key, slow), sleep(10).then(() => b.getOrCompute(key, slow))]),
    );
    return { results: value!, calls };
  }

  it('lets a second instance wait for the lock owner and take its value instead of computing', async () => {
    // Prepare
    const tier = memoryTier();
    const a = newCache({ l2: tier }).cache;
    const b = newCache({ l2: tier }).cache;
    // Act
    const {
      results: [ra, rb],
      calls,
    } = await ownerAndWaiter(a, b, 'k:lock', 60);
    // Assess
    expect(calls).toBe(1);
    expect(ra.source).toBe('COMPUTED');
    expect(rb.source).toBe('L2');
    expect(b.stats().coalesce).toMatchObject({ lockWaits: 1, lockWaitHits: 1 });
  });

  it('keeps waiting for the lock owner through a failed poll instead of building a second copy', async () => {
    // Prepare: b's first read (the miss) works, its next two polls fail (a slow read of a large value under load)
    const tier = memoryTier();
    let gets = 0;
    const flaky = new ChaosTier(tier);
    const innerGet = flaky.get.bind(flaky);
    flaky.get = (key: string) => {
      gets++;
      return gets === 2 || gets === 3 ? Promise.reject(new Error('read timed out')) : innerGet(key);
    };
    const a = newCache({ l2: tier }).cache;
    const b = newCache({ l2: flaky }).cache;
    // Act
    const {
      results: [, rb],
      calls,
    } = await ownerAndWaiter(a, b, 'k:flaky', 80);
    // Assess
    expect(gets).toBeGreaterThan(3);
    expect(calls).toBe(1);
    expect(rb.source).toBe('L2');
    expect(b.stats().coalesce).toMatchObject({ lockWaits: 1, lockWaitHits: 1, lockWaitTimeouts: 0 });
  });

  it('takes the lock over when its owner fails without writing a value', async () => {
    // Prepare
    const tier = memoryTier();
    const a = newCache({ l2: tier }).cache;
    const b = newCache({ l2: tier }).cache;
    // Act
    const pa = a.getOrCompute('k:fail', async () => {
      await sleep(30);
      throw new Error('owner crashed');
    });
    const ownerError = pa.catch((e: unknown) => e);
    await clock.advance(5);
    const { value: rb } = await clock.settle(b.getOrCompute('k:fail', () => makeRecord(100, 4)));
    // Assess
    expect(await ownerError).toEqual(new Error('owner crashed'));
    expect(rb?.source).toBe('COMPUTED');
    expect(b.stats().coalesce.lockWaits).toBe(1);
  });

  it('wraps L1, L2 and compute in the trace hook', async () => {
    // Prepare
    const names: string[] = [];
    const cache = new TieredCache<BinaryRecord>({
      namespace: 'test',
      codec: testCodec(),
      clock,
      l2: memoryTier(),
      l1: { maxBytes: 1e6, sizeOf: recordBytes },
      hooks: {
        trace: (name, fn) => {
          names.push(name);
          return fn();
        },
      },
    });
    // Act
    await cache.getOrCompute('k:trace', () => makeRecord(100));
    const hit = await cache.getOrCompute('k:trace', () => makeRecord(100));
    // Assess
    expect(hit.source).toBe('L1');
    expect(names.slice(0, 3)).toEqual(['cache.l1', 'cache.l2', 'cache.l2']);
    expect(names).toContain('compute');
    expect(names.at(-1)).toBe('cache.l1');
  });

  it('keeps L1 within its byte budget by evicting the least recently used values', async () => {
    // Prepare
    const { cache } = newCache({ l1: { maxBytes: 20_000, sizeOf: recordBytes } });
    // Act
    for (let i = 0; i < 10; i++) await cache.set(`k:lru${i}`, makeRecord(4_000, i));
    const newest = await cache.get('k:lru9');
    const oldest = await cache.get('k:lru0');
    // Assess
    expect(cache.stats().l1.bytes).toBeLessThanOrEqual(20_000);
    expect(newest).toBeDefined();
    expect(oldest).toBeUndefined();
  });

  it('get, set and delete work across both tiers', async () => {
    // Prepare
    const tier = memoryTier();
    const a = newCache({ l2: tier }).cache;
    const b = newCache({ l2: tier }).cache;
    const r = makeRecord(1_000, 8);
    // Act
    await a.set('k:crud', r);
    const fromL2 = await b.get('k:crud');
    await a.delete('k:crud');
    const afterDelete = await newCache({ l2: tier }).cache.get('k:crud');
    const fromL1 = await a.get('k:crud');
    // Assess
    expect(fromL2 && sameRecord(fromL2, r)).toBe(true);
    expect(afterDelete).toBeUndefined();
    expect(fromL1).toBeUndefined();
  });

  it('works with no L1 at all (every read goes to L2)', async () => {
    // Prepare
    const tier = memoryTier();
    const { cache } = newCache({ l2: tier, l1: false });
    const c = counter();
    // Act
    await cache.getOrCompute('k:nol1', c.fn);
    const again = await cache.getOrCompute('k:nol1', c.fn);
    // Assess
    expect(again.source).toBe('L2');
    expect(c.calls()).toBe(1);
  });

  it('swallows L2 write and delete failures by default and reports them with failOnL2Error', async () => {
    // Prepare
    const chaos = new ChaosTier(memoryTier());
    const { cache, events } = newCache({ l2: chaos });
    chaos.setMode('throw');
    // Act
    await cache.set('k:w', makeRecord(100));
    await cache.delete('k:w');
    const strict = cache.set('k:w2', makeRecord(100), { failOnL2Error: true });
    // Assess
    await expect(strict).rejects.toMatchObject({ name: 'CacheWriteError', code: 'CACHE_WRITE_FAILED' });
    expect(
      events.filter((e) => e.type === 'l2-error').map((e) => (e as { operation: string }).operation),
    ).toEqual(['set', 'delete', 'set']);
    expect(await cache.get('k:w2')).toBeDefined();
  });

  it('rejects a computing getOrCompute with failOnL2Error when its L2 write fails, and only then', async () => {
    // Prepare
    const chaos = new ChaosTier(memoryTier());
    const { cache } = newCache({ l2: chaos });
    const c = counter();
    // Act
    const ok = await cache.getOrCompute('k:p1', c.fn, { failOnL2Error: true });
    chaos.setMode('throw');
    const lenient = await cache.getOrCompute('k:p2', c.fn);
    const strict = cache.getOrCompute('k:p3', c.fn, { failOnL2Error: true });
    // Assess
    expect(ok.source).toBe('COMPUTED');
    expect(lenient.source).toBe('COMPUTED');
    await expect(strict).rejects.toMatchObject({ name: 'CacheWriteError', code: 'CACHE_WRITE_FAILED' });
    expect(c.calls()).toBe(3);
    chaos.setMode('ok');
    const retried = await cache.getOrCompute('k:p3', c.fn, { failOnL2Error: true });
    expect(retried.source).toBe('COMPUTED'); // not an L1 hit: the failed write left nothing behind
    expect(c.calls()).toBe(4);
  });

  it('never lets a throwing onEvent observer break a read', async () => {
    // Prepare
    const cache = new TieredCache<BinaryRecord>({
      namespace: 'test',
      codec: testCodec(),
      clock,
      l2: memoryTier(),
      hooks: {
        onEvent: () => {
          throw new Error('observer bug');
        },
      },
    });
    // Act
    const r = await cache.getOrCompute('k:obs', () => makeRecord(100));
    // Assess
    expect(r.source).toBe('COMPUTED');
  });
});
