/**
 * The score cells of the cards/corners chains for a score cap S: every score with both teams below S is its own cell
 * (index h·S + a); once either team has S or more goals only the goal difference d is kept (index S² + S + d, d
 * clamped to −S…S). The count intensities depend on the score only through the class of d, so the chain's dynamics
 * stay exact in the lumped region; what is lumped is only which of the scores with that difference a count
 * distribution belongs to. (S + 1)² cells in all.
 */
export function scoreCell(h: number, a: number, cap: number): number {
  if (h < cap && a < cap) return h * cap + a;
  const d = h - a;
  return cap * cap + cap + (d < -cap ? -cap : d > cap ? cap : d);
}

/** Number of score cells for a score cap. */
export function scoreCells(cap: number): number {
  return (cap + 1) * (cap + 1);
}
