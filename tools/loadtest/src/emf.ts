/**
 * Extracts the metric values of one CloudWatch Embedded Metric Format log line (what Powertools Metrics
 * prints), e.g. `{"_aws":{"CloudWatchMetrics":[{"Metrics":[{"Name":"CacheSourceL1"}]}]},"CacheSourceL1":1}`
 * → `{ CacheSourceL1: [1] }` (every data point of each metric). Returns undefined for any other line.
 *
 * @example
 * const m = parseEmfLine(line); if (m) for (const [k, v] of Object.entries(m)) totals.add(k, v);
 */
export function parseEmfLine(line: string): Record<string, number[]> | undefined {
  const t = line.trim();
  if (!t.startsWith('{') || !t.includes('"_aws"')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return undefined;
  }
  const aws = (doc as { _aws?: { CloudWatchMetrics?: { Metrics?: { Name?: unknown }[] }[] } })._aws;
  if (!aws?.CloudWatchMetrics) return undefined;
  const out: Record<string, number[]> = {};
  for (const directive of aws.CloudWatchMetrics) {
    for (const m of directive.Metrics ?? []) {
      if (typeof m.Name !== 'string' || out[m.Name]) continue;
      const v = (doc as Record<string, unknown>)[m.Name];
      out[m.Name] = (Array.isArray(v) ? v : [v]).filter((x): x is number => typeof x === 'number');
    }
  }
  return out;
}

/** Sums and data-point counts of EMF metrics across all containers of a run. */
export class MetricTotals {
  private readonly sums = new Map<string, number>();
  private readonly points = new Map<string, number>();

  /** Adds an EMF line's metrics; false when the line is not EMF (so the caller can log it instead). */
  addLine(line: string): boolean {
    const m = parseEmfLine(line);
    if (!m) return false;
    for (const [k, values] of Object.entries(m)) {
      this.sums.set(k, (this.sums.get(k) ?? 0) + values.reduce((a, b) => a + b, 0));
      this.points.set(k, (this.points.get(k) ?? 0) + values.length);
    }
    return true;
  }

  /** Sum of all values (counters). */
  sum(name: string): number {
    return this.sums.get(name) ?? 0;
  }

  /** Number of data points (e.g. how many times `ModelBuildTime` was recorded = model builds). */
  count(name: string): number {
    return this.points.get(name) ?? 0;
  }

  toJSON(): Record<string, { sum: number; count: number }> {
    return Object.fromEntries(
      [...this.sums.keys()]
        .sort()
        .map((k) => [k, { sum: Math.round(this.sum(k) * 1000) / 1000, count: this.count(k) }]),
    );
  }
}
