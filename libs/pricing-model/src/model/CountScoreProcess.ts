import {
  COUNT_MOVE_TAIL,
  COUNT_STEPS_FIRST_HALF,
  COUNT_STEPS_SECOND_HALF,
  NEGLIGIBLE_CELL,
} from './constants';
import { countClock, intervalMultipliers, type CountClock } from './countClock';
import { poissonPmfInto } from './distributions';
import { CLASSES } from './intensity';
import { scoreCell, scoreCells } from './scoreCell';

const MAX_J = 96;

/**
 * The score process of the cards/corners chains on the {@link CountClock} (goal-move steps of about 9.5 minutes, count
 * applications between their midpoints), the score carried in the cells of {@link scoreCell} (exact below
 * `scoreCap`, by goal difference beyond), same intensities as the goals chain. Precomputes, per step and score class, the list of goal moves (di, dj,
 * probability), and the score-only distribution at every step (to skip empty cells).
 */
export class CountScoreProcess {
  readonly scoreCap: number;
  readonly cells: number;
  /** Goal-move steps. */
  readonly steps: number;
  readonly clock: CountClock;
  /** Count applications (steps + 2: each half starts and ends with one). */
  readonly countOps: number;
  readonly cellClass: Uint8Array;
  /** A representative (home, away) score of each cell (its goal difference is the cell's). */
  private readonly cellH: Int32Array;
  private readonly cellA: Int32Array;
  /** Goal moves of step s, class c: indices [moveStart[s*C+c], moveStart[s*C+c+1]). */
  readonly moveStart: Int32Array;
  readonly moveDh: Uint8Array;
  readonly moveDa: Uint8Array;
  readonly moveP: Float64Array;
  /** P(score cell at the start of step s): index s * cells + cell (s = steps is the final distribution). */
  readonly occupancy: Float64Array;
  /**
   * The goal moves of step s gathered by target cell: the sources of target t are inSrc[i], with probability inP[i],
   * for i in [inStart[s*cells+t], inStart[s*cells+t+1]) (moves onto a capped cell merged; a cell below
   * NEGLIGIBLE_CELL at the start of the step keeps its mass, probability 1, and sends nothing).
   */
  readonly inStart: Int32Array;
  readonly inSrc: Int32Array;
  readonly inP: Float64Array;

  /** The score cell the process starts in (0-0 at kick-off; the current score in-play). */
  readonly startCell: number;

  constructor(
    scoreCap: number,
    goalBase: readonly [number, number],
    gameState: boolean,
    start: { minute: number; score: readonly [number, number] } = { minute: 0, score: [0, 0] },
  ) {
    this.scoreCap = scoreCap;
    this.cells = scoreCells(scoreCap);
    this.startCell = scoreCell(start.score[0], start.score[1], scoreCap);
    this.clock = countClock(COUNT_STEPS_FIRST_HALF, COUNT_STEPS_SECOND_HALF, start.minute);
    const mult = intervalMultipliers('goals', this.clock.moveIntervals, gameState);
    this.steps = this.clock.moveIntervals.length;
    this.countOps = this.clock.countIntervals.length;
    this.cellClass = new Uint8Array(this.cells);
    this.cellH = new Int32Array(this.cells);
    this.cellA = new Int32Array(this.cells);
    for (let cell = 0; cell < this.cells; cell++) {
      // a representative score of the cell: (h, a) itself, or (S + d, S) / (S, S − d) in the lumped region
      const exact = cell < scoreCap * scoreCap;
      const d = cell - scoreCap * scoreCap - scoreCap;
      const h = exact ? Math.floor(cell / scoreCap) : d >= 0 ? scoreCap + d : scoreCap;
      const a = exact ? cell % scoreCap : d >= 0 ? scoreCap : scoreCap - d;
      this.cellH[cell] = h;
      this.cellA[cell] = a;
      const diff = h - a;
      this.cellClass[cell] = diff <= -2 ? 0 : diff >= 2 ? 4 : diff + 2;
    }
    const pmfH = new Float64Array(MAX_J);
    const pmfA = new Float64Array(MAX_J);
    const dh: number[] = [];
    const da: number[] = [];
    const pp: number[] = [];
    this.moveStart = new Int32Array(this.steps * CLASSES + 1);
    for (let s = 0; s < this.steps; s++) {
      for (let c = 0; c < CLASSES; c++) {
        this.moveStart[s * CLASSES + c] = pp.length;
        const jh = poissonPmfInto(
          goalBase[0] * (mult[(s * CLASSES + c) * 2] as number),
          COUNT_MOVE_TAIL,
          pmfH,
          0,
          MAX_J,
        );
        const ja = poissonPmfInto(
          goalBase[1] * (mult[(s * CLASSES + c) * 2 + 1] as number),
          COUNT_MOVE_TAIL,
          pmfA,
          0,
          MAX_J,
        );
        for (let i = 0; i <= jh; i++) {
          for (let j = 0; j <= ja; j++) {
            const p = (pmfH[i] as number) * (pmfA[j] as number);
            if (p < COUNT_MOVE_TAIL) continue;
            dh.push(i);
            da.push(j);
            pp.push(p);
          }
        }
      }
    }
    this.moveStart[this.steps * CLASSES] = pp.length;
    this.moveDh = Uint8Array.from(dh);
    this.moveDa = Uint8Array.from(da);
    this.moveP = Float64Array.from(pp);
    this.occupancy = new Float64Array((this.steps + 1) * this.cells);
    this.occupancy[this.startCell] = 1;
    const tmp = new Float64Array(this.cells);
    for (let s = 0; s < this.steps; s++) {
      this.propagate(s, this.occupancy.subarray(s * this.cells, (s + 1) * this.cells), tmp);
      this.occupancy.set(tmp, (s + 1) * this.cells);
    }
    const gathered = this.gatherMoves();
    this.inStart = gathered.start;
    this.inSrc = gathered.src;
    this.inP = gathered.p;
  }

