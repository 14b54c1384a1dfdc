/// <reference path="./types/dynalite.d.ts" />
export { RedisServer, assertRedisInstalled, type RedisServerOptions } from './RedisServer';
export { DynaliteServer, type DynaliteServerOptions } from './DynaliteServer';
export { MissingServiceError } from './errors';
export { freePort } from './freePort';
export { startTestServices, type TestServices } from './testServices';
