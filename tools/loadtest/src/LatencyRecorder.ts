import { build, type Histogram } from 'hdr-histogram-js';
import {
  logBucketEdgesMs,
  trimBuckets,
  type LatencyBucket,
  type LatencyDistribution,
} from '@betbuilder/latency-chart';

/**
 * Records latencies in an HdrHistogram with microsecond resolution (3 significant digits, so a
 * percentile is exact to 0.1%) plus log-spaced bucket counts for the chart.
 *
 * @example
 * const rec = new LatencyRecorder('C');
 * rec.record(3.21);
 * rec.summary().p95Ms;
 */
export class LatencyRecorder {
  private readonly hist: Histogram;
  private readonly edges = logBucketEdgesMs();
  private readonly counts: Float64Array;

  constructor(readonly label: string) {
    this.hist = build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: 3_600_000_000, // 1 hour in µs
      numberOfSignificantValueDigits: 3,
    });
    this.counts = new Float64Array(this.edges.length + 1);
  }

  get count(): number {
    return this.hist.totalCount;
  }

  /** Records one latency in milliseconds (values under 1 µs count as 1 µs). */
  record(latencyMs: number): void {
    const us = Math.max(1, Math.round(latencyMs * 1000));
    this.hist.recordValue(us);
    this.counts[bucketIndex(this.edges, latencyMs)]! += 1;
  }

  /** The latency (ms) at a percentile in [0, 100]. */
  percentileMs(p: number): number {
    if (this.hist.totalCount === 0) return 0;
    // HdrHistogram reports the highest value equivalent to the bucket; never above the true max.
    return Math.min(this.hist.getValueAtPercentile(p), this.hist.maxValue) / 1000;
  }

  summary(): LatencyDistribution {
    const n = this.hist.totalCount;
    const buckets: LatencyBucket[] = [];
    for (let i = 0; i < this.edges.length; i++) {
      buckets.push({ upperMs: this.edges[i] as number, count: this.counts[i] as number });
    }
    const overflow = this.counts[this.edges.length] as number;
    if (overflow > 0) buckets.push({ upperMs: Number.POSITIVE_INFINITY, count: overflow });
    return {
      label: this.label,
      count: n,
      p50Ms: round3(this.percentileMs(50)),
      p90Ms: round3(this.percentileMs(90)),
      p95Ms: round3(this.percentileMs(95)),
      p99Ms: round3(this.percentileMs(99)),
      maxMs: n === 0 ? 0 : round3(this.hist.maxValue / 1000),
      meanMs: n === 0 ? 0 : round3(this.hist.mean / 1000),
      buckets: trimBuckets(buckets),
    };
  }

  /** Frees the histogram's memory (matters only with WebAssembly histograms; harmless otherwise). */
  destroy(): void {
    this.hist.destroy();
  }
}

function bucketIndex(edges: readonly number[], ms: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) >= ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
