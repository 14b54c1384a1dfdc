import type { CountTable } from '../types/model';
import { COUNT_TAIL, THINNED_TAIL } from './constants';
import { intervalMultipliers } from './countClock';
import { CountChainRunner, countSupport, restartCounts, type CountRun } from './CountChainRunner';
import type { CountScoreProcess } from './CountScoreProcess';
import { upperQuantile } from './distributions';
import { CLASSES, type Process } from './intensity';
import { scoreCell, scoreCells } from './scoreCell';
import { binomialRows, thinBlock, thinnedSupport, transposed } from './thinning';

/** Node rate / largest node rate (1 when that team's factor is degenerate). */
function keepProbability(node: number, max: number): number {
  return max > 0 ? Math.min(1, node / max) : 1;
}

/** Sums the goals grid onto the count chains' score cells ({@link scoreCell}). */
export function lumpGrid(grid: Float64Array, maxGoals: number, scoreCap: number): Float64Array {
  const w = maxGoals + 1;
  const out = new Float64Array(scoreCells(scoreCap));
  for (let h = 0; h < w; h++) {
    for (let a = 0; a < w; a++) {
      const cell = scoreCell(h, a, scoreCap);
      out[cell] = (out[cell] as number) + (grid[h * w + a] as number);
    }
  }
  return out;
}

export interface CountSectionInput {
  readonly process: Exclude<Process, 'goals'>;
  readonly scoreProcess: CountScoreProcess;
  /** Final goals grid (after Dixon–Coles) and its cap: the calibration weights. */
  readonly grid: Float64Array;
  readonly maxGoals: number;
  readonly targets: readonly [number, number];
  /** Base rates calibrated elsewhere (in-play: at kick-off); solved from the targets when absent. */
  readonly base?: readonly [number, number];
  readonly gameState: boolean;
  /**
   * Per-match factor as a discrete mixture: node q multiplies the home rate by homeNodes[q] and the away rate by
   * awayNodes[q] (each has weighted mean 1, so calibration is unaffected).
   */
  readonly factor: {
    readonly homeNodes: readonly number[];
    readonly awayNodes: readonly number[];
    readonly weights: readonly number[];
  };
}

/**
 * One half's counts, per factor node: `table[(q * slotCount + slot[cell]) * block + x * (maxAway + 1) + y]` = P(that
 * half adds x home and y away events | node q, score cell) — the cell at half-time for the first half, at full time
 * for the second; each (node, slot) block sums to 1. Only cells the chain reaches have a slot of their own; the
 * others share slot 0, the node's overall distribution. The last index of a count means "that many or more".
 */
export interface HalfCounts {
  readonly maxHome: number;
  readonly maxAway: number;
  readonly slotCount: number;
  readonly slot: Int32Array;
  readonly table: Float32Array;
  /** The same blocks summed to one count: home (maxHome + 1 per block), away, and total (maxHome + maxAway + 1). */
  readonly home: Float32Array;
  readonly away: Float32Array;
  readonly total: Float32Array;
}

export interface CountHalves {
  readonly scoreCap: number;
  readonly weights: Float64Array;
  readonly first: HalfCounts;
  readonly second: HalfCounts;
}

/**
 * Each team's base event rate so that the model's mean equals the target: the mean is linear in the base rate
 * (base × E[factor] × Σ_cells P(final cell) · occupation(cell)), so one division solves it.
 */
export function solveCountBase(input: Omit<CountSectionInput, 'factor' | 'base'>): [number, number] {
  const proc = input.scoreProcess;
  const mult = intervalMultipliers(input.process, proc.clock.countIntervals, input.gameState);
  const weights = lumpGrid(input.grid, input.maxGoals, proc.scoreCap);
  const base: [number, number] = [0, 0];
  for (const team of [0, 1] as const) {
    const occ = proc.occupation(mult, team);
    let denom = 0;
    for (let cell = 0; cell < proc.cells; cell++) denom += (weights[cell] as number) * (occ[cell] as number);
    const target = input.targets[team];
    base[team] = target > 0 && denom > 0 ? target / denom : 0;
  }
  return base;
}

