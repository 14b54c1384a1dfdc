/**
 * Naive scatter-form versions of the count chain's hand-unrolled gather kernels (src/model/CountChainRunner.ts,
 * src/model/thinning.ts): each source entry pushes its mass to its targets, one multiply-add at a time, with no
 * unrolling, no in-place tricks and no support bookkeeping beyond the kernels' documented contracts. The kernel
 * test (tests/unit/kernels.test.ts) checks the fast kernels against these on random blocks.
 */

/** One cell's block: rows x = 0..kx (home count), entries y = 0..ky (away count), row-major. */
export type Block = Float64Array;

/**
 * Home-count increments: every row f ≤ xlo (entries y ≤ ylo) sends pmf[j] of its mass to row min(f + j, kx); targets
 * beyond xhi are dropped (the fast chain's support bound says they hold nothing worth keeping).
 */
export function scatterHome(
  old: Block,
  kx: number,
  ky: number,
  xlo: number,
  xhi: number,
  ylo: number,
  pmf: readonly number[],
): Block {
  const stride = ky + 1;
  const out = Float64Array.from(old);
  for (let x = 0; x <= xhi; x++) for (let y = 0; y <= ylo; y++) out[x * stride + y] = 0;
  for (let f = 0; f <= xlo; f++)
    for (let y = 0; y <= ylo; y++)
      pmf.forEach((p, j) => {
        const t = Math.min(f + j, kx);
        if (t <= xhi)
          out[t * stride + y] = (out[t * stride + y] as number) + p * (old[f * stride + y] as number);
      });
  return out;
}

/** Away-count increments, the same along each row x ≤ xhi: entry f ≤ ylo sends pmf[j] to min(f + j, ky) if ≤ yhi. */
export function scatterAway(
  old: Block,
  ky: number,
  ylo: number,
  yhi: number,
  xhi: number,
  pmf: readonly number[],
): Block {
  const stride = ky + 1;
  const out = Float64Array.from(old);
  for (let x = 0; x <= xhi; x++) {
    for (let y = 0; y <= yhi; y++) out[x * stride + y] = 0;
    for (let f = 0; f <= ylo; f++)
      pmf.forEach((p, j) => {
        const t = Math.min(f + j, ky);
        if (t <= yhi)
          out[x * stride + t] = (out[x * stride + t] as number) + p * (old[x * stride + f] as number);
      });
  }
  return out;
}

/** Goal moves: each (source cell, target cell, probability) adds probability × the source block to the target's. */
export function scatterMoves(
  src: Float64Array,
  cells: number,
  block: number,
  moves: readonly { from: number; to: number; p: number }[],
): Float64Array {
  const out = new Float64Array(cells * block);
  for (const m of moves)
    for (let i = 0; i < block; i++)
      out[m.to * block + i] = (out[m.to * block + i] as number) + m.p * (src[m.from * block + i] as number);
  return out;
}

/** C(n, k) q^k (1 − q)^(n − k), from the closed form. */
function binomial(n: number, k: number, q: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c * q ** k * (1 - q) ** (n - k);
}

/**
 * Binomial thinning of every cell's block: entry (x, y) sends B(x, k; qx) · B(y, l; qy) · weight of its mass to (k, l)
 * (qx or qy undefined: that count is kept as is); targets beyond outX / outY are dropped.
 */
export function scatterThinned(
  src: Float64Array,
  cells: number,
  kx: number,
  ky: number,
  qx: number | undefined,
  qy: number | undefined,
  weight: number,
  outX = kx,
  outY = ky,
): Float64Array {
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const out = new Float64Array(cells * block);
  for (let c = 0; c < cells; c++)
    for (let x = 0; x <= kx; x++)
      for (let y = 0; y <= ky; y++) {
        const m = src[c * block + x * stride + y] as number;
        for (let k = 0; k <= x; k++) {
          const bx = qx === undefined ? (k === x ? 1 : 0) : binomial(x, k, qx);
          for (let l = 0; l <= y; l++) {
            const by = qy === undefined ? (l === y ? 1 : 0) : binomial(y, l, qy);
            if (k > outX || l > outY) continue;
            const i = c * block + k * stride + l;
            out[i] = (out[i] as number) + weight * bx * by * m;
          }
        }
      }
  return out;
}
