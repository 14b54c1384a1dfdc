import fc from 'fast-check';
import { crc32, crc32Js } from '../../src';

describe('crc32', () => {
  it('matches the standard check value for "123456789"', () => {
    // Act / Assess
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32Js(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('gives the same result natively and in the table-driven fallback', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        // Act / Assess
        expect(crc32(bytes)).toBe(crc32Js(bytes));
      }),
    );
  });
});
