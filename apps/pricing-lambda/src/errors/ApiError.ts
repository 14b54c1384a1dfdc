/**
 * The error codes of the API contract (its "Errors" section), each with its HTTP status; the one list of codes (the
 * OpenAPI document's too).
 */
export const API_ERROR_STATUS = {
  INVALID_REQUEST: 400,
  FIXTURE_NOT_FOUND: 404,
  PLAYER_NOT_FOUND: 404,
  FIXTURE_SUSPENDED: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NO_PRICE: 422,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
  INVALID_QUOTE: 400,
  QUOTE_EXPIRED: 409,
  PRICE_CHANGED: 409,
  /** Answered by API Gateway (not a handler) outside the home region: see `wrongRegion.ts`. */
  WRONG_REGION: 421,
} as const satisfies Readonly<Record<string, number>>;

/** The error codes of the API contract. */
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** One field-level validation problem, e.g. `{ path: 'legs.1.line', message: 'must be a half-line' }`. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/**
 * An error that maps one-to-one onto the contract's error body and status.
 * Its message is written for the client: never put internal detail in it (keep that in `cause`).
 *
 * @example
 * throw new ApiError('FIXTURE_NOT_FOUND', `no opinion stored for fixture 'x'`);
 */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.status = API_ERROR_STATUS[code];
  }
}
