import { GOAL_CALIBRATION_TOLERANCE, GOAL_LOOSE_PRUNE, GOAL_LOOSE_UNTIL, GOAL_TAIL } from './constants';
import { upperQuantile } from './distributions';
import { GoalChainRunner } from './GoalChainRunner';

const MIN_GOAL_CAP = 10; // correct scores go to 9; index 10 is "10 or more"
const MAX_GOAL_CAP = 40;
const CALIBRATION_MAX_ITERATIONS = 60;

export interface GoalSolution {
  /** Last index of each team's goals (lumped "or more"). */
  readonly maxGoals: number;
  /** P(h, a) at index h * (maxGoals + 1) + a, after the Dixon–Coles adjustment. */
  readonly grid: Float64Array;
  /** Calibrated per-match base rates (home, away). */
  readonly base: [number, number];
  readonly iterations: number;
}

/** Team goal means of a grid (lumped last index counted as its index; its mass is below GOAL_TAIL). */
export function gridMeans(grid: Float64Array, maxGoals: number): [number, number] {
  const w = maxGoals + 1;
  let mh = 0;
  let ma = 0;
  for (let h = 0; h < w; h++) {
    for (let a = 0; a < w; a++) {
      const p = grid[h * w + a] as number;
      mh += h * p;
      ma += a * p;
    }
  }
  return [mh, ma];
}

/**
 * Dixon–Coles low-score adjustment in additive form: with δ = ρ·λ·μ·P(0,0), P(0,0) −= δ, P(1,0) += δ, P(0,1) += δ,
 * P(1,1) −= δ. For an independent-Poisson grid this is exactly Dixon & Coles' τ factors (τ00 = 1 − λμρ,
 * τ10 = 1 + μρ, τ01 = 1 + λρ, τ11 = 1 − ρ); for any grid it keeps the total mass, both team means and every
 * total-goals line of 2.5 and above unchanged. δ is clamped so no cell goes negative.
 */
export function applyDixonColes(
  grid: Float64Array,
  maxGoals: number,
  rho: number,
  lambda: number,
  mu: number,
): void {
  if (rho === 0) return;
  const w = maxGoals + 1;
  const p00 = grid[0] as number;
  const p01 = grid[1] as number;
  const p10 = grid[w] as number;
  const p11 = grid[w + 1] as number;
  let delta = rho * lambda * mu * p00;
  delta = Math.min(delta, p00, p11);
  delta = Math.max(delta, -p10, -p01);
  grid[0] = p00 - delta;
  grid[1] = p01 + delta;
  grid[w] = p10 + delta;
  grid[w + 1] = p11 - delta;
}

/** Smallest goal cap whose lumped tail is below GOAL_TAIL for a team expected to score `goals`. */
export function goalCap(goals: number, gameState: boolean): number {
  // The trailing-team boost can lift a team's realised rate above its mean; 1.3 bounds it comfortably.
  const q = upperQuantile(goals * (gameState ? 1.3 : 1), GOAL_TAIL) + 1;
  return Math.min(MAX_GOAL_CAP, Math.max(MIN_GOAL_CAP, q));
}

/**
 * Solves the base goal rates so that each team's expected goals equal the targets (multiplicative fixed point,
 * accelerated by a secant step per team), then applies Dixon–Coles (which leaves the means unchanged).
 * With gameState off the chain is a homogeneous Poisson process and the first iterate is already exact.
 */
export function solveGoals(
  targetHome: number,
  targetAway: number,
  gameState: boolean,
  rho: number,
): GoalSolution {
  const maxGoals = goalCap(Math.max(targetHome, targetAway), gameState);
  if (!gameState) {
    // Constant intensities: the chain is two independent Poisson processes, so use the closed form.
    const grid = poissonGrid(targetHome, targetAway, maxGoals);
    applyDixonColes(grid, maxGoals, rho, targetHome, targetAway);
    return { maxGoals, grid, base: [targetHome, targetAway], iterations: 0 };
  }
  const runner = new GoalChainRunner(maxGoals, gameState);
  let bh = targetHome;
  let ba = targetAway;
  // Iterates far from the solution use the loosely pruned chain; convergence is only accepted on an exact run.
  let exact = false;
  let grid = runner.run(bh, ba, GOAL_LOOSE_PRUNE);
  let [mh, ma] = gridMeans(grid, maxGoals);
  let iterations = 1;
  let prev: { bh: number; ba: number; mh: number; ma: number } | undefined;
  for (;;) {
    const err = Math.max(Math.abs(mh / targetHome - 1), Math.abs(ma / targetAway - 1));
    if ((err <= GOAL_CALIBRATION_TOLERANCE && exact) || iterations >= CALIBRATION_MAX_ITERATIONS) break;
    let nh = bh * (targetHome / mh);
    let na = ba * (targetAway / ma);
    // Each mean is almost linear in its own base rate: a secant step converges in a few iterations.
    if (prev) {
      const sh = (mh - prev.mh) / (bh - prev.bh);
      const sa = (ma - prev.ma) / (ba - prev.ba);
      if (Number.isFinite(sh) && sh > 0) nh = bh + (targetHome - mh) / sh;
      if (Number.isFinite(sa) && sa > 0) na = ba + (targetAway - ma) / sa;
    }
    prev = { bh, ba, mh, ma };
    bh = nh > 0 ? nh : prev.bh / 2;
    ba = na > 0 ? na : prev.ba / 2;
    exact = exact || err <= GOAL_LOOSE_UNTIL;
    grid = runner.run(bh, ba, exact ? undefined : GOAL_LOOSE_PRUNE);
    [mh, ma] = gridMeans(grid, maxGoals);
    iterations++;
  }
  const out = Float64Array.from(grid);
  applyDixonColes(out, maxGoals, rho, targetHome, targetAway);
  return { maxGoals, grid: out, base: [bh, ba], iterations };
}

/** Independent Poisson grid with the last index of each team lumped ("or more"). */
export function poissonGrid(lambda: number, mu: number, maxGoals: number): Float64Array {
  const w = maxGoals + 1;
  const ph = lumpedPoisson(lambda, maxGoals);
  const pa = lumpedPoisson(mu, maxGoals);
  const grid = new Float64Array(w * w);
  for (let h = 0; h < w; h++)
    for (let a = 0; a < w; a++) grid[h * w + a] = (ph[h] as number) * (pa[a] as number);
  return grid;
}

function lumpedPoisson(mean: number, cap: number): Float64Array {
  const out = new Float64Array(cap + 1);
  let p = Math.exp(-mean);
  let cum = 0;
  for (let k = 0; k < cap; k++) {
    out[k] = p;
    cum += p;
    p *= mean / (k + 1);
  }
  out[cap] = Math.max(0, 1 - cum);
  return out;
}
