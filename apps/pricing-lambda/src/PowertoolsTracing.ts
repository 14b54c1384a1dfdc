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

type SegmentLike = Scope['parent'];

function isClosed(s: SegmentLike): boolean {
  return 'isClosed' in s && typeof s.isClosed === 'function' && s.isClosed() === true;
}

/** `s`, or its nearest ancestor that is still open (a subsegment's parent is a segment or subsegment). */
function openAncestor(s: SegmentLike): SegmentLike {
  let at = s;
  while (isClosed(at) && 'parent' in at && at.parent !== undefined) at = at.parent;
  return at;
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
    const current = this.enabled ? this.tracer.getSegment() : undefined;
    if (!current) return undefined;
    const parent = openAncestor(current);
    const sub = parent.addNewSubsegment(name);
    this.tracer.setSegment(sub);
    return { parent, sub };
  }

  /**
   * Closes the subsegment and makes its parent current again. Spans may overlap without nesting (two cache writes
   * waited for side by side), and the tracer has one current segment: a span that ends while a sibling is current
   * leaves it current, and the current segment is never left on a closed one.
   */
  private leave(scope: Scope): void {
    scope.sub.close();
    const current = this.tracer.getSegment();
    if (current === undefined || current === scope.sub || isClosed(current)) {
      this.tracer.setSegment(openAncestor(scope.parent));
    }
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
