import type { Span } from './types/segment';

/** One row of the per-subsegment table. */
export interface SpanRow {
  name: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  errors: number;
}

/** The slowest requests and where their time went. */
export interface TraceBreakdown {
  traceId: string;
  rootName: string;
  totalMs: number;
  annotations: Record<string, string | number | boolean>;
  parts: { name: string; durationMs: number }[];
}

/** Nearest-rank percentile of an ascending array (p in [0, 100]). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Latency per subsegment name (count, p50, p95, p99, max) and per trace (to show the breakdown of the
 * slowest requests). Keeps at most `maxPerName` samples per name (reservoir), so a long run stays bounded.
 *
 * @example
 * const stats = new SpanStats();
 * stats.add(span);
 * console.log(renderTable(stats.rows()));
 */
export class SpanStats {
  private readonly samples = new Map<string, { values: number[]; seen: number; errors: number }>();
  private readonly traces = new Map<string, Span[]>();
  private readonly traceOrder: string[] = [];

  constructor(private readonly o: { maxPerName?: number; maxTraces?: number } = {}) {}

  add(span: Span): void {
    let s = this.samples.get(span.name);
    if (!s) this.samples.set(span.name, (s = { values: [], seen: 0, errors: 0 }));
    s.seen++;
    if (span.error) s.errors++;
    const cap = this.o.maxPerName ?? 200_000;
    if (s.values.length < cap) s.values.push(span.durationMs);
    else {
      const j = Math.floor(Math.random() * s.seen);
      if (j < cap) s.values[j] = span.durationMs;
    }
    if (span.traceId) {
      let t = this.traces.get(span.traceId);
      if (!t) {
        this.traces.set(span.traceId, (t = []));
        this.traceOrder.push(span.traceId);
        const maxTraces = this.o.maxTraces ?? 50_000;
        if (this.traceOrder.length > maxTraces) this.traces.delete(this.traceOrder.shift()!);
      }
      t.push(span);
    }
  }

  get spanCount(): number {
    let n = 0;
    for (const s of this.samples.values()) n += s.seen;
    return n;
  }

  /** One row per subsegment name, in a stable order: the contract's names first, then the rest by name. */
  rows(): SpanRow[] {
    const order = [
      'opinion.get',
      'cache.l1',
      'cache.l2',
      'compute',
      'model.goals',
      'model.cards',
      'model.corners',
      'model.players',
      'price',
    ];
    const names = [...this.samples.keys()].sort((a, b) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
      return a.localeCompare(b);
    });
    return names.map((name) => {
      const s = this.samples.get(name)!;
      const sorted = [...s.values].sort((a, b) => a - b);
      return {
        name,
        count: s.seen,
        p50Ms: round3(percentile(sorted, 50)),
        p95Ms: round3(percentile(sorted, 95)),
        p99Ms: round3(percentile(sorted, 99)),
        maxMs: round3(sorted[sorted.length - 1] ?? 0),
        meanMs: round3(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
        errors: s.errors,
      };
    });
  }

  /**
   * The `n` slowest traces by their longest span (the handler's `## price` subsegment in Lambda) with
   * the time of each other span in them, slowest first.
   */
  slowest(n: number): TraceBreakdown[] {
    const out: TraceBreakdown[] = [];
    for (const [traceId, spans] of this.traces) {
      const root = spans.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
      const annotations = Object.assign(
        {},
        ...spans.map((s) => s.annotations),
      ) as TraceBreakdown['annotations'];
      out.push({
        traceId,
        rootName: root.name,
        totalMs: round3(root.durationMs),
        annotations,
        parts: spans
          .filter((s) => s !== root)
          .sort((a, b) => a.startTime - b.startTime)
          .map((s) => ({ name: s.name, durationMs: round3(s.durationMs) })),
      });
    }
    return out.sort((a, b) => b.totalMs - a.totalMs).slice(0, n);
  }

  reset(): void {
    this.samples.clear();
    this.traces.clear();
    this.traceOrder.length = 0;
  }
}

/** A fixed-width table of {@link SpanRow}s for the terminal. */
export function renderSpanTable(rows: readonly SpanRow[]): string {
  const header = ['subsegment', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'];
  const body = rows.map((r) => [
    r.name,
    String(r.count),
    r.p50Ms.toFixed(3),
    r.p95Ms.toFixed(3),
    r.p99Ms.toFixed(3),
    r.maxMs.toFixed(3),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The slowest traces, one line each: `12.3 ms  ## price  [fixtureId=…, cacheSource=COMPUTED]  opinion.get 1.2 · model.goals 8.0 · …`. */
export function renderSlowest(traces: readonly TraceBreakdown[]): string {
  return traces
    .map((t) => {
      const ann = Object.entries(t.annotations)
        .filter(([k]) => k !== 'ColdStart' && k !== 'Service')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      const parts = t.parts.map((p) => `${p.name} ${p.durationMs.toFixed(2)}`).join(' · ');
      return `${t.totalMs.toFixed(2).padStart(9)} ms  ${t.rootName}${ann ? `  [${ann}]` : ''}  ${parts}`;
    })
    .join('\n');
}
