export type { CacheMode, Config, RedisConfig } from './config';
export type { OpinionReader, StoredOpinion } from './opinion';
