import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import {
  FunctionInvokeError,
  type FunctionHost,
  type InvokeOptions,
  type InvokeResult,
} from './FunctionHost';

export interface FunctionPoolOptions {
  /** Function name (logs, AWS_LAMBDA_FUNCTION_NAME). */
  name: string;
  /** The esbuild bundle of the handler module. */
  bundleFile: string;
  /** Exported handler name. @default 'handler' */
  handlerName?: string;
  /** Environment of every container (on top of PATH/HOME/NODE_PATH of this process). */
  env: Record<string, string>;
  /** Concurrency limit: at most this many containers ever run. */
  maxContainers: number;
  /** Per-invocation timeout (ms). @default 10000 */
  timeoutMs?: number;
  /** Receives every stdout/stderr line of every container (handler logs). */
  onLine?: (line: string, containerId: number, stream: 'stdout' | 'stderr') => void;
  /** Builds the per-invocation `_X_AMZN_TRACE_ID` (X-Ray), when tracing. */
  traceHeader?: () => string;
  /** Run containers this much nicer than this process (0 = same priority). @default 0 */
  niceness?: number;
}

interface Container {
  id: number;
  child: ChildProcess;
  busy: boolean;
  ready: Promise<number>;
  pending: Map<
    string,
    {
      resolve: (r: { result: unknown; durationMs: number }) => void;
      reject: (e: Error) => void;
      timer: NodeJS.Timeout;
    }
  >;
  dead: boolean;
}

interface Waiter {
  event: unknown;
  resolve: (r: InvokeResult) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

export interface PoolStats {
  containers: number;
  coldStarts: number;
  invocations: number;
  /** Invocations that waited for a busy container because the pool was at its limit. */
  queued: number;
  /** Queued invocations dropped because their caller's deadline passed first. */
  queueTimeouts: number;
  initMs: number[];
}

const RUNTIME = join(__dirname, 'workerRuntime.cjs');

/**
 * A local stand-in for one Lambda function's scaling: each container is a separate Node.js process
 * running the real handler bundle with its own memory (its own L1), serving one request at a time.
 * A request goes to an idle container; when none is idle a new container starts and the request
 * pays its cold start; at `maxContainers` requests wait for the first container to free up
 * (where Lambda would throttle, the load test queues, so the wait shows up in latency).
 *
 * @example
 * const pool = new FunctionPool({ name: 'price', bundleFile, env, maxContainers: 8 });
 * const { result, coldStart } = await pool.invoke(apiGatewayEvent);
 * await pool.stop();
 */
export class FunctionPool implements FunctionHost {
  private readonly containers: Container[] = [];
  private readonly queue: Waiter[] = [];
  private nextId = 1;
  private stopped = false;
  private readonly s: PoolStats = {
    containers: 0,
    coldStarts: 0,
    invocations: 0,
    queued: 0,
    queueTimeouts: 0,
    initMs: [],
  };

  constructor(private readonly o: FunctionPoolOptions) {
    if (!(o.maxContainers >= 1)) throw new RangeError(`maxContainers must be >= 1, got ${o.maxContainers}`);
  }

  get name(): string {
    return this.o.name;
  }

  stats(): PoolStats {
    return { ...this.s, initMs: [...this.s.initMs] };
  }

  /** Live containers (started and not dead). */
  get size(): number {
    return this.containers.filter((c) => !c.dead).length;
  }

  /**
   * Invokes the function. `maxQueueMs` bounds how long the request may wait for a container at the
   * concurrency limit (the caller, like API Gateway, has given up by then); it then rejects with TIMEOUT.
   */
  invoke(event: unknown, opts: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.stopped)
      return Promise.reject(new FunctionInvokeError('POOL_STOPPED', `${this.o.name}: pool stopped`));
    this.s.invocations++;
    const idle = this.containers.find((c) => !c.busy && !c.dead);
    if (idle) return this.run(idle, event, false);
    if (this.size < this.o.maxContainers) return this.run(this.start(), event, true);
    this.s.queued++;
    return new Promise<InvokeResult>((resolve, reject) => {
      const w: Waiter = { event, resolve, reject };
      if (opts.maxQueueMs !== undefined) {
        w.timer = setTimeout(() => {
          const i = this.queue.indexOf(w);
          if (i >= 0) this.queue.splice(i, 1);
          this.s.queueTimeouts++;
          reject(
            new FunctionInvokeError(
              'TIMEOUT',
              `${this.o.name}: no container free within ${opts.maxQueueMs} ms`,
            ),
          );
        }, opts.maxQueueMs);
      }
      this.queue.push(w);
    });
  }

  /**
   * What the keep-warm Lambda does: `n` concurrent `{"warmup": true}` invocations, so `n` containers
   * start (paying their cold starts now) and stay warm. Returns the warm-up responses.
   */
  async warm(n: number): Promise<unknown[]> {
    const k = Math.min(n, this.o.maxContainers);
    const results = await Promise.all(Array.from({ length: k }, () => this.invoke({ warmup: true })));
    return results.map((r) => r.result);
  }

