/*
 * Cache benchmark: codec round trips, tier hits and getOrCompute against bentocache on the same Redis.
 * Run: npx nx run cache:bench   (starts its own redis-server through the test harness)
 * Prints a table, then one JSON line (last line) starting with {"bench":"cache".
 * Numbers on a shared machine are noisy: compare ratios within one run.
 */
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { RedisServer } from '@betbuilder/test-harness';
import { Packr } from 'msgpackr';
import {
  binaryRecordCodec,
  createRedisClient,
  hash32,
  jsonRecordCodec,
  TieredCache,
  type BinaryRecord,
  type RedisClient,
  type TypedArrayLike,
} from '../src';
import { xorshift32 } from '../tests/support/records';

// ---------------------------------------------------------------------------------------------------------------
// Workload: a ~500 KB fixture-model-like record of Float64/Float32 arrays and small metadata.

function makeRecord(seed: number): BinaryRecord {
  const rnd = xorshift32(seed * 2654435761);
  const arrays: Record<string, TypedArrayLike> = {};
  const sections = ['goals', 'cards', 'corners', 'players'];
  for (const s of sections) {
    // 4 x (11 x 11 x 64 Float64 + 11 x 11 x 64 Float32) ~ 4 x 92 KB; plus per-player tables
    const f64 = new Float64Array(11 * 11 * 64);
    for (let i = 0; i < f64.length; i++) f64[i] = rnd();
    arrays[`${s}.joint`] = f64;
    const f32 = new Float32Array(11 * 11 * 64);
    for (let i = 0; i < f32.length; i++) f32[i] = rnd();
    arrays[`${s}.marginal`] = f32;
  }
  const players = new Float64Array(40 * 400);
  for (let i = 0; i < players.length; i++) players[i] = rnd();
  arrays['players.scoring'] = players;
  return {
    meta: { fixtureId: `EPL-2026-${seed}`, modelVersion: '2026.12.1', home: 'ARS', away: 'CHE', players: 40 },
    arrays,
  };
}

const recordBytes = (r: BinaryRecord) => Object.values(r.arrays).reduce((n, a) => n + a.byteLength, 0);
const identity = { toRecord: (v: BinaryRecord) => v, fromRecord: (r: BinaryRecord) => r };

// ---------------------------------------------------------------------------------------------------------------
// Measurement helpers: per-call timings into an array, percentiles from the sorted array.

interface Dist {
  p50: number;
  p99: number;
  mean: number;
  n: number;
}

function dist(samplesUs: number[]): Dist {
  const s = [...samplesUs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

async function measure(n: number, warmup: number, fn: (i: number) => unknown): Promise<Dist> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out[i] = (performance.now() - t0) * 1000;
  }
  return dist(out);
}

/** Sync variant: no await between calls, so it measures the function and not a microtask hop. */
function measureSync(n: number, warmup: number, fn: (i: number) => unknown): Dist {
  for (let i = 0; i < warmup; i++) fn(i);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    out[i] = (performance.now() - t0) * 1000;
  }
  return dist(out);
}

function same(a: BinaryRecord, b: BinaryRecord): boolean {
  for (const [k, x] of Object.entries(a.arrays)) {
    const y = b.arrays[k];
    if (!y || y.length !== x.length || y[0] !== x[0] || y[x.length - 1] !== x[x.length - 1]) return false;
  }
  return JSON.stringify(a.meta) === JSON.stringify(b.meta);
}

// deterministic key sequence with a skewed (Zipf-like) popularity over `keys` keys
function keySequence(n: number, keys: number, seed: number): number[] {
  let x = seed;
  const rnd = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
  const weights = Array.from({ length: keys }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) cdf.push((acc += w / total));
  return Array.from({ length: n }, () => {
    const r = rnd();
    let i = 0;
    while (cdf[i]! < r) i++;
    return i;
  });
}

const rows: [string, Dist, string][] = [];
function row(name: string, d: Dist, note = ''): Dist {
  rows.push([name, d, note]);
  return d;
}

