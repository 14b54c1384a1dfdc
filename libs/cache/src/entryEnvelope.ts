import { CodecError } from './errors';
import type { ValueCodec } from './types/record';

/*
 * L2 entry = 24-byte envelope + codec bytes. The envelope is a multiple of 8 so codec sections that are
 * 8-aligned relative to the codec start stay 8-aligned in the stored buffer.
 *   0 u32 magic 'BBCE'   4 u16 envelope version   6 u16 reserved   8 f64 softAt (epoch ms)   16 f64 hardAt (epoch ms)
 */
const ENVELOPE_BYTES = 24;
const ENVELOPE_MAGIC = 0x45434242;
const ENVELOPE_VERSION = 1;

/** A cached value with its two deadlines; the same shape in L1 (decoded) and in L2 (inside the envelope). */
export interface Entry<V> {
  value: V;
  /** Epoch ms after which the value is served stale and refreshed. */
  softAt: number;
  /** Epoch ms after which the value is only served as a fallback. */
  hardAt: number;
  /** The entry's length in L2 (set when it was decoded from there). */
  encodedBytes?: number;
}

/** The entry as L2 bytes: the envelope, then the codec's bytes (written in place when the codec supports a prefix). */
export function encodeEntry<V>(codec: ValueCodec<V>, e: Entry<V>): Uint8Array {
  let out: Uint8Array;
  if (codec.encodeWithPrefix) {
    out = codec.encodeWithPrefix(e.value, ENVELOPE_BYTES);
  } else {
    const body = codec.encode(e.value);
    out = new Uint8Array(ENVELOPE_BYTES + body.length);
    out.set(body, ENVELOPE_BYTES);
  }
  const dv = new DataView(out.buffer, out.byteOffset, ENVELOPE_BYTES);
  dv.setUint32(0, ENVELOPE_MAGIC, true);
  dv.setUint16(4, ENVELOPE_VERSION, true);
  dv.setUint16(6, 0, true);
  dv.setFloat64(8, e.softAt, true);
  dv.setFloat64(16, e.hardAt, true);
  return out;
}

/** The entry in `bytes`; throws `CodecError` for anything this envelope + codec did not write. */
export function decodeEntry<V>(codec: ValueCodec<V>, bytes: Uint8Array): Entry<V> {
  if (bytes.length < ENVELOPE_BYTES)
    throw new CodecError('TRUNCATED', 'entry shorter than the cache envelope');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, ENVELOPE_BYTES);
  if (dv.getUint32(0, true) !== ENVELOPE_MAGIC)
    throw new CodecError('BAD_MAGIC', 'not a cache entry (bad envelope magic)');
  const version = dv.getUint16(4, true);
  if (version !== ENVELOPE_VERSION)
    throw new CodecError('UNSUPPORTED_VERSION', `envelope version ${version}`);
  const softAt = dv.getFloat64(8, true);
  const hardAt = dv.getFloat64(16, true);
  if (!Number.isFinite(softAt) || !Number.isFinite(hardAt) || softAt > hardAt) {
    throw new CodecError('MALFORMED', 'envelope timestamps are invalid');
  }
  let value: V;
  try {
    value = codec.decode(bytes.subarray(ENVELOPE_BYTES));
  } catch (err) {
    if (err instanceof CodecError) throw err;
    throw new CodecError('REJECTED', 'codec rejected the entry', { cause: err });
  }
  return { value, softAt, hardAt, encodedBytes: bytes.length };
}
