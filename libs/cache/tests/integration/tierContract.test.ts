import { MemoryTier, RedisTier, type CacheTier, type RedisClient } from '../../src';
import { ChaosTier } from '../support/ChaosTier';
import { FakeClock, flush } from '../support/FakeClock';
import { useRedis } from '../support/redis';

let client: RedisClient;
useRedis((c) => (client = c));

/**
 * How a row proves that a TTL was honoured without sleeping: an in-process tier runs on a fake clock that the test moves
 * past the TTL; for Redis (whose clock no test can move) the key's remaining PTTL must lie in (0, ttl] — expiry itself
 * is Redis's job.
 */
type Expiry = { kind: 'clock'; clock: FakeClock } | { kind: 'redis' };
interface Row {
  tier: CacheTier;
  expiry: Expiry;
}

function inProcess(wrap: (t: CacheTier) => CacheTier = (t) => t): Row {
  const clock = new FakeClock();
  return { tier: wrap(new MemoryTier(() => clock.now())), expiry: { kind: 'clock', clock } };
}

const tiers: [string, () => Row][] = [
  ['MemoryTier', () => inProcess()],
  ['RedisTier', () => ({ tier: new RedisTier(client), expiry: { kind: 'redis' } })],
  ['ChaosTier(MemoryTier) while healthy', () => inProcess((t) => new ChaosTier(t))],
  [
    'ChaosTier(RedisTier) while healthy',
    () => ({ tier: new ChaosTier(new RedisTier(client)), expiry: { kind: 'redis' } }),
  ],
];

/** Asserts that `key`, stored with `ttlMs`, is gone after its TTL (or, in Redis, has a TTL no longer than `ttlMs`). */
async function expectExpires(expiry: Expiry, key: string, ttlMs: number, gone: () => Promise<boolean>) {
  if (expiry.kind === 'redis') {
    const pttl = await client.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(ttlMs);
    return;
  }
  expect(await gone()).toBe(false);
  await expiry.clock.advance(ttlMs);
  expect(await gone()).toBe(true);
}

let n = 0;
const uniqueKey = () => `contract:${process.pid}:${++n}`;

describe.each(tiers)('%s honours the tier contract', (_name, make) => {
  let tier: CacheTier;
  let expiry: Expiry;
  beforeEach(() => {
    ({ tier, expiry } = make());
  });

  it('returns undefined for a key that was never set', async () => {
    // Act / Assess
    expect(await tier.get(uniqueKey())).toBeUndefined();
  });

  it('returns exactly the bytes that were set, for every byte value', async () => {
    // Prepare
    const key = uniqueKey();
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    // Act
    await tier.set(key, bytes, 10_000);
    const got = await tier.get(key);
    // Assess
    expect(got && Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
  });

  it('replaces a value on a second set', async () => {
    // Prepare
    const key = uniqueKey();
    await tier.set(key, Buffer.from('one'), 10_000);
    // Act
    await tier.set(key, Buffer.from('two'), 10_000);
    // Assess
    expect(Buffer.from((await tier.get(key))!).toString()).toBe('two');
  });

  it('tells whether it holds a value without returning it', async () => {
    // Prepare
    const key = uniqueKey();
    const before = await tier.has!(key);
    // Act
    await tier.set(key, Buffer.from('x'), 10_000);
    // Assess
    expect(before).toBe(false);
    expect(await tier.has!(key)).toBe(true);
  });

  it('forgets a value after its TTL', async () => {
    // Prepare
    const key = uniqueKey();
    // Act
    await tier.set(key, Buffer.from('x'), 40);
    // Assess
    await expectExpires(expiry, key, 40, async () => (await tier.get(key)) === undefined);
  });

  it('deletes a value, and deleting a missing key is fine', async () => {
    // Prepare
    const key = uniqueKey();
    await tier.set(key, Buffer.from('x'), 10_000);
    // Act
    await tier.delete(key);
    await tier.delete(key);
    // Assess
    expect(await tier.get(key)).toBeUndefined();
  });

  it('grants a lock to one owner only until it is released by that owner', async () => {
    // Prepare
    const key = uniqueKey();
    // Act
    const first = await tier.acquireLock(key, 'a', 10_000);
    const second = await tier.acquireLock(key, 'b', 10_000);
    const wrongRelease = await tier.releaseLock(key, 'b');
    const rightRelease = await tier.releaseLock(key, 'a');
    const third = await tier.acquireLock(key, 'b', 10_000);
    // Assess
    expect([first, second, wrongRelease, rightRelease, third]).toEqual([true, false, false, true, true]);
  });

  it('lets a lock expire so a crashed owner cannot block others forever', async () => {
    // Prepare
    const key = uniqueKey();
    // Act
    await tier.acquireLock(key, 'crashed', 40);
    // Assess
    await expectExpires(expiry, key, 40, () => tier.acquireLock(key, 'next', 10_000));
  });
});

describe('ChaosTier injects faults', () => {
  it('rejects every operation in throw mode', async () => {
    // Prepare
    const chaos = new ChaosTier(new RedisTier(client));
    chaos.setMode('throw');
    // Act / Assess
    await expect(chaos.get('x')).rejects.toThrow('chaos');
    await expect(chaos.acquireLock('x', 't', 10)).rejects.toThrow('chaos');
  });

  it('holds operations in stall mode until released', async () => {
    // Prepare
    const chaos = new ChaosTier(new MemoryTier());
    await chaos.set('x', Buffer.from('v'), 10_000);
    chaos.setMode('stall');
    let settled = false;
    const p = chaos.get('x').then((v) => {
      settled = true;
      return v;
    });
    // Act
    await flush();
    const whileStalled = settled;
    chaos.setMode('ok');
    // Assess
    expect(whileStalled).toBe(false);
    expect(Buffer.from((await p)!).toString()).toBe('v');
  });
});
