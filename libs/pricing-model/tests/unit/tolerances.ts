/**
 * Every tolerance the tests use, in one place, each named for what it bounds (issue 15: "one home for every tolerance
 * constant"). The library's own truncation constants are in src/model/constants.ts.
 */

/** |fast − reference| for every reference bet (tests/reference/referenceBets.ts): the model's stated accuracy. */
export const REFERENCE_TOLERANCE = 2e-4;

/** How far a golden price (tests/golden/prices.json) may move before the golden test fails: refactors stay below. */
export const GOLDEN_TOLERANCE = 1e-9;

/**
 * |unrolled gather kernel − naive scatter kernel| per entry, on random blocks of total mass 1, is bounded by the two
 * summation orders' rounding: each entry is a sum of at most n non-negative terms, so each side is within (n − 1)·ε
 * of the exact sum and they differ by at most 2n·ε. This is ε; the test multiplies by 2n (n ≤ 100 here, so
 * ≤ 4.4e-14; typical differences are ~1e-16, most entries are equal bit for bit).
 */
export const KERNEL_ROUNDING = Number.EPSILON;

/**
 * |price with the count chains' score cap at COUNT_SCORE_CAP_MAX − price with it at 14| for bets combining a team's
 * 8+ goals with its counts, at the top of the goal range (tests/unit/scoreCap.test.ts; measured 8.7e-5).
 */
export const SCORE_CAP_TOLERANCE = 2e-4;
