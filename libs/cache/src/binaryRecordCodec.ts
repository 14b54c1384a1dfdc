import { hash32 } from './hash32';
import { CodecError } from './errors';
import { TYPED_ARRAY_CTORS } from './typedArrays';
import type { BinaryRecord, TypedArrayLike, ValueCodec } from './types/record';

/*
 * Layout (all integers little-endian; see docs/adr/0001-binary-codec.md):
 *
 *   0  u32  magic 'BBRC' (0x43524242 read as LE u32)
 *   4  u16  codec version (1)
 *   6  u16  flags (bit 0: little-endian payload)
 *   8  u32  schema id
 *  12  u32  value version
 *  16  u32  array count
 *  20  u32  meta JSON length in bytes (0 => meta is undefined)
 *  24  u32  payload length (bytes after the 32-byte header)
 *  28  u32  checksum: BBH32 (src/hash32.ts) of the payload, seeded with BBH32 of header bytes 0..27
 *  32       directory: arrayCount x 16 bytes { u8 type, u8 0, u16 nameLength, u32 nameOffset, u32 dataOffset, u32 elementCount }
 *           names (UTF-8), meta JSON (UTF-8), zero padding to 8
 *           array sections, each starting at an 8-byte-aligned offset, zero padded to 8
 *
 * Offsets are relative to the start of the codec bytes, so the sections stay 8-aligned whenever the codec
 * bytes themselves start 8-aligned (the cache's entry envelope is 24 bytes for that reason).
 */

export const BINARY_MAGIC = 0x43524242;
export const BINARY_CODEC_VERSION = 1;
export const BINARY_HEADER_BYTES = 32;
const DIR_ENTRY_BYTES = 16;
const FLAG_LITTLE_ENDIAN = 1;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type TypedArrayCtor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArrayLike;
  readonly BYTES_PER_ELEMENT: number;
};

// Type code n (1-based, stored in the format) is TYPED_ARRAY_CTORS[n - 1]; 0 is never written.
const CTORS: readonly (TypedArrayCtor | undefined)[] = [undefined, ...TYPED_ARRAY_CTORS];

function typeCode(a: unknown): number {
  // Constructor identity is the cheapest exact check; it rejects Buffer (a Uint8Array subclass) on purpose
  // only when it is a subclass we do not know, so accept Buffer as Uint8Array.
  if (a instanceof Float64Array) return 1;
  if (a instanceof Float32Array) return 2;
  if (a instanceof Int32Array) return 3;
  if (a instanceof Uint32Array) return 4;
  if (a instanceof Int16Array) return 5;
  if (a instanceof Uint16Array) return 6;
  if (a instanceof Int8Array) return 7;
  if (a instanceof Uint8Array && !(a instanceof Uint8ClampedArray)) return 8;
  return 0;
}

const pad8 = (n: number) => (n + 7) & ~7;

/** Options of {@link binaryRecordCodec}. */
export interface BinaryRecordCodecOptions<V> {
  /** Identifies what kind of record this is (u32); a reader with another schema id treats the entry as a miss. */
  schemaId: number;
  /** Version of the producing code (u32); bump it when the value's meaning changes. */
  valueVersion: number;
  toRecord(v: V): BinaryRecord;
  /** May throw on a record it does not accept; the codec reports that as `CodecError('REJECTED')`. */
  fromRecord(r: BinaryRecord): V;
}

function assertU32(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError(`${name} must be an integer in 0..4294967295, got ${n}`);
  }
}

