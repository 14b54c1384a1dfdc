/*
 * One "container" for the cross-process coalescing test: its own Redis client and TieredCache.
 * Prints `ready`, waits for `go` on stdin, misses the shared key, and prints one JSON line with
 * how many times it computed, where its value came from, and a checksum of the value.
 * While it waits for another container's lock it prints `waiting`; when it computes it prints `computing` and holds
 * the computation until the next stdin line, so the parent decides when the owner finishes (no timed sleep).
 */
import { createInterface } from 'node:readline';
import { createRedisClient, hash32, TieredCache, type BinaryRecord } from '../../src';
import { makeRecord, recordBytes, testCodec } from './records';

async function main(): Promise<void> {
  const [url, key] = process.argv.slice(2);
  if (!url || !key) throw new Error('usage: coalesceChild <redisUrl> <key>');
  const redis = createRedisClient({ url, commandTimeoutMs: 2000, onError: () => undefined });
  await new Promise<void>((resolve) =>
    redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve()),
  );
  const cache = new TieredCache<BinaryRecord>({
    namespace: 'xproc',
    codec: testCodec(),
    redis,
    l1: { maxBytes: 50_000_000, sizeOf: recordBytes },
    l2TimeoutMs: 2000,
    lockWaitMs: 10_000,
    hooks: {
      onEvent: (e) => {
        if (e.type === 'lock' && e.outcome === 'waited') process.stdout.write('waiting\n');
      },
    },
  });
  let computes = 0;
  const lines = createInterface({ input: process.stdin });
  const nextLine = () => new Promise<void>((resolve) => lines.once('line', () => resolve()));
  process.stdout.write('ready\n');
  await nextLine();
  const r = await cache.getOrCompute(key, async () => {
    computes++;
    const finish = nextLine();
    process.stdout.write('computing\n');
    await finish;
    return makeRecord(200_000, 42);
  });
  const sum = Object.values(r.value.arrays).reduce(
    (c, a) => hash32(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), c),
    0,
  );
  process.stdout.write(JSON.stringify({ computes, source: r.source, sum }) + '\n');
  lines.close();
  await cache.close();
  await redis.quit();
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
