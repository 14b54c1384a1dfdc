import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Tracing } from './observability';

/**
 * {@link Tracing} on Powertools Tracer (X-Ray SDK underneath): spans are X-Ray subsegments, active only inside Lambda
 * with active tracing. The only file that knows the tracer is X-Ray; ADR 0009 plans the move to OpenTelemetry.
 *
 * @example
 * const tracing = new PowertoolsTracing(new Tracer({ serviceName: 'pricing' }));
 * await tracing.span('opinion.get', () => store.get(id));
 */
/** A span while it is open: its subsegment and the segment to restore. */
interface Scope {
  readonly parent: NonNullable<ReturnType<Tracer['getSegment']>>;
  readonly sub: ReturnType<NonNullable<ReturnType<Tracer['getSegment']>>['addNewSubsegment']>;
}

export class PowertoolsTracing implements Tracing {
  constructor(private readonly tracer: Tracer) {}

  get enabled(): boolean {
    return this.tracer.isTracingEnabled();
  }

  async span<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const scope = this.enter(name);
    if (!scope) return fn();
    try {
      return await fn();
    } catch (err) {
      scope.sub.addError(err as Error);
      throw err;
    } finally {
      this.leave(scope);
    }
  }

  spanSync<T>(name: string, fn: () => T): T {
    const scope = this.enter(name);
    if (!scope) return fn();
    try {
      return fn();
    } catch (err) {
      scope.sub.addError(err as Error);
      throw err;
    } finally {
      this.leave(scope);
    }
  }

  /** Opens a subsegment of the current segment and makes it current; undefined when tracing is off or has no segment. */
  private enter(name: string): Scope | undefined {
    const parent = this.enabled ? this.tracer.getSegment() : undefined;
    if (!parent) return undefined;
    const sub = parent.addNewSubsegment(name);
    this.tracer.setSegment(sub);
    return { parent, sub };
  }

  /** Closes the subsegment and makes its parent current again. */
  private leave(scope: Scope): void {
    scope.sub.close();
    this.tracer.setSegment(scope.parent);
  }

  /** Lambda's own segment is a read-only facade: the invocation gets a `## name` subsegment for its annotations. */
  invocation<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.span(`## ${name}`, async () => {
      this.tracer.annotateColdStart();
      this.tracer.addServiceNameAnnotation();
      return fn();
    });
  }

  annotate(key: string, value: string | number | boolean): void {
    if (this.enabled) this.tracer.putAnnotation(key, value);
  }

  instrumentAwsClient<C>(client: C): C {
    return this.tracer.captureAWSv3Client(client);
  }
}
