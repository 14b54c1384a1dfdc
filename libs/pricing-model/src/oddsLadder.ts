/**
 * The standard UK fractional odds ladder (as shown by the major bookmakers), from 1/100 (1.01) to 1000/1.
 * 2/15 is left out: its 2-decimal form (1.13) would equal 1/8's.
 * Fractions are written the way the trade writes them (4/6 and 6/4, not 2/3 and 3/2; evens as 1/1).
 */
const FRACTIONS: readonly string[] = [
  '1/100', '1/50', '1/33', '1/25', '1/20', '1/16', '1/14', '1/12', '1/10', '1/9', '1/8', '1/7', '2/13',
  '1/6', '2/11', '1/5', '2/9', '1/4', '2/7', '3/10', '1/3', '4/11', '3/8', '2/5', '5/12', '4/9', '1/2', '8/15',
  '4/7', '8/13', '4/6', '8/11', '4/5', '5/6', '10/11', '1/1', '11/10', '6/5', '5/4', '11/8', '6/4', '8/5',
  '13/8', '7/4', '15/8', '2/1', '85/40', '9/4', '12/5', '5/2', '13/5', '11/4', '3/1', '10/3', '7/2', '4/1',
  '9/2', '5/1', '11/2', '6/1', '13/2', '7/1', '15/2', '8/1', '17/2', '9/1', '10/1', '11/1', '12/1', '14/1',
  '16/1', '18/1', '20/1', '22/1', '25/1', '28/1', '33/1', '40/1', '50/1', '66/1', '80/1', '100/1', '125/1',
  '150/1', '200/1', '250/1', '300/1', '400/1', '500/1', '750/1', '1000/1',
]; // prettier-ignore

/** One rung of the ladder: the fraction, its exact decimal value and the 2-decimal display form. */
export interface LadderPrice {
  readonly fractional: string;
  readonly exact: number;
  readonly decimal: number;
}

export const ODDS_LADDER: readonly LadderPrice[] = FRACTIONS.map((fractional) => {
  const [num, den] = fractional.split('/').map(Number) as [number, number];
  const exact = 1 + num / den;
  return { fractional, exact, decimal: Math.round(exact * 100) / 100 };
});

/**
 * The offered price for a target decimal price (fairOdds / (1 + margin)): the longest ladder price whose exact value
 * and displayed decimal are both at most the target; never shorter than 1.01 (1/100), never longer than 1000/1.
 *
 * @example
 * offeredOdds(9.86) // { decimal: 9.5, fractional: '17/2' }
 */
export function offeredOdds(target: number): { decimal: number; fractional: string } {
  let chosen = ODDS_LADDER[0] as LadderPrice;
  for (const rung of ODDS_LADDER) {
    if (Math.max(rung.exact, rung.decimal) <= target) chosen = rung;
    else break;
  }
  return { decimal: chosen.decimal, fractional: chosen.fractional };
}

/** Default margin: 5% for one leg, +2% for each extra leg, at most 20%. */
export function marginFor(legCount: number): number {
  return Math.min(0.2, Math.round((0.05 + 0.02 * Math.max(0, legCount - 1)) * 1e6) / 1e6);
}
