import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import {
  createOpinionsTable,
  DynaliteServer,
  lambdaContext,
  lateBound,
  startTestServices,
  toApiGatewayEvent,
  type TestServices,
} from '@betbuilder/test-harness';
import { CONTRACT_EXAMPLE_LEGS, CONTRACT_EXAMPLE_OPINION, type Opinion } from '@betbuilder/pricing-model';
import { Redis } from 'ioredis';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import {
  CURRENT_VERSION_PREFIX,
  loadConfig,
  MODEL_NAMESPACE,
  opinionTableCreateInput,
  type Config,
} from '../../src';

/**
 * A kick-off a week from now, on the hour (`2026-12-12T16:00:00Z`): a pre-match fixture whenever the tests run. The
 * contract's example kicks off at a fixed time; once that has passed the service treats the fixture as possibly in play
 * (consistent head reads on every price, no cached versions), so a fixed kick-off would turn pre-match tests into
 * in-play ones on a date.
 */
export function futureKickoff(now = Date.now()): string {
  const hour = 3_600_000;
  return new Date(Math.ceil((now + 7 * 24 * hour) / hour) * hour).toISOString().replace('.000Z', 'Z');
}

/**
 * The API contract's example opinion (a fresh copy each call) with a second player, Palmer (the contract's example has
 * Saka only) and a kick-off a week ahead ({@link futureKickoff}); `overrides` replace top-level fields.
 */
export function contractOpinion(overrides: Partial<Opinion> = {}): Opinion {
  const example = structuredClone(CONTRACT_EXAMPLE_OPINION);
  return {
    ...example,
    kickoff: futureKickoff(),
    players: [
      ...example.players,
      {
        playerId: 'palmer',
        name: 'Cole Palmer',
        team: 'AWAY',
        goalShare: 0.33,
        cardShare: 0.12,
        expectedMinutes: 90,
      },
    ],
    ...overrides,
  };
}

/** The contract's example price request. */
export const CONTRACT_LEGS = CONTRACT_EXAMPLE_LEGS;

/** The opinions table (the harness's one schema with the service's list index, ADR 0015), in eu-west-1. */
export const createOpinionTable = (endpoint: string, tableName: string): Promise<void> =>
  createOpinionsTable(endpoint, tableName, {
    region: 'eu-west-1',
    table: opinionTableCreateInput(tableName),
  });

let tables = 0;
/** A fresh table name per test file or case, so tests sharing one dynalite never see each other's items. */
export function uniqueTableName(prefix = 'opinions'): string {
  tables += 1;
  return `${prefix}-${process.pid}-${tables}`;
}

/** A Lambda context that always has 29 s left (an API function's budget; no test depends on the wall clock). */
export function context(functionName = 'test'): Context {
  return { ...lambdaContext(functionName), getRemainingTimeInMillis: () => 29_000 };
}

const JSON_CONTENT = { 'content-type': 'application/json' };

/**
 * The API Gateway REST proxy event of one request, built by the local AWS layer's adapter (as `npm start` and the load
 * test build it). A body that is not a string is sent as JSON; `headers` replace the JSON content type.
 *
 * @example
 * await priceHandler(apiEvent('POST', '/v1/price', { fixtureId, legs }), context('price'));
 */
export function apiEvent(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = JSON_CONTENT,
): APIGatewayProxyEvent {
  const text =
    body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return toApiGatewayEvent({ method, url: path, headers }, text);
}

/** A DynamoDB document client on a dynalite (eu-west-1, the harness's credentials). */
export function documentClient(
  endpoint: string,
  config: Partial<DynamoDBClientConfig> = {},
): DynamoDBDocument {
  return DynamoDBDocument.from(
    new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: DynaliteServer.credentials, ...config }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

/**
 * The enclosing describe's test services and a Redis client on them: started before all its tests, closed after.
 * The returned objects stand for the running ones (use them in hooks and tests).
 */
export function useServices(): { services: TestServices; redis: Redis } {
  let services: TestServices | undefined;
  let redis: Redis | undefined;
  beforeAll(async () => {
    services = await startTestServices();
    redis = new Redis(services.redis.url);
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await services?.stop();
  });
  return {
    services: lateBound(() => services, 'test services'),
    redis: lateBound(() => redis, 'Redis client'),
  };
}

/** A fresh opinions table on `endpoint` ({@link uniqueTableName}); returns its name. */
export async function freshTable(endpoint: string, prefix?: string): Promise<string> {
  const tableName = uniqueTableName(prefix);
  await createOpinionTable(endpoint, tableName);
  return tableName;
}

/**
 * The enclosing describe's dynalite and a document client on it (`config` on top of {@link documentClient}'s): started
 * before all its tests, closed after. The returned objects stand for the running ones.
 */
export function useDynalite(config: Partial<DynamoDBClientConfig> = {}): {
  dynamo: DynaliteServer;
  doc: DynamoDBDocument;
} {
  let dynamo: DynaliteServer | undefined;
  let doc: DynamoDBDocument | undefined;
  beforeAll(async () => {
    dynamo = await DynaliteServer.start();
    doc = documentClient(dynamo.endpoint, config);
  });
  afterAll(async () => {
    doc?.destroy();
    await dynamo?.stop();
  });
  return { dynamo: lateBound(() => dynamo, 'dynalite'), doc: lateBound(() => doc, 'document client') };
}

/**
 * The config of a container on the test services with a fresh table of its own (extra `env` on top), and no
 * current-version pointer or fixture model left in Redis: tables are per test but fixture ids (and versions) repeat.
 */
export async function freshConfig(
  on: { services: TestServices; redis: Redis },
  prefix?: string,
  env: Record<string, string> = {},
): Promise<Config> {
  // A fresh table starts every fixture at version 1 again: no pointer, and no model of an earlier test's version 1.
  const stale = [
    ...(await on.redis.keys(`${CURRENT_VERSION_PREFIX}*`)),
    ...(await on.redis.keys(`${MODEL_NAMESPACE}:*`)),
  ];
  if (stale.length > 0) await on.redis.del(...stale);
  const tableName = await freshTable(on.services.dynamo.endpoint, prefix);
  return loadConfig({
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: on.services.dynamo.endpoint,
    REDIS_URL: on.services.redis.url,
    ...env,
  });
}

/** A logger that remembers what it was asked to log (to assert that an error names its key). */
export function recordingLogger() {
  const lines: { level: string; message: string; extra: unknown }[] = [];
  const at =
    (level: string) =>
    (message: unknown, ...extra: unknown[]): void => {
      lines.push({ level, message: String(message), extra: extra[0] });
    };
  return { lines, error: at('error'), warn: at('warn'), debug: at('debug'), info: at('info') };
}
