import { CLASSES, stepMultipliers, type Process } from '../../src/model/intensity';

/** Share of a level game's intensity that falls after half-time (minute 47 of 95), for one team. */
function secondHalfShare(process: Process): number {
  const mult = stepMultipliers(process, 1, true);
  let first = 0;
  let second = 0;
  for (let s = 0; s < 95; s++) {
    const m = mult[(s * CLASSES + 2) * 2] as number;
    if (s < 47) first += m;
    else second += m;
  }
  return second / (first + second);
}

describe('intensity profiles', () => {
  it.each<[Process, number]>([
    ['goals', 0.575],
    ['cards', 0.63],
    ['corners', 0.52],
  ])('puts the documented share of %s after half-time (%p)', (process, share) => {
    expect(secondHalfShare(process)).toBeCloseTo(share, 3);
  });

  it('keeps a level game at the base rate on average over the match', () => {
    for (const process of ['goals', 'cards', 'corners'] as const) {
      const mult = stepMultipliers(process, 1, true);
      let sum = 0;
      for (let s = 0; s < 95; s++) sum += mult[(s * CLASSES + 2) * 2] as number;
      expect(sum).toBeCloseTo(1, 9);
    }
  });

  it('favours the trailing team late in the match and is constant without game state', () => {
    for (const process of ['goals', 'cards', 'corners'] as const) {
      const on = stepMultipliers(process, 1, true);
      const last = 94 * CLASSES;
      // home trailing by one (class 1) vs leading by one (class 3), home team's multiplier
      expect(on[(last + 1) * 2] as number).toBeGreaterThan(on[(last + 3) * 2] as number);
      const off = stepMultipliers(process, 1, false);
      expect(new Set(off).size).toBe(1);
    }
  });
});