export interface CountSection {
  readonly table: CountTable;
  readonly halves: CountHalves;
  /** Per-match base event rates (home, away). */
  readonly base: [number, number];
}

/**
 * Builds one count section (cards or corners): solves each team's base event rate so that the model's mean equals
 * the target (the mean is linear in the base rate: base × E[factor] × Σ_cells P(cell) · occupation(cell)),
 * runs the (score, home count, away count) chain for every factor node, mixes them, and stores the conditional
 * distribution of the counts given the final score cell.
 */
export function buildCountSection(input: CountSectionInput): CountSection {
  const { scoreProcess: proc, factor } = input;
  const mult = intervalMultipliers(input.process, proc.clock.countIntervals, input.gameState);
  const base: [number, number] = input.base ? [input.base[0], input.base[1]] : solveCountBase(input);
  const upperCaps: [number, number] = [0, 0];
  const maxNode = [Math.max(...factor.homeNodes), Math.max(...factor.awayNodes)] as const;
  for (const team of [0, 1] as const) {
    // A conservative cap: every step at the most intense score class and factor node.
    let upper = 0;
    for (let s = 0; s < proc.countOps; s++) {
      let m = 0;
      for (let c = 0; c < CLASSES; c++) m = Math.max(m, mult[(s * CLASSES + c) * 2 + team] as number);
      upper += m;
    }
    upperCaps[team] = base[team] > 0 ? upperQuantile(base[team] * maxNode[team] * upper, COUNT_TAIL) : 0;
  }
  // Exact per-step supports from one-count chains at the most intense node; the last one is the table's cap.
  const bound: CountRun = { mult, base: [base[0] * maxNode[0], base[1] * maxNode[1]] };
  const xs = countSupport(proc, bound, 0, upperCaps[0]);
  const ys = countSupport(proc, bound, 1, upperCaps[1]);
  const caps: [number, number] = [xs[proc.countOps] as number, ys[proc.countOps] as number];
  // One chain at the largest node of each team; every node is that chain binomially thinned (exact, see thinning.ts).
  const runner = new CountChainRunner(proc, caps[0], caps[1]);
  const block = runner.block;
  /**
   * The factor's mixture of the full-time counts, its tails lumped where less than COUNT_TAIL of its mass remains
   * (the cut from the nodes' one-count marginals): each node's block, thinned from the chain's, is lumped at the cut
   * and added with its weight — the mixture is never held at the chain's caps.
   */
  const mixCut = (run: Float64Array): { mass: Float64Array; kx: number; ky: number } => {
    const [hx, hy] = marginals(run, proc.cells, caps[0], caps[1]);
    const plan = planThinning(factor, maxNode, caps[0], caps[1], hx, hy);
    const { nx, ny } = mixtureCut(plan, factor.weights);
    const nstride = ny + 1;
    const nblock = (nx + 1) * nstride;
    const out = new Float64Array(proc.cells * nblock);
    forEachThinned(plan, run, proc.cells, (cell, q, node, nodeStride, offset) => {
      addLumped(
        out,
        cell * nblock,
        nx,
        ny,
        node,
        offset,
        nodeStride,
        plan.outX[q] as number,
        plan.outY[q] as number,
        factor.weights[q] as number,
      );
    });
    return { mass: out, kx: nx, ky: ny };
  };
  const full = new Float64Array(proc.cells * block);
  // The full-time run also keeps the half-time state (the first half's counts by half-time score cell); the second
  // half is run once more from that state with the counts restarted, on the second half's own (smaller) supports.
  const firstHalf = new Float64Array(proc.cells * block);
  // (an in-play run that starts after half-time has no first half: all its counts are the second half's)
  const hasFirstHalf = proc.clock.halfTimeAt > 0;
  runner.runInto(
    bound,
    1,
    full,
    { x: xs, y: ys },
    undefined,
    hasFirstHalf ? { halfTime: firstHalf } : undefined,
  );
  let secondHalf = full;
  let first: HalfCounts;
  if (hasFirstHalf) {
    first = halfCounts(firstHalf, proc.cells, caps, factor, maxNode);
    // the half-time state, counts restarted, is where the second half's run starts (in place: its tables are made)
    restartCounts(firstHalf, proc.cells, block);
    secondHalf = new Float64Array(proc.cells * block);
    const shSupports = {
      x: countSupport(proc, bound, 0, upperCaps[0], true),
      y: countSupport(proc, bound, 1, upperCaps[1], true),
    };
    runner.runInto(bound, 1, secondHalf, shSupports, undefined, { secondHalfFrom: firstHalf });
  } else {
    // every cell's first-half counts are "nothing more": one entry, 1
    for (let cell = 0; cell < proc.cells; cell++) firstHalf[cell * block] = 1;
    first = halfCounts(firstHalf, proc.cells, caps, factor, maxNode);
  }
  const cut = factor.weights.length === 1 ? lumpTails(full, proc.cells, caps[0], caps[1]) : mixCut(full);
  const halves: CountHalves = {
    scoreCap: proc.scoreCap,
    weights: Float64Array.from(factor.weights),
    first,
    second: halfCounts(secondHalf, proc.cells, caps, factor, maxNode),
  };
  return { table: toTable(cut.mass, proc.cells, proc.scoreCap, cut.kx, cut.ky), halves, base };
}

