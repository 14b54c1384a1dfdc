import fc from 'fast-check';
import { marginFor, ODDS_LADDER, offeredOdds } from '../../src/index';
import { assertProperty } from './fixtures';

describe('odds ladder and margin', () => {
  it('grows the margin 5% + 2% per extra leg up to 20%', () => {
    expect([1, 2, 4, 6, 8, 9, 12].map(marginFor)).toEqual([0.05, 0.07, 0.11, 0.15, 0.19, 0.2, 0.2]);
  });

  it('offers the largest ladder price not above the target', () => {
    assertProperty(
      fc.property(fc.double({ min: 1.0101, max: 1500, noNaN: true }), (target) => {
        const offer = offeredOdds(target);
        const i = ODDS_LADDER.findIndex((r) => r.fractional === offer.fractional);
        const rung = ODDS_LADDER[i]!;
        const next = ODDS_LADDER[i + 1];
        return (
          rung.exact <= target &&
          offer.decimal <= target &&
          (next === undefined || Math.max(next.exact, next.decimal) > target)
        );
      }),
    );
  });

  it('shows 17/2 as 9.5, never offers below 1.01 and caps at 1000/1', () => {
    expect(offeredOdds(9.86)).toEqual({ decimal: 9.5, fractional: '17/2' });
    expect(offeredOdds(1.001)).toEqual({ decimal: 1.01, fractional: '1/100' });
    expect(offeredOdds(5000)).toEqual({ decimal: 1001, fractional: '1000/1' });
  });

  it('is strictly increasing in both forms', () => {
    for (let i = 1; i < ODDS_LADDER.length; i++) {
      expect(ODDS_LADDER[i]!.exact).toBeGreaterThan(ODDS_LADDER[i - 1]!.exact);
      expect(ODDS_LADDER[i]!.decimal).toBeGreaterThan(ODDS_LADDER[i - 1]!.decimal);
    }
  });
});
