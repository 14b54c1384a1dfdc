import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RequestSigner } from './sigv4';
import type { OpinionBody, PriceRequestBody } from './types/traffic';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when the body is empty or not JSON). */
  json: unknown;
  text: string;
}

/** A transport failure (connection refused/reset, timeout): no HTTP status. */
export class ApiTransportError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiTransportError';
    this.code = code;
  }
}

/**
 * The pricing API as the load test calls it: keep-alive connections, JSON bodies, optional SigV4 signing
 * of the IAM-protected fixture routes.
 *
 * @example
 * const api = new ApiClient({ baseUrl: 'http://127.0.0.1:3000' });
 * const res = await api.price({ fixtureId, legs });
 */
export class ApiClient {
  private readonly base: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly secure: boolean;

  constructor(
    private readonly o: {
      baseUrl: string;
      /** Signs the fixture routes (PUT/GET /v1/fixtures/...). */
      signer?: RequestSigner;
      /** Sign the price route as well (deployments that protect it with IAM). @default false */
      signPrice?: boolean;
      timeoutMs?: number;
      maxSockets?: number;
    },
  ) {
    this.base = new URL(o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`);
    this.secure = this.base.protocol === 'https:';
    // No socket limit by default: a pool limit would queue requests inside the client, i.e. send them
    // later than scheduled (the many customers of a real API each have their own connection).
    const agentOpts = { keepAlive: true, maxSockets: o.maxSockets ?? Infinity, keepAliveMsecs: 10_000 };
    this.agent = this.secure ? new HttpsAgent(agentOpts) : new HttpAgent(agentOpts);
  }

  price(body: PriceRequestBody): Promise<ApiResponse> {
    return this.send('POST', 'v1/price', body, this.o.signPrice === true);
  }

  putOpinion(body: OpinionBody): Promise<ApiResponse> {
    return this.send('PUT', `v1/fixtures/${encodeURIComponent(body.fixtureId)}`, body, true);
  }

  /** `POST /v1/quotes/verify` (IAM-authorised like the fixture routes: signed when a signer is set). */
  verifyQuote(token: string): Promise<ApiResponse> {
    return this.send('POST', 'v1/quotes/verify', { token }, true);
  }

  getOpinion(fixtureId: string): Promise<ApiResponse> {
    return this.send('GET', `v1/fixtures/${encodeURIComponent(fixtureId)}`, undefined, true);
  }

  async send(method: string, relPath: string, body: unknown, sign: boolean): Promise<ApiResponse> {
    const url = new URL(relPath, this.base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (sign && this.o.signer) headers = await this.o.signer({ method, url, headers, body: payload });
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    const doRequest = this.secure ? httpsRequest : httpRequest;
    return new Promise<ApiResponse>((resolve, reject) => {
      const req = doRequest(
        url,
        { method, headers, agent: this.agent, timeout: this.o.timeoutMs ?? 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) =>
            reject(new ApiTransportError(err.message, 'RESPONSE_ERROR', { cause: err })),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text === '' ? undefined : JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new ApiTransportError(`${method} ${url.pathname} timed out`, 'TIMEOUT')),
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          err instanceof ApiTransportError
            ? err
            : new ApiTransportError(err.message, err.code ?? 'TRANSPORT', { cause: err }),
        ),
      );
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
