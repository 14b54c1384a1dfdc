import type { ErrorResponse } from '../generated/contract';
import { InvalidRequestError } from './InvalidRequestError';
import { FixtureNotFoundError } from './FixtureNotFoundError';
import { PlayerNotFoundError } from './PlayerNotFoundError';
import { FixtureSuspendedError } from './FixtureSuspendedError';
import { VersionConflictError } from './VersionConflictError';
import { PayloadTooLargeError } from './PayloadTooLargeError';
import { UnsupportedMediaTypeError } from './UnsupportedMediaTypeError';
import { NoPriceError } from './NoPriceError';
import { DependencyUnavailableError } from './DependencyUnavailableError';
import { InternalServerError } from './InternalServerError';
import { InvalidQuoteError } from './InvalidQuoteError';
import { QuoteExpiredError } from './QuoteExpiredError';
import { PriceChangedError } from './PriceChangedError';
import { WrongRegionError } from './WrongRegionError';
import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

type ErrorCode = ErrorResponse['error']['code'];

/** One class per contract error code: a code added to the contract does not compile until it has its class here. */
const BY_CODE: {
  readonly [C in ErrorCode]: new (init: Omit<PricingApiErrorInit, 'code'>) => PricingApiError;
} = {
  INVALID_REQUEST: InvalidRequestError,
  FIXTURE_NOT_FOUND: FixtureNotFoundError,
  PLAYER_NOT_FOUND: PlayerNotFoundError,
  FIXTURE_SUSPENDED: FixtureSuspendedError,
  VERSION_CONFLICT: VersionConflictError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  UNSUPPORTED_MEDIA_TYPE: UnsupportedMediaTypeError,
  NO_PRICE: NoPriceError,
  DEPENDENCY_UNAVAILABLE: DependencyUnavailableError,
  INTERNAL: InternalServerError,
  INVALID_QUOTE: InvalidQuoteError,
  QUOTE_EXPIRED: QuoteExpiredError,
  PRICE_CHANGED: PriceChangedError,
  WRONG_REGION: WrongRegionError,
};

/**
 * The typed error for a contract error body; a code this client does not know yet (a newer server) stays a
 * {@link PricingApiError} with that code.
 *
 * @example
 * errorForBody(404, { error: { code: 'FIXTURE_NOT_FOUND', message: 'no opinion' } }, 'GET /v1/fixtures/x'); // FixtureNotFoundError
 */
export function errorForBody(status: number, body: ErrorResponse, operation: string): PricingApiError {
  const { code, message, details, correlationId } = body.error;
  const init = { status, message, details, correlationId, operation, body: body.error };
  const Known = (BY_CODE as Partial<Record<string, (typeof BY_CODE)[ErrorCode]>>)[code];
  return Known ? new Known(init) : new PricingApiError({ ...init, code });
}