/** Encodes a record into a fresh buffer with `prefix` spare bytes at the front. */
export function encodeRecord(
  record: BinaryRecord,
  schemaId: number,
  valueVersion: number,
  prefix = 0,
): Uint8Array {
  const names = Object.keys(record.arrays);
  const count = names.length;
  const nameBytes: Buffer[] = new Array<Buffer>(count);
  let namesLen = 0;
  for (let i = 0; i < count; i++) {
    const b = Buffer.from(names[i]!, 'utf8');
    if (b.length > 0xffff) throw new CodecError('MALFORMED', `array name longer than 65535 bytes`);
    nameBytes[i] = b;
    namesLen += b.length;
  }
  const metaJson = record.meta === undefined ? undefined : JSON.stringify(record.meta);
  const metaLen = metaJson === undefined ? 0 : Buffer.byteLength(metaJson, 'utf8');

  const dirStart = BINARY_HEADER_BYTES;
  const namesStart = dirStart + count * DIR_ENTRY_BYTES;
  const metaStart = namesStart + namesLen;
  let off = pad8(metaStart + metaLen);
  const dataOffsets = new Array<number>(count);
  const arrays = new Array<TypedArrayLike>(count);
  const codes = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const a = record.arrays[names[i]!];
    const code = typeCode(a);
    if (code === 0) {
      throw new CodecError(
        'UNSUPPORTED_TYPE',
        `array "${names[i]}" is not one of the supported typed arrays`,
      );
    }
    arrays[i] = a!;
    codes[i] = code;
    dataOffsets[i] = off;
    off = pad8(off + a!.byteLength);
  }
  const total = off;
  if (total > 0xffffffff) throw new CodecError('MALFORMED', 'record larger than 4 GiB');

  // allocUnsafeSlow: an own ArrayBuffer at byteOffset 0 (never a pool slice), so sections are truly aligned.
  const out = Buffer.allocUnsafeSlow(prefix + total);
  const base = prefix;
  const dv = new DataView(out.buffer, out.byteOffset + base, total);
  dv.setUint32(0, BINARY_MAGIC, true);
  dv.setUint16(4, BINARY_CODEC_VERSION, true);
  dv.setUint16(6, LITTLE_ENDIAN_HOST ? FLAG_LITTLE_ENDIAN : 0, true);
  dv.setUint32(8, schemaId, true);
  dv.setUint32(12, valueVersion, true);
  dv.setUint32(16, count, true);
  dv.setUint32(20, metaLen, true);
  dv.setUint32(24, total - BINARY_HEADER_BYTES, true);
  let nameOff = namesStart;
  for (let i = 0; i < count; i++) {
    const e = dirStart + i * DIR_ENTRY_BYTES;
    const nb = nameBytes[i]!;
    dv.setUint8(e, codes[i]!);
    dv.setUint8(e + 1, 0);
    dv.setUint16(e + 2, nb.length, true);
    dv.setUint32(e + 4, nameOff, true);
    dv.setUint32(e + 8, dataOffsets[i]!, true);
    dv.setUint32(e + 12, arrays[i]!.length, true);
    out.set(nb, base + nameOff);
    nameOff += nb.length;
  }
  if (metaJson !== undefined) out.write(metaJson, base + metaStart, metaLen, 'utf8');
  // Zero the padding so equal records give equal bytes (and no stale heap bytes leave the process).
  let cursor = metaStart + metaLen;
  for (let i = 0; i < count; i++) {
    const a = arrays[i]!;
    const start = dataOffsets[i]!;
    if (start > cursor) out.fill(0, base + cursor, base + start);
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), base + start);
    cursor = start + a.byteLength;
  }
  if (total > cursor) out.fill(0, base + cursor, base + total);
  dv.setUint32(
    28,
    hash32(out.subarray(base + BINARY_HEADER_BYTES, base + total), hash32(out.subarray(base, base + 28))),
    true,
  );
  return out;
}

/**
 * Decodes bytes written by {@link encodeRecord}. Arrays are views over `bytes` (zero-copy) when `bytes`
 * starts 8-aligned in its ArrayBuffer; otherwise the bytes are copied once into an aligned buffer first.
 * Throws {@link CodecError} on anything else.
 */