/**
 * How every factor node's counts are derived from the largest node's chain (exact binomial thinning, see thinning.ts):
 * nodes in `order`, each thinned from `parent` (an earlier node whose rates are both at least its own, −1: the chain
 * itself) by the ratio of their rates — a chain of small thinnings, each over the (shrinking) support of the node it
 * starts from, instead of every node from the chain's full block. Node q's counts are computed up to `outX[q]` (home),
 * `outY[q]` (away); `bx[q]` / `byT[q]` are the binomial tables from its parent (`byT` transposed; undefined: that
 * count is not thinned), `hx[q]` / `hy[q]` its one-count marginals over all cells (thinned from the chain's directly).
 */
interface ThinningPlan {
  readonly order: readonly number[];
  readonly parent: Int32Array;
  readonly outX: Int32Array;
  readonly outY: Int32Array;
  readonly bx: readonly (Float64Array | undefined)[];
  readonly byT: readonly (Float64Array | undefined)[];
  readonly hx: readonly Float64Array[];
  readonly hy: readonly Float64Array[];
  /** Extents of the chain's block. */
  readonly kx: number;
  readonly ky: number;
}

/**
 * Each step of a thinning chain drops what would land beyond the node's support; a node's loss is at most the sum
 * over its ancestors, so each step is cut at THINNED_TAIL / (the longest possible chain): every node keeps within
 * THINNED_TAIL of its mass, as when each node was thinned from the chain directly.
 */
const MAX_THINNING_DEPTH = 16;

/** One count's marginal thinned by the `b` table (size n): out[k] = Σ_x marginal[x] · B(x, k), for k ≤ `out`. */
function thinMarginal(
  marginal: Float64Array,
  b: Float64Array | undefined,
  n: number,
  out: number,
): Float64Array {
  const r = new Float64Array(out + 1);
  if (!b) {
    for (let k = 0; k <= out; k++) r[k] = marginal[k] as number;
    return r;
  }
  const w = n + 1;
  for (let x = 0; x <= n; x++) {
    const m = marginal[x] as number;
    if (m === 0) continue;
    const top = Math.min(x, out);
    for (let k = 0; k <= top; k++) r[k] = (r[k] as number) + m * (b[x * w + k] as number);
  }
  return r;
}

