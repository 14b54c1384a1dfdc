import fc from 'fast-check';
import { hash32, hash32Js, hash32UsesSimd } from '../../src';
import { assembleSimdModule, SIMD_MODULE_BASE64 } from '../../src/hash32';

describe('hash32 (BBH32, the codec checksum)', () => {
  it('runs on WebAssembly SIMD on this runtime', () => {
    // Assess
    expect(hash32UsesSimd).toBe(true);
  });

  it('loads the module its assembler builds (the built-in base64 is current)', () => {
    // Act / Assess
    expect(Buffer.from(assembleSimdModule()).toString('base64')).toBe(SIMD_MODULE_BASE64);
  });

  it('gives the same result with WebAssembly SIMD and in plain JS, at every length and seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer(), (bytes, seed) => {
        // Act / Assess
        expect(hash32(bytes, seed)).toBe(hash32Js(bytes, seed));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the JS implementation across 64 KiB chunk boundaries and at unaligned offsets', () => {
    // Prepare
    const big = new Uint8Array(200_003).map((_, i) => (i * 131 + 7) & 0xff);
    // Act / Assess
    for (const [start, end] of [
      [0, 65_536],
      [0, 65_600],
      [3, 131_075],
      [1, 200_003],
    ] as const) {
      expect(hash32(big.subarray(start, end))).toBe(hash32Js(big.subarray(start, end)));
    }
  });

  it('changes when any single bit flips or when zero bytes are appended', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (b, p, bit) => {
          // Prepare
          const flipped = b.slice();
          const i = p % b.length;
          flipped[i] = flipped[i]! ^ (1 << bit);
          const longer = new Uint8Array(b.length + 1);
          longer.set(b);
          // Act / Assess
          expect(hash32(flipped)).not.toBe(hash32(b));
          expect(hash32(longer)).not.toBe(hash32(b));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changes when two bits flip in the same lane, where a plain multiply-xor hash would cancel out', () => {
    // Prepare: bit 31 of words 0 and 32 (same lane, consecutive rounds)
    const b = new Uint8Array(256).map((_, i) => i);
    const two = b.slice();
    two[3] = two[3]! ^ 0x80;
    two[131] = two[131]! ^ 0x80;
    // Act / Assess
    expect(hash32(two)).not.toBe(hash32(b));
  });
});
