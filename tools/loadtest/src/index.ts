export { runLoadTest, CONFIGS, HANDLERS_DIR, type ExperimentIo, type XrayHook } from './experiment';
export { parseLoadTestArgs, UsageError, USAGE } from './args';
export {
  buildSchedule,
  runOpenLoop,
  monotonicMs,
  type Arrival,
  type SendOutcome,
  type OpenLoopResult,
  type Clock,
} from './schedule';
export { createRng, hashSeed, type Rng } from './random';
export { createZipf, type Zipf } from './zipf';
export { LatencyRecorder } from './LatencyRecorder';
export { logBucketEdgesMs, trimBuckets } from '@betbuilder/latency-chart';
export {
  renderLatencyChartSvg,
  svgToPng,
  fmtMs,
  type ChartOptions,
  type LatencyDistribution,
  type LatencyBucket,
} from '@betbuilder/latency-chart';
export { evaluateGoals, renderMarkdown, renderTable, writeReport, type WrittenReport } from './report';
export { createProgress, type Progress, type ProgressState } from './progress';
export { makeOpinions, makeBet, updateOpinion, fixtureIdFor, MARKET_MIX, LEG_COUNT_MIX } from './traffic';
export { planTraffic, type TrafficPlan } from './plan';
export { ApiClient, ApiTransportError, type ApiResponse } from './ApiClient';
export { createSigV4Signer, regionFromUrl, type RequestSigner } from '@betbuilder/client';
export { seedFixtures, verifySeeding, SeedVerificationError, type StoredOpinion } from './seed';
export { bundleHandler } from './pool/bundle';
export { parseEmfLine, MetricTotals } from './emf';
export {
  toApiGatewayEvent,
  FunctionPool,
  FunctionInvokeError,
  type InvokeResult,
  type PoolStats,
} from '@betbuilder/test-harness';
export type { ConfigResult, LoadTestReport, GoalCheck, TierName } from './types/report';
export type { LoadTestOptions, ConfigName } from './types/options';
export type { OpinionBody, PriceRequestBody, LegBody } from './types/traffic';
