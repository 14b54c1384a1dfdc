/*
 * BBH32: the codec's payload checksum. 32 independent 32-bit lanes, each running the xxHash32 round
 *   acc = rotl(acc + word * P2, 13) * P1
 * over the little-endian 32-bit words of the input (word i goes to lane i mod 32; the last 128-byte block is
 * zero-padded), then a fold of the 32 lanes with the input length and the xxHash32 avalanche.
 * It is NOT xxHash32-compatible; it is xxHash32's round laid out so WebAssembly SIMD runs four lanes per
 * instruction. Every step of a lane is a bijection of the lane state, so any change confined to one word is
 * always detected; other corruptions pass with probability about 2^-32 (see docs/adr/0001-binary-codec.md).
 *
 * The WebAssembly module (hand-assembled below, a few hundred bytes, built in as base64) hashes 64 KiB chunks copied
 * into its memory; a plain-JS implementation with identical output is the fallback and the test oracle.
 */

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

const CHUNK = 65536;
const STATE = 65536; // byte offset of the lane accumulators in wasm memory
const LANES = 32; // independent 32-bit lanes
const BLOCK = LANES * 4; // bytes consumed by one round of every lane
const ACCS = LANES / 4; // v128 accumulators

function finalize(lanes: ArrayLike<number>, length: number): number {
  let h = Math.imul(length >>> 0, P5) ^ (length / 4294967296);
  for (let j = 0; j < LANES; j++) {
    h ^= lanes[j]!;
    h = Math.imul((h << 17) | (h >>> 15), P4) + j;
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

function initialLane(j: number, seed: number): number {
  return (P1 + Math.imul(j, P2) + seed) | 0;
}

/** Reference implementation (plain JS, any alignment). */
export function hash32Js(bytes: Uint8Array, seed = 0): number {
  const lanes = new Int32Array(LANES);
  for (let j = 0; j < LANES; j++) lanes[j] = initialLane(j, seed);
  const n = bytes.length;
  const word = (i: number) =>
    i + 3 < n
      ? bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)
      : (i < n ? bytes[i]! : 0) |
        ((i + 1 < n ? bytes[i + 1]! : 0) << 8) |
        ((i + 2 < n ? bytes[i + 2]! : 0) << 16) |
        ((i + 3 < n ? bytes[i + 3]! : 0) << 24);
  for (let off = 0; off < n; off += BLOCK) {
    for (let j = 0; j < LANES; j++) {
      let a = (lanes[j]! + Math.imul(word(off + j * 4), P2)) | 0;
      a = (a << 13) | (a >>> 19);
      lanes[j] = Math.imul(a, P1);
    }
  }
  return finalize(lanes, n);
}

// ---- WebAssembly SIMD implementation -----------------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  n |= 0;
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'latin1')];

/**
 * Assembles the module: `update(len)` runs the round over bytes [0, len) of memory (len a multiple of BLOCK) into the
 * lane state. Not run at import: its output is {@link SIMD_MODULE_BASE64} (a test checks they match).
 */
