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
 * as if it held exactly that many. `tmp` is scratch of one block. Only output counts up to `outX` (home) and `outY`
 * (away) are computed (default: all); what would land beyond is dropped — callers pass bounds beyond which the
 * thinned mass is negligible ({@link thinnedSupport}).
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
  outX = kx,
  outY = ky,
): void {
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const wx = kx + 1;
  const wy = ky + 1;
  for (let cell = 0; cell < cells; cell++) {
    const base = cell * block;
    // 1. home count: row k = Σ_{x ≥ k} B(x, k) · src row x, four source rows per pass
    let from = src;
    let off = base;
    if (bx) {
      const out = by ? tmp : dst;
      const o = by ? 0 : base;
      const z = by ? 0 : 1; // into tmp: overwrite; into dst: add
      const scale = by ? 1 : weight;
      for (let k = 0; k <= outX; k++) {
        const t = o + k * stride;
        let x = k;
        let first = true;
        for (; x + 3 <= kx; x += 4) {
          const s0 = base + x * stride;
          const s1 = s0 + stride;
          const s2 = s1 + stride;
          const s3 = s2 + stride;
          const p0 = scale * (bx[x * wx + k] as number);
          const p1 = scale * (bx[(x + 1) * wx + k] as number);
          const p2 = scale * (bx[(x + 2) * wx + k] as number);
          const p3 = scale * (bx[(x + 3) * wx + k] as number);
          const keep = first ? z : 1;
          for (let y = 0; y < stride; y++)
            out[t + y] =
              keep * (out[t + y] as number) +
              p0 * (src[s0 + y] as number) +
              p1 * (src[s1 + y] as number) +
              p2 * (src[s2 + y] as number) +
              p3 * (src[s3 + y] as number);
          first = false;
        }
        for (; x <= kx; x++) {
          const s0 = base + x * stride;
          const p0 = scale * (bx[x * wx + k] as number);
          const keep = first ? z : 1;
          for (let y = 0; y < stride; y++)
            out[t + y] = keep * (out[t + y] as number) + p0 * (src[s0 + y] as number);
          first = false;
        }
      }
      if (!by) continue;
      from = tmp;
      off = 0;
    }
    // 2. away count within each row: entry k = Σ_{y ≥ k} B(y, k) · row[y] (`by` transposed: byT[k][y]), into dst
    if (by) {
      const byT = transposed(by, wy);
      // rows beyond outX of the home-thinned block are not computed (zero); unthinned rows are all there
      const rows = bx ? outX : kx;
      for (let x = 0; x <= rows; x++) {
        const s = off + x * stride;
        const d = base + x * stride;
        // four outputs per pass share the row's loads
        let k = 0;
        for (; k + 3 <= outY; k += 4) {
          const r0 = k * wy;
          const r1 = r0 + wy;
          const r2 = r1 + wy;
          const r3 = r2 + wy;
          let v0 = (byT[r0 + k] as number) * (from[s + k] as number);
          let v1 = 0;
          let v2 = 0;
          let v3 = 0;
          for (let y = k + 1; y <= ky; y++) {
            const f = from[s + y] as number;
            v0 += (byT[r0 + y] as number) * f;
            v1 += (byT[r1 + y] as number) * f;
            v2 += (byT[r2 + y] as number) * f;
            v3 += (byT[r3 + y] as number) * f;
          }
          dst[d + k] = (dst[d + k] as number) + weight * v0;
          dst[d + k + 1] = (dst[d + k + 1] as number) + weight * v1;
          dst[d + k + 2] = (dst[d + k + 2] as number) + weight * v2;
          dst[d + k + 3] = (dst[d + k + 3] as number) + weight * v3;
        }
        for (; k <= outY; k++) {
          let v = 0;
          const r = k * wy;
          for (let y = k; y <= ky; y++) v += (byT[r + y] as number) * (from[s + y] as number);
          dst[d + k] = (dst[d + k] as number) + weight * v;
        }
      }
    } else {
      for (let i = 0; i < block; i++)
        dst[base + i] = (dst[base + i] as number) + weight * (from[off + i] as number);
    }
  }
}

/**
 * The largest output count worth computing when thinning by the `b` table ({@link binomialRows} of size n): the
 * smallest k with Σ_x marginal[x] · P(Binomial(x, q) > k) < `tail` (`marginal`: the count's distribution over all
 * cells, total mass 1).
 */
export function thinnedSupport(marginal: Float64Array, b: Float64Array, n: number, tail: number): number {
  const w = n + 1;
  // beyond[k] = Σ_x marginal[x] · P(Binomial(x, q) > k), from the top down
  const mass = new Float64Array(w);
  for (let x = 0; x <= n; x++) {
    const m = marginal[x] as number;
    if (m === 0) continue;
    for (let k = 0; k <= x; k++) mass[k] = (mass[k] as number) + m * (b[x * w + k] as number);
  }
  let beyond = 0;
  for (let k = n; k > 0; k--) {
    beyond += mass[k] as number;
    if (beyond >= tail) return k;
  }
  return 0;
}

const transposedCache = new WeakMap<Float64Array, Float64Array>();

/** The w × w table with rows and columns swapped (cached per table). */
function transposed(b: Float64Array, w: number): Float64Array {
  let t = transposedCache.get(b);
  if (!t) {
    t = new Float64Array(w * w);
    for (let i = 0; i < w; i++) for (let j = 0; j < w; j++) t[j * w + i] = b[i * w + j] as number;
    transposedCache.set(b, t);
  }
  return t;
}
