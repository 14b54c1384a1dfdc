import fc from 'fast-check';
import { canonicalJson } from '../../../src';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 'x', e: null }], c: true } })).toBe(
      '{"a":{"c":true,"d":[2,{"e":null,"f":"x"}]},"b":1}',
    );
  });

  it('writes the same text for equal values whatever their key order, and that text parses back to the value as JSON keeps it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        const reordered = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          typeof v === 'object' && v !== null && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as unknown;
        expect(canonicalJson(reordered)).toBe(text);
        // What JSON itself keeps of the value (-0 becomes 0, as with JSON.stringify)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [undefined], [() => 1], [BigInt(1)]])(
    'refuses %p, which JSON cannot carry exactly',
    (value) => {
      expect(() => canonicalJson(value)).toThrow(TypeError);
    },
  );
});