export function decodeRecord(input: Uint8Array, schemaId: number, valueVersion: number): BinaryRecord {
  if (input.length < BINARY_HEADER_BYTES) {
    throw new CodecError(
      'TRUNCATED',
      `entry is ${input.length} bytes, shorter than the ${BINARY_HEADER_BYTES}-byte header`,
    );
  }
  let bytes = input;
  const dv0 = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (dv0.getUint32(0, true) !== BINARY_MAGIC)
    throw new CodecError('BAD_MAGIC', 'not a binary record (bad magic)');
  const version = dv0.getUint16(4, true);
  if (version !== BINARY_CODEC_VERSION) {
    throw new CodecError(
      'UNSUPPORTED_VERSION',
      `codec version ${version} is not supported (expected ${BINARY_CODEC_VERSION})`,
    );
  }
  const flags = dv0.getUint16(6, true);
  if ((flags & ~FLAG_LITTLE_ENDIAN) !== 0)
    throw new CodecError('MALFORMED', `unknown flags 0x${flags.toString(16)}`);
  if (((flags & FLAG_LITTLE_ENDIAN) !== 0) !== LITTLE_ENDIAN_HOST) {
    throw new CodecError('ENDIANNESS', 'entry was written on a host of the other endianness');
  }
  const gotSchema = dv0.getUint32(8, true);
  if (gotSchema !== schemaId)
    throw new CodecError('SCHEMA_MISMATCH', `schema id ${gotSchema}, expected ${schemaId}`);
  const gotVersion = dv0.getUint32(12, true);
  if (gotVersion !== valueVersion) {
    throw new CodecError('VALUE_VERSION_MISMATCH', `value version ${gotVersion}, expected ${valueVersion}`);
  }
  const count = dv0.getUint32(16, true);
  const metaLen = dv0.getUint32(20, true);
  const payloadLen = dv0.getUint32(24, true);
  if (payloadLen + BINARY_HEADER_BYTES !== bytes.length) {
    throw new CodecError(
      payloadLen + BINARY_HEADER_BYTES > bytes.length ? 'TRUNCATED' : 'MALFORMED',
      `header says ${payloadLen + BINARY_HEADER_BYTES} bytes, entry has ${bytes.length}`,
    );
  }
  const expectedChecksum = dv0.getUint32(28, true);
  if (hash32(bytes.subarray(BINARY_HEADER_BYTES), hash32(bytes.subarray(0, 28))) !== expectedChecksum) {
    throw new CodecError('CHECKSUM_MISMATCH', 'payload checksum does not match');
  }
  if ((bytes.byteOffset & 7) !== 0) {
    // Node Buffers from a socket can sit at any offset of a pooled ArrayBuffer; typed-array views need
    // their element alignment, so copy once into a fresh (aligned) buffer.
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    bytes = copy;
  }
  const dv = bytes === input ? dv0 : new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const len = bytes.length;
  const dirEnd = BINARY_HEADER_BYTES + count * DIR_ENTRY_BYTES;
  if (count > (len - BINARY_HEADER_BYTES) / DIR_ENTRY_BYTES || dirEnd > len) {
    throw new CodecError('MALFORMED', `array count ${count} does not fit in ${len} bytes`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, len);
  // No prototype: an array may be named anything, '__proto__' included.
  const arrays = Object.create(null) as Record<string, TypedArrayLike>;
  let namesEnd = dirEnd;
  for (let i = 0; i < count; i++) {
    const e = BINARY_HEADER_BYTES + i * DIR_ENTRY_BYTES;
    const code = dv.getUint8(e);
    const Ctor = CTORS[code];
    if (Ctor === undefined || dv.getUint8(e + 1) !== 0) {
      throw new CodecError('MALFORMED', `unknown array type code ${code}`);
    }
    const nameLen = dv.getUint16(e + 2, true);
    const nameOff = dv.getUint32(e + 4, true);
    const dataOff = dv.getUint32(e + 8, true);
    const n = dv.getUint32(e + 12, true);
    if (nameOff < dirEnd || nameOff + nameLen > len)
      throw new CodecError('MALFORMED', 'array name out of bounds');
    if (nameOff + nameLen > namesEnd) namesEnd = nameOff + nameLen;
    if ((dataOff & 7) !== 0 || dataOff < dirEnd || dataOff + n * Ctor.BYTES_PER_ELEMENT > len) {
      throw new CodecError('MALFORMED', 'array section out of bounds or misaligned');
    }
    const name = buf.toString('utf8', nameOff, nameOff + nameLen);
    arrays[name] = new Ctor(bytes.buffer, bytes.byteOffset + dataOff, n);
  }
  let meta: unknown = undefined;
  if (metaLen > 0) {
    if (namesEnd + metaLen > len) throw new CodecError('MALFORMED', 'meta section out of bounds');
    try {
      meta = JSON.parse(buf.toString('utf8', namesEnd, namesEnd + metaLen));
    } catch (err) {
      throw new CodecError('MALFORMED', 'meta section is not valid JSON', { cause: err });
    }
  }
  return { meta, arrays };
}

/**
 * The production codec: a versioned, checksummed binary framing of a {@link BinaryRecord}
 * (header, 8-aligned typed-array sections, small JSON meta, a 32-bit checksum). Decoding is zero-copy when the
 * input is 8-aligned. Entries of another schema id or value version decode as `CodecError`, i.e. a miss.
 *
 * @example
 * const codec = binaryRecordCodec<FixtureModel>({ schemaId: 1, valueVersion: 3, toRecord, fromRecord });
 * const bytes = codec.encode(model);
 * const again = codec.decode(bytes);
 */
export function binaryRecordCodec<V>(o: BinaryRecordCodecOptions<V>): ValueCodec<V> {
  assertU32('schemaId', o.schemaId);
  assertU32('valueVersion', o.valueVersion);
  const { schemaId, valueVersion } = o;
  const decode = (bytes: Uint8Array): V => {
    const record = decodeRecord(bytes, schemaId, valueVersion);
    try {
      return o.fromRecord(record);
    } catch (err) {
      throw new CodecError('REJECTED', 'fromRecord rejected the decoded record', { cause: err });
    }
  };
  return {
    name: `binary/${schemaId}/${valueVersion}`,
    encode: (value) => encodeRecord(o.toRecord(value), schemaId, valueVersion, 0),
    encodeWithPrefix: (value, prefixBytes) =>
      encodeRecord(o.toRecord(value), schemaId, valueVersion, prefixBytes),
    decode,
  };
}
