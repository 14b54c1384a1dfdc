export type { Config, RedisConfig } from './config';
export type { FixtureHead, OpinionReader, StoredOpinion } from './opinion';
export type { Quote, QuoteFields, SignedQuote } from './quote';