/** The {@link ThinningPlan} of the factor's nodes from a chain block of extents kx, ky with marginals mx, my. */
function planThinning(
  factor: CountSectionInput['factor'],
  maxNode: readonly [number, number],
  kx: number,
  ky: number,
  mx: Float64Array,
  my: Float64Array,
): ThinningPlan {
  const nodes = factor.weights.length;
  const qh = factor.homeNodes.map((n) => keepProbability(n, maxNode[0]));
  const qa = factor.awayNodes.map((n) => keepProbability(n, maxNode[1]));
  const order = [...Array(nodes).keys()].sort(
    (a, b) => (qh[b] as number) + (qa[b] as number) - (qh[a] as number) - (qa[a] as number) || a - b,
  );
  const tail = THINNED_TAIL / MAX_THINNING_DEPTH;
  const parent = new Int32Array(nodes);
  const outX = new Int32Array(nodes);
  const outY = new Int32Array(nodes);
  const bx: (Float64Array | undefined)[] = [];
  const byT: (Float64Array | undefined)[] = [];
  const hx: Float64Array[] = [];
  const hy: Float64Array[] = [];
  const rows = new Map<string, Float64Array>();
  const table = (n: number, q: number): Float64Array => {
    const key = `${n}:${q}`;
    let t = rows.get(key);
    if (!t) rows.set(key, (t = binomialRows(n, q)));
    return t;
  };
  const done: number[] = [];
  for (const q of order) {
    const h = qh[q] as number;
    const a = qa[q] as number;
    // the latest node computed whose rates are both at least this one's (its support is the smallest of those)
    let p = -1;
    for (let i = done.length - 1; i >= 0; i--) {
      const c = done[i] as number;
      if ((qh[c] as number) >= h && (qa[c] as number) >= a) {
        p = c;
        break;
      }
    }
    // (a node at the chain's own rates is the chain: thin from that directly)
    if (p >= 0 && qh[p] === 1 && qa[p] === 1) p = -1;
    const ph = p < 0 ? 1 : (qh[p] as number);
    const pa = p < 0 ? 1 : (qa[p] as number);
    const px = p < 0 ? kx : (outX[p] as number);
    const py = p < 0 ? ky : (outY[p] as number);
    // supports and marginals straight from the chain's marginals (one count at a time: cheap)
    const dx = h < 1 ? table(kx, h) : undefined;
    const dy = a < 1 ? table(ky, a) : undefined;
    const ox = h < ph ? Math.min(px, dx ? thinnedSupport(mx, dx, kx, tail) : kx) : px;
    const oy = a < pa ? Math.min(py, dy ? thinnedSupport(my, dy, ky, tail) : ky) : py;
    parent[q] = p;
    outX[q] = ox;
    outY[q] = oy;
    bx[q] = h < ph ? table(px, h / ph) : undefined;
    byT[q] = a < pa ? transposed(table(py, a / pa), py + 1) : undefined;
    hx[q] = thinMarginal(mx, dx, kx, ox);
    hy[q] = thinMarginal(my, dy, ky, oy);
    done.push(q);
  }
  return { order, parent, outX, outY, bx, byT, hx, hy, kx, ky };
}

/**
 * Thins each cell's block of `run` (cells × (kx + 1) × (ky + 1)) to every node of `plan`, cell by cell (the node
 * blocks of one cell stay in cache), and hands each to `visit` (node q's block at offset 0 of `node`, row stride
 * `nodeStride`, valid until the next call; the chain's own block when node q is not thinned). With `only`, just the
 * cells where it is not 0.
 */
function forEachThinned(
  plan: ThinningPlan,
  run: Float64Array,
  cells: number,
  visit: (cell: number, q: number, node: Float64Array, nodeStride: number, offset: number) => void,
  only?: Int32Array,
): void {
  const { kx, ky, order, parent, outX, outY, bx, byT } = plan;
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const nodes = order.length;
  const scratch = new Float64Array(nodes * block);
  const tmp = new Float64Array(block);
  for (let cell = 0; cell < cells; cell++) {
    if (only && only[cell] === 0) continue;
    const base = cell * block;
    for (const q of order) {
      const p = parent[q] as number;
      const tx = bx[q];
      const ty = byT[q];
      if (p < 0 && !tx && !ty) {
        visit(cell, q, run, stride, base);
        continue;
      }
      const src = p < 0 ? run : scratch;
      const s0 = p < 0 ? base : p * block;
      const sx = p < 0 ? kx : (outX[p] as number);
      const sy = p < 0 ? ky : (outY[p] as number);
      const oy = outY[q] as number;
      thinBlock(
        src,
        s0,
        sy + 1,
        sx,
        sy,
        tx,
        sx + 1,
        ty,
        sy + 1,
        scratch,
        q * block,
        oy + 1,
        outX[q] as number,
        oy,
        1,
        false,
        tmp,
      );
      visit(cell, q, scratch, oy + 1, q * block);
    }
  }
}

