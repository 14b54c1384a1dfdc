import { createSigV4Signer, regionFromUrl, type RequestSigner, type SigV4Options } from './createSigV4Signer';
import { errorForBody } from './errors/errorForBody';
import { NetworkError } from './errors/NetworkError';
import { PricingApiError } from './errors/PricingApiError';
import { RequestTimeoutError } from './errors/RequestTimeoutError';
import { UnexpectedResponseError } from './errors/UnexpectedResponseError';
import { fetchTransport, type Transport, type TransportResponse } from './transport';
import type {
  ErrorResponse,
  FixtureList,
  FixtureSummary,
  Health,
  Opinion,
  PriceRequest,
  PriceResponse,
  StoredOpinion,
  VerifyQuoteResponse,
} from './generated/contract';

/** How the client retries `503` answers and network errors (nothing else: a 4xx or 500 will not change). */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 3 */
  readonly maxAttempts?: number;
  /** The first retry waits up to this long, each later one up to twice the previous (full jitter). @default 100 */
  readonly baseDelayMs?: number;
  /** No wait is longer than this, a `Retry-After` included. @default 2000 */
  readonly maxDelayMs?: number;
}

export interface PricingClientOptions {
  /** `http://127.0.0.1:3000` (npm start) or the stage URL `https://<id>.execute-api.<region>.amazonaws.com/<stage>`. */
  readonly baseUrl: string;
  /** Each attempt's budget. @default 5000 */
  readonly timeoutMs?: number;
  /** `false`: one attempt only (a load generator measuring the service itself). @default {} (3 attempts) */
  readonly retry?: RetryOptions | false;
  /**
   * SigV4 signing of the IAM routes (`/v1/fixtures…`): options, a signer of your own, or `false` for none.
   * @default signing with the default credential chain when `baseUrl` is an API Gateway URL (its region), else none
   */
  readonly iam?: Partial<SigV4Options> | { readonly signer: RequestSigner } | false;
  /** Sign `POST /v1/price` too (a deployment that puts it behind IAM). @default false */
  readonly signPrice?: boolean;
  /** Headers sent with every request (e.g. `user-agent`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch of the default transport (ignored when `transport` is set). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /**
   * How requests reach the API. @default fetchTransport(fetch): HTTP. Another transport (a Lambda Invoke with an API
   * Gateway event, an in-process handler) keeps everything else: types, timeouts, retries, signing, typed errors.
   */
  readonly transport?: Transport;
  /** Jitter's random source, [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** Per call. */
export interface CallOptions {
  /** Aborts the call (and its retries); the abort reason is thrown. */
  readonly signal?: AbortSignal;
  /** This call's per-attempt budget. */
  readonly timeoutMs?: number;
  /** Sent as `x-correlation-id`; the service logs and echoes it. */
  readonly correlationId?: string;
}

export interface ListFixturesQuery {
  readonly status?: 'OPEN' | 'SUSPENDED';
  /** 1–100. @default 50 */
  readonly limit?: number;
  /** The previous page's `nextCursor`. */
  readonly cursor?: string;
}

interface Call {
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly iam: boolean;
  /** A repeat cannot do harm (reads, prices): timeouts and network errors are retried too. */
  readonly idempotent: boolean;
}

/** System errors of a connection that was never made: the request cannot have reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The pricing API, typed from its OpenAPI document: every route, a timeout per attempt, retries with full jitter on
 * `503` and network errors only (a write only when the request cannot have been sent), SigV4 for the IAM routes, and
 * one error class per contract code.
 *
 * @example
 * const client = new PricingClient({ baseUrl: 'http://127.0.0.1:3000' });
 * const quote = await client.price({
 *   fixtureId: 'epl-2026-12-05-ars-che',
 *   legs: [{ market: 'MATCH_RESULT', selection: 'HOME' }, { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 }],
 * });
 * console.log(quote.odds.fractional); // e.g. '6/4'
 */
export class PricingClient {
  private readonly base: URL;
  private readonly signer: RequestSigner | undefined;
  private readonly transport: Transport;

