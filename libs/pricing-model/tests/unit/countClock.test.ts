import { countClock, intervalMultipliers } from '../../src/model/countClock';
import { CLASSES } from '../../src/model/intensity';

describe('the count chains clock', () => {
  const clock = countClock(5, 5);

  it('covers the match with count intervals and goal-move steps that meet exactly at half-time', () => {
    // Assess: count intervals are contiguous from 0 to 95, one of them ends at 47 and the next starts there
    const counts = clock.countIntervals;
    expect(counts[0]?.[0]).toBe(0);
    expect(counts[counts.length - 1]?.[1]).toBe(95);
    for (let i = 1; i < counts.length; i++) expect(counts[i]?.[0]).toBe(counts[i - 1]?.[1]);
    expect(counts.some(([, to]) => to === 47)).toBe(true);
    // goal-move steps tile each half
    const moves = clock.moveIntervals;
    expect(moves.filter(([, to]) => to <= 47).reduce((s, [a, b]) => s + b - a, 0)).toBeCloseTo(47, 12);
    expect(moves.filter(([from]) => from >= 47).reduce((s, [a, b]) => s + b - a, 0)).toBeCloseTo(48, 12);
    expect(moves).toHaveLength(10);
  });

  it('interleaves counts and goal moves: each move between two count applications, half a minute past its midpoint', () => {
    // Prepare / Act: the schedule as (kind, index) and the credit point of each move
    const ops = Array.from(clock.schedule, (op) => (op >= 0 ? 'C' : 'G')).join('');
    // Assess: C G C G … C per half, two count applications back to back at half-time
    expect(ops).toBe('CGCGCGCGCGC'.repeat(2));
    clock.moveIntervals.forEach(([from, to], s) => {
      const j = clock.schedule.indexOf(-(s + 1));
      const before = clock.countIntervals[clock.schedule[j - 1] as number] as readonly [number, number];
      expect(before[1]).toBeCloseTo((from + to) / 2 + 0.5, 12);
      expect(clock.movesBefore[clock.schedule[j + 1] as number]).toBe(s + 1);
    });
  });

  it('integrates the intensity profiles exactly over each interval', () => {
    // Assess: a level game's multipliers over the whole match sum to 1 (the profile averages 1)
    for (const process of ['goals', 'cards', 'corners'] as const) {
      const mult = intervalMultipliers(process, clock.countIntervals, true);
      let sum = 0;
      for (let i = 0; i < clock.countIntervals.length; i++) sum += mult[(i * CLASSES + 2) * 2] as number;
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});
