/** A small, fast, seedable pseudo-random source: the same seed always yields the same traffic. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Exponentially distributed with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** An independent generator derived from this one and a label (so adding a stream never shifts another). */
  fork(label: string): Rng;
}

/** FNV-1a of a string, used to turn `--seed` and labels into 32-bit states. */
export function hashSeed(seed: string | number): number {
  const s = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Creates a seeded generator (mulberry32: 32-bit state, good enough for traffic shaping, not for crypto).
 *
 * @example
 * const rng = createRng('42');
 * const legs = 1 + rng.int(8);
 */
export function createRng(seed: string | number): Rng {
  const label = String(seed);
  let state = hashSeed(label);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    range: (min, max) => min + next() * (max - min),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    exponential: (rate) => -Math.log(1 - next()) / rate,
    fork: (sub) => createRng(`${label}/${sub}`),
  };
  return rng;
}
