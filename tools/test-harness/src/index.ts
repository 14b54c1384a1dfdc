// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient typings for dynalite (no @types package) must travel with the entry to every consumer
/// <reference path="./types/dynalite.d.ts" />
export { RedisServer, assertRedisInstalled, type RedisServerOptions } from './RedisServer';
export { DynaliteServer, type DynaliteServerOptions } from './DynaliteServer';
export { MissingServiceError } from './errors';
export { freePort } from './freePort';
export {
  startTestServices,
  useTestServices,
  type TestServices,
  type TestServicesOptions,
} from './testServices';
export { lateBound } from './lateBound';
export { createOpinionsTable, OPINIONS_TABLE_SCHEMA } from './opinionsTable';
// The local AWS layer: what API Gateway, DynamoDB Streams and Lambda hand a handler, built the way AWS builds it.
export {
  toApiGatewayEvent,
  isKnownResource,
  type AdapterOptions,
  type AdapterRequest,
} from './apiGatewayEvent';
export { toStreamEvent, toStreamRecord, type StreamEventOptions } from './streamEvent';
export { lambdaContext } from './lambdaContext';
// Lambda functions run locally behind one interface: in this process or in Lambda-like child processes.
export {
  InProcessFunction,
  FunctionInvokeError,
  type FunctionHost,
  type InProcessFunctionOptions,
  type InvokeOptions,
  type InvokeResult,
  type LambdaHandler,
} from './functions/FunctionHost';
export { FunctionPool, type FunctionPoolOptions, type PoolStats } from './functions/FunctionPool';
// The DynamoDB Streams event source mapping: batches, retries, bisection, drops.
export {
  StreamDispatcher,
  PRIMER_STREAM_MAPPING,
  type DroppedBatch,
  type RecordOutcome,
  type StreamDispatcherOptions,
  type StreamDispatcherStats,
  type StreamMapping,
} from './streams/StreamDispatcher';
