import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestSigner } from '@betbuilder/client';
import { ApiClient, ApiTransportError } from '../../src/ApiClient';

/** A real HTTP server answering every request with one status and body, recording what it received. */
async function answering(status: number, body: unknown) {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const CURRENT = {
  fixtureId: 'fx-1',
  inputsVersion: 2,
  modelVersion: '2026.12.3',
  probability: 0.5,
  fairOdds: 2,
  margin: 0.05,
  odds: { decimal: 1.9, fractional: '9/10' },
  legs: [{ market: 'MATCH_RESULT', selection: 'HOME' }],
  quote: { id: 'q_2', expiresAt: '2026-12-05T15:00:30.000Z', token: 'v1.k1.new.mac' },
};

describe('ApiClient.verifyQuote (through @betbuilder/client)', () => {
  it('posts {token} to /v1/quotes/verify, signed by the given signer, and answers 200 with the body', async () => {
    // Prepare
    const server = await answering(200, { valid: true, quote: { id: 'q_1' } });
    const signed: string[] = [];
    const signer: RequestSigner = (req) => {
      signed.push(`${req.method} ${req.url.pathname}`);
      return Promise.resolve({ ...req.headers, authorization: 'AWS4-HMAC-SHA256 test' });
    };
    const api = new ApiClient({ baseUrl: server.url, signer });

    // Act
    const res = await api.verifyQuote('v1.k1.p.m');
    await server.close();

    // Assess
    expect([res.status, res.json]).toEqual([200, { valid: true, quote: { id: 'q_1' } }]);
    expect(server.seen.map((s) => [s.method, s.url, s.body, s.headers['authorization']])).toEqual([
      ['POST', '/v1/quotes/verify', '{"token":"v1.k1.p.m"}', 'AWS4-HMAC-SHA256 test'],
    ]);
    expect(signed).toEqual(['POST /v1/quotes/verify']);
  });

  it("keeps 409 PRICE_CHANGED's current price and fresh quote in the error body", async () => {
    // Prepare
    const server = await answering(409, {
      error: { code: 'PRICE_CHANGED', message: 'the odds are now 1.9', current: CURRENT },
    });

    // Act
    const res = await new ApiClient({ baseUrl: server.url }).verifyQuote('t');
    await server.close();

    // Assess
    expect([res.status, res.json]).toEqual([
      409,
      { error: { code: 'PRICE_CHANGED', message: 'the odds are now 1.9', current: CURRENT } },
    ]);
  });

  it('answers the other quote outcomes as status and code, one attempt each', async () => {
    for (const [status, code] of [
      [409, 'QUOTE_EXPIRED'],
      [400, 'INVALID_QUOTE'],
      [503, 'DEPENDENCY_UNAVAILABLE'],
    ] as const) {
      // Prepare
      const server = await answering(status, { error: { code, message: 'm' } });

      // Act
      const res = await new ApiClient({ baseUrl: server.url }).verifyQuote('t');
      await server.close();

      // Assess
      expect([res.status, (res.json as { error: { code: string } }).error.code, server.seen.length]).toEqual([
        status,
        code,
        1,
      ]);
    }
  });

  it('throws ApiTransportError with the system code when nothing answers', async () => {
    // Prepare: a port that was just free
    const server = await answering(200, {});
    await server.close();

    // Act
    const err = await new ApiClient({ baseUrl: server.url }).verifyQuote('t').catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(ApiTransportError);
    expect((err as ApiTransportError).code).toBe('ECONNREFUSED');
  });
});
