// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient typings for dynalite (no @types package) must travel with the entry to every consumer
/// <reference path="./types/dynalite.d.ts" />
export { RedisServer, assertRedisInstalled, type RedisServerOptions } from './RedisServer';
export { DynaliteServer, type DynaliteServerOptions } from './DynaliteServer';
export { MissingServiceError } from './errors';
export { freePort } from './freePort';
export { startTestServices, type TestServices } from './testServices';
