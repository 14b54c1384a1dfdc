import * as zlib from 'node:zlib';

let table: Int32Array | undefined;

function crcTable(): Int32Array {
  if (table) return table;
  table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}

/**
 * Table-driven CRC-32 (IEEE 802.3, the zlib/PNG polynomial) in plain JS.
 * Kept as the reference and as a fallback for runtimes without `zlib.crc32` (Node < 20.15).
 */
export function crc32Js(bytes: Uint8Array, initial = 0): number {
  const t = crcTable();
  let c = ~initial;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

type NativeCrc = (data: Uint8Array, value?: number) => number;
const native: NativeCrc | undefined = (zlib as unknown as { crc32?: NativeCrc }).crc32;

/**
 * CRC-32 of `bytes` (continuing from `initial`, the CRC of the preceding bytes). Uses zlib's native implementation when the runtime has it (several GB/s,
 * same polynomial and result as {@link crc32Js}), else the table-driven JS one.
 */
export const crc32: (bytes: Uint8Array, initial?: number) => number = native
  ? (bytes, initial = 0) => native(bytes, initial) >>> 0
  : (bytes, initial = 0) => crc32Js(bytes, initial);
