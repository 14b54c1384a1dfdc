// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient typings for dynalite (no @types package) must travel with the entry to every consumer
/// <reference path="./types/dynalite.d.ts" />
export { RedisServer, assertRedisInstalled, type RedisServerOptions } from './RedisServer';
export { DynaliteServer, type DynaliteServerOptions } from './DynaliteServer';
export { MissingServiceError } from './errors';
export { freePort } from './freePort';
export { startTestServices, type TestServices } from './testServices';
export { createOpinionsTable, OPINIONS_TABLE_SCHEMA } from './opinionsTable';
// The local AWS layer: what API Gateway, DynamoDB Streams and Lambda hand a handler, built the way AWS builds it.
export {
  toApiGatewayEvent,
  isKnownResource,
  type AdapterOptions,
  type AdapterRequest,
} from './apiGatewayEvent';
export { toStreamEvent, type StreamEventOptions } from './streamEvent';
export { lambdaContext } from './lambdaContext';
