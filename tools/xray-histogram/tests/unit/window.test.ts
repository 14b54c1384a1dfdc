import { parseWindow } from '../../src/window';

const now = new Date('2026-12-05T18:00:00Z');

describe('parseWindow', () => {
  it('reads a relative start up to now', () => {
    expect(parseWindow('-1h', now)).toEqual({ start: new Date('2026-12-05T17:00:00Z'), end: now });
  });

  it('reads a relative range and an absolute range', () => {
    expect(parseWindow('-30m..-10m', now)).toEqual({
      start: new Date('2026-12-05T17:30:00Z'),
      end: new Date('2026-12-05T17:50:00Z'),
    });
    expect(parseWindow('2026-12-05T15:00:00Z..2026-12-05T16:00:00Z', now).end).toEqual(
      new Date('2026-12-05T16:00:00Z'),
    );
  });

  it('rejects nonsense and a window that ends before it starts', () => {
    expect(() => parseWindow('yesterday', now)).toThrow(RangeError);
    expect(() => parseWindow('-10m..-1h', now)).toThrow(/ends before it starts/);
  });
});
