import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  createOpinionHandler,
  createPriceHandler,
  createPrimerHandler,
  createRuntime,
  createVerifyQuoteHandler,
  loadConfig,
  opinionTableCreateInput,
  type OpinionHandler,
  type PriceHandler,
  type PrimerHandler,
  type Runtime,
  type StoredOpinion,
  type VerifyQuoteHandler,
} from '@betbuilder/pricing-lambda';
import {
  assertRedisInstalled,
  createOpinionsTable,
  DynaliteServer,
  InProcessFunction,
  MissingServiceError,
  RedisServer,
  StreamDispatcher,
  toApiGatewayEvent,
  toStreamRecord,
  type FunctionHost,
} from '@betbuilder/test-harness';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { createApiDocs } from './apiDocs';
import { DEMO_FIXTURES } from './demoFixtures';

/** Bodies past this are refused by the server itself (the handlers enforce the contract's 16 KiB). */
const MAX_READ_BYTES = 1024 * 1024;

export interface LocalApiOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** A DynamoDB endpoint to use instead of an in-memory dynalite (its table is created if missing). */
  readonly dynamodbEndpoint?: string;
  /**
   * Redis for the shared model cache: a URL to use; `false` for none (in-process cache only);
   * undefined to start a throwaway `redis-server` when one is installed (else in-process only, with a warning).
   */
  readonly redisUrl?: string | false;
  /** Seed the demo fixtures (only those not already stored). @default true */
  readonly seed?: boolean;
  /**
   * How a successful PUT runs the stream primer: `background` (like the real stream: after the response),
   * `await` (before the response; deterministic tests) or `off`. @default 'background'
   */
  readonly primeOnWrite?: 'background' | 'await' | 'off';
  /**
   * Which seeded fixtures the emulated stream primes: `first` (the contract's example, before listening, so the printed
   * curl is answered from the cache), `all` (the first, then the rest one by one in the background) or `none`.
   * Model builds are CPU-bound, so `all` slows requests that arrive while it runs. @default 'first'
   */
  readonly primeSeeded?: 'first' | 'all' | 'none';
  /** Extra pricing-Lambda environment (OPINION_CACHE_TTL_MS, DEPENDENCY_TIMEOUT_MS, TABLE_NAME, …). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Receives one line per request and the startup warnings. @default no output */
  readonly log?: (line: string) => void;
}

export interface LocalApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly dynamodbEndpoint: string;
  /** Undefined when the model cache is in-process only. */
  readonly redisUrl: string | undefined;
  /**
   * Whether Redis answered at start: `unreachable` means the cache runs in process and the client keeps reconnecting
   * in the background; once Redis answers, the shared tier is used again.
   */
  readonly redisAtStart: 'ready' | 'unreachable' | 'none';
  /** The shared clients the handlers use (one "container"). */
  readonly runtime: Runtime;
  readonly handlers: {
    readonly price: PriceHandler;
    readonly opinion: OpinionHandler;
    readonly primer: PrimerHandler;
    readonly verifyQuote: VerifyQuoteHandler;
  };
  /** Fixture ids seeded at start. */
  readonly seeded: readonly string[];
  /** Resolves once every background prime has finished. */
  idle(): Promise<void>;
  /** Stops the server, then the cache, Redis process and dynalite it started. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Serves the pricing API on 127.0.0.1 through the same Lambda handlers, fed API Gateway REST (v1) events, with an
 * in-memory DynamoDB (dynalite) seeded with demo fixtures and a throwaway redis-server. A PUT runs the stream primer.
 *
 * @example
 * const api = await startLocalApi({ port: 0 });
 * const res = await fetch(`${api.url}/v1/price`, { method: 'POST', body: JSON.stringify(request) });
 * await api.stop();
 */
