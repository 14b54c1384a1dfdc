import type { LatencyBucket } from './latency';

/** Bucket edges for the chart: 20 per decade from 10 µs to 100 s. */
const BUCKETS_PER_DECADE = 20;
const MIN_EDGE_MS = 0.01;
const DECADES = 7;

/** The upper edges (ms) of the chart's log-spaced buckets. */
export function logBucketEdgesMs(): number[] {
  const edges: number[] = [];
  for (let i = 1; i <= BUCKETS_PER_DECADE * DECADES; i++) {
    edges.push(MIN_EDGE_MS * Math.pow(10, i / BUCKETS_PER_DECADE));
  }
  return edges;
}

/** Drops empty buckets at both ends (keeps the chart's x axis on the data). */
export function trimBuckets(buckets: LatencyBucket[]): LatencyBucket[] {
  let a = 0;
  let b = buckets.length;
  while (a < b && buckets[a]!.count === 0) a++;
  while (b > a && buckets[b - 1]!.count === 0) b--;
  return buckets.slice(a, b);
}
