/** Small, allocation-light probability helpers used while building a model. */

/**
 * Fills `out[0..]` with the Poisson(mu) pmf up to the first index whose remaining tail is below `tail`;
 * the remainder is folded into the last entry so the pmf sums to 1. Returns the last index used.
 */
export function poissonPmfInto(
  mu: number,
  tail: number,
  out: Float64Array,
  offset: number,
  maxLen: number,
): number {
  let p = Math.exp(-mu);
  let cum = p;
  out[offset] = p;
  let j = 0;
  while (1 - cum > tail && j + 1 < maxLen) {
    j++;
    p *= mu / j;
    out[offset + j] = p;
    cum += p;
  }
  out[offset + j] = (out[offset + j] as number) + Math.max(0, 1 - cum);
  return j;
}

/** Smallest k with P(X > k) < tail for X ~ Poisson(mu). */
export function upperQuantile(mu: number, tail: number): number {
  const maxLen = 4096;
  return poissonPmfInto(mu, tail, new Float64Array(maxLen), 0, maxLen);
}

/**
 * Gauss quadrature for a gamma-distributed factor with mean 1 and the given variance: `points` nodes and weights
 * that reproduce the first 2·points − 1 moments exactly (Golub–Welsch on the generalised Laguerre recurrence,
 * roots found by bisection, weights as Christoffel numbers).
 */
export function gammaQuadrature(variance: number, points: number): { nodes: number[]; weights: number[] } {
  if (variance <= 0 || points <= 1) return { nodes: [1], weights: [1] };
  const shape = 1 / variance;
  const alpha = shape - 1;
  // Orthonormal polynomials for x^alpha e^-x: x p_n = b_{n+1} p_{n+1} + a_n p_n + b_n p_{n-1}
  const a = (n: number) => 2 * n + alpha + 1;
  const b = (n: number) => Math.sqrt(n * (n + alpha));
  const evalAll = (x: number): number[] => {
    const p = [1];
    let prev = 0;
    let cur = 1;
    for (let n = 0; n < points; n++) {
      const next = ((x - a(n)) * cur - (n > 0 ? b(n) * prev : 0)) / b(n + 1);
      p.push(next);
      prev = cur;
      cur = next;
    }
    return p;
  };
  const top = (x: number) => evalAll(x)[points] as number;
  const hi = shape + 12 * Math.sqrt(shape) + 20;
  const grid = 4000;
  const nodes: number[] = [];
  let x0 = 0;
  let f0 = top(x0);
  for (let i = 1; i <= grid && nodes.length < points; i++) {
    const x1 = (hi * i) / grid;
    const f1 = top(x1);
    if (f0 === 0) nodes.push(x0);
    else if (f0 * f1 < 0) {
      let lo = x0;
      let up = x1;
      let flo = f0;
      for (let it = 0; it < 200; it++) {
        const mid = (lo + up) / 2;
        const fm = top(mid);
        if (flo * fm <= 0) up = mid;
        else {
          lo = mid;
          flo = fm;
        }
      }
      nodes.push((lo + up) / 2);
    }
    x0 = x1;
    f0 = f1;
  }
  const weights = nodes.map((x) => {
    const p = evalAll(x);
    let s = 0;
    for (let n = 0; n < points; n++) s += (p[n] as number) ** 2;
    return 1 / s;
  });
  const total = weights.reduce((s, w) => s + w, 0);
  return { nodes: nodes.map((x) => x / shape), weights: weights.map((w) => w / total) };
}
