import { LambdaClient } from '@aws-sdk/client-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { loadConfig, type KeepWarmConfig } from './config';
import type { LogSink, MetricsSink, WarmupSummary } from './types';
import { warmUp } from './warmUp';

/** Everything the handler needs; built once per container in production, injected in tests. */
export interface KeepWarmDeps {
  readonly lambda: LambdaClient;
  readonly config: KeepWarmConfig;
  readonly logger: LogSink;
  readonly metrics: MetricsSink;
}

/** EMF metric names (namespace `BetBuilder`, service `keep-warm`), used by the CDK dashboard. */
export const KEEP_WARM_METRICS = {
  requested: 'WarmupInvocations',
  failures: 'WarmupFailures',
  warmContainers: 'WarmContainers',
  coldStarts: 'WarmupColdStarts',
  duration: 'WarmupDurationMs',
} as const;

/**
 * Builds the keep-warm handler: N concurrent warm-ups, one log line, EMF metrics. Fails soft: a
 * failed warm-up is a counted metric, not an exception, so EventBridge never retries a run (a
 * retry would only pile more invocations on a target that is already struggling).
 *
 * @example
 * const handler = createHandler({ lambda: new LambdaClient({}), config: loadConfig(process.env), logger, metrics });
 * const summary = await handler();
 */
export function createHandler(deps: KeepWarmDeps): (event?: unknown) => Promise<WarmupSummary> {
  return async () => {
    const summary = await warmUp({
      lambda: deps.lambda,
      targetFunctionName: deps.config.targetFunctionName,
      concurrency: deps.config.concurrency,
      invokeTimeoutMs: deps.config.invokeTimeoutMs,
    });
    deps.metrics.addMetric(KEEP_WARM_METRICS.requested, MetricUnit.Count, summary.requested);
    deps.metrics.addMetric(KEEP_WARM_METRICS.failures, MetricUnit.Count, summary.failed);
    deps.metrics.addMetric(KEEP_WARM_METRICS.warmContainers, MetricUnit.Count, summary.distinctContainers);
    deps.metrics.addMetric(KEEP_WARM_METRICS.coldStarts, MetricUnit.Count, summary.coldStarts);
    deps.metrics.addMetric(KEEP_WARM_METRICS.duration, MetricUnit.Milliseconds, summary.durationMs);
    deps.metrics.publishStoredMetrics();
    if (summary.failed > 0) {
      deps.logger.warn('keep-warm run had failed invocations', { summary });
    } else {
      deps.logger.info('keep-warm run', { summary });
    }
    return summary;
  };
}

const serviceName = 'keep-warm';
const logger = new Logger({ serviceName });
const metrics = new Metrics({
  serviceName,
  namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'BetBuilder',
});
const tracer = new Tracer({ serviceName });

// Built at cold start; a bad environment is reported on every invocation (and by the Errors alarm)
// instead of crashing init, which would hide the message behind a generic Runtime.ExitError.
let bootError: Error | undefined;
let wired: ((event?: unknown) => Promise<WarmupSummary>) | undefined;
try {
  wired = createHandler({
    lambda: tracer.captureAWSv3Client(new LambdaClient({})),
    config: loadConfig(process.env),
    logger,
    metrics,
  });
} catch (error) {
  bootError = error instanceof Error ? error : new Error(String(error));
}

/** The Lambda entry point (EventBridge scheduled event). */
export async function handler(event?: unknown): Promise<WarmupSummary> {
  if (!wired) {
    logger.error('keep-warm is misconfigured', { error: bootError });
    throw bootError ?? new Error('keep-warm is not initialised');
  }
  return wired(event);
}
