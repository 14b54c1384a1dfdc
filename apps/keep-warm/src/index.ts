export { createHandler, handler, KEEP_WARM_METRICS, type KeepWarmDeps } from './handler';
export { loadConfig, MAX_WARM_CONCURRENCY, type KeepWarmConfig } from './config';
export { KeepWarmConfigError } from './KeepWarmConfigError';
export { warmUp, parseWarmupPayload, WARMUP_PAYLOAD } from './warmUp';
export type { WarmupOutcome, WarmupSummary, MetricsSink, LogSink } from './types';
export type { WarmupResponse } from '@betbuilder/warmup-contract';
