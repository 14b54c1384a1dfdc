export type { TypedArrayLike, BinaryRecord, ValueCodec } from './types/record';
export type { CacheTier } from './types/tier';
export type {
  CacheSource,
  CacheEvent,
  CacheStats,
  TierStats,
  CacheTierName,
  CacheTimings,
  GetOrComputeOptions,
  SetOptions,
  BreakerOptions,
  TieredCacheHooks,
  TieredCacheOptions,
  TraceName,
  RedisClient,
} from './types/cache';
export { binaryRecordCodec, type BinaryRecordCodecOptions } from './binaryRecordCodec';
export { jsonRecordCodec } from './jsonRecordCodec';
export { cacheKey, type CacheKeyParts } from './cacheKey';
export { createRedisClient, type RedisConnectionOptions } from './createRedisClient';
export { TieredCache } from './TieredCache';
export {
  CodecError,
  type CodecErrorCode,
  CacheKeyError,
  ComputeTimeoutError,
  CacheWriteError,
  L2TimeoutError,
} from './errors';
export { TimeoutError } from './TimeoutError';
export { withTimeout } from './withTimeout';
export { CircuitBreaker, type BreakerState } from './CircuitBreaker';
export { systemClock, sleepOn, type Clock } from './Clock';
export { MemoryTier } from './MemoryTier';
export { RedisTier, RELEASE_LOCK_LUA } from './RedisTier';
export { hash32, hash32Js, hash32UsesSimd } from './hash32';
