import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionPool, InvokeResult } from '../pool/FunctionPool';
import { matchRoute, toApiGatewayEvent } from './apiEvent';

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

/**
 * A local API Gateway in front of the container pools: HTTP (keep-alive) in, REST proxy events to the
 * price / opinion functions, proxy results back out. A function error becomes a 502, like API Gateway's
 * "Internal server error".
 *
 * @example
 * const front = await startApiFront({ price: pricePool, opinion: opinionPool });
 * const api = new ApiClient({ baseUrl: front.url });
 */
export async function startApiFront(o: {
  price: FunctionPool;
  opinion: FunctionPool;
  /** Sees every invocation's outcome (the load test counts cold starts and cache sources here). */
  onInvoke?: (fn: 'price' | 'opinion', outcome: InvokeResult | Error) => void;
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
    if (!route)
      return send(
        res,
        404,
        { 'content-type': 'application/json' },
        '{"message":"Missing Authentication Token"}',
      );
    const event = toApiGatewayEvent(
      {
        method,
        url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      },
      route,
    );
    const pool = route.fn === 'price' ? o.price : o.opinion;
    let outcome: InvokeResult;
    try {
      outcome = await pool.invoke(event);
    } catch (err) {
      o.onInvoke?.(route.fn, err as Error);
      return send(res, 502, { 'content-type': 'application/json' }, '{"message":"Internal server error"}');
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
