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
 * (away) of a thinned count are computed (default: all); what would land beyond is dropped — callers pass bounds
 * beyond which the thinned mass is negligible ({@link thinnedSupport}).
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
  const byT = by ? transposed(by, ky + 1) : undefined;
  const ox = bx ? outX : kx;
  const oy = by ? outY : ky;
  for (let cell = 0; cell < cells; cell++) {
    const base = cell * block;
    thinBlock(
      src,
      base,
      stride,
      kx,
      ky,
      bx,
      kx + 1,
      byT,
      ky + 1,
      dst,
      base,
      stride,
      ox,
      oy,
      weight,
      true,
      tmp,
    );
  }
}

/**
 * One block thinned: `dst[d0 + k * dStride + l]` = (or += when `add`) `weight` × Σ_{x ≥ k, y ≥ l} bx(x, k) ·
 * by(y, l) · `src[s0 + x * sStride + y]`, for k ≤ `ox`, l ≤ `oy`, over the source entries x ≤ `sx`, y ≤ `sy` (the
 * block's strides may differ, so compact blocks thin into compact blocks). `bx` is a {@link binomialRows} table of
 * row width `bxW` (size at least sx); `byT` the transposed table of the away count ({@link transposed}, width `byW`);
 * undefined: that count is kept as it is (then `ox` ≤ sx, `oy` ≤ sy cut it). `tmp`: scratch of
 * (ox + 1) × (sy + 1). Home count first (it cuts the rows the away pass then runs over), four source rows per pass;
 * then the away count, four outputs per pass sharing the row's loads.
 */
