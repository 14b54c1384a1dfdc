/**
 * Why the opinion store failed:
 * - `UNAVAILABLE`: DynamoDB (and DAX) could not be reached or timed out;
 * - `VERSION_CONFLICT`: a conditional write lost (If-Match did not match the stored inputsVersion);
 * - `MALFORMED_ITEM`: a stored item is not a valid opinion (logged with its key);
 * - `UNSTORABLE_VALUE`: the opinion has a number DynamoDB cannot hold (e.g. 1e-131); `details` name the fields.
 */
export type OpinionStoreErrorCode =
  'UNAVAILABLE' | 'VERSION_CONFLICT' | 'MALFORMED_ITEM' | 'UNSTORABLE_VALUE';

/** A failure of the DynamoDB/DAX opinion store, with a stable `code` and the SDK error as `cause`. */
export class OpinionStoreError extends Error {
  constructor(
    readonly code: OpinionStoreErrorCode,
    message: string,
    options?: {
      cause?: unknown;
      fixtureId?: string;
      storedVersion?: number;
      details?: readonly { path: string; message: string }[];
    },
  ) {
    super(message, options);
    this.name = 'OpinionStoreError';
    this.fixtureId = options?.fixtureId;
    this.storedVersion = options?.storedVersion;
    this.details = options?.details ?? [];
  }
  /** For UNSTORABLE_VALUE: the fields at fault. */
  readonly details: readonly { path: string; message: string }[];
  readonly fixtureId: string | undefined;
  /** For VERSION_CONFLICT: the version actually stored (undefined when the fixture does not exist). */
  readonly storedVersion: number | undefined;
}