/** A half's block is cut where less than this of the largest node's mass remains (before thinning to the nodes). */
const HALF_SUPPORT_TAIL = 1e-9;
/** A cell holding less than this share of a half's mass gets no slot of its own (it uses the overall table). */
const HALF_CELL_MIN = 1e-9;

/** The first index beyond which less than COUNT_TAIL × total of a marginal remains (everything beyond is lumped). */
function tailCap(marginal: Float64Array, k: number, total: number, tail = COUNT_TAIL): number {
  let t = 0;
  for (let i = k; i > 0; i--) {
    t += marginal[i] as number;
    if (t >= tail * total) return i;
  }
  return 0;
}

/**
 * Where the mixture of a plan's nodes is cut (the first index beyond which less than COUNT_TAIL of its mass remains,
 * for each count), from the nodes' one-count marginals; also the mixture's total mass.
 */
function mixtureCut(
  plan: ThinningPlan,
  weights: readonly number[],
): { nx: number; ny: number; total: number } {
  const hx = new Float64Array(plan.kx + 1);
  const hy = new Float64Array(plan.ky + 1);
  let total = 0;
  for (let q = 0; q < weights.length; q++) {
    const w = weights[q] as number;
    const nodeX = plan.hx[q] as Float64Array;
    const nodeY = plan.hy[q] as Float64Array;
    for (let x = 0; x < nodeX.length; x++) {
      hx[x] = (hx[x] as number) + w * (nodeX[x] as number);
      total += w * (nodeX[x] as number);
    }
    for (let y = 0; y < nodeY.length; y++) hy[y] = (hy[y] as number) + w * (nodeY[y] as number);
  }
  return { nx: tailCap(hx, plan.kx, total), ny: tailCap(hy, plan.ky, total), total };
}

/**
 * `out[o + min(x, nx) * (ny + 1) + min(y, ny)]` += w × `node[offset + x * nodeStride + y]` for x ≤ ox, y ≤ oy: one
 * block lumped at the cut ("that many or more").
 */
function addLumped(
  out: Float64Array,
  o: number,
  nx: number,
  ny: number,
  node: Float64Array,
  offset: number,
  nodeStride: number,
  ox: number,
  oy: number,
  w: number,
): void {
  const nstride = ny + 1;
  const ye = Math.min(oy, ny - 1);
  for (let x = 0; x <= ox; x++) {
    const s = offset + x * nodeStride;
    const r = o + Math.min(x, nx) * nstride;
    for (let y = 0; y <= ye; y++) out[r + y] = (out[r + y] as number) + w * (node[s + y] as number);
    if (oy >= ny) {
      let t = 0;
      for (let y = ny; y <= oy; y++) t += node[s + y] as number;
      out[r + ny] = (out[r + ny] as number) + w * t;
    }
  }
}

/**
 * One half's per-node conditional tables from the largest node's run of that half: thinned to each node, the tails
 * lumped where less than COUNT_TAIL of the mixture's mass remains (a node's own tail beyond moves no price by more
 * than that), each (node, slot) block normalised.
 */
