/**
 * Extracts the metric values of one CloudWatch Embedded Metric Format log line (what Powertools Metrics
 * prints), e.g. `{"_aws":{"CloudWatchMetrics":[{"Metrics":[{"Name":"CacheSourceL1"}]}]},"CacheSourceL1":1}`
 * → `{ CacheSourceL1: 1 }`. Returns undefined for any other line. Array values (several data points) are summed.
 *
 * @example
 * const m = parseEmfLine(line); if (m) for (const [k, v] of Object.entries(m)) totals.add(k, v);
 */
export function parseEmfLine(line: string): Record<string, number> | undefined {
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
  const out: Record<string, number> = {};
  for (const directive of aws.CloudWatchMetrics) {
    for (const m of directive.Metrics ?? []) {
      if (typeof m.Name !== 'string') continue;
      const v = (doc as Record<string, unknown>)[m.Name];
      const sum = Array.isArray(v)
        ? v.reduce((s: number, x) => s + (typeof x === 'number' ? x : 0), 0)
        : typeof v === 'number'
          ? v
          : 0;
      out[m.Name] = (out[m.Name] ?? 0) + sum;
    }
  }
  return out;
}

/** Sums of EMF metrics (counts) across all containers of a run. */
export class MetricTotals {
  private readonly sums = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  addLine(line: string): boolean {
    const m = parseEmfLine(line);
    if (!m) return false;
    for (const [k, v] of Object.entries(m)) {
      this.sums.set(k, (this.sums.get(k) ?? 0) + v);
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    }
    return true;
  }

  sum(name: string): number {
    return this.sums.get(name) ?? 0;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.sums.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
