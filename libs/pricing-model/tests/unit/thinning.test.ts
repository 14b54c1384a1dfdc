import { CountChainRunner, countSupport, type CountRun } from '../../src/model/CountChainRunner';
import { CountScoreProcess } from '../../src/model/CountScoreProcess';
import { intervalMultipliers } from '../../src/model/countClock';
import { addThinned, binomialRows } from '../../src/model/thinning';

function poisson(mu: number, n: number): Float64Array {
  const out = new Float64Array(n + 1);
  let p = Math.exp(-mu);
  for (let k = 0; k <= n; k++) {
    out[k] = p;
    p *= mu / (k + 1);
  }
  return out;
}

describe('binomial thinning', () => {
  it('has binomial rows that sum to 1', () => {
    const n = 40;
    const b = binomialRows(n, 0.37);
    for (const x of [0, 1, 7, 40]) {
      let s = 0;
      for (let k = 0; k <= x; k++) s += b[x * (n + 1) + k] as number;
      expect(s).toBeCloseTo(1, 14);
    }
  });

  it('turns Poisson(λ) counts into Poisson(qλ) counts on either axis', () => {
    const n = 60;
    const src = poisson(6, n); // one cell, one team's count (the other axis has one entry)
    const home = new Float64Array(n + 1);
    addThinned(src, home, 1, n, 0, binomialRows(n, 0.7), undefined, 1, new Float64Array(n + 1));
    const away = new Float64Array(n + 1);
    addThinned(src, away, 1, 0, n, undefined, binomialRows(n, 0.7), 1, new Float64Array(n + 1));
    const expected = poisson(4.2, n);
    for (let k = 0; k <= 30; k++) {
      expect(Math.abs((home[k] as number) - (expected[k] as number))).toBeLessThan(1e-15);
      expect(Math.abs((away[k] as number) - (expected[k] as number))).toBeLessThan(1e-15);
    }
  });

  it('of the count chain at the largest factor node equals the chain run at a smaller node', () => {
    // Cards-like and corners-like rates with game-state effects: the counts depend on the score path.
    const proc = new CountScoreProcess(6, [1.5, 1.1], true);
    for (const process of ['cards', 'corners'] as const) {
      const mult = intervalMultipliers(process, proc.clock.countIntervals, true);
      const base: [number, number] = process === 'cards' ? [1.6, 1.8] : [5.8, 4.5];
      const hi: CountRun = { mult, base: [base[0] * 1.3, base[1] * 1.2] };
      const lo: CountRun = { mult, base: [base[0] * 0.8, base[1] * 0.9] };
      const xs = countSupport(proc, hi, 0, 60);
      const ys = countSupport(proc, hi, 1, 60);
      const kx = xs[proc.countOps] as number;
      const ky = ys[proc.countOps] as number;
      const runner = new CountChainRunner(proc, kx, ky);
      const full = new Float64Array(proc.cells * runner.block);
      runner.runInto(hi, 1, full, { x: xs, y: ys });
      const thinned = new Float64Array(full.length);
      const tmp = new Float64Array(runner.block);
      addThinned(
        full,
        thinned,
        proc.cells,
        kx,
        ky,
        binomialRows(kx, 0.8 / 1.3),
        binomialRows(ky, 0.9 / 1.2),
        1,
        tmp,
      );
      const direct = new Float64Array(full.length);
      runner.runInto(lo, 1, direct, { x: xs, y: ys });
      let worst = 0;
      let total = 0;
      for (let i = 0; i < full.length; i++) {
        worst = Math.max(worst, Math.abs((thinned[i] as number) - (direct[i] as number)));
        total += thinned[i] as number;
      }
      // Equal up to the chains' own truncations (per-step increment tail 1e-7, count supports 1e-8).
      expect(worst).toBeLessThan(1e-7);
      // (about 1e-5 of mass is in goal moves below 1e-6, which the chain drops; the tables renormalise per cell)
      expect(total).toBeCloseTo(1, 4);
    }
  });
});
