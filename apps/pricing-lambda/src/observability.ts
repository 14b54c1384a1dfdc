import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { PowertoolsTracing } from './PowertoolsTracing';
import type { Config } from './types/config';

/**
 * The tracing the handlers and services use, and all they may know of it. Powertools Tracer (X-Ray) implements it
 * today ({@link PowertoolsTracing}); an OpenTelemetry implementation can replace it without touching a handler
 * (ADR 0009: the X-Ray SDK for Node.js reaches end of support on 2027-02-25).
 */
export interface Tracing {
  /** True when spans are recorded (inside Lambda with active tracing); off locally and in tests. */
  readonly enabled: boolean;
  /** Runs `fn` in a child span of the current one; nested spans hang under it. A no-op wrapper when off. */
  span<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Synchronous twin of {@link Tracing.span} (model sections and pricing are CPU-only). */
  spanSync<T>(name: string, fn: () => T): T;
  /** One invocation's root span `## <name>`, carrying the cold-start and service annotations. */
  invocation<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** A searchable key/value on the current span (X-Ray annotation, OpenTelemetry attribute). */
  annotate(key: string, value: string | number | boolean): void;
  /** The AWS SDK v3 client, instrumented so that each call is a span. */
  instrumentAwsClient<C>(client: C): C;
}

/** The observability utilities one container shares across invocations. */
export interface Observability {
  readonly logger: Logger;
  readonly tracer: Tracing;
  readonly metrics: Metrics;
}

/**
 * Builds the logger (JSON, correlation id per request), tracing (X-Ray through Powertools; active only inside Lambda)
 * and metrics (EMF).
 *
 * @example
 * const { logger, tracer, metrics } = createObservability(loadConfig());
 */
export function createObservability(config: Config): Observability {
  const logger = new Logger({
    serviceName: config.serviceName,
    ...(config.logLevel ? { logLevel: config.logLevel.toUpperCase() as 'INFO' } : {}),
  });
  const tracer = new PowertoolsTracing(new Tracer({ serviceName: config.serviceName }));
  const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName });
  return { logger, tracer, metrics };
}

/** Runs `fn` inside a span named `name` (see {@link Tracing.span}). */
export function traceAsync<T>(tracer: Tracing, name: string, fn: () => Promise<T>): Promise<T> {
  return tracer.span(name, fn);
}

/** Synchronous twin of {@link traceAsync}. */
export function traceSync<T>(tracer: Tracing, name: string, fn: () => T): T {
  return tracer.spanSync(name, fn);
}

/** Wraps one invocation in the handler's own `## <name>` span (see {@link Tracing.invocation}). */
export function traceInvocation<T>(tracer: Tracing, name: string, fn: () => Promise<T>): Promise<T> {
  return tracer.invocation(name, fn);
}

/** Adds an annotation to the current span when tracing is on. */
export function annotate(tracer: Tracing, key: string, value: string | number | boolean): void {
  tracer.annotate(key, value);
}

/** Publishes the invocation's metrics, if it recorded any (an empty flush would only log a warning). */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
