import { gammaQuadrature, poissonPmfInto, upperQuantile } from '../../src/model/distributions';
import { poissonPmf } from './fixtures';

describe('distributions', () => {
  it.each([
    [0.09, 2],
    [0.09, 3],
    [0.3, 4],
  ])(
    'builds a Gauss quadrature of Gamma(mean 1, variance %p) with %p nodes matching moments 0..2n-1',
    (variance, n) => {
      // Prepare
      const shape = 1 / variance;
      const gammaMoment = (m: number) => {
        let e = 1;
        for (let i = 0; i < m; i++) e *= (shape + i) / shape;
        return e;
      };
      // Act
      const q = gammaQuadrature(variance, n);
      // Assess
      expect(q.nodes).toHaveLength(n);
      for (let m = 0; m < 2 * n; m++) {
        const moment = q.nodes.reduce((s, x, i) => s + (q.weights[i] as number) * x ** m, 0);
        expect(moment).toBeCloseTo(gammaMoment(m), 8);
      }
    },
  );

  it('fills a Poisson pmf that sums to 1 and stops where the tail is negligible', () => {
    const out = new Float64Array(64);
    const last = poissonPmfInto(0.7, 1e-12, out, 0, 64);
    expect(out.slice(0, last + 1).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 14);
    expect(out[2]).toBeCloseTo(poissonPmf(0.7, 2), 14);
    expect(last).toBe(upperQuantile(0.7, 1e-12));
    expect(1 - out.slice(0, last).reduce((s, p) => s + p, 0)).toBeGreaterThanOrEqual(1e-12);
  });
});
