import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { correlationIdOf } from './http';
import type { Observability } from './observability';

/**
 * Per-invocation bookkeeping shared by the HTTP handlers: Lambda context and correlation id on every log line,
 * and the cold-start metric on the container's first invocation. Returns the correlation id.
 */
export function beginInvocation(
  obs: Pick<Observability, 'logger' | 'metrics'>,
  event: Partial<APIGatewayProxyEvent>,
  context: Context,
  coldStart: boolean,
): string {
  const correlationId = correlationIdOf(event, context);
  obs.logger.addContext(context);
  obs.logger.setCorrelationId(correlationId);
  if (coldStart) obs.metrics.captureColdStartMetric();
  return correlationId;
}

/** Tracks whether an entry point has been invoked before in this container. */
export function coldStartTracker(): () => boolean {
  let invoked = false;
  return () => {
    const first = !invoked;
    invoked = true;
    return first;
  };
}
