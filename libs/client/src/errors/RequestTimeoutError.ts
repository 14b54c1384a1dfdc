/**
 * No answer within the attempt's `timeoutMs` (code `TIMEOUT`). Reads and prices are retried before this is thrown; a
 * write is not (it may have landed).
 *
 * @example
 * catch (err) { if (err instanceof RequestTimeoutError) console.log(err.timeoutMs); }
 */
export class RequestTimeoutError extends Error {
  readonly code = 'TIMEOUT' as const;
  readonly operation: string;
  readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`${operation}: no answer within ${timeoutMs} ms`, options);
    this.name = 'RequestTimeoutError';
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}
