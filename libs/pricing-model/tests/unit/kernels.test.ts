import fc from 'fast-check';
import { awayKernel, gatherMoves, homeKernel, MAX_J, PAD } from '../../src/model/CountChainRunner';
import { addThinned, binomialRows, thinBlock, transposed } from '../../src/model/thinning';
import { scatterAway, scatterHome, scatterMoves, scatterThinned } from '../reference/scatterKernels';
import { assertProperty } from './fixtures';
import { KERNEL_ROUNDING } from './tolerances';

/** A random count block shape with its supports: counts 0..kx × 0..ky, mass only in rows ≤ xlo and entries ≤ ylo. */
const shape = fc
  .record({ kx: fc.integer({ min: 0, max: 9 }), ky: fc.integer({ min: 0, max: 9 }) })
  .chain(({ kx, ky }) =>
    fc.record({
      kx: fc.constant(kx),
      ky: fc.constant(ky),
      xlo: fc.integer({ min: 0, max: kx }),
      ylo: fc.integer({ min: 0, max: ky }),
      xUp: fc.integer({ min: 0, max: kx }),
      yUp: fc.integer({ min: 0, max: ky }),
    }),
  )
  .map((s) => ({ ...s, xhi: Math.max(s.xlo, s.xUp), yhi: Math.max(s.ylo, s.yUp) }));

const unit = fc.double({ min: 0, max: 1, noNaN: true });
/** A pmf of 1..12 entries (normalised), as the chain's per-step increments are. */
const pmfArb = fc
  .array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 })
  .map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / s);
  });

/** A block of probabilities (total mass 1, as a score cell's block of the chain holds at most). */
function blockOf(kx: number, ky: number, xlo: number, ylo: number, values: number[]): Float64Array {
  const stride = ky + 1;
  const b = new Float64Array((kx + 1) * stride);
  let sum = 0;
  for (let x = 0; x <= xlo; x++)
    for (let y = 0; y <= ylo; y++)
      sum += b[x * stride + y] = values[(x * stride + y) % values.length] as number;
  if (sum > 0) for (let i = 0; i < b.length; i++) b[i] = (b[i] as number) / sum;
  return b;
}

/** pmf and suffix sums laid out as the chain stores them (offset 0, MAX_J entries). */
function tables(pmf: number[]): { p: Float64Array; t: Float64Array } {
  const p = new Float64Array(MAX_J);
  const t = new Float64Array(MAX_J);
  pmf.forEach((v, j) => (p[j] = v));
  let s = 0;
  for (let j = pmf.length - 1; j >= 0; j--) t[j] = s += pmf[j] as number;
  return { p, t };
}

/** Whether every entry agrees within the rounding of two summation orders of at most `terms` terms (mass ≤ 1). */
function agree(a: Float64Array, b: Float64Array, terms: number): boolean {
  const bound = 2 * Math.max(1, terms) * KERNEL_ROUNDING;
  for (let i = 0; i < a.length; i++)
    if (!(Math.abs((a[i] as number) - (b[i] as number)) <= bound)) return false;
  return true;
}

