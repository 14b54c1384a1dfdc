/*
 * Each part TieredCache is made of, on its own, on fake time, with the chaos tier for faults:
 * the timeout helper, the entry envelope, the remote tier wrapper, the cross-container lock and the factory runner.
 */
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { CacheObserver } from '../../src/CacheObserver';
import { CrossContainerLock } from '../../src/CrossContainerLock';
import { decodeEntry, encodeEntry } from '../../src/entryEnvelope';
import { FactoryRunner } from '../../src/FactoryRunner';
import { RemoteTier } from '../../src/RemoteTier';
import {
  CodecError,
  ComputeTimeoutError,
  L2TimeoutError,
  MemoryTier,
  TimeoutError,
  withTimeout,
  type BinaryRecord,
  type CacheEvent,
} from '../../src';
import { ChaosTier } from '../support/ChaosTier';
import { FakeClock } from '../support/FakeClock';
import { makeRecord, sameRecord, testCodec } from '../support/records';

let clock: FakeClock;
beforeEach(() => {
  clock = new FakeClock();
});

function observed() {
  const events: CacheEvent[] = [];
  return { observer: new CacheObserver({ onEvent: (e) => events.push(e) }), events };
}

function remoteOn(tier = new ChaosTier(new MemoryTier(() => clock.now())), failureThreshold = 2) {
  const { observer, events } = observed();
  const remote = new RemoteTier<BinaryRecord>(tier, 'ns', testCodec(), observer, clock, {
    failureThreshold,
    cooldownMs: 1_000,
  });
  return { remote, observer, events, tier };
}

const entry = (seed = 1) => ({
  value: makeRecord(1_000, seed),
  softAt: clock.now() + 100,
  hardAt: clock.now() + 200,
});

