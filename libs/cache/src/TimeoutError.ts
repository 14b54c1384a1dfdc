/**
 * Something did not settle within its deadline. Every timeout in the repository is this class or a subclass
 * ({@link ComputeTimeoutError}, `L2TimeoutError`), so callers detect a timeout with `instanceof TimeoutError` or by its
 * stable `code` — never by reading the message.
 *
 * @example
 * try { await withTimeout(dax.get(params), 800, 'DAX GetItem'); }
 * catch (err) { if (err instanceof TimeoutError) markUnavailable(err.operation); }
 */
export class TimeoutError extends Error {
  static readonly code: string = 'TIMEOUT';
  readonly code: string;

  constructor(
    /** What was waited for, e.g. `DAX GetItem` or `L2 get`. */
    readonly operation: string,
    readonly timeoutMs: number,
    options?: { message?: string; code?: string; cause?: unknown },
  ) {
    super(options?.message ?? `${operation} did not settle within ${timeoutMs} ms`, options);
    this.name = 'TimeoutError';
    this.code = options?.code ?? TimeoutError.code;
  }
}
