export type { Config, RedisConfig } from './config';
export type { FixtureHead, OpinionReader, StoredOpinion } from './opinion';
