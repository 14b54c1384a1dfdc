/**
 * Generalised Gauss–Laguerre quadrature for a gamma factor with mean 1 and a given variance, by Golub–Welsch: the
 * nodes are the eigenvalues of the Jacobi matrix of the Laguerre polynomials L_n^(α) (α = shape − 1), the weights the
 * squared first components of its normalised eigenvectors. The eigen-problem is solved by the textbook implicit QL
 * iteration (Numerical Recipes' `tqli`), tracking only the first row of the eigenvector matrix. Written for the
 * reference model; it shares no code with the library's own quadrature (which finds roots by bisection).
 */
export function gaussGamma(variance: number, points: number): { nodes: number[]; weights: number[] } {
  const shape = 1 / variance;
  const alpha = shape - 1;
  const d = Array.from({ length: points }, (_, n) => 2 * n + alpha + 1);
  // e[i] couples i and i + 1
  const e = Array.from({ length: points }, (_, n) =>
    n + 1 < points ? Math.sqrt((n + 1) * (n + 1 + alpha)) : 0,
  );
  const z: number[] = Array.from({ length: points }, (_, i) => (i === 0 ? 1 : 0));
  for (let l = 0; l < points; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < points - 1; m++) {
        const dd = Math.abs(d[m] as number) + Math.abs(d[m + 1] as number);
        if (Math.abs(e[m] as number) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter > 200) throw new Error('gaussGamma: QL iteration did not converge');
      let g = ((d[l + 1] as number) - (d[l] as number)) / (2 * (e[l] as number));
      let r = Math.hypot(g, 1);
      g = (d[m] as number) - (d[l] as number) + (e[l] as number) / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s * (e[i] as number);
        const b = c * (e[i] as number);
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = (d[i + 1] as number) - p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = (d[i + 1] as number) - p;
        r = ((d[i] as number) - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        f = z[i + 1] as number;
        z[i + 1] = s * (z[i] as number) + c * f;
        z[i] = c * (z[i] as number) - s * f;
      }
      if (r === 0 && i >= l) continue;
      d[l] = (d[l] as number) - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const nodes = d.map((x) => x / shape);
  const raw = z.map((v) => v * v);
  const total = raw.reduce((s, w) => s + w, 0);
  return { nodes, weights: raw.map((w) => w / total) };
}
