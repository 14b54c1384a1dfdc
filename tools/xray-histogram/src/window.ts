/**
 * Parses a time window: `-1h` (the last hour), `-30m..-10m`, or two ISO-8601 instants
 * `2026-12-05T15:00:00Z..2026-12-05T17:00:00Z`. Relative parts are from `now`.
 *
 * @example
 * parseWindow('-1h'); // { start: now - 1h, end: now }
 */
export function parseWindow(spec: string, now = new Date()): { start: Date; end: Date } {
  const [a, b] = spec.split('..');
  const point = (s: string): Date => {
    const rel = /^-(\d+(?:\.\d+)?)([smhd])$/.exec(s.trim());
    if (rel) {
      const mult = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[rel[2] as 's' | 'm' | 'h' | 'd'];
      return new Date(now.getTime() - Number(rel[1]) * mult);
    }
    const d = new Date(s.trim());
    if (Number.isNaN(d.getTime()))
      throw new RangeError(`bad time '${s}': use -15m, -1h, -2d or an ISO-8601 instant`);
    return d;
  };
  const start = point(a ?? '');
  const end = b === undefined ? now : point(b);
  if (!(start < end)) throw new RangeError(`window '${spec}' ends before it starts`);
  return { start, end };
}
