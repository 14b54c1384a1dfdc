import { GOAL_PRUNE, GOAL_STEP_MINUTES, GOAL_STEP_TAIL } from './constants';
import { poissonPmfInto } from './distributions';
import { CLASSES, scoreClass, stepMultipliers } from './intensity';

const MAX_J = 64;

/**
 * One run of the goals chain: 1-minute steps over the match clock, state (h, a); in each step the home and away goal
 * counts are independent Poisson with means from the state at the start of the step (exact discrete chain, no
 * sampling). `mult[(step * CLASSES + class) * 2 + team]` times the base rate is the step's mean.
 */
export class GoalChainRunner {
  readonly maxGoals: number;
  private readonly width: number;
  private readonly mult: Float64Array;
  private readonly steps: number;
  private cur: Float64Array;
  private next: Float64Array;
  private readonly pmf = new Float64Array(CLASSES * 2 * MAX_J);
  private readonly len = new Int32Array(CLASSES * 2);
  private readonly cellClass: Uint8Array;

  constructor(maxGoals: number, gameState: boolean) {
    this.maxGoals = maxGoals;
    this.width = maxGoals + 1;
    this.mult = stepMultipliers('goals', GOAL_STEP_MINUTES, gameState);
    this.steps = this.mult.length / (CLASSES * 2);
    this.cur = new Float64Array(this.width * this.width);
    this.next = new Float64Array(this.width * this.width);
    this.cellClass = new Uint8Array(this.width * this.width);
    for (let h = 0; h < this.width; h++)
      for (let a = 0; a < this.width; a++) this.cellClass[h * this.width + a] = scoreClass(h, a);
  }

  /** Runs the chain and returns the final grid (a view on an internal buffer, valid until the next run). */
  run(baseHome: number, baseAway: number, prune = GOAL_PRUNE): Float64Array {
    const { width, maxGoals: n, pmf, len, mult, cellClass } = this;
    let cur = this.cur;
    let next = this.next;
    cur.fill(0);
    cur[0] = 1;
    for (let s = 0; s < this.steps; s++) {
      for (let k = 0; k < CLASSES * 2; k++) {
        const base = (k & 1) === 0 ? baseHome : baseAway;
        len[k] = poissonPmfInto(
          base * (mult[s * CLASSES * 2 + k] as number),
          GOAL_STEP_TAIL,
          pmf,
          k * MAX_J,
          MAX_J,
        );
      }
      next.fill(0);
      // Reachable scores after s steps are bounded; the loops skip empty cells cheaply.
      for (let h = 0; h < width; h++) {
        const row = h * width;
        for (let a = 0; a < width; a++) {
          const m = cur[row + a] as number;
          if (m < prune) continue;
          const c = cellClass[row + a] as number;
          const ho = c * 2 * MAX_J;
          const ao = ho + MAX_J;
          const jh = len[c * 2] as number;
          const ja = len[c * 2 + 1] as number;
          if (h + jh < n && a + ja < n) {
            // interior cell: no target reaches the lumped last index
            for (let i = 0; i <= jh; i++) {
              const mi = m * (pmf[ho + i] as number);
              // Contributions below `prune` are dropped (GOAL_PRUNE: at most ~1e-14 of mass over the whole match).
              if (mi < prune) break;
              const t = row + a + i * width;
              for (let j = 0; j <= ja; j++) {
                const v = mi * (pmf[ao + j] as number);
                if (v < prune) break;
                next[t + j] = (next[t + j] as number) + v;
              }
            }
            continue;
          }
          for (let i = 0; i <= jh; i++) {
            const mi = m * (pmf[ho + i] as number);
            if (mi < prune) break;
            const th = h + i < n ? h + i : n;
            const trow = th * width;
            for (let j = 0; j <= ja; j++) {
              const v = mi * (pmf[ao + j] as number);
              if (v < prune) break;
              const ta = a + j < n ? a + j : n;
              next[trow + ta] = (next[trow + ta] as number) + v;
            }
          }
        }
      }
      const t = cur;
      cur = next;
      next = t;
    }
    this.cur = cur;
    this.next = next;
    return cur;
  }
}
