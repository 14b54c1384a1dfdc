import { DynaliteServer } from '@betbuilder/test-harness';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createOpinionHandler, createPriceHandler, createRuntime, loadConfig, type Runtime } from '../../src';
import {
  apiEvent,
  context,
  contractOpinion,
  CONTRACT_LEGS,
  createOpinionTable,
  uniqueTableName,
} from '../support/fixtures';

const FIXTURE = 'epl-2026-12-05-ars-che';

/** The request as API Gateway hands it over: these tests set every header themselves (or none). */
const event = (method: string, path: string, body: string | null, headers: Record<string, string>) =>
  apiEvent(method, path, body, headers);

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe('the Lambda handlers at the edge (what holds behind API Gateway too)', () => {
  let dynamo: DynaliteServer;
  let runtime: Runtime;
  let price: ReturnType<typeof createPriceHandler>;
  let opinion: ReturnType<typeof createOpinionHandler>;
  const send = async (e: APIGatewayProxyEvent) =>
    (await (e.path === '/v1/price' ? price : opinion)(e, context())) as APIGatewayProxyResult;

  beforeAll(async () => {
    dynamo = await DynaliteServer.start();
    const tableName = uniqueTableName();
    await createOpinionTable(dynamo.endpoint, tableName);
    runtime = createRuntime(
      loadConfig({
        TABLE_NAME: tableName,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        REDIS_URL: '',
        REDIS_HOST: '',
      }),
    );
    price = createPriceHandler(runtime);
    opinion = createOpinionHandler(runtime);
  });
  afterAll(async () => {
    await runtime.close();
    await dynamo.stop();
  });

  describe('content type', () => {
    it.each([
      ['POST', '/v1/price', { 'content-type': 'text/plain' }],
      ['POST', '/v1/price', { 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['POST', '/v1/price', {}],
      ['PUT', `/v1/fixtures/${FIXTURE}`, { 'content-type': 'text/plain; charset=utf-8' }],
      ['PUT', `/v1/fixtures/${FIXTURE}`, {}],
    ])('answers %s %s with headers %j with 415 UNSUPPORTED_MEDIA_TYPE', async (method, path, headers) => {
      // Prepare: a body that would otherwise be valid
      const body =
        path === '/v1/price'
          ? JSON.stringify({ fixtureId: FIXTURE, legs: CONTRACT_LEGS })
          : JSON.stringify(contractOpinion());

      // Act
      const res = await send(event(method, path, body, headers));

      // Assess
      expect(res.statusCode).toBe(415);
      expect(JSON.parse(res.body)).toEqual({
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: expect.stringContaining('application/json') as unknown,
        },
      });
    });

    it('accepts application/json with a charset parameter', async () => {
      // Act
      const res = await send(
        event('PUT', `/v1/fixtures/${FIXTURE}`, JSON.stringify(contractOpinion()), {
          'content-type': 'application/json; charset=utf-8',
        }),
      );

      // Assess
      expect(res.statusCode).toBe(200);
    });

    it('does not ask a GET, which has no body, for a content type', async () => {
      // Act
      const res = await send(event('GET', '/v1/fixtures/epl-2026-12-05-nobody', null, {}));

      // Assess
      expect(res.statusCode).toBe(404);
    });
  });

  describe('numbers the store cannot hold', () => {
    it('answers a non-zero number below 1e-130 with 400 INVALID_REQUEST naming the field, never 500', async () => {
      // Prepare
      const { fixtureId: _inPath, ...o } = contractOpinion();
      const body = JSON.stringify({
        ...o,
        home: { ...o.home, cards: 1e-131 },
        model: { dixonColesRho: -1e-200 },
      });

      // Act
      const res = await send(
        event('PUT', '/v1/fixtures/epl-2026-12-07-tiny-num', body, { 'content-type': 'application/json' }),
      );

      // Assess
      expect(res.statusCode).toBe(400);
      const err = (JSON.parse(res.body) as ErrorBody).error;
      expect(err.code).toBe('INVALID_REQUEST');
      expect(err.details?.map((d) => d.path)).toEqual(['home.cards', 'model.dixonColesRho']);
      const read = await send(event('GET', '/v1/fixtures/epl-2026-12-07-tiny-num', null, {}));
      expect(read.statusCode).toBe(404);
    });

    it('stores -0 as 0 and a number with more than 38 significant digits as the double JSON reads', async () => {
      // Prepare: the raw text, so the digits reach the handler as sent
      const { fixtureId: _inPath, ...o } = contractOpinion();
      const body = JSON.stringify({ ...o, home: { ...o.home, cards: 1.25 } })
        .replace('"cards":1.25', '"cards":-0')
        .replace('"corners":5.8', '"corners":5.800000000000000000000000000000000000000001');

      // Act
      const res = await send(
        event('PUT', '/v1/fixtures/epl-2026-12-07-many-dig', body, { 'content-type': 'application/json' }),
      );

      // Assess
      expect(res.statusCode).toBe(200);
      const read = await send(event('GET', '/v1/fixtures/epl-2026-12-07-many-dig', null, {}));
      expect(JSON.parse(read.body)).toMatchObject({ home: { cards: 0, corners: 5.8 } });
    });
  });
});
