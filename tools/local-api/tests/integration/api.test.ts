import { MODEL_VERSION } from '@betbuilder/pricing-model';
import {
  buildOpenApiDocument,
  ROUTES,
  type OpenApiDocument,
  type PriceResponse,
} from '@betbuilder/pricing-lambda';
import { useLocalApi } from '../support/localApi';
import { call, CONTRACT_LEGS, opinion, type ErrorBody } from '../support/http';

type PriceBody = PriceResponse;

const ARS_CHE = 'epl-2026-12-05-ars-che';
const SUSPENDED = 'epl-2026-12-06-tot-mun';

describe('local API over HTTP (the API contract)', () => {
  const { api } = useLocalApi({ table: 'opinions-api-test', primeOnWrite: 'await' }, async (started) => {
    await call(started.url, 'PUT', `/v1/fixtures/${ARS_CHE}`, opinion());
    await call(started.url, 'PUT', `/v1/fixtures/${SUSPENDED}`, opinion({ status: 'SUSPENDED' }));
  });

  describe('the contract examples', () => {
    it('PUT stores the opinion and answers it with inputsVersion and updatedAt', async () => {
      // Act
      const res = await call<Record<string, unknown>>(api.url, 'PUT', '/v1/fixtures/epl-2026-12-12-che-liv', {
        ...opinion(),
        fixtureId: 'epl-2026-12-12-che-liv',
      });

      // Assess
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...opinion(), fixtureId: 'epl-2026-12-12-che-liv', inputsVersion: 1 });
      expect(new Date(res.body.updatedAt as string).toISOString()).toBe(res.body.updatedAt);
    });

    it('GET returns the same object as the PUT answered', async () => {
      // Prepare
      const put = await call(api.url, 'PUT', '/v1/fixtures/epl-2026-12-13-mun-new', opinion());

      // Act
      const got = await call(api.url, 'GET', '/v1/fixtures/epl-2026-12-13-mun-new');

      // Assess
      expect(got.status).toBe(200);
      expect(got.body).toEqual(put.body);
    });

    it('GET with If-None-Match naming the stored version answers 304 without a body, until the next write', async () => {
      // Prepare
      const path = '/v1/fixtures/epl-2026-12-13-che-ars';
      const first = await call(api.url, 'PUT', path, opinion());
      const etag = first.headers.get('etag') ?? '';

      // Act
      const unchanged = await call(api.url, 'GET', path, undefined, { 'if-none-match': etag });
      const weakInList = await call(api.url, 'GET', path, undefined, { 'if-none-match': `"7", W/${etag}` });
      const other = await call(api.url, 'GET', path, undefined, { 'if-none-match': '"7"' });
      await call(api.url, 'PUT', path, opinion({ status: 'SUSPENDED' }), { 'if-match': etag });
      const afterWrite = await call<{ inputsVersion: number }>(api.url, 'GET', path, undefined, {
        'if-none-match': etag,
      });

      // Assess
      expect(etag).toBe('"1"');
      expect([unchanged.status, unchanged.body, unchanged.headers.get('etag')]).toEqual([
        304,
        undefined,
        '"1"',
      ]);
      expect(weakInList.status).toBe(304);
      expect(other.status).toBe(200);
      expect([afterWrite.status, afterWrite.body.inputsVersion, afterWrite.headers.get('etag')]).toEqual([
        200,
        2,
        '"2"',
      ]);
    });

    it('POST /v1/price prices the four-leg example', async () => {
      // Act
      const res = await call<PriceBody>(api.url, 'POST', '/v1/price', {
        fixtureId: ARS_CHE,
        legs: CONTRACT_LEGS,
      });

      // Assess
      expect(res.status).toBe(200);
      const b = res.body;
      expect(b).toMatchObject({
        fixtureId: ARS_CHE,
        inputsVersion: 1,
        modelVersion: MODEL_VERSION,
        margin: 0.11,
      });
      expect(b.probability).toBeGreaterThan(1 / 1001);
      expect(b.probability).toBeLessThan(1);
      expect(b.fairOdds).toBeCloseTo(1 / b.probability, 6);
      expect(b.odds.decimal).toBeGreaterThanOrEqual(1.01);
      expect(b.odds.decimal).toBeLessThanOrEqual(b.fairOdds / (1 + b.margin));
      expect(b.odds.fractional).toMatch(/^\d+\/\d+$/);
      expect(b.legs).toHaveLength(4);
    });

    it('prices duplicate legs once', async () => {
      // Act
      const once = await call<PriceBody>(api.url, 'POST', '/v1/price', {
        fixtureId: ARS_CHE,
        legs: [CONTRACT_LEGS[0]],
      });
      const twice = await call<PriceBody>(api.url, 'POST', '/v1/price', {
        fixtureId: ARS_CHE,
        legs: [CONTRACT_LEGS[0], CONTRACT_LEGS[0]],
      });

      // Assess
      expect(twice.status).toBe(200);
      expect(twice.body.probability).toBe(once.body.probability);
      expect(twice.body.legs).toHaveLength(1);
    });
  });

  describe('bad inputs', () => {
    const price = (legs: unknown, fixtureId: string = ARS_CHE) => ({ fixtureId, legs });
    const tooBig = JSON.stringify({ ...price(CONTRACT_LEGS), pad: 'x'.repeat(17 * 1024) });

    it.each<[string, number, string, string, string, unknown, Record<string, string>]>([
      [
        'malformed JSON',
        400,
        'INVALID_REQUEST',
        'POST',
        '/v1/price',
        '{"fixtureId": "epl-2026-12-05-ars-che", "legs": [',
        {},
      ],
      ['legs of the wrong type', 400, 'INVALID_REQUEST', 'POST', '/v1/price', price('MATCH_RESULT'), {}],
      [
        'a line of the wrong type',
        400,
        'INVALID_REQUEST',
        'POST',
        '/v1/price',
        price([{ market: 'TOTAL_GOALS', side: 'OVER', line: '2.5' }]),
        {},
      ],
      [
        'an unknown market',
        400,
        'INVALID_REQUEST',
        'POST',
        '/v1/price',
        price([{ market: 'FIRST_THROW_IN', selection: 'HOME' }]),
        {},
      ],
      [
        'an unknown selection',
        400,
        'INVALID_REQUEST',
        'POST',
        '/v1/price',
        price([{ market: 'MATCH_RESULT', selection: 'NOBODY' }]),
        {},
      ],
      [
        'an integer line',
        400,
        'INVALID_REQUEST',
        'POST',
        '/v1/price',
        price([{ market: 'TOTAL_GOALS', side: 'OVER', line: 3 }]),
        {},
      ],
      ['0 legs', 400, 'INVALID_REQUEST', 'POST', '/v1/price', price([]), {}],
      [
        '13 legs',
        400,
        'INVALID_REQUEST',
        'POST',
        '/v1/price',
        price(Array.from({ length: 13 }, (_, i) => ({ market: 'TOTAL_GOALS', side: 'OVER', line: i + 0.5 }))),
        {},
      ],
      [
        'a bad fixtureId',
        400,
        'INVALID_REQUEST',
        'POST',
        '/v1/price',
        price(CONTRACT_LEGS, 'Arsenal v Chelsea'),
        {},
      ],
      ['a 17 KiB body', 413, 'PAYLOAD_TOO_LARGE', 'POST', '/v1/price', tooBig, {}],
      [
        'an unknown fixture',
        404,
        'FIXTURE_NOT_FOUND',
        'POST',
        '/v1/price',
        price(CONTRACT_LEGS, 'epl-2026-12-05-xxx-yyy'),
        {},
      ],
      [
        'an unknown player',
        404,
        'PLAYER_NOT_FOUND',
        'POST',
        '/v1/price',
        price([{ market: 'PLAYER_TO_SCORE', playerId: 'pele' }]),
        {},
      ],
      [
        'a suspended fixture',
        409,
        'FIXTURE_SUSPENDED',
        'POST',
        '/v1/price',
        price(CONTRACT_LEGS, SUSPENDED),
        {},
      ],
      [
        'contradictory legs',
        422,
        'NO_PRICE',
        'POST',
        '/v1/price',
        price([
          { market: 'MATCH_RESULT', selection: 'HOME' },
          { market: 'MATCH_RESULT', selection: 'AWAY' },
        ]),
        {},
      ],
      [
        'a stale If-Match',
        409,
        'VERSION_CONFLICT',
        'PUT',
        `/v1/fixtures/${SUSPENDED}`,
        opinion(),
        { 'if-match': '7' },
      ],
      [
        'an opinion out of range',
        400,
        'INVALID_REQUEST',
        'PUT',
        '/v1/fixtures/epl-2026-12-14-whu-bha',
        opinion({ home: { name: 'West Ham', goals: 7, cards: 2, corners: 5 } }),
        {},
      ],
      [
        'a body fixtureId that differs from the path',
        400,
        'INVALID_REQUEST',
        'PUT',
        '/v1/fixtures/epl-2026-12-14-whu-bha',
        opinion({ fixtureId: 'epl-2026-12-14-bha-whu' }),
        {},
      ],
      ['an opinion for a bad fixtureId', 400, 'INVALID_REQUEST', 'PUT', '/v1/fixtures/EPL_1', opinion(), {}],
      [
        'a malformed opinion',
        400,
        'INVALID_REQUEST',
        'PUT',
        '/v1/fixtures/epl-2026-12-14-whu-bha',
        '{"status": ',
        {},
      ],
      [
        'a GET of an unknown fixture',
        404,
        'FIXTURE_NOT_FOUND',
        'GET',
        '/v1/fixtures/epl-2026-12-05-xxx-yyy',
        undefined,
        {},
      ],
    ])('answers %s with %i %s', async (_what, status, code, method, path, body, headers) => {
      // Act
      const res = await call<ErrorBody>(api.url, method, path, body, headers);

      // Assess
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status, code });
      expect(typeof res.body.error.message).toBe('string');
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts:\d+|stack/);
    });

    it('names the offending field in the details', async () => {
      // Act
      const res = await call<ErrorBody>(api.url, 'POST', '/v1/price', {
        fixtureId: ARS_CHE,
        legs: [CONTRACT_LEGS[0], { market: 'TOTAL_GOALS', side: 'OVER', line: 3 }],
      });

      // Assess
      expect(res.body.error.details?.map((d) => d.path)).toContain('legs.1.line');
    });

    it('refuses an unknown leg field and an unknown period, instead of a full-time price', async () => {
      // Act
      const res = await call<ErrorBody>(api.url, 'POST', '/v1/price', {
        fixtureId: ARS_CHE,
        legs: [
          { market: 'MATCH_RESULT', selection: 'HOME', period: 'EXTRA_TIME' },
          { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5, foo: 1 },
        ],
      });

      // Assess
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_REQUEST');
      expect(res.body.error.details?.map((d) => d.path)).toEqual(['legs.0.period', 'legs.1.foo']);
    });

    it('leaves the stored opinion unchanged after a version conflict', async () => {
      // Prepare
      const before = await call(api.url, 'GET', `/v1/fixtures/${SUSPENDED}`);

      // Act
      await call(api.url, 'PUT', `/v1/fixtures/${SUSPENDED}`, opinion({ status: 'OPEN' }), {
        'if-match': '99',
      });

      // Assess
      expect((await call(api.url, 'GET', `/v1/fixtures/${SUSPENDED}`)).body).toEqual(before.body);
    });
  });

  it('prices with the new inputs right after a PUT, never the old outputs', async () => {
    // Prepare
    const id = 'laliga-2026-12-06-rma-bar';
    const legs = [{ market: 'TEAM_GOALS', team: 'HOME', side: 'OVER', line: 1.5 }];
    await call(api.url, 'PUT', `/v1/fixtures/${id}`, opinion());
    const before = await call<PriceBody>(api.url, 'POST', '/v1/price', { fixtureId: id, legs });

    // Act
    const put = await call<{ inputsVersion: number }>(
      api.url,
      'PUT',
      `/v1/fixtures/${id}`,
      opinion({ home: { name: 'Real Madrid', goals: 2.6, cards: 1.6, corners: 5.8 } }),
      { 'if-match': '1' },
    );
    const after = await call<PriceBody>(api.url, 'POST', '/v1/price', { fixtureId: id, legs });

    // Assess
    expect(put.body.inputsVersion).toBe(2);
    expect(before.body.inputsVersion).toBe(1);
    expect(after.body.inputsVersion).toBe(2);
    expect(after.body.probability).toBeGreaterThan(before.body.probability);
  });

  describe('GET /v1/fixtures/{fixtureId}/markets', () => {
    interface MenuBody {
      fixtureId: string;
      inputsVersion: number;
      modelVersion: string;
      markets: {
        market: string;
        period: string;
        selections: { leg: unknown; probability: number; odds: unknown }[];
      }[];
    }

    it('answers the menu, each selection priced exactly as POST /v1/price prices its leg', async () => {
      // Act
      const res = await call<MenuBody>(api.url, 'GET', `/v1/fixtures/${ARS_CHE}/markets`);

      // Assess
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ fixtureId: ARS_CHE, modelVersion: MODEL_VERSION });
      const markets = new Set(res.body.markets.map((m) => m.market));
      for (const m of [
        'MATCH_RESULT',
        'HANDICAP',
        'WIN_TO_NIL',
        'CLEAN_SHEET',
        'PLAYER_TO_SCORE',
        'TEAM_CORNERS',
      ]) {
        expect(markets).toContain(m);
      }
      // A sample across the markets (every selection is checked against price in the pricing-lambda tests)
      for (const m of res.body.markets) {
        const s = m.selections[m.selections.length - 1]!;
        const priced = await call<PriceBody>(api.url, 'POST', '/v1/price', {
          fixtureId: ARS_CHE,
          legs: [s.leg],
        });
        expect([priced.status, priced.body.probability, priced.body.odds]).toEqual([
          200,
          s.probability,
          s.odds,
        ]);
        expect(priced.body.inputsVersion).toBe(res.body.inputsVersion);
      }
    });

    it('answers 404, 409 and 405 as the contract says', async () => {
      const missing = await call<ErrorBody>(api.url, 'GET', '/v1/fixtures/no-such-fixture/markets');
      const suspended = await call<ErrorBody>(api.url, 'GET', `/v1/fixtures/${SUSPENDED}/markets`);
      const post = await call<ErrorBody>(api.url, 'POST', `/v1/fixtures/${ARS_CHE}/markets`, {});
      expect([missing.status, missing.body.error.code]).toEqual([404, 'FIXTURE_NOT_FOUND']);
      expect([suspended.status, suspended.body.error.code]).toEqual([409, 'FIXTURE_SUSPENDED']);
      expect([post.status, post.body.error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    });
  });

  it('answers GET /health', async () => {
    const res = await call<{ status: string; redis: string }>(api.url, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', redis: 'ready' });
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await call<ErrorBody>(api.url, 'GET', '/v2/anything');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  describe('GET /v1/fixtures', () => {
    it('lists the stored fixtures by kickoff with their current inputsVersion, in pages', async () => {
      // Prepare: a third fixture, so that two pages exist whichever other tests ran first
      await call(api.url, 'PUT', '/v1/fixtures/epl-2026-12-14-list-page', opinion());

      // Act
      const first = await call<{ fixtures: { fixtureId: string; kickoff?: string }[]; nextCursor?: string }>(
        api.url,
        'GET',
        '/v1/fixtures?limit=2',
      );
      const rest = await call<{ fixtures: { fixtureId: string }[]; nextCursor?: string }>(
        api.url,
        'GET',
        `/v1/fixtures?limit=100&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      );
      const suspended = await call<{ fixtures: { fixtureId: string; status: string }[] }>(
        api.url,
        'GET',
        '/v1/fixtures?status=SUSPENDED',
      );

      // Assess
      expect(first.status).toBe(200);
      expect(first.body.fixtures).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const ids = [...first.body.fixtures, ...rest.body.fixtures].map((f) => f.fixtureId);
      expect(ids).toEqual(expect.arrayContaining([ARS_CHE, SUSPENDED]));
      expect(new Set(ids).size).toBe(ids.length);
      expect(rest.body.nextCursor).toBeUndefined();
      expect(suspended.body.fixtures.map((f) => f.fixtureId)).toContain(SUSPENDED);
      expect(suspended.body.fixtures.every((f) => f.status === 'SUSPENDED')).toBe(true);
    });

    it.each([
      ['?status=closed'],
      ['?limit=0'],
      ['?limit=500'],
      ['?cursor=abc'],
      ['?colour=red'],
      ['?status=OPEN&status=SUSPENDED'],
      ['?limit=2&limit=2'],
    ])('refuses %s with 400 INVALID_REQUEST', async (query) => {
      // Act
      const res = await call<ErrorBody>(api.url, 'GET', `/v1/fixtures${query}`);

      // Assess
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_REQUEST');
      expect(res.body.error.details?.length).toBeGreaterThan(0);
    });
  });

  describe('the API reference', () => {
    it('serves the generated OpenAPI document at /openapi.json, this server first', async () => {
      // Act
      const res = await call<OpenApiDocument>(api.url, 'GET', '/openapi.json');

      // Assess
      const generated = buildOpenApiDocument();
      expect(res.status).toBe(200);
      expect({ ...res.body, servers: undefined }).toEqual({ ...generated, servers: undefined });
      expect((res.body.servers as { url: string }[])[0]!.url).toBe(api.url);
    });

    it('serves /docs from this server alone (no CDN): the page and the renderer it loads', async () => {
      // Act
      const page = await fetch(`${api.url}/docs`);
      const html = await page.text();
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      const loaded = await Promise.all(assets.map((a) => fetch(new URL(a, api.url)).then((r) => r.status)));

      // Assess
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(assets.length).toBeGreaterThanOrEqual(2);
      expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
      expect(loaded).toEqual(assets.map(() => 200));
    });

    it('routes every documented operation to a handler (none answers the local 404 or 405)', async () => {
      for (const route of ROUTES) {
        // Act
        const res = await fetch(`${api.url}${route.path.replace('{fixtureId}', ARS_CHE)}`, {
          method: route.method,
          headers: { 'content-type': 'application/json' },
          ...(route.method === 'GET' ? {} : { body: '{}' }),
        });
        const body = (await res.json()) as Partial<ErrorBody>;

        // Assess
        expect([route.operationId, body.error?.code]).not.toEqual([route.operationId, 'ROUTE_NOT_FOUND']);
        expect([route.operationId, res.status]).not.toEqual([route.operationId, 405]);
      }
    });
  });
});