describe('the unrolled count kernels against naive scatter-form kernels', () => {
  it('homeKernel equals scatterHome on random blocks', () => {
    assertProperty(
      fc.property(shape, pmfArb, fc.array(unit, { minLength: 1, maxLength: 100 }), (s, pmf, values) => {
        // Prepare
        const block = blockOf(s.kx, s.ky, s.xlo, s.ylo, values);
        const { p, t } = tables(pmf);
        const expected = scatterHome(block, s.kx, s.ky, s.xlo, s.xhi, s.ylo, pmf);
        // Act
        homeKernel(block, 0, s.ky + 1, s.kx, s.xlo, s.xhi, s.ylo, p, t, 0, pmf.length - 1);
        // Assess
        return agree(block, expected, pmf.length);
      }),
      { numRuns: 300 },
    );
  });

  it('awayKernel equals scatterAway on random blocks', () => {
    assertProperty(
      fc.property(shape, pmfArb, fc.array(unit, { minLength: 1, maxLength: 100 }), (s, pmf, values) => {
        const block = blockOf(s.kx, s.ky, s.xhi, s.ylo, values);
        const { p, t } = tables(pmf);
        const expected = scatterAway(block, s.ky, s.ylo, s.yhi, s.xhi, pmf);
        awayKernel(
          block,
          0,
          s.ky + 1,
          s.ky,
          s.ylo,
          s.yhi,
          s.xhi,
          p,
          t,
          0,
          pmf.length - 1,
          new Float64Array(PAD + s.ky + 1),
        );
        return agree(block, expected, pmf.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gatherMoves equals scatterMoves for random sparse goal moves', () => {
    const moveArb = fc.array(
      fc.record({ from: fc.integer({ min: 0, max: 5 }), to: fc.integer({ min: 0, max: 5 }), p: unit }),
      { maxLength: 40 },
    );
    assertProperty(
      fc.property(shape, moveArb, fc.array(unit, { minLength: 1, maxLength: 100 }), (s, raw, values) => {
        // Prepare: 6 cells; each target's sources merged as CountScoreProcess does (one entry per source)
        const cells = 6;
        const stride = s.ky + 1;
        const block = (s.kx + 1) * stride;
        const src = new Float64Array(cells * block);
        for (let c = 0; c < cells; c++)
          src.set(
            blockOf(
              s.kx,
              s.ky,
              s.xhi,
              s.yhi,
              values.map((v) => v * (c + 1)),
            ),
            c * block,
          );
        const merged = new Map<string, { from: number; to: number; p: number }>();
        for (const m of raw) {
          const key = `${m.to}:${m.from}`;
          const e = merged.get(key);
          if (e) e.p += m.p;
          else merged.set(key, { ...m });
        }
        const moves = [...merged.values()].sort((a, b) => a.to - b.to || a.from - b.from);
        const inStart = new Int32Array(cells + 1);
        for (let t = 0; t < cells; t++)
          inStart[t + 1] = (inStart[t] as number) + moves.filter((m) => m.to === t).length;
        const inSrc = Int32Array.from(moves.map((m) => m.from));
        const inP = Float64Array.from(moves.map((m) => m.p));
        const dst = new Float64Array(cells * block);
        // Act
        for (let t = 0; t < cells; t++)
          gatherMoves(
            dst,
            t * block,
            src,
            block,
            inSrc,
            inP,
            inStart[t] as number,
            inStart[t + 1] as number,
            s.xhi,
            stride,
            s.yhi + 1,
          );
        // Assess
        return agree(dst, scatterMoves(src, cells, block, moves), moves.length);
      }),
      { numRuns: 300 },
    );
  });

  it('addThinned equals scatterThinned for random keep probabilities and output bounds', () => {
    const keep = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined });
    assertProperty(
      fc.property(
        shape,
        keep,
        keep,
        unit,
        fc.array(unit, { minLength: 1, maxLength: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s, qx, qy, w, values, cut) => {
          // output bounds only on a thinned axis (as the count tables use them)
          const outX = qx === undefined ? s.kx : Math.floor(cut * s.kx);
          const outY = qy === undefined ? s.ky : Math.floor((1 - cut) * s.ky);
          const cells = 2;
          const block = (s.kx + 1) * (s.ky + 1);
          const src = new Float64Array(cells * block);
          for (let c = 0; c < cells; c++)
            src.set(
              blockOf(
                s.kx,
                s.ky,
                s.kx,
                s.ky,
                values.map((v) => v / (c + 1)),
              ),
              c * block,
            );
          const dst = new Float64Array(cells * block);
          const bx = qx === undefined ? undefined : binomialRows(s.kx, qx);
          const by = qy === undefined ? undefined : binomialRows(s.ky, qy);
          addThinned(src, dst, cells, s.kx, s.ky, bx, by, w, new Float64Array(block), outX, outY);
          return agree(dst, scatterThinned(src, cells, s.kx, s.ky, qx, qy, w, outX, outY), block);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('thinBlock between blocks of other strides, chained, equals one scatterThinned by the product', () => {
    assertProperty(
      fc.property(
        shape,
        unit,
        unit,
        unit,
        unit,
        fc.array(unit, { minLength: 1, maxLength: 100 }),
        (s, qx1, qy1, qx2, qy2, values) => {
          // Prepare: a compact source block (stride ky + 1) thinned into a wider scratch (stride ky + 3), then from
          // there into a compact output, as the count tables chain factor nodes
          const src = blockOf(s.kx, s.ky, s.kx, s.ky, values);
          const wide = s.ky + 3;
          const mid = new Float64Array((s.kx + 1) * wide).fill(7); // (garbage beyond the written entries)
          const tmp = new Float64Array((s.kx + 1) * (s.ky + 1));
          const w = s.ky + 1;
          const table = (n: number, q: number) => binomialRows(n, q);
          // Act
          thinBlock(
            src,
            0,
            w,
            s.kx,
            s.ky,
            table(s.kx, qx1),
            s.kx + 1,
            transposed(table(s.ky, qy1), w),
            w,
            mid,
            0,
            wide,
            s.kx,
            s.ky,
            1,
            false,
            tmp,
          );
          const out = new Float64Array((s.kx + 1) * w);
          thinBlock(
            mid,
            0,
            wide,
            s.kx,
            s.ky,
            table(s.kx, qx2),
            s.kx + 1,
            transposed(table(s.ky, qy2), w),
            w,
            out,
            0,
            w,
            s.kx,
            s.ky,
            0.5,
            true,
            tmp,
          );
          // Assess
          const expected = scatterThinned(src, 1, s.kx, s.ky, qx1 * qx2, qy1 * qy2, 0.5);
          return agree(out, expected, 4 * (s.kx + 1) * (s.ky + 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
