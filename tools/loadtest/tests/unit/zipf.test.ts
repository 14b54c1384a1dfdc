import { createRng } from '../../src/random';
import { createZipf } from '../../src/zipf';

describe('createZipf', () => {
  it('assigns probabilities proportional to 1/(k+1)^s that sum to one', () => {
    // Act
    const z = createZipf(200, 1.0);

    // Assess
    let total = 0;
    for (let k = 0; k < 200; k++) total += z.probability(k);
    expect(total).toBeCloseTo(1, 12);
    expect(z.probability(0) / z.probability(1)).toBeCloseTo(2, 9);
    expect(z.probability(0) / z.probability(9)).toBeCloseTo(10, 9);
  });

  it('samples ranks with the expected frequencies', () => {
    // Prepare
    const z = createZipf(50, 1.2);
    const rng = createRng('zipf');
    const counts = new Array<number>(50).fill(0);
    const n = 100_000;

    // Act
    for (let i = 0; i < n; i++) counts[z.sample(rng)]! += 1;

    // Assess: each of the top ranks within 4 standard deviations of its expectation
    for (const k of [0, 1, 2, 5, 10, 49]) {
      const p = z.probability(k);
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(counts[k]! - n * p)).toBeLessThan(4 * sd + 1);
    }
  });

  it('is uniform when s is 0', () => {
    const z = createZipf(4, 0);
    expect([0, 1, 2, 3].map((k) => z.probability(k))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('rejects an empty population', () => {
    expect(() => createZipf(0)).toThrow(RangeError);
  });
});
