import { useLocalApi } from '../support/localApi';
import { call, CONTRACT_LEGS, opinion, rawRequest, type ErrorBody } from '../support/http';

const PRICE_BODY = JSON.stringify({ fixtureId: 'epl-2026-12-05-ars-che', legs: CONTRACT_LEGS });

describe('local API at the HTTP edge', () => {
  const { api } = useLocalApi({ table: 'opinions-edge-test', primeOnWrite: 'off' }, (started) =>
    call(started.url, 'PUT', '/v1/fixtures/epl-2026-12-05-ars-che', opinion()),
  );

  describe('malformed HTTP gets the contract error shape, not Node bare 400', () => {
    it.each([
      [
        'duplicate Content-Length',
        `POST /v1/price HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n12345`,
      ],
      [
        'a chunk size that is not hex',
        `POST /v1/price HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
      ],
      [
        'a chunk longer than its size',
        `POST /v1/price HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{"a":1}\r\n0\r\n\r\n`,
      ],
      [
        'Content-Length with Transfer-Encoding',
        `POST /v1/price HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ],
      ['no HTTP at all', `HELLO THERE\r\n\r\n`],
      ['a header name with a space', `GET /health HTTP/1.1\r\nHo st: x\r\n\r\n`],
    ])('answers %s with 400 INVALID_REQUEST as JSON', async (_what, request) => {
      // Act
      const res = await rawRequest(api.port, request);

      // Assess
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/json');
      const body = JSON.parse(res.body) as ErrorBody;
      expect(body).toEqual({
        error: {
          code: 'INVALID_REQUEST',
          message: expect.stringMatching(/^malformed HTTP request/) as unknown,
        },
      });
      expect(res.body).not.toMatch(/node:|\/work\/|at \w+ \(/);
    });

    it('stays up and answers the next request after each of them', async () => {
      // Act
      const res = await call(api.url, 'GET', '/health');

      // Assess
      expect(res.status).toBe(200);
    });
  });

  describe('content type', () => {
    it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=b']])(
      'answers POST /v1/price sent as %s with 415 UNSUPPORTED_MEDIA_TYPE',
      async (contentType) => {
        // Act
        const res = await call<ErrorBody>(api.url, 'POST', '/v1/price', PRICE_BODY, {
          'content-type': contentType,
        });

        // Assess
        expect(res.status).toBe(415);
        expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      },
    );

    it('answers a PUT with no content-type header with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      // Prepare: fetch adds text/plain to a string body, so the raw request
      const body = JSON.stringify(opinion());
      const request =
        `PUT /v1/fixtures/epl-2026-12-05-ars-che HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`;

      // Act
      const res = await rawRequest(api.port, request);

      // Assess
      expect(res.status).toBe(415);
      expect((JSON.parse(res.body) as ErrorBody).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('accepts application/json; charset=utf-8', async () => {
      // Act
      const res = await call(api.url, 'POST', '/v1/price', PRICE_BODY, {
        'content-type': 'application/json; charset=utf-8',
      });

      // Assess
      expect(res.status).toBe(200);
    });
  });

  it('answers an opinion with cards 1e-131 with 400 naming home.cards, never 500', async () => {
    // Prepare
    const o = opinion();
    const body = { ...o, home: { ...(o.home as object), cards: 1e-131 } };

    // Act
    const res = await call<ErrorBody>(api.url, 'PUT', '/v1/fixtures/epl-2026-12-07-tiny-num', body);

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: 'home.cards' }] });
  });
});
