import type { BinaryRecord, TypedArrayLike } from '../../src';
import { binaryRecordCodec } from '../../src';

/** xorshift32: a deterministic stream of numbers in [0, 1) for a seed (tests and the bench need no better). */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** A record of Float64/Float32 arrays of roughly `bytes` bytes, deterministic for a given seed. */
export function makeRecord(bytes: number, seed = 1): BinaryRecord {
  const rnd = xorshift32(seed);
  const arrays: Record<string, TypedArrayLike> = {};
  const per = Math.max(1, Math.floor(bytes / 12 / 8));
  for (let i = 0; i < 4; i++) {
    const f64 = new Float64Array(per * 2);
    for (let j = 0; j < f64.length; j++) f64[j] = rnd();
    arrays[`goals.f64.${i}`] = f64;
    const f32 = new Float32Array(per);
    for (let j = 0; j < f32.length; j++) f32[j] = rnd();
    arrays[`cards.f32.${i}`] = f32;
  }
  return { meta: { seed, fixtureId: `F-${seed}`, sections: ['goals', 'cards'] }, arrays };
}

/** The identity codec config used by tests: the value is the record itself. */
export const identity = {
  toRecord: (v: BinaryRecord) => v,
  fromRecord: (r: BinaryRecord) => r,
};

export const testCodec = (valueVersion = 1) =>
  binaryRecordCodec<BinaryRecord>({ schemaId: 7, valueVersion, ...identity });

/** Byte-exact comparison of two records (arrays compared as bytes, so NaN and -0 count). */
export function sameRecord(a: BinaryRecord, b: BinaryRecord): boolean {
  if (JSON.stringify(a.meta) !== JSON.stringify(b.meta)) return false;
  const ka = Object.keys(a.arrays);
  const kb = Object.keys(b.arrays);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    const x = a.arrays[k];
    const y = b.arrays[k];
    if (!x || !y || x.constructor !== y.constructor || x.length !== y.length) return false;
    const bx = Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    const by = Buffer.from(y.buffer, y.byteOffset, y.byteLength);
    if (!bx.equals(by)) return false;
  }
  return true;
}

export const recordBytes = (r: BinaryRecord) => Object.values(r.arrays).reduce((n, a) => n + a.byteLength, 0);
