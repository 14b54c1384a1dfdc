import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { MenuMarket } from '@betbuilder/pricing-model';
import {
  createPriceHandler,
  createRuntime,
  MARKETS_RESOURCE,
  type PriceHandler,
  type Runtime,
} from '../../src';
import { apiEvent, context, contractOpinion, freshConfig, useServices } from '../support/fixtures';

const FIXTURE = 'epl-2026-12-05-ars-che';

function marketsEvent(fixtureId: string): APIGatewayProxyEvent {
  return {
    resource: MARKETS_RESOURCE,
    path: `/v1/fixtures/${fixtureId}/markets`,
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { fixtureId },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'req-markets' } as APIGatewayProxyEvent['requestContext'],
  };
}

const priceEvent = (body: unknown): APIGatewayProxyEvent => apiEvent('POST', '/v1/price', body);

interface MenuBody {
  fixtureId: string;
  inputsVersion: number;
  modelVersion: string;
  markets: MenuMarket[];
}

describe('GET /v1/fixtures/{fixtureId}/markets (served by the price handler)', () => {
  const { services, redis } = useServices();
  let runtime: Runtime;
  let handler: PriceHandler;
  const call = async (event: APIGatewayProxyEvent) => {
    const res = (await handler(event, context('price'))) as APIGatewayProxyResult;
    return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
  };

  beforeEach(async () => {
    runtime = createRuntime(await freshConfig({ services, redis }, 'markets'));
    handler = createPriceHandler(runtime);
  });
  afterEach(() => runtime.close());

  it("answers the menu whose every selection is exactly POST /v1/price of that one leg, on the price's model", async () => {
    // Prepare
    await runtime.store.put(FIXTURE, contractOpinion());

    // Act
    const menu = await call(marketsEvent(FIXTURE));

    // Assess
    expect(menu.status).toBe(200);
    const body = menu.body as unknown as MenuBody;
    expect(Object.keys(body)).toEqual(['fixtureId', 'inputsVersion', 'modelVersion', 'markets']);
    expect(body).toMatchObject({ fixtureId: FIXTURE, inputsVersion: 1 });
    const selections = body.markets.flatMap((m) => m.selections);
    expect(selections.length).toBeGreaterThan(150);
    for (const s of selections) {
      const priced = await call(priceEvent({ fixtureId: FIXTURE, legs: [s.leg] }));
      expect(priced.status).toBe(200);
      expect({ probability: s.probability, odds: s.odds, legs: [s.leg] }).toEqual({
        probability: priced.body.probability,
        odds: priced.body.odds,
        legs: priced.body.legs,
      });
      expect([priced.body.inputsVersion, priced.body.modelVersion]).toEqual([
        body.inputsVersion,
        body.modelVersion,
      ]);
    }
    // One model build served the menu and every price
    expect(runtime.models.stats().compute.computes).toBe(1);
  });

  it('computes the menu once per model version, and a new version gets a new menu', async () => {
    // Prepare: metrics on (the test setup disables them), stdout captured to read the EMF lines
    const previous = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const measured = createRuntime(runtime.config);
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const sources = () =>
      lines
        .filter((l) => l.includes('"_aws"'))
        .flatMap((l) => Object.keys(JSON.parse(l) as object).filter((k) => k.startsWith('MenuSource')));
    let bodies: MenuBody[] = [];
    try {
      await measured.store.put(FIXTURE, contractOpinion());
      const menus = createPriceHandler(measured);
      const get = async () =>
        JSON.parse(
          ((await menus(marketsEvent(FIXTURE), context('price'))) as APIGatewayProxyResult).body,
        ) as MenuBody;

      // Act: two requests on version 1, then a trader's write (version 2) and two more
      bodies = [await get(), await get()];
      const v2 = await measured.store.put(
        FIXTURE,
        contractOpinion({ home: { ...contractOpinion().home, goals: 2.1 } }),
      );
      measured.opinions.remember(v2);
      bodies.push(await get(), await get());
    } finally {
      write.mockRestore();
      process.env.POWERTOOLS_METRICS_DISABLED = previous;
      await measured.close();
    }

    // Assess
    expect(sources()).toEqual(['MenuSourceCOMPUTED', 'MenuSourceL1', 'MenuSourceCOMPUTED', 'MenuSourceL1']);
    expect(bodies.map((b) => b.inputsVersion)).toEqual([1, 1, 2, 2]);
    expect(bodies[1]).toEqual(bodies[0]);
    const homeWin = (b: MenuBody) => b.markets[0]?.selections[0]?.probability as number;
    expect(homeWin(bodies[2] as MenuBody)).toBeGreaterThan(homeWin(bodies[0] as MenuBody));
  });

  it('answers 404 FIXTURE_NOT_FOUND, 409 FIXTURE_SUSPENDED and 400 for a bad fixture id, as a price does', async () => {
    // Prepare
    await runtime.store.put(
      'suspended-fixture',
      contractOpinion({ fixtureId: 'suspended-fixture', status: 'SUSPENDED' }),
    );

    // Act
    const missing = await call(marketsEvent('no-such-fixture'));
    const suspended = await call(marketsEvent('suspended-fixture'));
    const bad = await call(marketsEvent('X'));

    // Assess
    expect([missing.status, (missing.body.error as { code: string }).code]).toEqual([
      404,
      'FIXTURE_NOT_FOUND',
    ]);
    expect([suspended.status, (suspended.body.error as { code: string }).code]).toEqual([
      409,
      'FIXTURE_SUSPENDED',
    ]);
    expect(bad).toEqual({
      status: 400,
      body: {
        error: {
          code: 'INVALID_REQUEST',
          message: 'invalid fixture id',
          details: [{ path: 'fixtureId', message: 'fixtureId must match ^[a-z0-9][a-z0-9-]{2,63}$' }],
        },
      },
    });
  });
});
