import {
  logBucketEdgesMs,
  renderLatencyChartSvg,
  svgToPng,
  trimBuckets,
  type LatencyDistribution,
} from '../src';

/** A distribution whose observations all fall in the buckets from `from` for `n` buckets (one each). */
function dist(label: string, from: number, n: number): LatencyDistribution {
  const edges = logBucketEdgesMs();
  const buckets = edges.map((upperMs, i) => ({ upperMs, count: i >= from && i < from + n ? 1 : 0 }));
  const at = (q: number) => edges[from + Math.min(n - 1, Math.floor(q * n))]!;
  return {
    label,
    count: n,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: at(1),
    meanMs: at(0.5),
    buckets: trimBuckets(buckets),
  };
}

describe('log buckets', () => {
  it('span 10 µs to 100 s with 20 edges per decade, ascending', () => {
    // Act
    const edges = logBucketEdgesMs();
    // Assess
    expect(edges).toHaveLength(140);
    expect(edges[19]).toBeCloseTo(0.1, 12);
    expect(edges.at(-1)).toBeCloseTo(100_000, 6);
    expect(edges.every((e, i) => i === 0 || e > edges[i - 1]!)).toBe(true);
  });

  it('trim empty buckets at both ends only', () => {
    // Act
    const trimmed = trimBuckets([0, 0, 2, 0, 3, 0].map((count, i) => ({ upperMs: i + 1, count })));
    // Assess
    expect(trimmed.map((b) => b.count)).toEqual([2, 0, 3]);
  });
});

describe('renderLatencyChartSvg', () => {
  it('draws one histogram, one p95 marker and one legend entry per distribution, escaping text', () => {
    // Prepare
    const dists = [dist('A: test', 60, 20), dist('B: test', 50, 20), dist('C: test', 30, 5)];
    // Act
    const svg = renderLatencyChartSvg(dists, { title: 'T <&>', targetMs: 100 });
    // Assess
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg.match(/stroke-dasharray="6 4"/g)).toHaveLength(3);
    expect(svg).toContain('T &lt;&amp;&gt;');
    expect(svg).toContain('target 100 ms');
    for (const label of ['A: test', 'B: test', 'C: test']) expect(svg).toContain(label);
  });

  it('renders to a real PNG', () => {
    // Act
    const png = svgToPng(renderLatencyChartSvg([dist('A', 40, 10)], { title: 'one' }), 320);
    // Assess
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });
});