  /** The cell reached from `from` by i home and j away goals. */
  private target(from: number, i: number, j: number): number {
    return scoreCell((this.cellH[from] as number) + i, (this.cellA[from] as number) + j, this.scoreCap);
  }

  private gatherMoves(): { start: Int32Array; src: Int32Array; p: Float64Array } {
    const { cells, steps } = this;
    const start = new Int32Array(steps * cells + 1);
    const src: number[] = [];
    const prob: number[] = [];
    const dense = new Float64Array(cells * cells); // dense[target * cells + source]
    for (let s = 0; s < steps; s++) {
      const occ = s * cells;
      dense.fill(0);
      for (let from = 0; from < cells; from++) {
        if ((this.occupancy[occ + from] as number) < NEGLIGIBLE_CELL) {
          dense[from * cells + from] = 1;
          continue;
        }
        const k = s * CLASSES + (this.cellClass[from] as number);
        const end = this.moveStart[k + 1] as number;
        for (let i = this.moveStart[k] as number; i < end; i++) {
          const t = this.target(from, this.moveDh[i] as number, this.moveDa[i] as number);
          dense[t * cells + from] = (dense[t * cells + from] as number) + (this.moveP[i] as number);
        }
      }
      for (let t = 0; t < cells; t++) {
        start[occ + t] = src.length;
        // (in the lumped region a move can lead to a lower index: every source is looked at)
        for (let from = 0; from < cells; from++) {
          const p = dense[t * cells + from] as number;
          if (p > 0) {
            src.push(from);
            prob.push(p);
          }
        }
      }
    }
    start[steps * cells] = src.length;
    return { start, src: Int32Array.from(src), p: Float64Array.from(prob) };
  }

  /** out = the score distribution `from` after the goal moves of step s. */
  propagate(s: number, from: Float64Array, out: Float64Array): void {
    out.fill(0);
    for (let cell = 0; cell < this.cells; cell++) {
      const m = from[cell] as number;
      if (m === 0) continue;
      const k = s * CLASSES + (this.cellClass[cell] as number);
      const end = this.moveStart[k + 1] as number;
      for (let i = this.moveStart[k] as number; i < end; i++) {
        const t = this.target(cell, this.moveDh[i] as number, this.moveDa[i] as number);
        out[t] = (out[t] as number) + m * (this.moveP[i] as number);
      }
    }
  }

  /**
   * Expected occupation integrals for calibration: for each final score cell, E[sum over count applications of
   * mult(application, class) | final cell], where `mult` is an intervalMultipliers table of the clock's count
   * intervals for one team (`team` 0/1). The count process's mean in a cell is its base rate times this, so solving
   * for the base rate is linear.
   */
  occupation(mult: Float64Array, team: 0 | 1): Float64Array {
    let acc = new Float64Array(this.cells);
    let next = new Float64Array(this.cells);
    const { schedule, movesBefore } = this.clock;
    for (let i = 0; i < schedule.length; i++) {
      const op = schedule[i] as number;
      if (op < 0) {
        this.propagate(-op - 1, acc, next);
        const t = acc;
        acc = next;
        next = t;
        continue;
      }
      const from = (movesBefore[op] as number) * this.cells;
      for (let cell = 0; cell < this.cells; cell++) {
        const p = this.occupancy[from + cell] as number;
        const k = (op * CLASSES + (this.cellClass[cell] as number)) * 2 + team;
        acc[cell] = (acc[cell] as number) + p * (mult[k] as number);
      }
    }
    const fin = this.steps * this.cells;
    for (let cell = 0; cell < this.cells; cell++) {
      const p = this.occupancy[fin + cell] as number;
      acc[cell] = p > 0 ? (acc[cell] as number) / p : 0;
    }
    return acc;
  }
}