export function assembleSimdModule(): Uint8Array {
  // opcodes
  const I32_CONST = 0x41;
  const LOCAL_GET = 0x20;
  const LOCAL_SET = 0x21;
  const LOCAL_TEE = 0x22;
  const SIMD = 0xfd;
  const V128_LOAD = [SIMD, 0x00];
  const V128_STORE = [SIMD, 0x0b];
  const I32X4_SPLAT = [SIMD, 0x11];
  const V128_OR = [SIMD, 0x50];
  const I32X4_SHL = [SIMD, ...uleb(0xab)];
  const I32X4_SHR_U = [SIMD, ...uleb(0xad)];
  const I32X4_ADD = [SIMD, ...uleb(0xae)];
  const I32X4_MUL = [SIMD, ...uleb(0xb5)];
  // locals: 0 len (param), 1 i, 2..ACCS+1 accumulators (v128), then p1 and p2 splats
  const pl1 = 2 + ACCS;
  const pl2 = pl1 + 1;
  const code: number[] = [];
  code.push(I32_CONST, ...sleb(P1), ...I32X4_SPLAT, LOCAL_SET, pl1);
  code.push(I32_CONST, ...sleb(P2), ...I32X4_SPLAT, LOCAL_SET, pl2);
  for (let k = 0; k < ACCS; k++) {
    code.push(I32_CONST, ...sleb(STATE), ...V128_LOAD, 4, ...uleb(k * 16), LOCAL_SET, 2 + k);
  }
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(LOCAL_GET, 1, LOCAL_GET, 0, 0x4f, 0x0d, 1); // if (i >= len) break
  for (let k = 0; k < ACCS; k++) {
    const acc = 2 + k;
    // acc = rotl(acc + load(i + 16k) * P2, 13) * P1, four lanes at a time
    code.push(LOCAL_GET, acc, LOCAL_GET, 1, ...V128_LOAD, 0, ...uleb(k * 16));
    code.push(LOCAL_GET, pl2, ...I32X4_MUL, ...I32X4_ADD, LOCAL_TEE, acc);
    code.push(I32_CONST, 13, ...I32X4_SHL, LOCAL_GET, acc, I32_CONST, 19, ...I32X4_SHR_U, ...V128_OR);
    code.push(LOCAL_GET, pl1, ...I32X4_MUL, LOCAL_SET, acc);
  }
  code.push(LOCAL_GET, 1, I32_CONST, ...sleb(BLOCK), 0x6a, LOCAL_SET, 1); // i += BLOCK
  code.push(0x0c, 0, 0x0b, 0x0b); // br loop; end loop; end block
  for (let k = 0; k < ACCS; k++) {
    code.push(I32_CONST, ...sleb(STATE), LOCAL_GET, 2 + k, ...V128_STORE, 4, ...uleb(k * 16));
  }
  code.push(0x0b);
  const body = [2, 1, 0x7f, ACCS + 2, 0x7b, ...code]; // locals: 1 x i32, ACCS + 2 x v128
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const bytes = [
    ...header,
    ...section(1, [1, 0x60, 1, 0x7f, 0]), // type 0: (i32) -> ()
    ...section(3, [1, 0]), // one function of type 0
    ...section(5, [1, 0, 2]), // memory: min 2 pages (chunk + state)
    ...section(7, [2, ...name('mem'), 2, 0, ...name('update'), 0, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  return Uint8Array.from(bytes);
}

/**
 * {@link assembleSimdModule}'s output, written out so that init only decodes it (assembling it at import cost a few
 * million instructions of every bundle with the model cache). Regenerate with
 * `Buffer.from(assembleSimdModule()).toString('base64')` after changing the assembler.
 */
export const SIMD_MODULE_BASE64 =
  'AGFzbQEAAAABBQFgAX8AAwIBAAUDAQACBxACA21lbQIABnVwZGF0ZQAACowEAYkEAgF/CntBsfPd8Xn9ESEKQfeUr694/REhC0GAgAT9AAQAIQJBgIAE/QAEECEDQYCABP0ABCAhBEGAgAT9AAQwIQVBgIAE/QAEQCEGQYCABP0ABFAhB0GAgAT9AARgIQhBgIAE/QAEcCEJAkADQCABIABPDQEgAiAB/QAAACAL/bUB/a4BIgJBDf2rASACQRP9rQH9UCAK/bUBIQIgAyAB/QAAECAL/bUB/a4BIgNBDf2rASADQRP9rQH9UCAK/bUBIQMgBCAB/QAAICAL/bUB/a4BIgRBDf2rASAEQRP9rQH9UCAK/bUBIQQgBSAB/QAAMCAL/bUB/a4BIgVBDf2rASAFQRP9rQH9UCAK/bUBIQUgBiAB/QAAQCAL/bUB/a4BIgZBDf2rASAGQRP9rQH9UCAK/bUBIQYgByAB/QAAUCAL/bUB/a4BIgdBDf2rASAHQRP9rQH9UCAK/bUBIQcgCCAB/QAAYCAL/bUB/a4BIghBDf2rASAIQRP9rQH9UCAK/bUBIQggCSAB/QAAcCAL/bUB/a4BIglBDf2rASAJQRP9rQH9UCAK/bUBIQkgAUGAAWohAQwACwtBgIAEIAL9CwQAQYCABCAD/QsEEEGAgAQgBP0LBCBBgIAEIAX9CwQwQYCABCAG/QsEQEGAgAQgB/0LBFBBgIAEIAj9CwRgQYCABCAJ/QsEcAs=';

interface Simd {
  mem8: Uint8Array;
  lanes: Int32Array;
  update: (len: number) => void;
}

// Typed locally (not via a global declaration) so packages that compile this source need no extra lib.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

function loadSimd(): Simd | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return undefined;
  try {
    const inst = new wasm.Instance(new wasm.Module(Buffer.from(SIMD_MODULE_BASE64, 'base64')), {});
    const mem = inst.exports.mem as { buffer: ArrayBuffer };
    const update = inst.exports.update as (len: number) => void;
    return { mem8: new Uint8Array(mem.buffer), lanes: new Int32Array(mem.buffer, STATE, LANES), update };
  } catch {
    return undefined; // no WebAssembly SIMD here: use the JS implementation
  }
}

const simd = loadSimd();

/** Whether the WebAssembly SIMD implementation is in use (else the plain-JS one). */
export const hash32UsesSimd = simd !== undefined;

/**
 * BBH32 of `bytes`, optionally continuing from `seed` (e.g. the hash of a preceding header).
 * Same result as {@link hash32Js}, several times faster.
 */
export function hash32(bytes: Uint8Array, seed = 0): number {
  if (!simd) return hash32Js(bytes, seed);
  const { mem8, lanes, update } = simd;
  for (let j = 0; j < LANES; j++) lanes[j] = initialLane(j, seed);
  const n = bytes.length;
  let off = 0;
  while (n - off >= BLOCK) {
    const len = Math.min(CHUNK, (n - off) & ~(BLOCK - 1));
    mem8.set(bytes.subarray(off, off + len), 0);
    update(len);
    off += len;
  }
  if (off < n) {
    const rest = n - off;
    mem8.set(bytes.subarray(off), 0);
    mem8.fill(0, rest, BLOCK);
    update(BLOCK);
  }
  return finalize(lanes, n);
}