export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const log = options.log ?? (() => undefined);
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };

  try {
    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (dynamodbEndpoint === undefined) {
      const db = await DynaliteServer.start(); // in this process, on a free loopback port
      cleanups.push(() => db.stop());
      dynamodbEndpoint = db.endpoint;
    }

    let redisUrl: string | undefined;
    if (typeof options.redisUrl === 'string') {
      redisUrl = options.redisUrl;
    } else if (options.redisUrl === undefined) {
      const redis = await startRedisIfInstalled();
      if (redis) {
        cleanups.push(() => redis.stop());
        redisUrl = redis.url;
      } else {
        log('warning: redis-server not found and REDIS_URL not set: the model cache is in-process only');
      }
    }

    const config = loadConfig({
      ...options.env,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      ...(redisUrl !== undefined ? { REDIS_URL: redisUrl } : { REDIS_URL: '', REDIS_HOST: '' }),
    });
    await createOpinionsTable(dynamodbEndpoint, config.tableName, {
      region: config.region,
      table: opinionTableCreateInput(config.tableName),
    });

    const runtime = createRuntime(config);
    cleanups.push(() => runtime.close());
    // A Redis that does not answer is not fatal (it is an optimisation), but the user is told once, in one line,
    // instead of a stack trace from the first model write.
    const redisAtStart =
      redisUrl === undefined ? 'none' : (await runtime.ensureRedisReady()) ? 'ready' : 'unreachable';
    if (redisAtStart === 'unreachable') {
      log(
        `warning: Redis at ${redisUrl} is unreachable: the model cache runs in process until it answers (retrying in the background)`,
      );
    }
    const handlers = {
      price: createPriceHandler(runtime),
      opinion: createOpinionHandler(runtime),
      primer: createPrimerHandler(runtime),
      // Quotes are signed with a key generated at start (no QUOTE_KEY_SECRET_ARN): they verify only on this server.
      verifyQuote: createVerifyQuoteHandler(runtime),
    };

    // Each handler behind the local AWS layer's function host, as the load test runs them in container pools.
    const functions: LocalFunctions = {
      price: new InProcessFunction({ name: 'local-price' }, handlers.price),
      opinion: new InProcessFunction({ name: 'local-opinion' }, handlers.opinion),
      verifyQuote: new InProcessFunction({ name: 'local-verify' }, handlers.verifyQuote),
    };
    // The table's stream into the primer, retried as the deployed event source mapping retries it.
    const stream = new StreamDispatcher({
      target: new InProcessFunction({ name: 'local-primer' }, handlers.primer),
      onDropped: (d) =>
        log(
          `primer: failed to prime ${d.records.map((r) => r.dynamodb?.Keys?.fixtureId?.S).join(', ')} after ${d.attempts} attempts (${d.reason})`,
        ),
    });

    const pending = new Set<Promise<void>>();
    const prime = async (stored: StoredOpinion): Promise<void> => {
      // The primer's only job is the shared tier; while Redis does not answer it could only fail (and log a stack),
      // so it is skipped and the first price builds the model in process.
      if (runtime.redis !== undefined && runtime.redis.status !== 'ready') return;
      await stream.publish(
        toStreamRecord(stored, stored.inputsVersion === 1 ? 'INSERT' : 'MODIFY', {
          tableName: config.tableName,
          region: config.region,
        }),
      );
    };

    const seeded: StoredOpinion[] = [];
    if (options.seed ?? true) {
      for (const opinion of DEMO_FIXTURES) {
        if ((await runtime.store.get(opinion.fixtureId, { consistent: true })) !== undefined) continue;
        seeded.push(await runtime.store.put(opinion.fixtureId, opinion));
      }
    }

    const primeMode = options.primeOnWrite ?? 'background';
    // The primer writes the shared tier: with Redis unreachable it could only fail, so the first price builds instead.
    const primeSeededMode = redisAtStart === 'unreachable' ? 'none' : (options.primeSeeded ?? 'first');
    if (primeMode !== 'off' && primeSeededMode !== 'none' && seeded[0] !== undefined) {
      await prime(seeded[0]);
    }
    let docs: ReturnType<typeof createApiDocs> = () => undefined;
    const server = createServer((req, res) => {
      const started = performance.now();
      void handle(req, res, { functions, primeMode, prime, runtime, docs }).then((status) =>
        log(
          `${req.method} ${req.url} ${status === 0 ? 'broken off' : status} ${(performance.now() - started).toFixed(1)}ms`,
        ),
      );
    });
    // A keep-alive client (curl, fetch, a load generator) must not hold stop() up.
    server.keepAliveTimeout = 5000;
    // Requests Node's parser refuses (bad chunking, duplicate Content-Length, oversized headers, …) never reach the
    // handler: answer them in the contract's error shape instead of Node's bare 400.
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
      answerClientError(err, socket);
      log(`malformed request: ${err.code ?? err.message}`);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve());
    });
    cleanups.push(() => closeServer(server));
    const address = server.address() as AddressInfo;
    docs = createApiDocs(`http://${address.address}:${address.port}`);
    const idle = async () => {
      while (pending.size > 0) await Promise.all([...pending]);
      await stream.idle();
    };
    cleanups.push(idle);
    const primeSeeded = primeMode === 'off' ? 'none' : primeSeededMode;
    if (primeSeeded === 'all' && seeded.length > 1) {
      // One build at a time, yielding between them, so requests interleave with the priming.
      const queue = seeded.slice(1);
      const next = (): Promise<void> => {
        const stored = queue.shift();
        return stored
          ? prime(stored)
              .then(() => new Promise((r) => setImmediate(r)))
              .then(next)
          : Promise.resolve();
      };
      const all = next();
      pending.add(all);
      void all.finally(() => pending.delete(all));
    }

    return {
      url: `http://${address.address}:${address.port}`,
      port: address.port,
      dynamodbEndpoint,
      redisUrl,
      redisAtStart,
      runtime,
      handlers,
      seeded: seeded.map((o) => o.fixtureId),
      idle,
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Always the `redis-server` on PATH (the tests' REDIS_SERVER_BIN is theirs, not `npm start`'s). */
const REDIS_BINARY = 'redis-server';

/**
 * A throwaway redis-server (the test harness's: free loopback port, no persistence, killed when this process exits
 * however it exits), or undefined when none is installed: `npm start` then runs with the in-process cache only.
 * An installed redis-server that fails to start still fails the start.
 */
async function startRedisIfInstalled(): Promise<RedisServer | undefined> {
  try {
    assertRedisInstalled(REDIS_BINARY);
  } catch (err) {
    if (err instanceof MissingServiceError) return undefined;
    throw err;
  }
  return RedisServer.start({ binary: REDIS_BINARY });
}

/** The API's functions, each run in this process behind the local AWS layer's function host. */
interface LocalFunctions {
  readonly price: FunctionHost;
  readonly opinion: FunctionHost;
  readonly verifyQuote: FunctionHost;
}

interface HandleDeps {
  readonly functions: LocalFunctions;
  readonly primeMode: 'background' | 'await' | 'off';
  readonly prime: (stored: StoredOpinion) => Promise<void>;
  readonly runtime: Runtime;
  readonly docs: (path: string) => APIGatewayProxyResult | undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: HandleDeps): Promise<number> {
  try {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const method = req.method ?? 'GET';
    if (path === '/health') {
      if (method !== 'GET') return send(res, methodNotAllowed(['GET']));
      const redis = deps.runtime.redis?.status ?? 'none';
      // One model-cache design: shared (L1 + Redis) when Redis is configured, else in process only.
      const cacheMode = deps.runtime.redis ? 'tiered' : 'in-process';
      return send(res, json(200, { status: 'ok', cacheMode, redis }));
    }
    const page = deps.docs(path);
    if (page !== undefined) {
      if (method !== 'GET') return send(res, methodNotAllowed(['GET']));
      return send(res, page);
    }
    const isPrice = path === '/v1/price';
    const isList = path === '/v1/fixtures';
    const isVerify = path === '/v1/quotes/verify';
    const isFixture = /^\/v1\/fixtures\/[^/]+$/.test(path);
    const isMarkets = /^\/v1\/fixtures\/[^/]+\/markets$/.test(path);
    if (!isPrice && !isVerify && !isFixture && !isList && !isMarkets) {
      return send(
        res,
        json(404, { error: { code: 'ROUTE_NOT_FOUND', message: `no route for ${method} ${path}` } }),
      );
    }
    if ((isPrice || isVerify) && method !== 'POST') return send(res, methodNotAllowed(['POST']));
    if (isList && method !== 'GET') return send(res, methodNotAllowed(['GET']));
    if (isFixture && method !== 'GET' && method !== 'PUT') return send(res, methodNotAllowed(['GET', 'PUT']));
    if (isMarkets && method !== 'GET') return send(res, methodNotAllowed(['GET']));

    const body = await readBody(req);
    // The client went away mid-body (or its body broke the parser, answered by the clientError handler): nobody to answer.
    if (body === null) return 0;
    if (body === undefined) {
      return send(
        res,
        json(413, {
          error: { code: 'PAYLOAD_TOO_LARGE', message: `request body is over ${MAX_READ_BYTES} bytes` },
        }),
        true,
      );
    }
    const event = toApiGatewayEvent(req, body);
    // The menu is served by the price function, as in AWS.
    const fn =
      isPrice || isMarkets
        ? deps.functions.price
        : isVerify
          ? deps.functions.verifyQuote
          : deps.functions.opinion;
    const result = (await fn.invoke(event)).result as APIGatewayProxyResult;
    if (fn !== deps.functions.opinion) return send(res, result);
    if (method === 'PUT' && result.statusCode === 200 && deps.primeMode !== 'off') {
      const primed = deps.prime(JSON.parse(result.body) as StoredOpinion);
      if (deps.primeMode === 'await') await primed;
    }
    return send(res, result);
  } catch (err) {
    // The handlers answer every error themselves; this is a bug in the local server.
    deps.runtime.logger.error('local server error', { error: err as Error });
    return send(res, json(500, { error: { code: 'INTERNAL', message: 'local server error' } }));
  }
}

/**
 * Writes the contract's error body to a socket whose request Node could not parse, then closes it: 400
 * `INVALID_REQUEST` (408 for a request that did not arrive in time). A socket already answered or gone is just closed.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const lostClient = err.code === 'ECONNRESET' || err.code === 'EPIPE';
  const headersSent =
    (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (lostClient || headersSent || !socket.writable) {
    socket.destroy();
    return;
  }
  const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
  const body = JSON.stringify({
    error: timedOut
      ? { code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time' }
      : { code: 'INVALID_REQUEST', message: `malformed HTTP request (${clientErrorReason(err)})` },
  });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}

/** Node's parser reason without internals: `HPE_INVALID_CHUNK_SIZE` → `invalid chunk size`. */
function clientErrorReason(err: NodeJS.ErrnoException): string {
  const code = err.code ?? '';
  if (code.startsWith('HPE_')) return code.slice(4).toLowerCase().replace(/_/g, ' ');
  return 'unreadable request';
}

/** The body; undefined when it is over {@link MAX_READ_BYTES}; null when the request broke off before its end. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_READ_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
    req.on('close', () => {
      if (!req.complete) resolve(null);
    });
  });
}

function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function methodNotAllowed(allowed: string[]): APIGatewayProxyResult {
  const r = json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: `use ${allowed.join(' or ')}` } });
  return { ...r, headers: { ...r.headers, allow: allowed.join(', ') } };
}

function send(res: ServerResponse, result: APIGatewayProxyResult, close = false): number {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k] = v.map(String);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  headers['content-length'] = String(body.byteLength);
  if (close) headers.connection = 'close';
  res.writeHead(result.statusCode, headers);
  res.end(body);
  return result.statusCode;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
