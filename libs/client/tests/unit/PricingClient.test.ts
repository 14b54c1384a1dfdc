import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  DependencyUnavailableError,
  FixtureNotFoundError,
  InternalServerError,
  InvalidRequestError,
  NetworkError,
  NoPriceError,
  PricingApiError,
  PricingClient,
  RequestTimeoutError,
  UnexpectedResponseError,
  PriceChangedError,
  VersionConflictError,
  WrongRegionError,
  type PriceRequest,
  type Transport,
  type TransportRequest,
} from '../../src';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/** A real HTTP server answering from a script, one reply per request (the last one repeats). */
async function scripted(
  replies: Reply[],
): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const r = replies[Math.min(seen.length, replies.length) - 1]!;
      setTimeout(() => {
        res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
        res.end(r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
      }, r.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const REQUEST: PriceRequest = {
  fixtureId: 'epl-2026-12-05-ars-che',
  legs: [{ market: 'MATCH_RESULT', selection: 'HOME' }],
};
const PRICE = {
  fixtureId: 'epl-2026-12-05-ars-che',
  inputsVersion: 1,
  modelVersion: '2026.12.2',
  probability: 0.5,
  fairOdds: 2,
  margin: 0.05,
  odds: { decimal: 1.9, fractional: '9/10' },
  legs: REQUEST.legs,
};
const error = (code: string, message = 'm', extra: Record<string, unknown> = {}) => ({
  error: { code, message, ...extra },
});
const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const QUOTE = { id: 'q_1', expiresAt: '2026-12-05T15:00:30.000Z', token: 'v1.k1.p.m' };

describe('PricingClient', () => {
  it('sends the price request as JSON and answers the parsed body', async () => {
    // Prepare
    const server = await scripted([{ status: 200, body: PRICE }]);
    const client = new PricingClient({ baseUrl: server.url });

    // Act
    const res = await client.price(REQUEST, { correlationId: 'abc-1' });

    // Assess
    expect(res).toEqual(PRICE);
    expect(server.seen[0]).toMatchObject({ method: 'POST', url: '/v1/price', body: JSON.stringify(REQUEST) });
    expect(server.seen[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-correlation-id': 'abc-1',
    });
    await server.close();
  });

  it.each([
    [400, 'INVALID_REQUEST', InvalidRequestError],
    [404, 'FIXTURE_NOT_FOUND', FixtureNotFoundError],
    [409, 'VERSION_CONFLICT', VersionConflictError],
    [422, 'NO_PRICE', NoPriceError],
    [500, 'INTERNAL', InternalServerError],
  ])('throws a %i %s as its own class, once (no retry)', async (status, code, Class) => {
    // Prepare
    const server = await scripted([
      {
        status,
        body: error(code, 'bad', { details: [{ path: 'legs.0', message: 'x' }], correlationId: 'c-1' }),
      },
    ]);
    const client = new PricingClient({ baseUrl: server.url, retry: fast });

    // Act
    const err = await client.price(REQUEST).catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(Class);
    expect(err).toBeInstanceOf(PricingApiError);
    expect(err).toMatchObject({
      code,
      status,
      details: [{ path: 'legs.0', message: 'x' }],
      operation: 'POST /v1/price',
    });
    expect(server.seen).toHaveLength(1);
    await server.close();
  });

  it('keeps a code it does not know as a PricingApiError with that code', async () => {
    // Prepare
    const server = await scripted([{ status: 409, body: error('SOMETHING_NEWER') }]);

    // Act
    const err = await new PricingClient({ baseUrl: server.url }).price(REQUEST).catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(PricingApiError);
    expect(err).toMatchObject({ code: 'SOMETHING_NEWER', status: 409, name: 'PricingApiError' });
    await server.close();
  });

  it('retries a 503 with jittered waits and answers the first success', async () => {
    // Prepare
    const server = await scripted([
      { status: 503, body: error('DEPENDENCY_UNAVAILABLE') },
      { status: 503, body: error('DEPENDENCY_UNAVAILABLE') },
      { status: 200, body: PRICE },
    ]);
    const draws: number[] = [];
    const client = new PricingClient({
      baseUrl: server.url,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
      random: () => {
        draws.push(0.5);
        return 0.5;
      },
    });

    // Act
    const res = await client.price(REQUEST);

    // Assess
    expect(res).toEqual(PRICE);
    expect(server.seen).toHaveLength(3);
    expect(draws).toHaveLength(2);
    await server.close();
  });

  it('gives up on a lasting 503 after maxAttempts with DependencyUnavailableError', async () => {
    // Prepare
    const server = await scripted([{ status: 503, body: error('DEPENDENCY_UNAVAILABLE') }]);

    // Act
    const err = await new PricingClient({ baseUrl: server.url, retry: { ...fast, maxAttempts: 4 } })
      .getOpinion('epl-2026-12-05-ars-che')
      .catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(DependencyUnavailableError);
    expect(server.seen).toHaveLength(4);
    await server.close();
  });

  it('makes one attempt only with retry: false', async () => {
    // Prepare
    const server = await scripted([{ status: 503, body: error('DEPENDENCY_UNAVAILABLE') }]);

    // Act
    await new PricingClient({ baseUrl: server.url, retry: false }).price(REQUEST).catch(() => undefined);

    // Assess
    expect(server.seen).toHaveLength(1);
    await server.close();
  });

  it('retries a refused connection, then throws NetworkError with the system code', async () => {
    // Prepare: a port nothing listens on.
    const server = await scripted([{ status: 200, body: PRICE }]);
    const url = server.url;
    await server.close();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };

    // Act
    const err = await new PricingClient({ baseUrl: url, retry: fast, fetch: counting })
      .putOpinion('epl-2026-12-05-ars-che', {
        status: 'OPEN',
        home: { name: 'a', goals: 1, cards: 1, corners: 1 },
        away: { name: 'b', goals: 1, cards: 1, corners: 1 },
      })
      .catch((e: unknown) => e);

    // Assess: a write is retried too, because a refused connection cannot have delivered it.
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
    expect(calls).toBe(3);
  });

  it('times out an attempt, retries a read, and does not retry a write that may have landed', async () => {
    // Prepare
    const server = await scripted([{ status: 200, body: PRICE, delayMs: 400 }]);
    const client = new PricingClient({ baseUrl: server.url, timeoutMs: 50, retry: fast });

    // Act
    const read = await client.getOpinion('epl-2026-12-05-ars-che').catch((e: unknown) => e);
    const readAttempts = server.seen.length;
    const write = await client
      .putOpinion('epl-2026-12-05-ars-che', {
        status: 'OPEN',
        home: { name: 'a', goals: 1, cards: 1, corners: 1 },
        away: { name: 'b', goals: 1, cards: 1, corners: 1 },
      })
      .catch((e: unknown) => e);

    // Assess
    expect(read).toBeInstanceOf(RequestTimeoutError);
    expect(readAttempts).toBe(3);
    expect(write).toBeInstanceOf(RequestTimeoutError);
    expect(server.seen.length - readAttempts).toBe(1);
    await server.close();
  });

  it('throws UnexpectedResponseError for an answer that is not the contract (an HTML 502, a non-JSON 200)', async () => {
    // Prepare
    const server = await scripted([
      { status: 502, body: '<html>bad gateway</html>' },
      { status: 200, body: 'ok' },
    ]);
    const client = new PricingClient({ baseUrl: server.url, retry: false });

    // Act
    const first = await client.health().catch((e: unknown) => e);
    const second = await client.health().catch((e: unknown) => e);

    // Assess
    expect(first).toBeInstanceOf(UnexpectedResponseError);
    expect(first).toMatchObject({ status: 502, body: '<html>bad gateway</html>' });
    expect(second).toBeInstanceOf(UnexpectedResponseError);
    await server.close();
  });

  it('sends If-Match and the list query, and pages through every fixture', async () => {
    // Prepare
    const f = (id: string) => ({
      fixtureId: id,
      status: 'OPEN',
      inputsVersion: 1,
      updatedAt: '2026-12-01T00:00:00.000Z',
      home: { name: 'a' },
      away: { name: 'b' },
    });
    const server = await scripted([
      { status: 200, body: { ...PRICE } },
      { status: 200, body: { fixtures: [f('fx-1'), f('fx-2')], nextCursor: 'c2' } },
      { status: 200, body: { fixtures: [f('fx-3')] } },
    ]);
    const client = new PricingClient({ baseUrl: `${server.url}/` });

    // Act
    await client.putOpinion(
      'fx-1',
      {
        status: 'OPEN',
        home: { name: 'a', goals: 1, cards: 1, corners: 1 },
        away: { name: 'b', goals: 1, cards: 1, corners: 1 },
      },
      { ifMatch: 3 },
    );
    const ids: string[] = [];
    for await (const fixture of client.allFixtures({ status: 'OPEN', limit: 2 })) ids.push(fixture.fixtureId);

    // Assess
    expect(server.seen[0]!.headers['if-match']).toBe('3');
    expect(server.seen.slice(1).map((s) => s.url)).toEqual([
      '/v1/fixtures?status=OPEN&limit=2',
      '/v1/fixtures?status=OPEN&limit=2&cursor=c2',
    ]);
    expect(ids).toEqual(['fx-1', 'fx-2', 'fx-3']);
    await server.close();
  });

  it('signs the IAM routes with SigV4 (a signature the server can recompute) and leaves the price route unsigned', async () => {
    // Prepare
    const credentials = {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    };
    const server = await scripted([
      { status: 200, body: { fixtures: [] } },
      { status: 200, body: PRICE },
    ]);
    const client = new PricingClient({ baseUrl: server.url, iam: { region: 'eu-west-1', credentials } });

    // Act
    await client.listFixtures({ limit: 5 });
    await client.price(REQUEST);

    // Assess: recompute the signature from what arrived.
    const got = server.seen[0]!;
    const url = new URL(got.url, server.url);
    const date = String(got.headers['x-amz-date']);
    const verifier = new SignatureV4({
      service: 'execute-api',
      region: 'eu-west-1',
      credentials,
      sha256: Sha256,
    });
    const expected = await verifier.sign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { accept: String(got.headers.accept), host: String(got.headers.host) },
      },
      {
        signingDate: new Date(
          `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
        ),
      },
    );
    expect(got.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request/,
    );
    expect(got.headers.authorization).toBe(expected.headers.authorization);
    expect(server.seen[1]!.headers.authorization).toBeUndefined();
    await server.close();
  });

  it('does not sign against a local server unless asked', async () => {
    // Prepare
    const server = await scripted([{ status: 200, body: { fixtures: [] } }]);

    // Act
    await new PricingClient({ baseUrl: server.url }).listFixtures();

    // Assess
    expect(server.seen[0]!.headers.authorization).toBeUndefined();
    await server.close();
  });

  it("keeps PRICE_CHANGED's current price and fresh quote, typed, on PriceChangedError", async () => {
    // Prepare
    const current = { ...PRICE, inputsVersion: 2, odds: { decimal: 1.8, fractional: '4/5' }, quote: QUOTE };
    const server = await scripted([{ status: 409, body: error('PRICE_CHANGED', 'moved', { current }) }]);

    // Act
    const err = await new PricingClient({ baseUrl: server.url }).verifyQuote('t').catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(PriceChangedError);
    expect((err as PriceChangedError).current).toEqual(current);
    expect((err as PriceChangedError).current?.quote.token).toBe(QUOTE.token);
    await server.close();
  });
});

describe('PricingClient over a transport of its own', () => {
  /** A transport answering from a script (the last reply repeats), recording what it was handed. */
  function scriptedTransport(replies: Reply[]): { transport: Transport; seen: TransportRequest[] } {
    const seen: TransportRequest[] = [];
    const transport: Transport = (req) => {
      seen.push(req);
      const r = replies[Math.min(seen.length, replies.length) - 1]!;
      return Promise.resolve({
        status: r.status,
        headers: r.headers ?? {},
        body: r.body === undefined ? '' : JSON.stringify(r.body),
      });
    };
    return { transport, seen };
  }

  it('hands the transport the method, full URL, headers and JSON body, and answers its parsed body', async () => {
    // Prepare
    const { transport, seen } = scriptedTransport([{ status: 200, body: PRICE }]);
    const client = new PricingClient({
      baseUrl: 'lambda://live',
      transport,
      headers: { 'user-agent': 'ua' },
    });

    // Act
    const answer = await client.price(REQUEST, { correlationId: 'c-9' });

    // Assess
    expect(answer).toEqual(PRICE);
    expect(seen.map((r) => [r.method, r.url.href, r.body])).toEqual([
      ['POST', 'lambda://live/v1/price', JSON.stringify(REQUEST)],
    ]);
    expect(seen[0]!.headers).toEqual({
      accept: 'application/json',
      'user-agent': 'ua',
      'content-type': 'application/json',
      'x-correlation-id': 'c-9',
    });
    expect(seen[0]!.signal.aborted).toBe(false);
  });

  it("maps the transport's error answers to the typed errors and retries its 503s (honouring retry-after)", async () => {
    // Prepare
    const { transport, seen } = scriptedTransport([
      { status: 503, body: error('DEPENDENCY_UNAVAILABLE'), headers: { 'retry-after': '0.01' } },
      { status: 404, body: error('FIXTURE_NOT_FOUND', 'no opinion') },
    ]);
    const client = new PricingClient({ baseUrl: 'lambda://live', transport, retry: fast, random: () => 0 });

    // Act
    const err = await client.getOpinion('fx-1').catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(FixtureNotFoundError);
    expect(seen.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /v1/fixtures/fx-1',
      'GET /v1/fixtures/fx-1',
    ]);
  });

  it('turns a transport that throws into NetworkError (retried for reads) and one that hangs into RequestTimeoutError', async () => {
    // Prepare
    let calls = 0;
    const failing: Transport = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('invoke failed'), { code: 'ECONNRESET' }));
    };
    const hanging: Transport = (req) =>
      new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted'))));

    // Act
    const network = await new PricingClient({ baseUrl: 'lambda://live', transport: failing, retry: fast })
      .listFixtures()
      .catch((e: unknown) => e);
    const timeout = await new PricingClient({
      baseUrl: 'lambda://live',
      transport: hanging,
      retry: false,
      timeoutMs: 20,
    })
      .price(REQUEST)
      .catch((e: unknown) => e);

    // Assess
    expect(network).toBeInstanceOf(NetworkError);
    expect([(network as NetworkError).code, calls]).toEqual(['ECONNRESET', 3]);
    expect(((network as NetworkError).cause as Error).message).toBe('invoke failed');
    expect(timeout).toBeInstanceOf(RequestTimeoutError);
  });

  it('answers a 421 WRONG_REGION as WrongRegionError naming the home region, in one attempt', async () => {
    // Prepare: a transport, not fetch (undici itself repeats a 421 once on a new connection, as RFC 9110 allows)
    const { transport, seen } = scriptedTransport([
      { status: 421, body: error('WRONG_REGION', 'send it to eu-west-1', { homeRegion: 'eu-west-1' }) },
    ]);
    const client = new PricingClient({
      baseUrl: 'https://api.example.test/live',
      transport,
      retry: fast,
      iam: false,
    });

    // Act
    const err = await client.getOpinion('epl-2026-12-05-ars-che').catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(WrongRegionError);
    expect(err).toMatchObject({ status: 421, code: 'WRONG_REGION', homeRegion: 'eu-west-1' });
    expect(seen).toHaveLength(1);
  });
});
