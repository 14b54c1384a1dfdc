import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toApiGatewayEvent, type FunctionHost, type InvokeResult } from '@betbuilder/test-harness';
import { matchRoute } from './apiEvent';

/** An API Gateway proxy result, as the handlers return it. */
export interface ProxyResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface ApiFront {
  url: string;
  stop(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/** API Gateway's maximum integration timeout: past it the client gets 504 whatever the function does. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/**
 * A local API Gateway in front of the functions (container pools or in-process hosts): HTTP (keep-alive) in, REST proxy events to the
 * price / opinion functions, proxy results back out. A function error becomes a 502, like API Gateway's
 * "Internal server error".
 *
 * @example
 * const front = await startApiFront({ price: pricePool, opinion: opinionPool });
 * const api = new ApiClient({ baseUrl: front.url });
 */
export async function startApiFront(o: {
  price: FunctionHost;
  opinion: FunctionHost;
  /** `POST /v1/quotes/verify`. @default - the route answers 404 */
  verify?: FunctionHost;
  /** Sees every invocation's outcome (the load test counts cold starts and cache sources here). */
  onInvoke?: (fn: 'price' | 'opinion' | 'verify', outcome: InvokeResult | Error) => void;
  /** @default INTEGRATION_TIMEOUT_MS (29 s) */
  integrationTimeoutMs?: number;
}): Promise<ApiFront> {
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    }
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const pathname = new URL(url, 'http://local').pathname;
    if (method === 'GET' && pathname === '/health')
      return send(res, 200, { 'content-type': 'application/json' }, '{"ok":true}');
    const route = matchRoute(method, pathname);
    if (!route || (route.fn === 'verify' && !o.verify))
      return send(
        res,
        404,
        { 'content-type': 'application/json' },
        '{"message":"Missing Authentication Token"}',
      );
    const event = toApiGatewayEvent(req, Buffer.concat(chunks));
    const pool = route.fn === 'price' ? o.price : route.fn === 'verify' ? o.verify! : o.opinion;
    const timeoutMs = o.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
    let outcome: InvokeResult;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Like API Gateway: answer 504 at the integration timeout; a running invocation still finishes
      // (its container stays busy), a queued one is dropped.
      const timedOut = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
      );
      const r = await Promise.race([pool.invoke(event, { maxQueueMs: timeoutMs }), timedOut]);
      if (r === 'timeout') {
        o.onInvoke?.(route.fn, new Error('integration timeout'));
        return send(
          res,
          504,
          { 'content-type': 'application/json' },
          '{"message":"Endpoint request timed out"}',
        );
      }
      outcome = r;
    } catch (err) {
      o.onInvoke?.(route.fn, err as Error);
      const isTimeout = (err as { code?: string }).code === 'TIMEOUT';
      return isTimeout
        ? send(res, 504, { 'content-type': 'application/json' }, '{"message":"Endpoint request timed out"}')
        : send(res, 502, { 'content-type': 'application/json' }, '{"message":"Internal server error"}');
    } finally {
      clearTimeout(timer);
    }
    o.onInvoke?.(route.fn, outcome);
    const r = outcome.result as ProxyResult | undefined;
    if (!r || typeof r.statusCode !== 'number') {
      return send(res, 502, { 'content-type': 'application/json' }, '{"message":"Internal server error"}');
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
    for (const [k, vs] of Object.entries(r.multiValueHeaders ?? {}))
      headers[k.toLowerCase()] = vs.map(String);
    headers['x-lt-container'] = String(outcome.containerId);
    if (outcome.coldStart) headers['x-lt-cold-start'] = 'true';
    const body = r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body;
    send(res, r.statusCode, headers, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: string | Buffer,
): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
