import {
  NetworkError,
  PriceChangedError,
  PricingApiError,
  PricingClient,
  RequestTimeoutError,
  UnexpectedResponseError,
  type RequestSigner,
} from '@betbuilder/client';
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
  override readonly name = 'ApiTransportError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The pricing API as the load test calls it: `@betbuilder/client` with one attempt per request (a load generator
 * measures the service, it does not retry for it), every answer as a status and a body rather than a thrown error,
 * optional SigV4 signing of the IAM-protected fixture routes.
 *
 * @example
 * const api = new ApiClient({ baseUrl: 'http://127.0.0.1:3000' });
 * const res = await api.price({ fixtureId, legs });
 */
export class ApiClient {
  private readonly client: PricingClient;

  constructor(o: {
    baseUrl: string;
    /** Signs the fixture routes (PUT/GET /v1/fixtures/...). */
    signer?: RequestSigner;
    /** Sign the price route as well (deployments that protect it with IAM). @default false */
    signPrice?: boolean;
    timeoutMs?: number;
  }) {
    this.client = new PricingClient({
      baseUrl: o.baseUrl,
      timeoutMs: o.timeoutMs ?? 30_000,
      retry: false,
      iam: o.signer ? { signer: o.signer } : false,
      signPrice: o.signPrice === true,
    });
  }

  price(body: PriceRequestBody): Promise<ApiResponse> {
    return answer(() => this.client.price(body));
  }

  putOpinion(body: OpinionBody, opts: { ifMatch?: number } = {}): Promise<ApiResponse> {
    return answer(() => this.client.putOpinion(body.fixtureId, body, opts));
  }

  getOpinion(fixtureId: string): Promise<ApiResponse> {
    return answer(() => this.client.getOpinion(fixtureId));
  }

  /** `POST /v1/quotes/verify` (IAM-authorised like the fixture routes: signed when a signer is set). */
  verifyQuote(token: string): Promise<ApiResponse> {
    return answer(() => this.client.verifyQuote(token));
  }

  /** Kept for callers that close it; fetch's connection pool needs no closing. */
  close(): void {}
}

/** The client's answer as a status and a body; a transport failure as ApiTransportError. */
async function answer(call: () => Promise<unknown>): Promise<ApiResponse> {
  try {
    const json = await call();
    return { status: 200, headers: {}, json, text: '' };
  } catch (err) {
    if (err instanceof PricingApiError) {
      const error = {
        code: err.code,
        message: err.apiMessage,
        ...(err.details ? { details: err.details } : {}),
        // 409 PRICE_CHANGED: the current price and a fresh quote, as the server sent them.
        ...(err instanceof PriceChangedError && err.current ? { current: err.current } : {}),
      };
      return { status: err.status, headers: {}, json: { error }, text: '' };
    }
    if (err instanceof UnexpectedResponseError)
      return { status: err.status, headers: {}, json: undefined, text: err.body };
    if (err instanceof RequestTimeoutError)
      throw new ApiTransportError(err.message, 'TIMEOUT', { cause: err });
    if (err instanceof NetworkError) throw new ApiTransportError(err.message, err.code, { cause: err });
    throw err;
  }
}
