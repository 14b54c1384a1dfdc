/**
 * Calibrated defaults of the match model. Sources (approximate published figures, see README "Defaults and sources"):
 * goal timing and score effects from Dixon & Robinson (1998) and EPL goal-timing tables; card timing, score effects and
 * the team-card correlation from published EPL booking statistics; corners from EPL corner statistics.
 */

/** Regulation 90 minutes plus about 5 minutes of stoppage time. */
export const MATCH_MINUTES = 95;
/** Minutes per step of the goals chain. */
export const GOAL_STEP_MINUTES = 1;
/**
 * Goal-move steps per half of the cards/corners chains (they carry counts too, so they step more coarsely than the
 * goals chain; see countClock.ts for how the counts are interleaved).
 */
export const COUNT_STEPS_FIRST_HALF = 5;
export const COUNT_STEPS_SECOND_HALF = 5;
/** The first half is 45 minutes plus about 2 of stoppage time. */
export const FIRST_HALF_MINUTES = 47;

export const GOALS_SECOND_HALF_SHARE = 0.55;
export const CARDS_SECOND_HALF_SHARE = 0.63;
export const CORNERS_SECOND_HALF_SHARE = 0.52;

/** Goal rate of a trailing team rises linearly to +20% at full time; of a leading team falls to -10%. */
export const GOAL_TRAILING_BOOST = 0.12;
export const GOAL_LEADING_DROP = 0.06;

/** Card rate multipliers by the team's own score difference (constant in time). */
export const CARD_TRAILING = 1.15;
export const CARD_LEADING = 0.9;
/** A game decided by 2+ goals is calmer: both teams' card rates are multiplied by this. */
export const CARD_LOPSIDED = 0.8;
/** Variance of the shared match/referee card factor (gamma, mean 1): gives a team-cards correlation of about +0.13. */
export const CARD_MATCH_FACTOR_VARIANCE = 0.09;
/** Gauss points of that factor with less weight than this are dropped (buildFixtureModel: cardFactor). */
export const CARD_FACTOR_MIN_WEIGHT = 1e-5;

/** Corner rate of a trailing team rises linearly to +70% at full time; of a leading team falls to -40%. */
export const CORNER_TRAILING_BOOST = 0.4;
export const CORNER_LEADING_DROP = 0.25;

/** Probability mass allowed beyond the last (lumped) cell of each table. */
export const GOAL_TAIL = 1e-10;
export const COUNT_TAIL = 1e-8;
/** The cards/corners chains carry each team's score up to a cap where P(team goals > cap) < this (lumped beyond). */
export const COUNT_SCORE_TAIL = 1e-2;
export const COUNT_SCORE_CAP_MIN = 6;
export const COUNT_SCORE_CAP_MAX = 9;
/** Per-step increment distributions are truncated where the remaining mass is below this. */
export const STEP_TAIL = 1e-15;
/** Cap of the corners dominance factor's half-spread δ (keeps both nodes' rates positive). */
export const MAX_CORNER_DOMINANCE = 0.9;