export function thinBlock(
  src: Float64Array,
  s0: number,
  sStride: number,
  sx: number,
  sy: number,
  bx: Float64Array | undefined,
  bxW: number,
  byT: Float64Array | undefined,
  byW: number,
  dst: Float64Array,
  d0: number,
  dStride: number,
  ox: number,
  oy: number,
  weight: number,
  add: boolean,
  tmp: Float64Array,
): void {
  let from = src;
  let f0 = s0;
  let fStride = sStride;
  if (bx) {
    // 1. home count: row k = Σ_{x ≥ k} B(x, k) · src row x, into tmp (or straight into dst when no away thinning)
    const direct = !byT;
    const out = direct ? dst : tmp;
    const o0 = direct ? d0 : 0;
    const oStride = direct ? dStride : sy + 1;
    const scale = direct ? weight : 1;
    const keepFirst = direct && add;
    const n = direct ? Math.min(sy, oy) + 1 : sy + 1;
    // two output rows per pass (k and k + 1 share every source row's loads; B(k, k + 1) = 0), four source rows
    let k = 0;
    for (; k + 1 <= ox; k += 2) {
      const t = o0 + k * oStride;
      const u = t + oStride;
      let x = k;
      let first = !keepFirst;
      for (; x + 3 <= sx; x += 4) {
        const r0 = s0 + x * sStride;
        const r1 = r0 + sStride;
        const r2 = r1 + sStride;
        const r3 = r2 + sStride;
        const b = x * bxW + k;
        const p0 = scale * (bx[b] as number);
        const p1 = scale * (bx[b + bxW] as number);
        const p2 = scale * (bx[b + 2 * bxW] as number);
        const p3 = scale * (bx[b + 3 * bxW] as number);
        const q0 = scale * (bx[b + 1] as number);
        const q1 = scale * (bx[b + bxW + 1] as number);
        const q2 = scale * (bx[b + 2 * bxW + 1] as number);
        const q3 = scale * (bx[b + 3 * bxW + 1] as number);
        if (first) {
          for (let y = 0; y < n; y++) {
            const f0 = src[r0 + y] as number;
            const f1 = src[r1 + y] as number;
            const f2 = src[r2 + y] as number;
            const f3 = src[r3 + y] as number;
            out[t + y] = p0 * f0 + p1 * f1 + p2 * f2 + p3 * f3;
            out[u + y] = q0 * f0 + q1 * f1 + q2 * f2 + q3 * f3;
          }
          first = false;
        } else {
          for (let y = 0; y < n; y++) {
            const f0 = src[r0 + y] as number;
            const f1 = src[r1 + y] as number;
            const f2 = src[r2 + y] as number;
            const f3 = src[r3 + y] as number;
            out[t + y] = (out[t + y] as number) + p0 * f0 + p1 * f1 + p2 * f2 + p3 * f3;
            out[u + y] = (out[u + y] as number) + q0 * f0 + q1 * f1 + q2 * f2 + q3 * f3;
          }
        }
      }
      for (; x <= sx; x++) {
        const r0 = s0 + x * sStride;
        const p0 = scale * (bx[x * bxW + k] as number);
        const q0 = scale * (bx[x * bxW + k + 1] as number);
        if (first) {
          for (let y = 0; y < n; y++) {
            const f0 = src[r0 + y] as number;
            out[t + y] = p0 * f0;
            out[u + y] = q0 * f0;
          }
          first = false;
        } else {
          for (let y = 0; y < n; y++) {
            const f0 = src[r0 + y] as number;
            out[t + y] = (out[t + y] as number) + p0 * f0;
            out[u + y] = (out[u + y] as number) + q0 * f0;
          }
        }
      }
      if (first) {
        // (k beyond the source rows: nothing lands there)
        out.fill(0, t, t + n);
        out.fill(0, u, u + n);
      }
    }
    for (; k <= ox; k++) {
      const t = o0 + k * oStride;
      let x = k;
      let first = !keepFirst;
      for (; x + 3 <= sx; x += 4) {
        const r0 = s0 + x * sStride;
        const r1 = r0 + sStride;
        const r2 = r1 + sStride;
        const r3 = r2 + sStride;
        const b = x * bxW + k;
        const p0 = scale * (bx[b] as number);
        const p1 = scale * (bx[b + bxW] as number);
        const p2 = scale * (bx[b + 2 * bxW] as number);
        const p3 = scale * (bx[b + 3 * bxW] as number);
        if (first) {
          for (let y = 0; y < n; y++)
            out[t + y] =
              p0 * (src[r0 + y] as number) +
              p1 * (src[r1 + y] as number) +
              p2 * (src[r2 + y] as number) +
              p3 * (src[r3 + y] as number);
          first = false;
        } else {
          for (let y = 0; y < n; y++)
            out[t + y] =
              (out[t + y] as number) +
              p0 * (src[r0 + y] as number) +
              p1 * (src[r1 + y] as number) +
              p2 * (src[r2 + y] as number) +
              p3 * (src[r3 + y] as number);
        }
      }
      for (; x <= sx; x++) {
        const r0 = s0 + x * sStride;
        const p0 = scale * (bx[x * bxW + k] as number);
        if (first) {
          for (let y = 0; y < n; y++) out[t + y] = p0 * (src[r0 + y] as number);
          first = false;
        } else {
          for (let y = 0; y < n; y++) out[t + y] = (out[t + y] as number) + p0 * (src[r0 + y] as number);
        }
      }
      if (first) out.fill(0, t, t + n); // (k beyond the source rows: nothing lands there)
    }
    if (direct) return;
    from = tmp;
    f0 = 0;
    fStride = sy + 1;
  }
  const rows = bx ? ox : Math.min(ox, sx);
  if (!byT) {
    // neither count thinned: a weighted copy of the kept entries
    const n = Math.min(oy, sy) + 1;
    for (let x = 0; x <= rows; x++) {
      const s = f0 + x * fStride;
      const d = d0 + x * dStride;
      if (add)
        for (let y = 0; y < n; y++) dst[d + y] = (dst[d + y] as number) + weight * (from[s + y] as number);
      else for (let y = 0; y < n; y++) dst[d + y] = weight * (from[s + y] as number);
    }
    return;
  }
  // 2. away count within each row: entry l = Σ_{y ≥ l} B(y, l) · row[y] (byT[l][y]), into dst; two rows and four
  // outputs per pass share the loads (byT[l][y] is 0 for y < l, so the outputs share one loop from l)
  let x = 0;
  for (; x + 1 <= rows; x += 2) {
    const s = f0 + x * fStride;
    const s1 = s + fStride;
    const d = d0 + x * dStride;
    const e = d + dStride;
    let l = 0;
    for (; l + 3 <= oy; l += 4) {
      const r0 = l * byW;
      const r1 = r0 + byW;
      const r2 = r1 + byW;
      const r3 = r2 + byW;
      let v0 = 0;
      let v1 = 0;
      let v2 = 0;
      let v3 = 0;
      let w0 = 0;
      let w1 = 0;
      let w2 = 0;
      let w3 = 0;
      for (let y = l; y <= sy; y++) {
        const f = from[s + y] as number;
        const g = from[s1 + y] as number;
        const b0 = byT[r0 + y] as number;
        const b1 = byT[r1 + y] as number;
        const b2 = byT[r2 + y] as number;
        const b3 = byT[r3 + y] as number;
        v0 += b0 * f;
        v1 += b1 * f;
        v2 += b2 * f;
        v3 += b3 * f;
        w0 += b0 * g;
        w1 += b1 * g;
        w2 += b2 * g;
        w3 += b3 * g;
      }
      if (add) {
        dst[d + l] = (dst[d + l] as number) + weight * v0;
        dst[d + l + 1] = (dst[d + l + 1] as number) + weight * v1;
        dst[d + l + 2] = (dst[d + l + 2] as number) + weight * v2;
        dst[d + l + 3] = (dst[d + l + 3] as number) + weight * v3;
        dst[e + l] = (dst[e + l] as number) + weight * w0;
        dst[e + l + 1] = (dst[e + l + 1] as number) + weight * w1;
        dst[e + l + 2] = (dst[e + l + 2] as number) + weight * w2;
        dst[e + l + 3] = (dst[e + l + 3] as number) + weight * w3;
      } else {
        dst[d + l] = weight * v0;
        dst[d + l + 1] = weight * v1;
        dst[d + l + 2] = weight * v2;
        dst[d + l + 3] = weight * v3;
        dst[e + l] = weight * w0;
        dst[e + l + 1] = weight * w1;
        dst[e + l + 2] = weight * w2;
        dst[e + l + 3] = weight * w3;
      }
    }
    for (; l <= oy; l++) {
      let v = 0;
      let w = 0;
      const r = l * byW;
      for (let y = l; y <= sy; y++) {
        const b = byT[r + y] as number;
        v += b * (from[s + y] as number);
        w += b * (from[s1 + y] as number);
      }
      dst[d + l] = add ? (dst[d + l] as number) + weight * v : weight * v;
      dst[e + l] = add ? (dst[e + l] as number) + weight * w : weight * w;
    }
  }
  for (; x <= rows; x++) {
    const s = f0 + x * fStride;
    const d = d0 + x * dStride;
    let l = 0;
    for (; l + 3 <= oy; l += 4) {
      const r0 = l * byW;
      const r1 = r0 + byW;
      const r2 = r1 + byW;
      const r3 = r2 + byW;
      let v0 = 0;
      let v1 = 0;
      let v2 = 0;
      let v3 = 0;
      for (let y = l; y <= sy; y++) {
        const f = from[s + y] as number;
        v0 += (byT[r0 + y] as number) * f;
        v1 += (byT[r1 + y] as number) * f;
        v2 += (byT[r2 + y] as number) * f;
        v3 += (byT[r3 + y] as number) * f;
      }
      if (add) {
        dst[d + l] = (dst[d + l] as number) + weight * v0;
        dst[d + l + 1] = (dst[d + l + 1] as number) + weight * v1;
        dst[d + l + 2] = (dst[d + l + 2] as number) + weight * v2;
        dst[d + l + 3] = (dst[d + l + 3] as number) + weight * v3;
      } else {
        dst[d + l] = weight * v0;
        dst[d + l + 1] = weight * v1;
        dst[d + l + 2] = weight * v2;
        dst[d + l + 3] = weight * v3;
      }
    }
    for (; l <= oy; l++) {
      let v = 0;
      const r = l * byW;
      for (let y = l; y <= sy; y++) v += (byT[r + y] as number) * (from[s + y] as number);
      dst[d + l] = add ? (dst[d + l] as number) + weight * v : weight * v;
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
export function transposed(b: Float64Array, w: number): Float64Array {
  let t = transposedCache.get(b);
  if (!t) {
    t = new Float64Array(w * w);
    for (let i = 0; i < w; i++) for (let j = 0; j < w; j++) t[j * w + i] = b[i * w + j] as number;
    transposedCache.set(b, t);
  }
  return t;
}
