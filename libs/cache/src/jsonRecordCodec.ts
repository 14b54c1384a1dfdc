import { CodecError } from './errors';
import { TYPED_ARRAY_CTORS } from './typedArrays';
import type { BinaryRecord, TypedArrayLike, ValueCodec } from './types/record';

const MAGIC = Buffer.from('BBJ1', 'latin1');

const CTOR_BY_NAME: Record<string, new (values: ArrayLike<number>) => TypedArrayLike> = Object.fromEntries(
  TYPED_ARRAY_CTORS.map((c) => [c.name, c]),
);

interface JsonArray {
  t: string;
  d: (number | string)[];
}

function toJsonArray(a: TypedArrayLike): JsonArray {
  const d: (number | string)[] = Array.from(a);
  if (a instanceof Float64Array || a instanceof Float32Array) {
    // JSON has no NaN/Infinity; keep the baseline lossless like the binary codec.
    for (let i = 0; i < d.length; i++) {
      const x = d[i] as number;
      if (!Number.isFinite(x)) d[i] = String(x);
      else if (x === 0 && 1 / x < 0) d[i] = '-0';
    }
  }
  const t = a instanceof Uint8Array ? 'Uint8Array' : a.constructor.name;
  return { t, d };
}

function fromJsonArray(name: string, j: unknown): TypedArrayLike {
  const ja = j as Partial<JsonArray> | null;
  const Ctor = ja && typeof ja.t === 'string' ? CTOR_BY_NAME[ja.t] : undefined;
  if (!Ctor || !Array.isArray(ja?.d)) throw new CodecError('MALFORMED', `array "${name}" is malformed`);
  const d = ja.d;
  const nums = new Array<number>(d.length);
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    nums[i] = typeof x === 'number' ? x : x === '-0' ? -0 : Number(x);
  }
  return new Ctor(nums);
}

/**
 * The slow baseline codec: the record as JSON (typed arrays as number arrays), prefixed with a 4-byte magic so
 * binary entries are recognised as foreign. It exists to measure what the binary codec saves (experiment config B).
 *
 * @example
 * const codec = jsonRecordCodec<FixtureModel>({ toRecord, fromRecord });
 */
export function jsonRecordCodec<V>(o: {
  toRecord(v: V): BinaryRecord;
  fromRecord(r: BinaryRecord): V;
}): ValueCodec<V> {
  return {
    name: 'json',
    encode(value) {
      const r = o.toRecord(value);
      // No prototype: an array may be named anything, '__proto__' included.
      const arrays = Object.create(null) as Record<string, JsonArray>;
      for (const [k, a] of Object.entries(r.arrays)) arrays[k] = toJsonArray(a);
      const body = Buffer.from(JSON.stringify({ meta: r.meta, arrays }), 'utf8');
      return Buffer.concat([MAGIC, body]);
    },
    decode(bytes) {
      if (bytes.length < MAGIC.length)
        throw new CodecError('TRUNCATED', 'entry shorter than the JSON codec magic');
      for (let i = 0; i < MAGIC.length; i++) {
        if (bytes[i] !== MAGIC[i]) throw new CodecError('BAD_MAGIC', 'not a JSON record (bad magic)');
      }
      let parsed: { meta?: unknown; arrays?: Record<string, unknown> };
      try {
        parsed = JSON.parse(
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8', MAGIC.length),
        ) as typeof parsed;
      } catch (err) {
        throw new CodecError('MALFORMED', 'entry is not valid JSON', { cause: err });
      }
      if (!parsed || typeof parsed !== 'object' || !parsed.arrays || typeof parsed.arrays !== 'object') {
        throw new CodecError('MALFORMED', 'entry is not a JSON record');
      }
      const arrays = Object.create(null) as Record<string, TypedArrayLike>;
      for (const [k, j] of Object.entries(parsed.arrays)) arrays[k] = fromJsonArray(k, j);
      try {
        return o.fromRecord({ meta: parsed.meta, arrays });
      } catch (err) {
        throw new CodecError('REJECTED', 'fromRecord rejected the decoded record', { cause: err });
      }
    },
  };
}
