/** One bucket of a latency histogram: `count` observations in (previous upperMs, upperMs]. */
export interface LatencyBucket {
  upperMs: number;
  count: number;
}

/** Percentiles (ms) of a latency distribution, plus its count, mean and max. */
export interface LatencyPercentiles {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/**
 * A latency distribution as the chart and the report see it: the load test builds it from an
 * HdrHistogram, the X-Ray tool from a response-time histogram.
 */
export interface LatencyDistribution extends LatencyPercentiles {
  /** Legend label, e.g. `C: tiered + primer`. */
  label: string;
  /** Log-spaced buckets, ascending, empty buckets at both ends trimmed. */
  buckets: LatencyBucket[];
}
