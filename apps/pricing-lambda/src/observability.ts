import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Config } from './types/config';

/** The Powertools utilities one container shares across invocations. */
export interface Observability {
  readonly logger: Logger;
  readonly tracer: Tracer;
  readonly metrics: Metrics;
}

/**
 * Builds the logger (JSON, correlation id per request), tracer (X-Ray; active only inside Lambda) and metrics (EMF).
 *
 * @example
 * const { logger, tracer, metrics } = createObservability(loadConfig());
 */
export function createObservability(config: Config): Observability {
  const logger = new Logger({
    serviceName: config.serviceName,
    ...(config.logLevel ? { logLevel: config.logLevel.toUpperCase() as 'INFO' } : {}),
  });
  const tracer = new Tracer({ serviceName: config.serviceName });
  const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName });
  return { logger, tracer, metrics };
}

/**
 * Runs `fn` inside an X-Ray subsegment named `name` (a no-op when tracing is off, e.g. outside Lambda).
 * The subsegment becomes the current segment while `fn` runs, so nested subsegments hang under it.
 */
export async function traceAsync<T>(tracer: Tracer, name: string, fn: () => Promise<T>): Promise<T> {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!parent) return fn();
  const sub = parent.addNewSubsegment(name);
  tracer.setSegment(sub);
  try {
    return await fn();
  } catch (err) {
    sub.addError(err as Error);
    throw err;
  } finally {
    sub.close();
    tracer.setSegment(parent);
  }
}

/** Synchronous twin of {@link traceAsync} (model sections and pricing are CPU-only). */
export function traceSync<T>(tracer: Tracer, name: string, fn: () => T): T {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!parent) return fn();
  const sub = parent.addNewSubsegment(name);
  tracer.setSegment(sub);
  try {
    return fn();
  } catch (err) {
    sub.addError(err as Error);
    throw err;
  } finally {
    sub.close();
    tracer.setSegment(parent);
  }
}

/**
 * Wraps one invocation in the handler's own `## <name>` subsegment (Lambda's segment is a read-only facade),
 * so the request's annotations (fixtureId, cacheSource) have somewhere to live.
 */
export async function traceInvocation<T>(tracer: Tracer, name: string, fn: () => Promise<T>): Promise<T> {
  return traceAsync(tracer, `## ${name}`, async () => {
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    return fn();
  });
}

/** Adds an X-Ray annotation to the current subsegment when tracing is on. */
export function annotate(tracer: Tracer, key: string, value: string | number | boolean): void {
  if (tracer.isTracingEnabled()) tracer.putAnnotation(key, value);
}

/** Publishes the invocation's metrics, if it recorded any (an empty flush would only log a warning). */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
