/**
 * Calibrated defaults of the match model. Sources (approximate published figures, see the README section "Defaults and
 * where they come from", and `npx nx run pricing-model:league` for the league averages they imply): goal timing and
 * score effects from Dixon & Robinson (1998) and EPL goal-timing tables; card timing, score effects and the team-card
 * correlation from published EPL booking statistics; corners from EPL corner statistics. Changes: ADR 0006.
 */

/** Regulation 90 minutes plus about 5 minutes of stoppage time. */
export const MATCH_MINUTES = 95;
/** Minutes per step of the goals chain. */
export const GOAL_STEP_MINUTES = 1;
/**
 * Goal-move steps per half of the cards/corners chains (they carry counts too, so they step more coarsely than the
 * goals chain; see countClock.ts for how the counts are interleaved).
 */
export const COUNT_STEPS_FIRST_HALF = 8;
export const COUNT_STEPS_SECOND_HALF = 8;
/** The first half is 45 minutes plus about 2 of stoppage time. */
export const FIRST_HALF_MINUTES = 47;

export const GOALS_SECOND_HALF_SHARE = 0.575;
export const CARDS_SECOND_HALF_SHARE = 0.63;
export const CORNERS_SECOND_HALF_SHARE = 0.52;

/** Goal rate of a trailing team rises linearly to +8% at full time; of a leading team falls to −4%. */
export const GOAL_TRAILING_BOOST = 0.08;
export const GOAL_LEADING_DROP = 0.04;

/** Card rate multipliers by the team's own score difference (constant in time). */
export const CARD_TRAILING = 1.15;
export const CARD_LEADING = 0.9;
/** A game decided by 2+ goals is calmer: both teams' card rates are multiplied by this. */
export const CARD_LOPSIDED = 0.8;
/** Variance of the shared match/referee card factor (gamma, mean 1): gives a team-cards correlation of about +0.13. */
export const CARD_MATCH_FACTOR_VARIANCE = 0.09;
/** Gauss points of that factor with less weight than this are dropped (buildFixtureModel: cardFactor). */
export const CARD_FACTOR_MIN_WEIGHT = 1e-5;

/** Corner rate of a trailing team rises linearly to +25% at full time; of a leading team falls to −15%. */
export const CORNER_TRAILING_BOOST = 0.25;
export const CORNER_LEADING_DROP = 0.15;

// ---- Truncation and convergence tolerances: every one the chains use, each named for what it bounds. ----

/** Probability mass allowed beyond the last (lumped) cell of each table. */
export const GOAL_TAIL = 1e-10;
export const COUNT_TAIL = 1e-8;
/** The cards/corners chains carry each team's score up to a cap where P(team goals > cap) < this (lumped beyond). */
export const COUNT_SCORE_TAIL = 1e-2;
export const COUNT_SCORE_CAP_MIN = 6;
export const COUNT_SCORE_CAP_MAX = 9;
/** The goals chain's per-minute goal pmfs are truncated where the remaining mass is below this (folded into the last). */
export const GOAL_STEP_TAIL = 1e-15;
/** Goals-chain contributions below this are dropped (at most ~1e-14 of mass over the whole match). */
export const GOAL_PRUNE = 1e-18;
/** A looser pruning for calibration iterates far from the solution (about twice as fast; means move by ~1e-8). */
export const GOAL_LOOSE_PRUNE = 1e-13;
/** Goal base rates are solved until both means are within this (relative) of their targets, on an exact run. */
export const GOAL_CALIBRATION_TOLERANCE = 1e-6;
/** Calibration iterates use the loosely pruned goals chain until both means are within this of their targets. */
export const GOAL_LOOSE_UNTIL = 1e-4;
/** The count chains' per-interval count-increment pmfs are truncated at this tail (folded into the last). */
export const COUNT_STEP_TAIL = 1e-8;
/** A count entry beyond the index where less than this remains on every score path is never computed. */
export const COUNT_SUPPORT_TAIL = 1e-8;
/** Goal moves of the count chains' score process less likely than this in one step are dropped. */
export const COUNT_MOVE_TAIL = 1e-6;
/** A thinned factor node's counts beyond where less than this of its mass would land are not computed (dropped). */
export const THINNED_TAIL = 1e-10;
/** Score cells holding less than this at the start of a step neither count nor move in it. */
export const NEGLIGIBLE_CELL = 1e-13;
/** Cap of the corners dominance factor's half-spread δ (keeps both nodes' rates positive). */
export const MAX_CORNER_DOMINANCE = 0.9;
