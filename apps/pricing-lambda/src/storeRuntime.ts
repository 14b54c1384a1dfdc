import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocument,
} from '@aws-sdk/lib-dynamodb';
import { CachedOpinionReader } from './CachedOpinionReader';
import { loadConfig } from './config';
import { createObservability, type Observability, type Tracing } from './observability';
import { OpinionStore, type DocumentClient } from './OpinionStore';
import type { Config } from './types/config';

/**
 * What a handler that only reads and writes opinions needs (the opinion function): no Redis, no model cache, so its
 * bundle carries neither ioredis nor the cache library, and its init builds one DynamoDB client.
 */
export interface StoreRuntime extends Observability {
  readonly config: Config;
  /** Random id of this container (execution environment). */
  readonly containerId: string;
  /** Writes and consistent reads. */
  readonly store: OpinionStore;
  /** Short L1 cache in front of the store (the opinion handler remembers what it wrote). */
  readonly opinions: CachedOpinionReader;
  /** Opens the DynamoDB (or DAX) connection: one read of a key no fixture has; bounded, never throws. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreRuntimeOverrides {
  readonly observability?: Observability;
  /** Replaces the DynamoDB document client (tests). */
  readonly dynamo?: DocumentClient;
  /** Replaces the DAX document client factory (tests). */
  readonly dax?: () => DocumentClient | Promise<DocumentClient>;
}

/**
 * The DynamoDB document client with bounded timeouts and two attempts inside one dependency budget (a dead store
 * answers 503 in about 2 x DEPENDENCY_TIMEOUT_MS), traced through `tracing`.
 *
 * @example
 * const dynamo = createDocumentClient(config, tracer);
 */
export function createDocumentClient(
  config: Config,
  tracing: Pick<Tracing, 'instrumentAwsClient'>,
): DocumentClient {
  const timeoutMs = config.dependencyTimeoutMs;
  // A local endpoint (dynalite, DynamoDB Local) checks that credentials exist, not what they are.
  const localCredentials =
    config.dynamodbEndpoint !== undefined
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {};
  return documentMethods(
    DynamoDBDocumentClient.from(
      tracing.instrumentAwsClient(
        new DynamoDBClient({
          region: config.region,
          ...(config.dynamodbEndpoint !== undefined ? { endpoint: config.dynamodbEndpoint } : {}),
          ...localCredentials,
          maxAttempts: 2,
          requestHandler: {
            connectionTimeout: Math.min(timeoutMs, 500),
            requestTimeout: timeoutMs,
            throwOnRequestTimeout: true,
          },
        }),
      ),
      { marshallOptions: { removeUndefinedValues: true } },
    ),
  );
}

type Method = 'get' | 'put' | 'update' | 'query';

/**
 * `DynamoDBDocument`'s methods for the commands the store sends, on the bare `DynamoDBDocumentClient`, with the same
 * promise and callback forms. The aggregated `DynamoDBDocument` imports all sixteen document commands and the DynamoDB
 * commands under them, which every init would parse and set up for four that are used.
 */
function documentMethods(doc: DynamoDBDocumentClient): DocumentClient {
  const method = <I>(make: (args: I) => object) =>
    ((args: I, optionsOrCb?: unknown, cb?: unknown) => {
      const command = make(args);
      const send = doc.send.bind(doc) as (...a: unknown[]) => Promise<unknown> | undefined;
      if (typeof optionsOrCb === 'function') return void send(command, optionsOrCb);
      if (typeof cb === 'function') {
        if (optionsOrCb !== undefined && typeof optionsOrCb !== 'object') {
          throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
        }
        return void send(command, optionsOrCb ?? {}, cb);
      }
      return send(command, optionsOrCb);
    }) as never;
  const methods: Pick<DynamoDBDocument, Method> = {
    get: method((args: ConstructorParameters<typeof GetCommand>[0]) => new GetCommand(args)),
    put: method((args: ConstructorParameters<typeof PutCommand>[0]) => new PutCommand(args)),
    update: method((args: ConstructorParameters<typeof UpdateCommand>[0]) => new UpdateCommand(args)),
    query: method((args: ConstructorParameters<typeof QueryCommand>[0]) => new QueryCommand(args)),
  };
  return methods;
}

/**
 * The DAX document client factory when `DAX_ENDPOINT` is set. The DAX SDK is imported on the first DAX read, so
 * the init phase never pays for it (the deployed price function ships it as a separate file beside its bundle).
 *
 * @example
 * const dax = daxClientFactory(config); // undefined without DAX_ENDPOINT
 */
export function daxClientFactory(config: Config): (() => Promise<DocumentClient>) | undefined {
  const endpoint = config.daxEndpoint;
  if (endpoint === undefined) {
    const local = config.daxHttpEndpoint;
    // A local DAX stand-in speaking DynamoDB's protocol: a plain document client on it.
    if (local === undefined) return undefined;
    const client = createDocumentClient(
      { ...config, dynamodbEndpoint: local },
      { instrumentAwsClient: (c) => c },
    );
    return () => Promise.resolve(client);
  }
  const timeoutMs = config.dependencyTimeoutMs;
  return () =>
    import('@amazon-dax-sdk/lib-dax').then(
      ({ DaxDocument }) =>
        new DaxDocument({
          endpoint,
          region: config.region,
          requestTimeout: timeoutMs,
          connectTimeout: timeoutMs,
          maxRetries: 1,
          readRetries: 1,
        }),
    );
}

/**
 * Builds the store-only runtime from the config.
 *
 * @example
 * export const handler = createOpinionHandler(createStoreRuntime(loadConfig()));
 */
export function createStoreRuntime(config: Config, overrides: StoreRuntimeOverrides = {}): StoreRuntime {
  const obs = overrides.observability ?? createObservability(config);
  const dax = overrides.dax ?? daxClientFactory(config);
  const store = new OpinionStore({
    tableName: config.tableName,
    dynamo: overrides.dynamo ?? createDocumentClient(config, obs.tracer),
    ...(dax !== undefined ? { dax } : {}),
    timeoutMs: config.dependencyTimeoutMs,
    logger: obs.logger,
  });
  const opinions = new CachedOpinionReader({
    store,
    ttlMs: config.opinionCacheTtlMs,
    staleIfErrorMs: config.opinionStaleIfErrorMs,
    logger: obs.logger,
  });
  return {
    ...obs,
    config,
    containerId: randomUUID(),
    store,
    opinions,
    warmUp: () => store.prewarm(),
    close: () => store.close(),
  };
}

let defaultStoreRuntime: StoreRuntime | undefined;

/** The container's store-only runtime, built on first use from `process.env` (the opinion function's entry point). */
export function getDefaultStoreRuntime(): StoreRuntime {
  defaultStoreRuntime ??= createStoreRuntime(loadConfig(process.env));
  return defaultStoreRuntime;
}
