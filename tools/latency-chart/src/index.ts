export type { LatencyBucket, LatencyDistribution, LatencyPercentiles } from './latency';
export { logBucketEdgesMs, trimBuckets } from './buckets';
export { renderLatencyChartSvg, svgToPng, fmtMs, type ChartOptions } from './chart';
