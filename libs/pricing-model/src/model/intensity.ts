import {
  CARD_LEADING,
  CARD_LOPSIDED,
  CARD_TRAILING,
  CARDS_SECOND_HALF_SHARE,
  CORNER_LEADING_DROP,
  CORNER_TRAILING_BOOST,
  CORNERS_SECOND_HALF_SHARE,
  FIRST_HALF_MINUTES,
  GOAL_LEADING_DROP,
  GOAL_TRAILING_BOOST,
  GOALS_SECOND_HALF_SHARE,
  MATCH_MINUTES,
} from './constants';

/**
 * Score classes: the home team's goal difference clamped to -2..2, stored as 0..4. Every intensity depends on the
 * score only through this class (away's own difference is the mirrored class 4 - c).
 */
export const CLASSES = 5;

export function scoreClass(h: number, a: number): number {
  const d = h - a;
  return d <= -2 ? 0 : d >= 2 ? 4 : d + 2;
}

export type Process = 'goals' | 'cards' | 'corners';

/**
 * Slope c of the linear time profile g(u) = 1 + c (u - 1/2), u = minute / MATCH_MINUTES, chosen so that the share of
 * the profile after the first half equals `secondHalfShare` (g averages 1 over the match, so it only moves timing).
 */
export function timeSlope(secondHalfShare: number): number {
  const t = MATCH_MINUTES;
  const t1 = FIRST_HALF_MINUTES;
  // integral over [t1, t] of (u - 1/2) dt, u = s / t
  const tilt = (t * t - t1 * t1) / (2 * t) - (t - t1) / 2;
  return (secondHalfShare * t - (t - t1)) / tilt;
}

const SLOPES: Record<Process, number> = {
  goals: timeSlope(GOALS_SECOND_HALF_SHARE),
  cards: timeSlope(CARDS_SECOND_HALF_SHARE),
  corners: timeSlope(CORNERS_SECOND_HALF_SHARE),
};

/** Multiplier of a team's intensity at normalised time u when its own goal difference is d (clamped to -2..2). */
export function stateMultiplier(process: Process, d: number, u: number): number {
  switch (process) {
    case 'goals':
      return d < 0 ? 1 + GOAL_TRAILING_BOOST * u : d > 0 ? 1 - GOAL_LEADING_DROP * u : 1;
    case 'cards': {
      const side = d < 0 ? CARD_TRAILING : d > 0 ? CARD_LEADING : 1;
      return side * (Math.abs(d) >= 2 ? CARD_LOPSIDED : 1);
    }
    case 'corners':
      return d < 0 ? 1 + CORNER_TRAILING_BOOST * u : d > 0 ? 1 - CORNER_LEADING_DROP * u : 1;
  }
}

/** Time profile × score multiplier of a team's intensity at normalised time u (1 with gameState off). */
export function intensityMultiplier(process: Process, own: number, u: number, gameState: boolean): number {
  if (!gameState) return 1;
  return (1 + SLOPES[process] * (u - 0.5)) * stateMultiplier(process, Math.max(-2, Math.min(2, own)), u);
}

/**
 * Per-step intensity multipliers for a chain stepping `stepMinutes`: `out[(step * CLASSES + class) * 2 + team]` is the
 * expected count in that step for a base rate of 1 per match (team 0 home, 1 away). With gameState off every entry is
 * stepMinutes / MATCH_MINUTES, so the counts are homogeneous Poisson processes.
 */
export function stepMultipliers(process: Process, stepMinutes: number, gameState: boolean): Float64Array {
  const steps = Math.round(MATCH_MINUTES / stepMinutes);
  const out = new Float64Array(steps * CLASSES * 2);
  const slope = SLOPES[process];
  for (let s = 0; s < steps; s++) {
    const u = ((s + 0.5) * stepMinutes) / MATCH_MINUTES;
    const time = gameState ? 1 + slope * (u - 0.5) : 1;
    for (let c = 0; c < CLASSES; c++) {
      const d = c - 2;
      for (let team = 0; team < 2; team++) {
        const own = team === 0 ? d : -d;
        const state = gameState ? stateMultiplier(process, own, u) : 1;
        out[(s * CLASSES + c) * 2 + team] = (time * state * stepMinutes) / MATCH_MINUTES;
      }
    }
  }
  return out;
}
