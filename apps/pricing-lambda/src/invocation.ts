import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { correlationIdOf } from './http';
import type { Observability } from './observability';

/**
 * Per-invocation bookkeeping shared by the HTTP handlers: Lambda context and correlation id on every log line.
 * Returns the correlation id.
 */
export function beginInvocation(
  obs: Pick<Observability, 'logger'>,
  event: Partial<APIGatewayProxyEvent>,
  context: Context,
): string {
  const correlationId = correlationIdOf(event, context);
  obs.logger.addContext(context);
  obs.logger.setCorrelationId(correlationId);
  return correlationId;
}

/**
 * Tracks whether an entry point has been invoked before in this container, and emits the `ColdStart` metric on the
 * first invocation (a warm-up that lands on a new container is a cold start the keep-warm rule absorbed).
 */
export function coldStartTracker(
  metrics: Pick<Observability['metrics'], 'captureColdStartMetric'>,
): () => boolean {
  let invoked = false;
  return () => {
    const first = !invoked;
    invoked = true;
    if (first) metrics.captureColdStartMetric();
    return first;
  };
}
