export {
  PricingClient,
  type PricingClientOptions,
  type RetryOptions,
  type CallOptions,
  type ListFixturesQuery,
} from './PricingClient';
export {
  createSigV4Signer,
  regionFromUrl,
  type RequestSigner,
  type SignableRequest,
  type SigV4Options,
} from './createSigV4Signer';
export { fetchTransport, type Transport, type TransportRequest, type TransportResponse } from './transport';
export { PricingApiError, type PricingApiErrorInit } from './errors/PricingApiError';
export { InvalidRequestError } from './errors/InvalidRequestError';
export { FixtureNotFoundError } from './errors/FixtureNotFoundError';
export { PlayerNotFoundError } from './errors/PlayerNotFoundError';
export { FixtureSuspendedError } from './errors/FixtureSuspendedError';
export { InvalidQuoteError } from './errors/InvalidQuoteError';
export { QuoteExpiredError } from './errors/QuoteExpiredError';
export { PriceChangedError } from './errors/PriceChangedError';
export { WrongRegionError } from './errors/WrongRegionError';
export { VersionConflictError } from './errors/VersionConflictError';
export { PayloadTooLargeError } from './errors/PayloadTooLargeError';
export { UnsupportedMediaTypeError } from './errors/UnsupportedMediaTypeError';
export { NoPriceError } from './errors/NoPriceError';
export { DependencyUnavailableError } from './errors/DependencyUnavailableError';
export { InternalServerError } from './errors/InternalServerError';
export { NetworkError } from './errors/NetworkError';
export { RequestTimeoutError } from './errors/RequestTimeoutError';
export { UnexpectedResponseError } from './errors/UnexpectedResponseError';
export type {
  paths,
  components,
  operations,
  Leg,
  Opinion,
  StoredOpinion,
  PriceRequest,
  PriceResponse,
  VerifyQuoteRequest,
  VerifyQuoteResponse,
  FixtureList,
  FixtureSummary,
  ErrorResponse,
  Health,
  Team,
  Player,
  ModelOptions,
  InPlay,
  InPlayPlayer,
} from './generated/contract';
