export { loadConfig } from './config';
export { lambdaEntry } from './lambdaEntry';
export type { DeployedEnvironment, PricingEnvironment } from './environment';
export { HANDLER_PACKAGING, LAMBDA_BUNDLING, type HandlerPackaging } from './packaging';
export { createRuntime, getDefaultRuntime, type Runtime, type RuntimeOverrides } from './runtime';
export {
  createStoreRuntime,
  getDefaultStoreRuntime,
  createDocumentClient,
  daxClientFactory,
  type StoreRuntime,
  type StoreRuntimeOverrides,
} from './storeRuntime';
export {
  createHandler as createPriceHandler,
  type PriceHandler,
  type PriceHandlerDeps,
} from './handlers/price';
export {
  createMarketsHandler,
  isMarketsEvent,
  MARKETS_RESOURCE,
  DEFAULT_MENU_CACHE_BYTES,
  type MarketsHandler,
  type MarketsHandlerDeps,
} from './handlers/markets';
export {
  createHandler as createOpinionHandler,
  parseIfMatch,
  type OpinionHandler,
  type OpinionHandlerDeps,
} from './handlers/opinion';
export {
  createHandler as createPrimerHandler,
  type PrimerHandler,
  type PrimerHandlerDeps,
  type PrimeOutcome,
  PRIMER_LOCK_WAIT_MS,
  PRIMER_RESERVE_MS,
} from './handlers/primer';
export {
  createHandler as createVerifyQuoteHandler,
  type VerifyQuoteHandler,
  type VerifyQuoteHandlerDeps,
  type PriceChangedBody,
} from './handlers/verifyQuote';
export {
  QuoteSigner,
  TOKEN_VERSION,
  MAX_TOKEN_CHARS,
  type OpenedQuote,
  type QuoteSignerOptions,
} from './quotes/QuoteSigner';
export {
  QuoteVerifier,
  type QuoteVerifierDeps,
  type QuotedPrice,
  type VerifyOutcome,
} from './quotes/QuoteVerifier';
export { QuoteKeyRing, KEY_ID_PATTERN, MIN_KEY_BYTES, type QuoteKey } from './quotes/QuoteKeyRing';
export { parseQuoteKeySecret, StaticQuoteKeys, type QuoteKeySource } from './quotes/quoteKeys';
export { SecretQuoteKeys, type SecretQuoteKeysOptions } from './quotes/SecretQuoteKeys';
export { createQuoteSigner } from './quotes/createQuoteSigner';
export { canonicalJson } from './quotes/canonicalJson';
export { encodeLegs, decodeLegs, type EncodedLeg } from './quotes/legCodes';
export { isInPlay } from './quotes/inPlay';
export { QuoteTokenError, type QuoteTokenReason } from './errors/QuoteTokenError';
export { QuoteKeyError, type QuoteKeyErrorCode } from './errors/QuoteKeyError';
export {
  OpinionStore,
  unstorableNumbers,
  type DaxReadClient,
  type DocumentClient,
  type ListOptions,
  type OpinionStoreOptions,
  type PutOptions,
} from './OpinionStore';
export { OPINION_TABLE, listKeyOf, opinionTableCreateInput } from './opinionTable';
export {
  FIXTURE_LIST_LIMIT,
  fixtureListQuerySchema,
  fixtureListSchema,
  fixtureSummarySchema,
  parseFixtureListQuery,
  type FixtureList,
  type FixtureListQuery,
  type FixtureSummary,
} from './fixtureList';
export { CachedOpinionReader, type CachedOpinionReaderOptions } from './CachedOpinionReader';
export {
  PriceService,
  type PriceOpinionSource,
  type PriceResponse,
  type PriceServiceDeps,
} from './PriceService';
export { CurrentVersions, CURRENT_VERSION_PREFIX, type CurrentVersionsOptions } from './CurrentVersions';
export { watchL2Epoch, L2_EPOCH_KEY, type EpochCheck, type L2EpochWatchOptions } from './l2Epoch';
export {
  createModelCache,
  modelCodec,
  modelCacheKey,
  modelSectionKey,
  modelValueVersion,
  MODEL_NAMESPACE,
  MODEL_SCHEMA_ID,
  type ModelCacheOptions,
  type ModelCacheFactory,
} from './modelCache';
export {
  ModelStore,
  type BuildRequest,
  type ModelBuild,
  type ModelRead,
  type ModelStoreOptions,
} from './ModelStore';
export { createRedis, ensureRedisReady, secretReader } from './redis';
export {
  createObservability,
  traceAsync,
  traceSync,
  type Observability,
  type Tracing,
} from './observability';
export { PowertoolsTracing } from './PowertoolsTracing';
export { parseStoredItem } from './storedOpinion';
export { MAX_BODY_BYTES, FIXTURE_ID_PATTERN, type ErrorBody } from './http';
// The warm-up contract is declared once, in @betbuilder/warmup-contract (shared with the keep-warm Lambda).
export { isWarmupEvent, type WarmupEvent, type WarmupResponse } from '@betbuilder/warmup-contract';
export { ApiError, type ApiErrorCode, type ErrorDetail } from './errors/ApiError';
export { OpinionStoreError, type OpinionStoreErrorCode } from './errors/OpinionStoreError';
export { FixtureUnavailableError, type FixtureUnavailableCode } from './errors/FixtureUnavailableError';
export { ConfigError } from './errors/ConfigError';
export type {
  Config,
  RedisConfig,
  StoredOpinion,
  OpinionReader,
  FixtureHead,
  Quote,
  QuoteFields,
  SignedQuote,
} from './types';
export {
  buildOpenApiDocument,
  renderApiReference,
  legComponentName,
  API_VERSION,
  ROUTES,
  LEG_DOCS,
  ERROR_EXAMPLES,
  contractExamples,
  type OpenApiDocument,
  type RouteDoc,
  type RouteAuth,
  type LegDoc,
} from './openapi';
export { API_ERROR_STATUS } from './errors/ApiError';
export { WRONG_REGION, wrongRegionBody, type HomedRoutes, type WrongRegionBody } from './wrongRegion';