describe('withTimeout (the one timeout helper)', () => {
  it('settles with the work when it finishes first', async () => {
    // Act
    const { value, elapsedMs } = await clock.settle(
      withTimeout(
        clock.sleep(10).then(() => 'done'),
        50,
        'op',
        clock,
      ),
    );
    // Assess
    expect([value, elapsedMs]).toEqual(['done', 10]);
  });

  it('rejects with a TimeoutError that names the operation, detectable by class and code', async () => {
    // Act
    const { error, elapsedMs } = await clock.settle(
      withTimeout(new Promise(() => undefined), 50, 'DAX GetItem', clock),
    );
    // Assess
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', operation: 'DAX GetItem', timeoutMs: 50 });
    expect(elapsedMs).toBe(50);
  });

  it('rejects with the subclass it is given, which is still a TimeoutError', async () => {
    // Act
    const { error } = await clock.settle(
      withTimeout(new Promise(() => undefined), 5, () => new ComputeTimeoutError('k', 5), clock),
    );
    // Assess
    expect(error).toBeInstanceOf(ComputeTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(new L2TimeoutError('get', 5)).toBeInstanceOf(TimeoutError);
  });

  it('lets an answer that arrived while the process was starved win over a deadline that fell due meanwhile', async () => {
    // Prepare: a real loopback socket pair
    let peer: Socket | undefined;
    const server = createServer((sock) => {
      peer = sock;
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    client.on('error', () => undefined);
    await once(client, 'connect');
    while (!peer) await new Promise((r) => setImmediate(r));
    const answer = once(client, 'data').then(([d]) => String(d));
    // Act: a 20 ms deadline; the answer reaches the socket at once, then 100 ms pass without the event loop turning
    const got = withTimeout(answer, 20, 'socket read');
    peer.write('pong');
    const until = performance.now() + 100;
    while (performance.now() < until) {
      // starved: the deadline falls due, the answer waits in the socket
    }
    const result = await got.catch((e: unknown) => e);
    client.destroy();
    peer.destroy();
    await new Promise((r) => server.close(r));
    // Assess
    expect(result).toBe('pong');
  });

  it('passes the work’s own rejection through and wraps non-errors', async () => {
    // Prepare
    const boom = new Error('boom');
    // Act / Assess
    await expect(withTimeout(Promise.reject(boom), 50, 'op', clock)).rejects.toBe(boom);
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection is the case under test
    await expect(withTimeout(Promise.reject('text'), 50, 'op', clock)).rejects.toThrow('text');
  });
});

describe('the entry envelope', () => {
  it('round-trips a value with its deadlines, byte for byte', () => {
    // Prepare
    const e = entry(3);
    // Act
    const back = decodeEntry(testCodec(), encodeEntry(testCodec(), e));
    // Assess
    expect([back.softAt, back.hardAt]).toEqual([e.softAt, e.hardAt]);
    expect(sameRecord(back.value, e.value)).toBe(true);
  });

  const damage: [string, (b: Uint8Array) => void][] = [
    ['BAD_MAGIC', (b) => (b[0] = b[0]! ^ 1)],
    ['UNSUPPORTED_VERSION', (b) => (b[4] = 9)],
    ['MALFORMED', (b) => new DataView(b.buffer, b.byteOffset).setFloat64(8, Number.NaN, true)],
  ];
  it.each(damage)('rejects an envelope with code %s', (code, spoil) => {
    // Prepare
    const bytes = encodeEntry(testCodec(), entry());
    // Act
    spoil(bytes);
    // Assess
    expect(() => decodeEntry(testCodec(), bytes)).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('rejects bytes shorter than the envelope as TRUNCATED', () => {
    // Prepare
    const bytes = encodeEntry(testCodec(), entry()).subarray(0, 10);
    // Act / Assess
    expect(() => decodeEntry(testCodec(), bytes)).toThrow(
      expect.objectContaining({ code: 'TRUNCATED' }) as Error,
    );
  });

  it('turns a codec failure that is not a CodecError into REJECTED', () => {
    // Prepare
    const bytes = encodeEntry(testCodec(), entry());
    const picky = {
      ...testCodec(),
      decode: () => {
        throw new Error('fromRecord failed');
      },
    };
    // Act / Assess
    expect(() => decodeEntry(picky, bytes)).toThrow(CodecError);
    expect(() => decodeEntry(picky, bytes)).toThrow(expect.objectContaining({ code: 'REJECTED' }) as Error);
  });
});

describe('RemoteTier (breaker, timeout, decode)', () => {
  it('writes under the namespace with a TTL of hard TTL plus grace and reads the entry back', async () => {
    // Prepare
    const inner = new MemoryTier(() => clock.now());
    const { remote, observer } = remoteOn(new ChaosTier(inner));
    const e = entry(4);
    // Act
    const err = await remote.write('k', e, 300, 50);
    const r = await remote.read('k', 50, true);
    await clock.advance(499);
    const justBefore = await inner.get('ns:k');
    await clock.advance(1);
    // Assess
    expect(err).toBeUndefined();
    expect(sameRecord(r.entry!.value, e.value)).toBe(true);
    expect(justBefore).toBeDefined();
    expect(await inner.get('ns:k')).toBeUndefined();
    expect(observer.snapshot(0, 0, 'closed').l2).toMatchObject({ hits: 1, sets: 1, decodes: 1 });
  });

  it('gives up on a stalled tier at its deadline and counts a timeout', async () => {
    // Prepare
    const { remote, tier, observer, events } = remoteOn();
    tier.setMode('stall');
    // Act
    const { value, elapsedMs } = await clock.settle(remote.read('k', 40, true));
    // Assess
    expect(value).toEqual({ failed: true });
    expect(elapsedMs).toBe(40);
    expect(observer.snapshot(0, 0, 'closed').l2).toMatchObject({ errors: 1, timeouts: 1 });
    expect(events[0]).toMatchObject({ type: 'l2-error', operation: 'get' });
    expect((events[0] as { error: Error }).error).toBeInstanceOf(L2TimeoutError);
  });

  it('opens the breaker after the threshold, skips L2 while open, and closes after a good trial', async () => {
    // Prepare
    const { remote, tier, observer, events } = remoteOn();
    tier.setMode('throw');
    // Act
    await remote.read('a', 50, true);
    await remote.read('b', 50, true);
    const callsWhenOpen = tier.calls;
    const skipped = await remote.read('c', 50, true);
    tier.setMode('ok');
    await clock.advance(1_000);
    await remote.read('d', 50, true);
    // Assess
    expect(skipped).toEqual({ failed: true });
    expect(tier.calls).toBe(callsWhenOpen + 1);
    expect(observer.snapshot(0, 0, remote.breakerState).l2).toMatchObject({
      skippedByBreaker: 1,
      breaker: 'closed',
    });
    expect(events.filter((e) => e.type === 'breaker').map((e) => (e as { state: string }).state)).toEqual([
      'open',
      'half-open',
      'closed',
    ]);
  });

  it('reports a corrupted entry as corrupt, not as a failure of L2', async () => {
    // Prepare
    const { remote, tier, events } = remoteOn();
    await remote.write('k', entry(), 300, 50);
    tier.setMode('corrupt');
    // Act
    const r = await remote.read('k', 50, true);
    // Assess
    expect(r).toEqual({ corrupt: true });
    expect(remote.breakerState).toBe('closed');
    expect(events.some((e) => e.type === 'corrupt' && e.code === 'CHECKSUM_MISMATCH')).toBe(true);
  });
});

describe('CrossContainerLock', () => {
  const timings = { l2TimeoutMs: 50, lockWaitMs: 500 };

  function lockOn(remote: RemoteTier<BinaryRecord>, observer: CacheObserver) {
    return new CrossContainerLock(remote, observer, clock, 5_000, (p) => void p);
  }

  it('gives the lock to the first caller and the owner’s value to a waiter', async () => {
    // Prepare
    const tier = new MemoryTier(() => clock.now());
    const a = remoteOn(new ChaosTier(tier));
    const b = remoteOn(new ChaosTier(tier));
    const owner = await lockOn(a.remote, a.observer).acquire('k', timings);
    // Act
    const waiting = lockOn(b.remote, b.observer).acquire('k', timings);
    await clock.advance(20);
    await a.remote.write('k', entry(7), 300, 50);
    const { value: waited } = await clock.settle(waiting);
    // Assess
    expect(owner.kind).toBe('owned');
    expect(waited?.kind).toBe('value');
    expect(b.observer.snapshot(0, 0, 'closed').coalesce).toMatchObject({ lockWaits: 1, lockWaitHits: 1 });
  });

  it('stops waiting after lockWaitMs when the owner neither writes nor lets go', async () => {
    // Prepare
    const tier = new MemoryTier(() => clock.now());
    const a = remoteOn(new ChaosTier(tier));
    const b = remoteOn(new ChaosTier(tier));
    await lockOn(a.remote, a.observer).acquire('k', timings);
    // Act
    const { value, elapsedMs } = await clock.settle(lockOn(b.remote, b.observer).acquire('k', timings));
    // Assess
    expect(value).toEqual({ kind: 'none' });
    expect(elapsedMs).toBe(500);
    expect(b.events).toContainEqual({ type: 'lock', key: 'k', outcome: 'wait-timeout' });
  });

  it('takes the lock over once the owner released it without a value', async () => {
    // Prepare
    const tier = new MemoryTier(() => clock.now());
    const a = remoteOn(new ChaosTier(tier));
    const b = remoteOn(new ChaosTier(tier));
    const lockA = lockOn(a.remote, a.observer);
    const owner = await lockA.acquire('k', timings);
    // Act
    const waiting = lockOn(b.remote, b.observer).acquire('k', timings);
    await clock.advance(10);
    if (owner.kind === 'owned') await lockA.release('k', owner.token, timings);
    const { value } = await clock.settle(waiting);
    // Assess
    expect(value?.kind).toBe('owned');
    expect(b.events).toContainEqual({ type: 'lock', key: 'k', outcome: 'takeover' });
  });

  it('answers none at once when L2 cannot take the lock', async () => {
    // Prepare
    const { remote, observer, tier } = remoteOn();
    tier.setMode('throw');
    // Act
    const { value, elapsedMs } = await clock.settle(lockOn(remote, observer).acquire('k', timings));
    // Assess
    expect([value, elapsedMs]).toEqual([{ kind: 'none' }, 0]);
  });
});

describe('FactoryRunner (single flight, timeouts)', () => {
  it('shares one load between every caller that joins while it runs, and starts a new one after', async () => {
    // Prepare
    const { observer } = observed();
    const runner = new FactoryRunner<number>(observer, clock);
    let loads = 0;
    const load = () => clock.sleep(10).then(() => ++loads);
    // Act
    const { value } = await clock.settle(Promise.all([runner.join('k', load), runner.join('k', load)]));
    const after = await clock.settle(runner.join('k', load));
    // Assess
    expect(value).toEqual([1, 1]);
    expect(after.value).toBe(2);
    expect(observer.snapshot(0, 0, 'closed').coalesce.joinedInFlight).toBe(1);
  });

  it('runs one refresh per key at a time', async () => {
    // Prepare
    const { observer, events } = observed();
    const runner = new FactoryRunner<number>(observer, clock);
    // Act
    const first = runner.refresh('k', () => clock.sleep(10));
    const second = runner.refresh('k', () => clock.sleep(10));
    await clock.settle(first!);
    // Assess
    expect(second).toBeUndefined();
    expect(runner.busy('k')).toBe(false);
    expect(events).toEqual([{ type: 'refresh', key: 'k', ok: true }]);
  });

  it('bounds a computation by its timeout and counts it as a timeout, not an error', async () => {
    // Prepare
    const { observer } = observed();
    const runner = new FactoryRunner<number>(observer, clock);
    // Act
    const { error, elapsedMs } = await clock.settle(
      runner.compute('k', () => new Promise<number>(() => undefined), 25),
    );
    await expect(runner.compute('k', () => Promise.reject(new Error('bad')), 25)).rejects.toThrow('bad');
    // Assess
    expect(error).toBeInstanceOf(ComputeTimeoutError);
    expect(elapsedMs).toBe(25);
    expect(observer.snapshot(0, 0, 'closed').compute).toMatchObject({ timeouts: 1, errors: 1, computes: 0 });
  });
});
