/**
 * No HTTP answer: the connection was refused, reset or could not be resolved (`code`: the system error code, e.g.
 * `ECONNREFUSED`, or `NETWORK` when there is none). Retried by the client before it throws this.
 *
 * @example
 * catch (err) { if (err instanceof NetworkError) console.log(err.code); }
 */
export class NetworkError extends Error {
  readonly code: string;
  readonly operation: string;
  constructor(operation: string, code: string, options?: { cause?: unknown }) {
    super(`${operation}: no answer (${code})`, options);
    this.name = 'NetworkError';
    this.code = code;
    this.operation = operation;
  }
}
