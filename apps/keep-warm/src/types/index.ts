/** The outcome of one warm-up invocation. */
export type WarmupOutcome =
  | { readonly ok: true; readonly containerId: string; readonly coldStart: boolean }
  | { readonly ok: false; readonly reason: string };

/** What one keep-warm run did: returned by the handler, logged, and emitted as EMF metrics. */
export interface WarmupSummary {
  readonly targetFunctionName: string;
  /** Invocations fired concurrently. */
  readonly requested: number;
  readonly succeeded: number;
  /** Invocations that threw, timed out, returned a function error or an unreadable payload. */
  readonly failed: number;
  /** Distinct execution environments that answered (the number of containers known to be warm now). */
  readonly distinctContainers: number;
  /** Answers from containers that had just cold-started (this run paid for their init). */
  readonly coldStarts: number;
  readonly containerIds: readonly string[];
  /** Up to five distinct failure reasons, for the log line. */
  readonly failureReasons: readonly string[];
  readonly durationMs: number;
}

/** The slice of Powertools Metrics the handler uses (so tests can pass a real Metrics instance). */
export interface MetricsSink {
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): void;
  publishStoredMetrics(): void;
}

/** The slice of a Powertools Logger the handler uses. */
export interface LogSink {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