function halfCounts(
  maxRun: Float64Array,
  cells: number,
  chainCaps: readonly [number, number],
  factor: CountSectionInput['factor'],
  maxNode: readonly [number, number],
): HalfCounts {
  // The half's counts need far less room than the chain's full-time caps: cut the block to where the largest node's
  // mass is (the last index lumped), then thin that smaller block to each node.
  const support = lumpTails(maxRun, cells, chainCaps[0], chainCaps[1], HALF_SUPPORT_TAIL);
  const kx = support.kx;
  const ky = support.ky;
  const run = support.mass;
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const weights = factor.weights;
  const nodes = weights.length;
  const [mx, my] = marginals(run, cells, kx, ky);
  const plan = planThinning(factor, maxNode, kx, ky, mx, my);
  // The mixture's one-count marginals (each node's thinned from the chain's: the 2-d blocks' marginals, up to the
  // tails the nodes drop) decide the cut; a cell's mass (thinning keeps it) decides whether it gets a slot.
  const { nx, ny, total } = mixtureCut(plan, weights);
  const nstride = ny + 1;
  const nblock = (nx + 1) * nstride;
  const slot = new Int32Array(cells);
  let slotCount = 1;
  for (let cell = 0; cell < cells; cell++) {
    let m = 0;
    for (let i = 0; i < block; i++) m += run[cell * block + i] as number;
    if (m >= HALF_CELL_MIN * total) slot[cell] = slotCount++;
  }
  const table = new Float32Array(nodes * slotCount * nblock);
  const lumped = new Float64Array(nblock);
  // Each node's block of a cell with a slot, lumped at the cut, normalised into the slot; a cell without one costs
  // nothing. The node's overall distribution (slot 0) is the thinning of all cells' blocks summed (thinning is linear).
  forEachThinned(
    plan,
    run,
    cells,
    (cell, q, node, nodeStride, offset) => {
      lumped.fill(0);
      addLumped(
        lumped,
        0,
        nx,
        ny,
        node,
        offset,
        nodeStride,
        plan.outX[q] as number,
        plan.outY[q] as number,
        1,
      );
      normaliseInto(table, (q * slotCount + (slot[cell] as number)) * nblock, lumped);
    },
    slot,
  );
  const all = new Float64Array(block);
  for (let cell = 0; cell < cells; cell++)
    for (let i = 0; i < block; i++) all[i] = (all[i] as number) + (run[cell * block + i] as number);
  forEachThinned(plan, all, 1, (_cell, q, node, nodeStride, offset) => {
    lumped.fill(0);
    addLumped(lumped, 0, nx, ny, node, offset, nodeStride, plan.outX[q] as number, plan.outY[q] as number, 1);
    normaliseInto(table, q * slotCount * nblock, lumped);
  });
  return halfCountsOf(nx, ny, slotCount, slot, table);
}

/**
 * A half's counts: the table as built or decoded, its one-count marginals derived on first use (a model read from the
 * shared cache is decoded on every container that prices it, and most bets never read a half's marginals).
 */
export function halfCountsOf(
  maxHome: number,
  maxAway: number,
  slotCount: number,
  slot: Int32Array,
  table: Float32Array,
): HalfCounts {
  return new LazyHalfCounts(maxHome, maxAway, slotCount, slot, table);
}

class LazyHalfCounts implements HalfCounts {
  private derived: { home: Float32Array; away: Float32Array; total: Float32Array } | undefined;

  constructor(
    readonly maxHome: number,
    readonly maxAway: number,
    readonly slotCount: number,
    readonly slot: Int32Array,
    readonly table: Float32Array,
  ) {}

  get home(): Float32Array {
    return (this.derived ??= halfMarginals(this.table, this.maxHome, this.maxAway)).home;
  }

  get away(): Float32Array {
    return (this.derived ??= halfMarginals(this.table, this.maxHome, this.maxAway)).away;
  }

  get total(): Float32Array {
    return (this.derived ??= halfMarginals(this.table, this.maxHome, this.maxAway)).total;
  }
}

/** The one-count marginals of every block of a half's table. */
export function halfMarginals(
  table: Float32Array,
  kx: number,
  ky: number,
): { home: Float32Array; away: Float32Array; total: Float32Array } {
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const blocks = table.length / block;
  const home = new Float32Array(blocks * (kx + 1));
  const away = new Float32Array(blocks * stride);
  const total = new Float32Array(blocks * (kx + ky + 1));
  const h = new Float64Array(kx + 1);
  const a = new Float64Array(stride);
  const t = new Float64Array(kx + ky + 1);
  for (let b = 0; b < blocks; b++) {
    h.fill(0);
    a.fill(0);
    t.fill(0);
    for (let x = 0; x <= kx; x++)
      for (let y = 0; y <= ky; y++) {
        const v = table[b * block + x * stride + y] as number;
        h[x] = (h[x] as number) + v;
        a[y] = (a[y] as number) + v;
        t[x + y] = (t[x + y] as number) + v;
      }
    home.set(h, b * (kx + 1));
    away.set(a, b * stride);
    total.set(t, b * (kx + ky + 1));
  }
  return { home, away, total };
}

function normaliseInto(out: Float32Array, offset: number, mass: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < mass.length; i++) sum += mass[i] as number;
  const scale = 1 / sum;
  for (let i = 0; i < mass.length; i++) out[offset + i] = (mass[i] as number) * scale;
}

