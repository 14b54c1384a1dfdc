/**
 * Binomial thinning of count tables: keeping each counted event independently with probability q turns a
 * Poisson(Λ) count into a Poisson(qΛ) count, exactly, for every Λ. A count chain's counts are, given the score path,
 * independent Poisson with path-dependent means, so the chain at rate q·r is the chain at rate r thinned by q — per
 * team, per score cell, with no approximation. The count sections use this to run one chain (at the largest factor
 * node of each team) instead of one chain per factor node.
 */

/**
 * `B[x * (n + 1) + k]` = C(x, k) q^k (1 − q)^(x − k) for 0 ≤ k ≤ x ≤ n, by Pascal's rule (only additions of positive
 * terms, so it is accurate to rounding for any n).
 */
export function binomialRows(n: number, q: number): Float64Array {
  const w = n + 1;
  const b = new Float64Array(w * w);
  b[0] = 1;
  for (let x = 1; x <= n; x++) {
    const row = x * w;
    const prev = row - w;
    b[row] = (1 - q) * (b[prev] as number);
    for (let k = 1; k < x; k++)
      b[row + k] = q * (b[prev + k - 1] as number) + (1 - q) * (b[prev + k] as number);
    b[row + x] = q * (b[prev + x - 1] as number);
  }
  return b;
}

/**
 * Adds `weight` × the thinned `src` into `dst`; both are cells × (kx + 1) × (ky + 1) (home count major, as in the
 * count chain). `bx`, `by` are {@link binomialRows} tables for the home (size kx) and away (size ky) counts, or
 * undefined for no thinning of that count. The last count index ("that many or more", below 1e-8 of mass) is thinned
 * as if it held exactly that many. `tmp` is scratch of one block.
 */
export function addThinned(
  src: Float64Array,
  dst: Float64Array,
  cells: number,
  kx: number,
  ky: number,
  bx: Float64Array | undefined,
  by: Float64Array | undefined,
  weight: number,
  tmp: Float64Array,
): void {
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const wx = kx + 1;
  for (let cell = 0; cell < cells; cell++) {
    const base = cell * block;
    // 1. home count: row k gathers Σ_{x ≥ k} B(x, k) · src row x
    let from = src;
    let off = base;
    if (bx) {
      const out = by ? tmp : dst;
      const o = by ? 0 : base;
      const scale = by ? 1 : weight;
      for (let k = 0; k <= kx; k++) {
        const t = o + k * stride;
        for (let y = 0; y < stride; y++) {
          let v = 0;
          let i = base + k * stride + y;
          for (let x = k; x <= kx; x++, i += stride) v += (bx[x * wx + k] as number) * (src[i] as number);
          out[t + y] = by ? v : (out[t + y] as number) + scale * v;
        }
      }
      if (!by) continue;
      from = tmp;
      off = 0;
    }
    // 2. away count within each row: entry k gathers Σ_{y ≥ k} B(y, k) · row[y], weighted into dst
    if (by) {
      for (let x = 0; x <= kx; x++) {
        const s = off + x * stride;
        const d = base + x * stride;
        for (let k = 0; k <= ky; k++) {
          let v = 0;
          for (let y = k; y <= ky; y++) v += (by[y * stride + k] as number) * (from[s + y] as number);
          dst[d + k] = (dst[d + k] as number) + weight * v;
        }
      }
    } else {
      for (let i = 0; i < block; i++)
        dst[base + i] = (dst[base + i] as number) + weight * (from[off + i] as number);
    }
  }
}
