import type { Context } from 'aws-lambda';
import { lambdaContext } from '../lambdaContext';

/** What one invocation of a hosted function returned. */
export interface InvokeResult<R = unknown> {
  /** The handler's return value (for API handlers an API Gateway proxy result). */
  result: R;
  /** Which execution environment served it (1 for an in-process host). */
  containerId: number;
  /** True when this invocation started its environment (it paid the init). */
  coldStart: boolean;
  /** The environment's init duration (ms), on cold starts. */
  initMs?: number;
  /** Time inside the handler (ms). */
  durationMs: number;
}

/** The handler threw, timed out or its environment died: Lambda would answer a function error (502 behind API Gateway). */
export class FunctionInvokeError extends Error {
  readonly code: 'HANDLER_ERROR' | 'CONTAINER_DIED' | 'INIT_ERROR' | 'POOL_STOPPED' | 'TIMEOUT';
  constructor(code: FunctionInvokeError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FunctionInvokeError';
    this.code = code;
  }
}

export interface InvokeOptions {
  /**
   * How long the invocation may wait for a free execution environment at the concurrency limit (the caller, like API
   * Gateway, has given up by then); it then rejects with `TIMEOUT`. A host without a limit never waits.
   */
  readonly maxQueueMs?: number;
}

/**
 * One Lambda function run locally, whatever runs it: in this process ({@link InProcessFunction}, the local API) or in
 * Lambda-like child processes (`FunctionPool`, the load test). The API front, the stream dispatcher and the tools talk
 * to this interface only.
 */
export interface FunctionHost<E = unknown, R = unknown> {
  readonly name: string;
  invoke(event: E, opts?: InvokeOptions): Promise<InvokeResult<R>>;
  stop(): Promise<void>;
}

/** A Lambda handler as exported by the handler modules (async, no callback). */
export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

export interface InProcessFunctionOptions {
  /** The function's name (the context's functionName). */
  readonly name: string;
  /** The function's timeout (the context's remaining time starts there). @default 29_000 (API Gateway's integration limit) */
  readonly timeoutMs?: number;
}

/**
 * A handler run in this process, sharing its clients with the caller: one warm "container" that never queues (the
 * handlers are async, so concurrent invocations interleave as they would in as many containers sharing one L1). A
 * throw is a `HANDLER_ERROR`, as FunctionPool reports it.
 *
 * @example
 * const price = new InProcessFunction({ name: 'local-price' }, createPriceHandler(runtime));
 * const { result } = await price.invoke(toApiGatewayEvent(req, body));
 */
export class InProcessFunction<E = unknown, R = unknown> implements FunctionHost<E, R> {
  private invoked = false;
  private stopped = false;

  constructor(
    private readonly o: InProcessFunctionOptions,
    private readonly handler: LambdaHandler<E, R>,
  ) {}

  get name(): string {
    return this.o.name;
  }

  async invoke(event: E): Promise<InvokeResult<R>> {
    if (this.stopped) throw new FunctionInvokeError('POOL_STOPPED', `${this.o.name}: stopped`);
    const coldStart = !this.invoked;
    this.invoked = true;
    const started = performance.now();
    let result: R;
    try {
      result = await this.handler(event, lambdaContext(this.o.name, this.o.timeoutMs));
    } catch (err) {
      throw new FunctionInvokeError(
        'HANDLER_ERROR',
        `${this.o.name} handler threw ${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`,
        { cause: err },
      );
    }
    return {
      result,
      containerId: 1,
      coldStart,
      ...(coldStart ? { initMs: 0 } : {}),
      durationMs: performance.now() - started,
    };
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}
