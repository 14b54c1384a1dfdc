/**
 * Why a quote token was refused (all are `INVALID_QUOTE` to the client):
 * - `MALFORMED`: not a token this service writes (shape, encoding, fields, legs);
 * - `UNSUPPORTED_VERSION`: a token format version this service does not read;
 * - `UNKNOWN_KEY`: signed with a key id that is neither the current nor the previous key;
 * - `BAD_SIGNATURE`: the MAC does not match (tampered or forged).
 */
export type QuoteTokenReason = 'MALFORMED' | 'UNSUPPORTED_VERSION' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE';

/** A quote token that cannot be trusted; `code` is the contract's `INVALID_QUOTE`, `reason` says why (for logs). */
export class QuoteTokenError extends Error {
  override readonly name = 'QuoteTokenError';
  readonly code = 'INVALID_QUOTE';
  constructor(
    readonly reason: QuoteTokenReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
