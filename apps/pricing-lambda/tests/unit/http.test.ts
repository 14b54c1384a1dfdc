import { PricingError } from '@betbuilder/pricing-model';
import {
  ApiError,
  FixtureUnavailableError,
  MAX_BODY_BYTES,
  OpinionStoreError,
  parseIfMatch,
} from '../../src';
import { errorResponse, readJsonBody, toApiError } from '../../src/http';
import { recordingLogger } from '../support/fixtures';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('readJsonBody', () => {
  it.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['Application/JSON;charset=UTF-8'],
    ['application/json; charset="utf-8"'],
    ['application/json; charset=utf8'],
  ])('accepts the content type %s', (contentType) => {
    expect(
      readJsonBody({ body: '{"a":1}', isBase64Encoded: false, headers: { 'Content-Type': contentType } }),
    ).toEqual({
      a: 1,
    });
  });

  it.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/jsonp'],
    ['application/json-seq'],
    [''],
  ])('refuses the content type %j with 415 UNSUPPORTED_MEDIA_TYPE', (contentType) => {
    expect(() =>
      readJsonBody({ body: '{"a":1}', isBase64Encoded: false, headers: { 'content-type': contentType } }),
    ).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 }) as Error);
  });

  it.each([['utf-16'], ['UTF-16LE'], ['iso-8859-1'], ['"latin1"']])(
    'refuses a JSON body declared in charset %s with 415 UNSUPPORTED_MEDIA_TYPE',
    (charset) => {
      const headers = { 'content-type': `application/json; charset=${charset}` };
      expect(() => readJsonBody({ body: '{"a":1}', isBase64Encoded: false, headers })).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 }) as Error,
      );
    },
  );

  it.each([['gzip'], ['br'], ['deflate, gzip']])(
    'refuses a content-encoded (%s) body with 415 UNSUPPORTED_MEDIA_TYPE, and accepts identity',
    (encoding) => {
      const headers = { ...JSON_HEADERS, 'Content-Encoding': encoding };
      expect(() => readJsonBody({ body: '{"a":1}', isBase64Encoded: false, headers })).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 }) as Error,
      );
      const identity = { ...JSON_HEADERS, 'content-encoding': 'identity' };
      expect(readJsonBody({ body: '{"a":1}', isBase64Encoded: false, headers: identity })).toEqual({ a: 1 });
    },
  );

  it('refuses a body without a content type with 415 UNSUPPORTED_MEDIA_TYPE', () => {
    expect(() => readJsonBody({ body: '{"a":1}', isBase64Encoded: false, headers: {} })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 }) as Error,
    );
  });

  it('accepts a body of exactly 16 KiB', () => {
    // Prepare
    const body = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES - 10) });

    // Act / Assess
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect(readJsonBody({ body, isBase64Encoded: false, headers: JSON_HEADERS })).toEqual({
      pad: expect.any(String) as unknown,
    });
  });

  it('refuses one byte more with PAYLOAD_TOO_LARGE, counting bytes not characters', () => {
    // Prepare: 'é' is two bytes in UTF-8
    const body = JSON.stringify({ pad: 'é'.repeat(Math.ceil((MAX_BODY_BYTES - 9) / 2)) });

    // Act / Assess
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expect(() => readJsonBody({ body, isBase64Encoded: false, headers: JSON_HEADERS })).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', status: 413 }) as Error,
    );
  });

  it.each([['{"legs": ['], [''], [null]])('answers INVALID_REQUEST for the body %j', (body) => {
    expect(() => readJsonBody({ body, isBase64Encoded: false, headers: JSON_HEADERS })).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', status: 400 }) as Error,
    );
  });
});

describe('parseIfMatch', () => {
  it.each([
    ['3', 3],
    ['"3"', 3],
    ['W/"12"', 12],
    ['*', '*'],
  ])('reads %s as %j', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it.each([['0'], ['abc'], ['1.5'], ['-2']])('rejects %s with INVALID_REQUEST', (header) => {
    expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }) as Error);
  });
});

describe('toApiError', () => {
  it.each([
    [new OpinionStoreError('UNAVAILABLE', 'timeout'), 503, 'DEPENDENCY_UNAVAILABLE'],
    [new OpinionStoreError('VERSION_CONFLICT', 'stale'), 409, 'VERSION_CONFLICT'],
    [new OpinionStoreError('MALFORMED_ITEM', 'bad item'), 500, 'INTERNAL'],
    [new FixtureUnavailableError('NOT_FOUND', 'epl-x'), 404, 'FIXTURE_NOT_FOUND'],
    [new FixtureUnavailableError('SUSPENDED', 'epl-x'), 409, 'FIXTURE_SUSPENDED'],
    [new PricingError('NO_PRICE', 'contradictory'), 422, 'NO_PRICE'],
    [new PricingError('PLAYER_NOT_FOUND', 'who?'), 404, 'PLAYER_NOT_FOUND'],
    [new TypeError('x is undefined'), 500, 'INTERNAL'],
  ])('maps %s to %i %s', (err, status, code) => {
    // Act
    const api = toApiError(err);

    // Assess
    expect(api).toBeInstanceOf(ApiError);
    expect({ status: api.status, code: api.code }).toEqual({ status, code });
  });
});

describe('errorResponse', () => {
  it('gives a 500 the correlation id and no internal detail, and logs the original error', () => {
    // Prepare
    const logger = recordingLogger();
    const secret = new Error('connect ECONNREFUSED 10.0.3.7:6379 at Socket.internal');

    // Act
    const res = errorResponse(secret, 'corr-123', logger);

    // Assess
    const body = JSON.parse(res.body) as { error: { code: string; message: string; correlationId: string } };
    expect(res.statusCode).toBe(500);
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.correlationId).toBe('corr-123');
    expect(res.body).not.toContain('ECONNREFUSED');
    expect(res.body).not.toContain('Socket');
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        extra: expect.objectContaining({ correlationId: 'corr-123' }) as unknown,
      }),
    ]);
  });

  it('keeps validation details in the contract shape', () => {
    // Act
    const res = errorResponse(
      new ApiError('INVALID_REQUEST', 'invalid price request', [
        { path: 'legs.1.line', message: 'half-line' },
      ]),
      'c',
      recordingLogger(),
    );

    // Assess
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'INVALID_REQUEST',
        message: 'invalid price request',
        details: [{ path: 'legs.1.line', message: 'half-line' }],
      },
    });
  });
});