  /**
   * SIGKILLs one container that is serving a request (a Lambda crash: its request fails, the next one starts a new
   * container). Returns the container's id, or undefined when none was busy.
   */
  killBusyContainer(): number | undefined {
    const c = this.containers.find((x) => x.busy && !x.dead && x.pending.size > 0);
    if (!c) return undefined;
    c.child.kill('SIGKILL');
    return c.id;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.queue.splice(0)) {
      if (w.timer) clearTimeout(w.timer);
      w.reject(new FunctionInvokeError('POOL_STOPPED', `${this.o.name}: pool stopped`));
    }
    await Promise.all(
      this.containers.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.dead || c.child.exitCode !== null || c.child.signalCode !== null) return resolve();
            const t = setTimeout(() => c.child.kill('SIGKILL'), 2000);
            c.child.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.child.kill('SIGTERM');
          }),
      ),
    );
  }

  private start(): Container {
    const id = this.nextId++;
    const t0 = performance.now();
    const child = fork(RUNTIME, [], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...(process.env.NODE_PATH ? { NODE_PATH: process.env.NODE_PATH } : {}),
        ...this.o.env,
        AWS_LAMBDA_FUNCTION_NAME: this.o.name,
        LT_HANDLER_FILE: this.o.bundleFile,
        LT_HANDLER_NAME: this.o.handlerName ?? 'handler',
        LT_TIMEOUT_MS: String(this.o.timeoutMs ?? 10_000),
      },
      // Not this process's flags (tsx loader): a container runs the plain bundle, like Lambda.
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    if (this.o.niceness && child.pid !== undefined) {
      try {
        setPriority(child.pid, Math.min(19, getPriority() + this.o.niceness));
      } catch {
        // not permitted here: containers keep this process's priority
      }
    }
    const c: Container = {
      id,
      child,
      busy: true,
      pending: new Map(),
      dead: false,
      ready: Promise.resolve(0),
    };
    this.containers.push(c);
    this.s.containers++;
    this.s.coldStarts++;
    for (const stream of ['stdout', 'stderr'] as const) {
      let buf = '';
      child[stream]?.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim() !== '') this.o.onLine?.(line, id, stream);
        }
      });
    }
    c.ready = new Promise<number>((resolve, reject) => {
      const onMsg = (m: { type?: string; initMs?: number; error?: { message: string } }) => {
        if (m.type === 'ready') {
          child.off('message', onMsg);
          const initMs = performance.now() - t0;
          this.s.initMs.push(initMs);
          resolve(initMs);
        } else if (m.type === 'init-error') {
          child.off('message', onMsg);
          reject(
            new FunctionInvokeError(
              'INIT_ERROR',
              `${this.o.name} container ${id} failed to init: ${m.error?.message}`,
            ),
          );
        }
      };
      child.on('message', onMsg);
      child.once('exit', (code, sig) =>
        reject(
          new FunctionInvokeError(
            'CONTAINER_DIED',
            `${this.o.name} container ${id} exited during init (${code ?? sig})`,
          ),
        ),
      );
    });
    c.ready.catch(() => undefined);
    child.on(
      'message',
      (m: {
        type?: string;
        id?: string;
        ok?: boolean;
        result?: unknown;
        durationMs?: number;
        error?: { name: string; message: string };
      }) => {
        if (m.type !== 'result' || m.id === undefined) return;
        const p = c.pending.get(m.id);
        if (!p) return;
        c.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve({ result: m.result, durationMs: m.durationMs ?? 0 });
        else
          p.reject(
            new FunctionInvokeError(
              'HANDLER_ERROR',
              `${this.o.name} handler threw ${m.error?.name}: ${m.error?.message}`,
            ),
          );
      },
    );
    child.once('exit', (code, sig) => {
      c.dead = true;
      for (const p of c.pending.values()) {
        clearTimeout(p.timer);
        p.reject(
          new FunctionInvokeError('CONTAINER_DIED', `${this.o.name} container ${id} exited (${code ?? sig})`),
        );
      }
      c.pending.clear();
      // A container died: a waiting request may now start a new one.
      if (!this.stopped) this.drain();
    });
    return c;
  }

  private async run(c: Container, event: unknown, cold: boolean): Promise<InvokeResult> {
    c.busy = true;
    try {
      const initMs = await c.ready;
      const reqId = randomUUID();
      const traceHeader = this.o.traceHeader?.();
      const r = await new Promise<{ result: unknown; durationMs: number }>((resolve, reject) => {
        const timer = setTimeout(() => {
          c.pending.delete(reqId);
          reject(new FunctionInvokeError('TIMEOUT', `${this.o.name} container ${c.id} timed out`));
          // Lambda kills a timed-out environment; so do we.
          c.child.kill('SIGKILL');
        }, this.o.timeoutMs ?? 10_000);
        c.pending.set(reqId, { resolve, reject, timer });
        c.child.send({ type: 'invoke', id: reqId, requestId: reqId, event, traceHeader });
      });
      return {
        result: r.result,
        containerId: c.id,
        coldStart: cold,
        ...(cold ? { initMs } : {}),
        durationMs: r.durationMs,
      };
    } finally {
      this.release(c);
    }
  }

  private release(c: Container): void {
    c.busy = false;
    this.drain();
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const idle = this.containers.find((x) => !x.busy && !x.dead);
      let target: Container | undefined = idle;
      let cold = false;
      if (!target && this.size < this.o.maxContainers) {
        target = this.start();
        cold = true;
      }
      if (!target) return;
      const w = this.queue.shift()!;
      if (w.timer) clearTimeout(w.timer);
      target.busy = true;
      this.run(target, w.event, cold).then(w.resolve, w.reject);
    }
  }
}
