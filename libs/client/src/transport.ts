/** One HTTP request as the client hands it to its transport (signed already, when the route is signed). */
export interface TransportRequest {
  readonly method: 'GET' | 'PUT' | 'POST';
  /** The full URL: the client's `baseUrl` plus the route's path and query. */
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, or undefined for a request without one. */
  readonly body: string | undefined;
  /** Aborted when the attempt times out or the caller aborts: a transport must stop then. */
  readonly signal: AbortSignal;
}

/** The answer of a transport: any status, including errors; only "no answer at all" is a thrown error. */
export interface TransportResponse {
  readonly status: number;
  /** Header names in lower case (`retry-after`, `etag`, …). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text ('' when there is none). */
  readonly body: string;
}

/**
 * How the client reaches the API: `fetch` by default ({@link fetchTransport}), or anything that turns a request into an
 * answer — e.g. a Lambda Invoke of the function behind the route with an API Gateway-shaped event (the pipeline's
 * smoke test), or an in-process handler. Throw only when there is no answer (connection refused, aborted, …); the
 * client turns that into `NetworkError` or `RequestTimeoutError` and retries as for fetch.
 *
 * @example
 * const client = new PricingClient({ baseUrl: 'lambda://live/', transport: async (req) => invokeLambda(req) });
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * The default transport: `fetch` (global, or the one given), its answer read whole.
 *
 * @example
 * const client = new PricingClient({ baseUrl, transport: fetchTransport(undici.fetch) });
 */
export function fetchTransport(fetchFn: typeof fetch = globalThis.fetch): Transport {
  return async (req) => {
    const res = await fetchFn(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
    });
    const body = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    return { status: res.status, headers, body };
  };
}
