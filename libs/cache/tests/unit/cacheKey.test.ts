import fc from 'fast-check';
import { CacheKeyError, cacheKey } from '../../src';

describe('cacheKey', () => {
  it('joins safe parts as namespace:valueVersion:id:inputsVersion', () => {
    // Act / Assess
    expect(
      cacheKey({ namespace: 'model', valueVersion: '2026.12.1', id: 'EPL-ARS_CHE', inputsVersion: 7 }),
    ).toBe('model:2026.12.1:EPL-ARS_CHE:7');
  });

  it('percent-encodes caller text so separators and spaces cannot leak into the key', () => {
    // Act
    const key = cacheKey({ namespace: 'model', valueVersion: 1, id: 'a:b c%*\u00e9{x}', inputsVersion: 1 });
    // Assess
    expect(key).toBe('model:1:a%3Ab%20c%25%2A%C3%A9%7Bx%7D:1');
    expect(key.split(':')).toHaveLength(4);
  });

  it('never maps two different ids to the same key and only emits the safe charset', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
        fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
        (a, b) => {
          // Prepare
          fc.pre(a !== b);
          // Act
          const ka = cacheKey({ namespace: 'n', valueVersion: 1, id: a, inputsVersion: 1 });
          const kb = cacheKey({ namespace: 'n', valueVersion: 1, id: b, inputsVersion: 1 });
          // Assess
          expect(ka).not.toBe(kb);
          expect(ka).toMatch(/^[A-Za-z0-9._%:-]+$/);
        },
      ),
    );
  });

  it('rejects empty parts, non-finite numbers and over-long ids', () => {
    // Act / Assess
    expect(() => cacheKey({ namespace: '', valueVersion: 1, id: 'x', inputsVersion: 1 })).toThrow(
      CacheKeyError,
    );
    expect(() => cacheKey({ namespace: 'n', valueVersion: NaN, id: 'x', inputsVersion: 1 })).toThrow(
      CacheKeyError,
    );
    expect(() =>
      cacheKey({ namespace: 'n', valueVersion: 1, id: 'x'.repeat(300), inputsVersion: 1 }),
    ).toThrow(/longer than 256/);
  });
});