/** Each count's distribution over all cells (home, away) of a cells × (kx + 1) × (ky + 1) mass. */
function marginals(mass: Float64Array, cells: number, kx: number, ky: number): [Float64Array, Float64Array] {
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const hx = new Float64Array(kx + 1);
  const hy = new Float64Array(ky + 1);
  for (let cell = 0; cell < cells; cell++)
    for (let x = 0; x <= kx; x++)
      for (let y = 0; y <= ky; y++) {
        const m = mass[cell * block + x * stride + y] as number;
        hx[x] = (hx[x] as number) + m;
        hy[y] = (hy[y] as number) + m;
      }
  return [hx, hy];
}

/**
 * The chain's caps are those of its most intense factor node; the mixture needs less. Lumps each count's tail beyond
 * the first index where less than COUNT_TAIL of the mixture's mass remains into that index ("that many or more").
 */
function lumpTails(
  mass: Float64Array,
  cells: number,
  kx: number,
  ky: number,
  tail = COUNT_TAIL,
): { mass: Float64Array; kx: number; ky: number } {
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const [hx, hy] = marginals(mass, cells, kx, ky);
  let total = 0;
  for (let x = 0; x <= kx; x++) total += hx[x] as number;
  const nx = tailCap(hx, kx, total, tail);
  const ny = tailCap(hy, ky, total, tail);
  if (nx === kx && ny === ky) return { mass, kx, ky };
  const nstride = ny + 1;
  const nblock = (nx + 1) * nstride;
  const out = new Float64Array(cells * nblock);
  for (let cell = 0; cell < cells; cell++)
    for (let x = 0; x <= kx; x++)
      for (let y = 0; y <= ky; y++) {
        const i = cell * nblock + Math.min(x, nx) * nstride + Math.min(y, ny);
        out[i] = (out[i] as number) + (mass[cell * block + x * stride + y] as number);
      }
  return { mass: out, kx: nx, ky: ny };
}

/** Normalises each cell's block to a conditional distribution (Float32) and derives the marginals from it. */
function toTable(mass: Float64Array, cells: number, scoreCap: number, kx: number, ky: number): CountTable {
  const stride = ky + 1;
  const block = (kx + 1) * stride;
  const joint = new Float32Array(cells * block);
  const norm = new Float64Array(cells);
  const home = new Float64Array(cells * (kx + 1));
  const away = new Float64Array(cells * stride);
  const total = new Float64Array(cells * (kx + ky + 1));
  // Unconditional distribution, the fallback for a score cell the chain never reaches (computed only if needed).
  let overall: Float64Array | undefined;
  let overallSum = 0;
  for (let cell = 0; cell < cells; cell++) {
    const o = cell * block;
    let sum = 0;
    for (let i = 0; i < block; i++) sum += mass[o + i] as number;
    let src = mass;
    let off = o;
    let scale = 1 / sum;
    if (!(sum > 0)) {
      if (!overall) {
        overall = new Float64Array(block);
        for (let c = 0; c < cells; c++)
          for (let i = 0; i < block; i++)
            overall[i] = (overall[i] as number) + (mass[c * block + i] as number);
        for (let i = 0; i < block; i++) overallSum += overall[i] as number;
      }
      src = overall;
      off = 0;
      scale = 1 / overallSum;
    }
    let n = 0;
    const ho = cell * (kx + 1);
    const ao = cell * stride;
    const to = cell * (kx + ky + 1);
    for (let x = 0; x <= kx; x++) {
      const r = x * stride;
      let rowSum = 0;
      for (let y = 0; y <= ky; y++) {
        joint[o + r + y] = (src[off + r + y] as number) * scale;
        const v = joint[o + r + y] as number;
        rowSum += v;
        away[ao + y] = (away[ao + y] as number) + v;
        total[to + x + y] = (total[to + x + y] as number) + v;
      }
      home[ho + x] = rowSum;
      n += rowSum;
    }
    norm[cell] = n;
  }
  return { scoreCap, maxHome: kx, maxAway: ky, joint, norm, home, away, total };
}
