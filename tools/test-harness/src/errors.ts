/** Raised when a real service the tests need is not installed. Never swallowed into a skip. */
export class MissingServiceError extends Error {
  static readonly code = 'MISSING_SERVICE';
  readonly code = MissingServiceError.code;
  override readonly name = 'MissingServiceError';
}
