import {
  logBucketEdgesMs,
  trimBuckets,
  type LatencyDistribution,
  type LatencyPercentiles,
} from '@betbuilder/latency-chart';

/** One entry of an X-Ray response-time histogram: `Count` traces took `Value` seconds. */
export interface HistogramPoint {
  Value?: number;
  Count?: number;
}

/** Percentiles (ms) of a histogram, plus count, mean and max. */
export type HistogramStats = LatencyPercentiles;

/** Sums histograms (from several services, edges or time windows) into one, ascending by value. */
export function mergeHistograms(
  ...hists: readonly (readonly HistogramPoint[] | undefined)[]
): { value: number; count: number }[] {
  const m = new Map<number, number>();
  for (const h of hists) {
    for (const e of h ?? []) {
      if (
        typeof e.Value !== 'number' ||
        typeof e.Count !== 'number' ||
        e.Count <= 0 ||
        !Number.isFinite(e.Value)
      )
        continue;
      m.set(e.Value, (m.get(e.Value) ?? 0) + e.Count);
    }
  }
  return [...m.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value);
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Nearest-rank percentiles of an X-Ray response-time histogram (values in seconds, results in ms):
 * the p-th percentile is the smallest value whose cumulative count reaches ⌈p/100 · total⌉.
 *
 * @example
 * histogramPercentiles([{ Value: 0.004, Count: 90 }, { Value: 0.12, Count: 10 }]).p95Ms; // 120
 */
export function histogramPercentiles(hist: readonly HistogramPoint[]): HistogramStats {
  const points = mergeHistograms(hist);
  const total = points.reduce((s, p) => s + p.count, 0);
  if (total === 0) return { count: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let cum = 0;
    for (const pt of points) {
      cum += pt.count;
      if (cum >= rank) return pt.value * 1000;
    }
    return points[points.length - 1]!.value * 1000;
  };
  const mean = points.reduce((s, p) => s + p.value * p.count, 0) / total;
  return {
    count: total,
    p50Ms: round3(at(50)),
    p90Ms: round3(at(90)),
    p95Ms: round3(at(95)),
    p99Ms: round3(at(99)),
    maxMs: round3(points[points.length - 1]!.value * 1000),
    meanMs: round3(mean * 1000),
  };
}

/**
 * An X-Ray histogram as the load test's chart input: percentiles plus the counts re-binned into the
 * load test's log-spaced buckets, so a deployed service and a local run draw on the same axes.
 *
 * @example
 * const svg = renderLatencyChartSvg([histogramToDistribution('prod, last hour', service.ResponseTimeHistogram)], { title });
 */
export function histogramToDistribution(label: string, hist: readonly HistogramPoint[]): LatencyDistribution {
  const stats = histogramPercentiles(hist);
  const edges = logBucketEdgesMs();
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const p of mergeHistograms(hist)) {
    const ms = p.value * 1000;
    let i = edges.findIndex((e) => e >= ms);
    if (i < 0) i = edges.length;
    counts[i]! += p.count;
  }
  const buckets = edges.map((upperMs, i) => ({ upperMs, count: counts[i]! }));
  if (counts[edges.length]! > 0)
    buckets.push({ upperMs: Number.POSITIVE_INFINITY, count: counts[edges.length]! });
  return { label, ...stats, buckets: trimBuckets(buckets) };
}
