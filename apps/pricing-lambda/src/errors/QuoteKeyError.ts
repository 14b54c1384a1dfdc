/**
 * Why the quote signing keys are not at hand:
 * - `UNAVAILABLE`: the secret store could not be read in time (a price or a verification answers 503);
 * - `INVALID_SECRET`: the secret does not hold keys in the documented shape (misconfiguration: 500, logged).
 */
export type QuoteKeyErrorCode = 'UNAVAILABLE' | 'INVALID_SECRET';

/** The quote keys could not be loaded; the Secrets Manager error (if any) is the `cause`. */
export class QuoteKeyError extends Error {
  override readonly name = 'QuoteKeyError';
  constructor(
    readonly code: QuoteKeyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
