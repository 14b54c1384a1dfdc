import type { Rng } from './random';

/** Draws ranks 0..n-1 with P(rank k) proportional to 1 / (k + 1)^s. */
export interface Zipf {
  readonly n: number;
  readonly s: number;
  /** The probability of a rank (exact, from the normalised weights). */
  probability(rank: number): number;
  sample(rng: Rng): number;
}

/**
 * Zipf popularity over `n` items: a few fixtures get most of the traffic, a long tail gets a little,
 * which is what a sportsbook sees (the big match vs. the third division). Sampling is a binary search
 * over the precomputed CDF, O(log n).
 *
 * @example
 * const zipf = createZipf(200, 1.0);
 * const fixtureIndex = zipf.sample(rng); // 0 is the most popular
 */
export function createZipf(n: number, s = 1.0): Zipf {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf needs n >= 1, got ${n}`);
  if (!(s >= 0)) throw new RangeError(`zipf needs s >= 0, got ${s}`);
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / Math.pow(k + 1, s);
    cdf[k] = total;
  }
  for (let k = 0; k < n; k++) cdf[k] = (cdf[k] as number) / total;
  cdf[n - 1] = 1;
  return {
    n,
    s,
    probability: (rank) => {
      if (rank < 0 || rank >= n) return 0;
      return (cdf[rank] as number) - (rank === 0 ? 0 : (cdf[rank - 1] as number));
    },
    sample: (rng) => {
      const u = rng.next();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cdf[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}