async function waitReady(c: RedisClient): Promise<void> {
  if (c.status === 'ready') return;
  await new Promise<void>((r) => c.once('ready', () => r()));
}

async function main(): Promise<void> {
  const record = makeRecord(1);
  const size = recordBytes(record);
  const codec = binaryRecordCodec<BinaryRecord>({ schemaId: 1, valueVersion: 1, ...identity });
  const json = jsonRecordCodec<BinaryRecord>(identity);
  const packr = new Packr({ moreTypes: true });

  // sanity: every codec round-trips the record
  for (const [name, rt] of [
    ['binary', () => codec.decode(codec.encode(record))],
    ['json', () => json.decode(json.encode(record))],
    ['v8', () => v8.deserialize(v8.serialize(record)) as BinaryRecord],
    ['msgpackr', () => packr.unpack(packr.pack(record)) as BinaryRecord],
  ] as const) {
    if (!same(rt(), record)) throw new Error(`${name} does not round-trip the record`);
  }

  // ---- codecs (CPU only). Interleaved, after a common warm-up: the first few hundred 500 KB allocations of a
  // process are slow (the allocator is still growing its heap), and measuring one codec after another would
  // hand that penalty to whichever runs first.
  const encoded = codec.encode(record);
  const v8Bytes = v8.serialize(record);
  const mpBytes = packr.pack(record);
  const contenders: [string, () => unknown][] = [
    ['binary codec encode+decode', () => codec.decode(codec.encode(record))],
    ['  binary encode only', () => codec.encode(record)],
    ['  binary decode only (checksum + views)', () => codec.decode(encoded)],
    ['v8 serialize+deserialize', (): unknown => v8.deserialize(v8.serialize(record))],
    ['  v8 deserialize only', (): unknown => v8.deserialize(v8Bytes)],
    ['msgpackr (moreTypes) pack+unpack', (): unknown => packr.unpack(packr.pack(record))],
    ['  msgpackr unpack only', (): unknown => packr.unpack(mpBytes)],
    ['zlib.crc32 of the payload (for the ADR)', () => zlibCrc32(encoded)],
    ['BBH32 checksum of the payload', () => hash32(encoded)],
  ];
  const samples = contenders.map(() => [] as number[]);
  for (let i = 0; i < 700; i++) {
    contenders.forEach(([, fn], k) => {
      const t0 = performance.now();
      fn();
      if (i >= 200) samples[k]!.push((performance.now() - t0) * 1000);
    });
  }
  const codecD = contenders.map(([name], k) => row(name, dist(samples[k]!)));
  const codecRt = codecD[0]!;
  const codecEnc = codecD[1]!;
  const v8Rt = codecD[3]!;
  const mpRt = codecD[5]!;
  const jsonRt = row(
    'JSON codec encode+decode',
    measureSync(25, 3, () => json.decode(json.encode(record))),
  );

  // ---- Redis
  const server = await RedisServer.start();
  const clients: RedisClient[] = [];
  const client = async () => {
    const c = createRedisClient({ url: server.url, commandTimeoutMs: 2000, onError: () => undefined });
    clients.push(c);
    await waitReady(c);
    return c;
  };
  try {
    const redis = await client();

    // L1 hit through getOrCompute (awaited, so it includes the promise hop)
    const l1cache = new TieredCache<BinaryRecord>({
      namespace: 'bench',
      codec,
      l1: { maxBytes: 256 * 1024 * 1024, sizeOf: recordBytes },
    });
    await l1cache.getOrCompute('l1:1', () => record);
    const compute = () => record;
    const l1Hit = row(
      'L1 hit: await getOrCompute',
      await measure(20_000, 2_000, () => l1cache.getOrCompute('l1:1', compute)),
    );

    // L2 hit (no L1) vs a raw getBuffer of the same bytes
    const writer = new TieredCache<BinaryRecord>({
      namespace: 'bench',
      codec,
      redis,
      l1: false,
      l2TimeoutMs: 2000,
    });
    await writer.set('l2:1', record);
    const l2only = new TieredCache<BinaryRecord>({
      namespace: 'bench',
      codec,
      redis,
      l1: false,
      l2TimeoutMs: 2000,
    });
    const rawKey = 'bench:l2:1';
    const raw = await redis.getBuffer(rawKey);
    if (!raw) throw new Error('L2 entry missing');
    // interleave the two so machine noise hits both alike
    const rawS: number[] = [];
    const l2S: number[] = [];
    for (let i = 0; i < 450; i++) {
      let t0 = performance.now();
      await redis.getBuffer(rawKey);
      const a = (performance.now() - t0) * 1000;
      t0 = performance.now();
      const r = await l2only.getOrCompute('l2:1', compute);
      const b = (performance.now() - t0) * 1000;
      if (r.source !== 'L2') throw new Error(`expected an L2 hit, got ${r.source}`);
      if (i >= 50) {
        rawS.push(a);
        l2S.push(b);
      }
    }
    const rawGet = row('raw ioredis getBuffer (same bytes)', dist(rawS), `${raw.length} bytes`);
    const l2Hit = row('L2 hit: getOrCompute, no L1', dist(l2S));
    const alignedShare = l2only.stats().l2.decodes;

    // ---- getOrCompute: this library vs bentocache, same Redis, same skewed key sequence, same L1 size
    const KEYS = 200;
    const L1_VALUES = 40;
    const N = 2_000;
    const seq = keySequence(N, KEYS, 7);
    const values = Array.from({ length: KEYS }, (_, i) => makeRecord(1000 + i));

    const ours = new TieredCache<BinaryRecord>({
      namespace: 'goc',
      codec,
      redis: await client(),
      l1: { maxBytes: L1_VALUES * size, sizeOf: recordBytes },
      l2TimeoutMs: 2000,
    });
    const oursWriter = new TieredCache<BinaryRecord>({
      namespace: 'goc',
      codec,
      redis,
      l1: false,
      l2TimeoutMs: 2000,
    });
    for (let i = 0; i < KEYS; i++) await oursWriter.set(`k:${i}`, values[i]!);
    // bentocache: L1 memory (LRU by item count) + L2 redis driver on the same Redis.
    // Its L1 keeps serialized entries: memoryDriver({ serialize: false }) crashes in 1.6.1 as soon as an entry
    // arrives from L2 (CacheEntry.fromDriver is handed the L2 string with no serializer).
    const { BentoCache, bentostore } = await import('bentocache');
    const { memoryDriver } = await import('bentocache/drivers/memory');
    const { redisDriver } = await import('bentocache/drivers/redis');
    // Its serializer must produce strings. JSON cannot carry typed arrays (they come back as plain objects),
    // so the candidates are v8 and msgpackr behind base64; pick the faster one on this record.
    const serializers = {
      'v8+base64': {
        serialize: (v: unknown) => v8.serialize(v).toString('base64'),
        deserialize: (s: unknown) => v8.deserialize(Buffer.from(String(s), 'base64')) as unknown,
      },
      'msgpackr+base64': {
        serialize: (v: unknown) => packr.pack(v).toString('base64'),
        deserialize: (s: unknown) => packr.unpack(Buffer.from(String(s), 'base64')) as unknown,
      },
    };
    const serTimes = Object.entries(serializers).map(([name, s]) => {
      const d = measureSync(150, 20, () => s.deserialize(s.serialize(record)));
      row(`  bentocache serializer ${name} round trip`, d);
      return { name, p50: d.p50, s };
    });
    serTimes.sort((a, b) => a.p50 - b.p50);
    const fastest = serTimes[0]!;
    const connA = await client();
    const connB = await client();
    const makeBento = (l1: boolean) =>
      new BentoCache({
        default: 'c',
        serializer: fastest.s,
        stores: {
          c: l1
            ? bentostore()
                .useL1Layer(memoryDriver({ maxItems: L1_VALUES }))
                .useL2Layer(redisDriver({ connection: connA }))
            : bentostore().useL2Layer(redisDriver({ connection: connB })),
        },
      });
    const bentoWriter = makeBento(false);
    const bento = makeBento(true);
    for (let i = 0; i < KEYS; i++) await bentoWriter.set({ key: `k:${i}`, value: values[i], ttl: '1h' });
    // Interleaved (ours, then bentocache, on the same key each step) so machine noise and GC hit both alike.
    const sources: Record<string, number> = {};
    let bentoComputes = 0;
    const oursS: number[] = [];
    const bentoS: number[] = [];
    for (let i = 0; i < N; i++) {
      const k = seq[i]!;
      let t0 = performance.now();
      const r = await ours.getOrCompute(`k:${k}`, () => values[k]!);
      oursS.push((performance.now() - t0) * 1000);
      sources[r.source] = (sources[r.source] ?? 0) + 1;
      t0 = performance.now();
      await bento.getOrSet({
        key: `k:${k}`,
        ttl: '1h',
        factory: () => {
          bentoComputes++;
          return values[k];
        },
      });
      bentoS.push((performance.now() - t0) * 1000);
    }
    const oursD = row(
      `getOrCompute (${KEYS} keys, Zipf, L1 ${L1_VALUES} values)`,
      dist(oursS),
      Object.entries(sources)
        .map(([src, c]) => `${src} ${c}`)
        .join(', '),
    );
    const bentoD = row(
      `bentocache getOrSet (same workload, ${fastest.name})`,
      dist(bentoS),
      `factory calls ${bentoComputes}`,
    );
    await bento.disconnect().catch(() => undefined);
    await bentoWriter.disconnect().catch(() => undefined);

    // ---- report
    const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`record: ${(size / 1024).toFixed(0)} KiB of typed arrays, encoded ${encoded.length} bytes`);
    console.log(
      `${'measurement'.padEnd(width)}  ${'p50 µs'.padStart(9)}  ${'p99 µs'.padStart(9)}  ${'n'.padStart(6)}  note`,
    );
    for (const [name, d, note] of rows) {
      console.log(
        `${name.padEnd(width)}  ${fmt(d.p50).padStart(9)}  ${fmt(d.p99).padStart(9)}  ${String(d.n).padStart(6)}  ${note}`,
      );
    }
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const result = {
      bench: 'cache',
      recordBytes: size,
      encodedBytes: encoded.length,
      codecRoundTripUsP50: r2(codecRt.p50),
      codecEncodeUsP50: r2(codecEnc.p50),
      codecDecodeUsP50: r2(codecD[2]!.p50),
      jsonRoundTripUsP50: r2(jsonRt.p50),
      v8RoundTripUsP50: r2(v8Rt.p50),
      msgpackrRoundTripUsP50: r2(mpRt.p50),
      l1HitUsP50: r2(l1Hit.p50),
      l1HitUsP99: r2(l1Hit.p99),
      l2HitUsP50: r2(l2Hit.p50),
      l2HitUsP99: r2(l2Hit.p99),
      rawRedisGetUsP50: r2(rawGet.p50),
      rawRedisGetUsP99: r2(rawGet.p99),
      getOrComputeUsP50: r2(oursD.p50),
      getOrComputeUsP99: r2(oursD.p99),
      bentocacheGetOrComputeUsP50: r2(bentoD.p50),
      bentocacheGetOrComputeUsP99: r2(bentoD.p99),
      bentocacheSerializer: fastest.name,
      jsonOverCodec: r2(jsonRt.p50 / codecRt.p50),
      l2OverRawGet: r2(l2Hit.p50 / rawGet.p50),
      l2Decodes: alignedShare,
    };
    console.log(JSON.stringify(result));
  } finally {
    for (const c of clients) c.disconnect();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
