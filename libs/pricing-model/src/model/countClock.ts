import { FIRST_HALF_MINUTES, GOAL_STEP_MINUTES, MATCH_MINUTES } from './constants';
import { CLASSES, intensityMultiplier, type Process } from './intensity';

/**
 * The clock of the cards/corners chains: each half is cut into equal steps; the goal moves of a step are applied at
 * its midpoint and the count increments between consecutive midpoints, at the score class in force there (Strang
 * splitting: a goal scored during a step is credited, on average, at the step's middle instead of its end, so the
 * counts' reaction to the score is second-order accurate in the step length). Each half starts and ends with a
 * half-length count interval, so minute 47 (half-time) is a boundary where goals and counts are both exact.
 */
export interface CountClock {
  /** [from, to) minutes of each goal-move step. */
  readonly moveIntervals: readonly (readonly [number, number])[];
  /** [from, to) minutes of each count application. */
  readonly countIntervals: readonly (readonly [number, number])[];
  /** The order of operations: j >= 0 is count application j, -(s + 1) is goal-move step s. */
  readonly schedule: Int32Array;
  /** Goal-move steps applied before count application j. */
  readonly movesBefore: Int32Array;
  /** Index in `schedule` of the second half's first operation (half-time is just before it). */
  readonly halfTimeAt: number;
}

/**
 * The goals chain steps in whole minutes and a goal changes the score class at the end of its minute, so the goals of
 * a step are on average credited half a minute after the step's midpoint; the count chain does the same.
 */
const CREDIT_DELAY = GOAL_STEP_MINUTES / 2;

/** In-play, the remaining part of each half gets this many times its share of the half's steps. */
const IN_PLAY_STEP_DENSITY = 2;

/**
 * The clock from minute `from` (0 at kick-off; an in-play start later): each remaining part of a half gets its share
 * of the half's steps (at least one), so a later start costs fewer steps. In-play the share is of twice the half's
 * steps: the kick-off calibration of the count base rates absorbs the kick-off clock's error in every full-time mean,
 * but not in the rest of a match started later (measured against the in-play reference: up to 2.95e-4 with the
 * kick-off density, 9.6e-5 with twice it).
 */
export function countClock(stepsFirstHalf: number, stepsSecondHalf: number, from = 0): CountClock {
  const moveIntervals: [number, number][] = [];
  const countIntervals: [number, number][] = [];
  const schedule: number[] = [];
  const movesBefore: number[] = [];
  const half = (from: number, to: number, steps: number) => {
    const h = (to - from) / steps;
    let last = from;
    for (let k = 0; k < steps; k++) {
      // (a step shorter than a minute, in-play in a half's last minute, credits its goals at the half's end)
      const mid = Math.min(to, from + (k + 0.5) * h + CREDIT_DELAY);
      movesBefore.push(moveIntervals.length);
      schedule.push(countIntervals.length);
      countIntervals.push([last, mid]);
      schedule.push(-(moveIntervals.length + 1));
      moveIntervals.push([from + k * h, from + (k + 1) * h]);
      last = mid;
    }
    movesBefore.push(moveIntervals.length);
    schedule.push(countIntervals.length);
    countIntervals.push([last, to]);
  };
  const density = from > 0 ? IN_PLAY_STEP_DENSITY : 1;
  const share = (steps: number, length: number, full: number) =>
    Math.max(1, Math.ceil((density * steps * length) / full));
  if (from < FIRST_HALF_MINUTES)
    half(from, FIRST_HALF_MINUTES, share(stepsFirstHalf, FIRST_HALF_MINUTES - from, FIRST_HALF_MINUTES));
  const halfTimeAt = schedule.length;
  const shFrom = Math.max(from, FIRST_HALF_MINUTES);
  half(
    shFrom,
    MATCH_MINUTES,
    share(stepsSecondHalf, MATCH_MINUTES - shFrom, MATCH_MINUTES - FIRST_HALF_MINUTES),
  );
  return {
    moveIntervals,
    countIntervals,
    schedule: Int32Array.from(schedule),
    movesBefore: Int32Array.from(movesBefore),
    halfTimeAt,
  };
}

/**
 * Expected events per interval for a base rate of 1 per match: `out[(i * CLASSES + class) * 2 + team]` is
 * ∫ g(u) s(d, u) dt / MATCH_MINUTES over interval i at a fixed score class, by Simpson's rule (exact: the integrand is
 * at most quadratic in t). With gameState off every entry is the interval's length / MATCH_MINUTES.
 */
export function intervalMultipliers(
  process: Process,
  intervals: readonly (readonly [number, number])[],
  gameState: boolean,
): Float64Array {
  const out = new Float64Array(intervals.length * CLASSES * 2);
  intervals.forEach(([from, to], i) => {
    for (let c = 0; c < CLASSES; c++) {
      for (let team = 0; team < 2; team++) {
        const own = team === 0 ? c - 2 : 2 - c;
        const f = (t: number) => intensityMultiplier(process, own, t / MATCH_MINUTES, gameState);
        out[(i * CLASSES + c) * 2 + team] =
          (((to - from) / 6) * (f(from) + 4 * f((from + to) / 2) + f(to))) / MATCH_MINUTES;
      }
    }
  });
  return out;
}