  constructor(private readonly o: PricingClientOptions) {
    this.base = new URL(o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`);
    this.transport = o.transport ?? fetchTransport(o.fetch ?? globalThis.fetch);
    this.signer = resolveSigner(o.iam, this.base);
  }

  /**
   * `POST /v1/price`: the probability that every leg wins, fair odds, margin and offered odds.
   *
   * @example
   * const r = await client.price({ fixtureId: 'epl-2026-12-05-ars-che', legs: [{ market: 'PLAYER_TO_SCORE', playerId: 'saka' }] });
   */
  price(request: PriceRequest, opts?: CallOptions): Promise<PriceResponse> {
    return this.send<PriceResponse>(
      { method: 'POST', path: 'v1/price', body: request, iam: this.o.signPrice === true, idempotent: true },
      opts,
    );
  }

  /**
   * `PUT /v1/fixtures/{fixtureId}`: writes a trader's opinion; with `ifMatch` only over that `inputsVersion`
   * (else {@link VersionConflictError}).
   *
   * @example
   * const v1 = await client.putOpinion('epl-2026-12-20-ars-liv', opinion);
   * const v2 = await client.putOpinion('epl-2026-12-20-ars-liv', changed, { ifMatch: v1.inputsVersion });
   */
  putOpinion(
    fixtureId: string,
    opinion: Opinion,
    opts?: CallOptions & { readonly ifMatch?: number | '*' },
  ): Promise<StoredOpinion> {
    return this.send<StoredOpinion>(
      {
        method: 'PUT',
        path: `v1/fixtures/${encodeURIComponent(fixtureId)}`,
        body: opinion,
        ...(opts?.ifMatch !== undefined ? { headers: { 'if-match': String(opts.ifMatch) } } : {}),
        iam: true,
        idempotent: false,
      },
      opts,
    );
  }

  /**
   * `POST /v1/quotes/verify`: bet placement checks a price's quote before it accepts the bet (IAM-signed).
   * A quote that no longer holds throws its class: `QuoteExpiredError`, `PriceChangedError`, `FixtureSuspendedError`,
   * `InvalidQuoteError`.
   *
   * @example
   * const priced = await client.price(request);
   * const { valid, quote } = await client.verifyQuote(priced.quote.token);
   */
  verifyQuote(token: string, opts?: CallOptions): Promise<VerifyQuoteResponse> {
    return this.send<VerifyQuoteResponse>(
      { method: 'POST', path: 'v1/quotes/verify', body: { token }, iam: true, idempotent: true },
      opts,
    );
  }

  /**
   * `GET /v1/fixtures/{fixtureId}`: the stored opinion (strongly consistent).
   *
   * @example
   * const { inputsVersion, players } = await client.getOpinion('epl-2026-12-05-ars-che');
   */
  getOpinion(fixtureId: string, opts?: CallOptions): Promise<StoredOpinion> {
    return this.send<StoredOpinion>(
      { method: 'GET', path: `v1/fixtures/${encodeURIComponent(fixtureId)}`, iam: true, idempotent: true },
      opts,
    );
  }

  /**
   * `GET /v1/fixtures`: one page of fixtures ordered by kickoff.
   *
   * @example
   * const page = await client.listFixtures({ status: 'OPEN', limit: 20 });
   * const next = page.nextCursor ? await client.listFixtures({ status: 'OPEN', limit: 20, cursor: page.nextCursor }) : undefined;
   */
  listFixtures(query: ListFixturesQuery = {}, opts?: CallOptions): Promise<FixtureList> {
    return this.send<FixtureList>(
      {
        method: 'GET',
        path: 'v1/fixtures',
        query: { status: query.status, limit: query.limit, cursor: query.cursor },
        iam: true,
        idempotent: true,
      },
      opts,
    );
  }

  /**
   * Every fixture, page after page (`GET /v1/fixtures` following `nextCursor`).
   *
   * @example
   * for await (const f of client.allFixtures({ status: 'OPEN' })) console.log(f.fixtureId, f.kickoff);
   */
  async *allFixtures(
    query: Omit<ListFixturesQuery, 'cursor'> = {},
    opts?: CallOptions,
  ): AsyncGenerator<FixtureSummary, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.listFixtures({ ...query, ...(cursor !== undefined ? { cursor } : {}) }, opts);
      yield* page.fixtures;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  /**
   * `GET /health` (the local server only).
   *
   * @example
   * await client.health(); // { status: 'ok', cacheMode: 'tiered', redis: 'ready' }
   */
  health(opts?: CallOptions): Promise<Health> {
    return this.send<Health>({ method: 'GET', path: 'health', iam: false, idempotent: true }, opts);
  }

  private async send<T>(call: Call, opts: CallOptions = {}): Promise<T> {
    const operation = `${call.method} /${call.path.split('?')[0]}`;
    const retry = this.o.retry === false ? { maxAttempts: 1 } : (this.o.retry ?? {});
    const maxAttempts = Math.max(1, retry.maxAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt<T>(call, operation, opts);
      if (outcome.ok) return outcome.value;
      const { error, retryAfterMs } = outcome;
      if (attempt >= maxAttempts || !retryable(error, call) || opts.signal?.aborted) throw error;
      const cap = Math.min(retry.maxDelayMs ?? 2000, (retry.baseDelayMs ?? 100) * 2 ** (attempt - 1));
      const delay = Math.min(
        retry.maxDelayMs ?? 2000,
        Math.max(retryAfterMs ?? 0, (this.o.random ?? Math.random)() * cap),
      );
      await sleep(delay, opts.signal);
    }
  }

  private async attempt<T>(
    call: Call,
    operation: string,
    opts: CallOptions,
  ): Promise<{ ok: true; value: T } | { ok: false; error: Error; retryAfterMs?: number }> {
    const url = new URL(call.path, this.base);
    for (const [k, v] of Object.entries(call.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    let headers: Record<string, string> = {
      accept: 'application/json',
      ...this.o.headers,
      ...call.headers,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.correlationId !== undefined ? { 'x-correlation-id': opts.correlationId } : {}),
    };
    if (call.iam && this.signer) headers = await this.signer({ method: call.method, url, headers, body });

    const timeoutMs = opts.timeoutMs ?? this.o.timeoutMs ?? 5000;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
    let res: TransportResponse;
    try {
      res = await this.transport({ method: call.method, url, headers, body, signal });
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (timeout.signal.aborted)
        return { ok: false, error: new RequestTimeoutError(operation, timeoutMs, { cause: err }) };
      return { ok: false, error: new NetworkError(operation, systemCode(err), { cause: err }) };
    } finally {
      clearTimeout(timer);
    }

    const text = res.body;
    const ok = res.status >= 200 && res.status < 300;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (ok) {
      if (json === undefined)
        return { ok: false, error: new UnexpectedResponseError(operation, res.status, text) };
      return { ok: true, value: json as T };
    }
    const error = isErrorBody(json)
      ? errorForBody(res.status, json, operation)
      : new UnexpectedResponseError(operation, res.status, text);
    const retryAfter = Number(res.headers['retry-after']);
    return {
      ok: false,
      error,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
}

function retryable(error: Error, call: Call): boolean {
  if (error instanceof PricingApiError || error instanceof UnexpectedResponseError)
    return error.status === 503;
  if (error instanceof RequestTimeoutError) return call.idempotent;
  if (error instanceof NetworkError) return call.idempotent || NOT_SENT.has(error.code);
  return false;
}

function resolveSigner(iam: PricingClientOptions['iam'], base: URL): RequestSigner | undefined {
  if (iam === false) return undefined;
  if (iam !== undefined && 'signer' in iam) return iam.signer;
  const region = iam?.region ?? regionFromUrl(base);
  if (region === undefined) {
    if (iam !== undefined)
      throw new Error('PricingClient: iam signing needs a region (none in the options or the URL)');
    return undefined;
  }
  return createSigV4Signer({ ...iam, region });
}

function isErrorBody(json: unknown): json is ErrorResponse {
  const e = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof e?.code === 'string' && typeof e.message === 'string';
}

/** The system error code behind a fetch failure (`ECONNREFUSED`…), or `NETWORK`. */
function systemCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'NETWORK';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
