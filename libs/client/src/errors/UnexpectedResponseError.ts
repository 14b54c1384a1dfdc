/**
 * An answer that is not the contract's: a status without the error body (a proxy's 502 page, a local 404), or a 2xx
 * body that is not JSON (code `UNEXPECTED_RESPONSE`). `body` holds the first 1000 characters.
 *
 * @example
 * catch (err) { if (err instanceof UnexpectedResponseError) console.log(err.status, err.body); }
 */
export class UnexpectedResponseError extends Error {
  readonly code = 'UNEXPECTED_RESPONSE' as const;
  readonly operation: string;
  readonly status: number;
  readonly body: string;
  constructor(operation: string, status: number, body: string) {
    super(`${operation}: unexpected ${status} answer`);
    this.name = 'UnexpectedResponseError';
    this.operation = operation;
    this.status = status;
    this.body = body.slice(0, 1000);
  }
}
