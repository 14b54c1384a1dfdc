import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import {
  createOpinionHandler,
  createPriceHandler,
  createRuntime,
  loadConfig,
  opinionTableCreateInput,
  ROUTES,
  type Runtime,
} from '@betbuilder/pricing-lambda';
import { startTestServices, type TestServices } from '@betbuilder/test-harness';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  API_RESOURCES,
  lambdaInvokeTransport,
  matchResource,
  runSmokeTest,
  smokeOptionsFromEnv,
} from '../../src/smoke';
import { PricingClient } from '@betbuilder/client';

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'smoke-test.ts');
const PRICE_ARN = 'arn:aws:lambda:eu-west-1:111111111111:function:betbuilder-dev-eu-west-1-price:live';
const OPINION_ARN = 'arn:aws:lambda:eu-west-1:111111111111:function:betbuilder-dev-eu-west-1-opinion';
const FIXTURE = 'smoke-test-fixture';

type Invocable = (event: APIGatewayProxyEvent) => Promise<unknown>;
const context = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'smoke' } as unknown as Context;
const payload = (value: unknown) =>
  new TextEncoder().encode(JSON.stringify(value)) as InvokeCommandOutput['Payload'];

/**
 * The Lambda Invoke API mocked (it cannot run here): each invocation runs the named function's real handler on the
 * event the script sent, as Lambda would, and answers its result (or `FunctionError` when the handler throws).
 */
function mockLambda(functions: Record<string, Invocable>) {
  // Typed here once: the mock's declarations use another @smithy/types than the v3 clients (same runtime).
  const lambda = mockClient(LambdaClient as never) as unknown as {
    on(command: unknown): {
      callsFake(fn: (input: { FunctionName: string; Payload: Uint8Array }) => unknown): void;
    };
    restore(): void;
  };
  const invoked: { name: string; event: APIGatewayProxyEvent }[] = [];
  lambda.on(InvokeCommand).callsFake(async (input) => {
    const fn = functions[input.FunctionName];
    if (!fn)
      throw Object.assign(new Error(`Function not found: ${input.FunctionName}`), {
        name: 'ResourceNotFoundException',
      });
    const event = JSON.parse(new TextDecoder().decode(input.Payload)) as APIGatewayProxyEvent;
    invoked.push({ name: input.FunctionName, event });
    try {
      return { StatusCode: 200, Payload: payload(await fn(event)) };
    } catch (err) {
      return {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: payload({ errorType: (err as Error).name, errorMessage: (err as Error).message }),
      };
    }
  });
  return { client: new LambdaClient({ region: 'eu-west-1' }), invoked, restore: () => lambda.restore() };
}

const QUICK = { attempts: 1, retryMs: 0, log: () => undefined };

describe('post-deploy smoke test', () => {
  let services: TestServices;
  let runtime: Runtime;
  let functions: Record<string, Invocable>;

  beforeAll(async () => {
    services = await startTestServices();
    const tableName = `opinions-smoke-${process.pid}`;
    await new DynamoDBClient({
      endpoint: services.dynamo.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }).send(new CreateTableCommand(opinionTableCreateInput(tableName)));
    runtime = createRuntime(
      loadConfig({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: services.dynamo.endpoint }),
    );
    const price = createPriceHandler(runtime);
    const opinion = createOpinionHandler(runtime);
    functions = {
      [PRICE_ARN]: (event) => price(event, context),
      [OPINION_ARN]: (event) => opinion(event, context),
    };
  }, 60_000);
  afterAll(async () => {
    await runtime.close();
    await services.stop();
  });

  it('writes the smoke fixture through the opinion function, then prices it through pricing:live', async () => {
    // Prepare
    const lambda = mockLambda(functions);
    const lines: string[] = [];

    // Act
    const result = await runSmokeTest({
      ...QUICK,
      log: (l) => lines.push(l),
      lambda: lambda.client,
      priceFunctionArn: PRICE_ARN,
      opinionFunctionArn: OPINION_ARN,
      fixtureId: FIXTURE,
    });
    lambda.restore();

    // Assess
    expect(result).toEqual({
      ok: true,
      message: expect.stringContaining(`smoke test passed: ${PRICE_ARN} priced ${FIXTURE}`) as unknown,
    });
    expect(
      lambda.invoked.map((i) => [i.name, i.event.httpMethod, i.event.resource, i.event.pathParameters]),
    ).toEqual([
      [OPINION_ARN, 'PUT', '/v1/fixtures/{fixtureId}', { fixtureId: FIXTURE }],
      [PRICE_ARN, 'POST', '/v1/price', null],
    ]);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^smoke fixture ${FIXTURE} written \\(inputsVersion \\d+\\)$`)),
    ]);
  }, 60_000);

  it('only prices in a replica region (no opinion function), the fixture having been written at home', async () => {
    // Prepare: the home region's run wrote it
    await runtime.store.put(FIXTURE, {
      fixtureId: FIXTURE,
      status: 'OPEN',
      home: { name: 'Smoke Home', goals: 1.45, cards: 1.8, corners: 5.2 },
      away: { name: 'Smoke Away', goals: 1.1, cards: 2.0, corners: 4.6 },
      players: [],
    });
    const lambda = mockLambda(functions);

    // Act
    const result = await runSmokeTest({
      ...QUICK,
      lambda: lambda.client,
      priceFunctionArn: PRICE_ARN,
      fixtureId: FIXTURE,
    });
    lambda.restore();

    // Assess
    expect(result.ok).toBe(true);
    expect(lambda.invoked.map((i) => i.name)).toEqual([PRICE_ARN]);
  }, 60_000);

  it('retries, then fails with a replication hint when a replica region does not find the fixture', async () => {
    // Prepare: a price function whose table has no such fixture
    const lambda = mockLambda({
      [PRICE_ARN]: () =>
        Promise.resolve({
          statusCode: 404,
          body: JSON.stringify({ error: { code: 'FIXTURE_NOT_FOUND', message: 'no opinion' } }),
        }),
    });
    const waits: number[] = [];

    // Act
    const result = await runSmokeTest({
      ...QUICK,
      attempts: 3,
      retryMs: 100,
      sleep: (ms) => Promise.resolve(void waits.push(ms)),
      lambda: lambda.client,
      priceFunctionArn: PRICE_ARN,
      fixtureId: FIXTURE,
    });
    lambda.restore();

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: `fixture '${FIXTURE}' has not replicated here from the home region (its smoke test writes it)`,
    });
    expect([lambda.invoked.length, waits]).toEqual([3, [100, 200]]);
  });

  it('fails when the answer is not a plausible price', async () => {
    // Prepare: fair odds that are not 1 / probability
    const lambda = mockLambda({
      [PRICE_ARN]: () =>
        Promise.resolve({
          statusCode: 200,
          body: JSON.stringify({
            fixtureId: FIXTURE,
            probability: 0.25,
            fairOdds: 9,
            odds: { decimal: 3.6, fractional: '13/5' },
          }),
        }),
    });

    // Act
    const result = await runSmokeTest({
      ...QUICK,
      lambda: lambda.client,
      priceFunctionArn: PRICE_ARN,
      fixtureId: FIXTURE,
    });
    lambda.restore();

    // Assess
    expect(result).toEqual({ ok: false, reason: 'fairOdds 9 is not 1 / probability' });
  });

  it('fails naming the function when the invocation itself errors', async () => {
    // Prepare
    const lambda = mockLambda({ [PRICE_ARN]: () => Promise.reject(new Error('init failed')) });

    // Act
    const result = await runSmokeTest({
      ...QUICK,
      lambda: lambda.client,
      priceFunctionArn: PRICE_ARN,
      fixtureId: FIXTURE,
    });
    lambda.restore();

    // Assess
    expect(result.ok).toBe(false);
    expect((result as { reason: string }).reason).toContain(`${PRICE_ARN} failed (Unhandled)`);
    expect((result as { reason: string }).reason).toContain('init failed');
  });

  it('fails on writing the fixture when the opinion function refuses it, and prices nothing', async () => {
    // Prepare
    const lambda = mockLambda({
      ...functions,
      [OPINION_ARN]: () =>
        Promise.resolve({
          statusCode: 500,
          body: JSON.stringify({ error: { code: 'INTERNAL', message: 'boom' } }),
        }),
    });

    // Act
    const result = await runSmokeTest({
      ...QUICK,
      lambda: lambda.client,
      priceFunctionArn: PRICE_ARN,
      opinionFunctionArn: OPINION_ARN,
      fixtureId: FIXTURE,
    });
    lambda.restore();

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'writing the smoke fixture: PUT /v1/fixtures/smoke-test-fixture: 500 INTERNAL: boom',
    });
    expect(lambda.invoked.map((i) => i.name)).toEqual([OPINION_ARN]);
  });
});

describe('the Lambda Invoke transport of @betbuilder/client', () => {
  it('knows every route the deployed API has (the OpenAPI registry less the local server)', () => {
    // Assess
    expect([...API_RESOURCES].sort()).toEqual(
      [...new Set(ROUTES.filter((r) => r.servedBy !== 'localServer').map((r) => r.path))].sort(),
    );
    expect(matchResource('/v1/fixtures/epl%2D1/markets')).toEqual({
      resource: '/v1/fixtures/{fixtureId}/markets',
      pathParameters: { fixtureId: 'epl-1' },
    });
    expect(() => matchResource('/v1/nope')).toThrow('/v1/nope is not a route of the API');
  });

  it('sends the query string, headers and stage as API Gateway would, and reads the proxy result back', async () => {
    // Prepare
    const lambda = mockLambda({
      fn: () =>
        Promise.resolve({
          statusCode: 200,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ fixtures: [], nextCursor: 'c2' }),
        }),
    });
    const client = new PricingClient({
      baseUrl: 'lambda://live/',
      iam: false,
      transport: lambdaInvokeTransport({ lambda: lambda.client, functionFor: () => 'fn' }),
    });

    // Act
    const page = await client.listFixtures({ status: 'OPEN', limit: 2, cursor: 'c1' });
    lambda.restore();

    // Assess
    expect(page).toEqual({ fixtures: [], nextCursor: 'c2' });
    const event = lambda.invoked[0]!.event;
    expect([
      event.resource,
      event.path,
      event.queryStringParameters,
      event.requestContext.stage,
      event.body,
    ]).toEqual(['/v1/fixtures', '/v1/fixtures', { status: 'OPEN', limit: '2', cursor: 'c1' }, 'live', null]);
    expect(event.headers['accept']).toBe('application/json');
  });

  it('refuses a route it has no function for, and an answer that is not a proxy result', async () => {
    // Prepare
    const lambda = mockLambda({ fn: () => Promise.resolve('not a proxy result') });
    const client = (functionFor: () => string | undefined) =>
      new PricingClient({
        baseUrl: 'lambda://live/',
        iam: false,
        retry: false,
        transport: lambdaInvokeTransport({ lambda: lambda.client, functionFor }),
      });

    // Act
    const none = await client(() => undefined)
      .verifyQuote('t')
      .catch((e: unknown) => e as Error);
    const bad = await client(() => 'fn')
      .verifyQuote('t')
      .catch((e: unknown) => e as Error);
    lambda.restore();

    // Assess
    expect(((none as Error).cause as Error).message).toBe('no function to invoke for POST /v1/quotes/verify');
    expect(((bad as Error).cause as Error).message).toBe(
      'fn answered no API Gateway proxy result: "not a proxy result"',
    );
  });
});

describe('the smoke test script', () => {
  it('reads its environment, and says what is missing or wrong', () => {
    // Assess
    expect(
      smokeOptionsFromEnv({
        PRICE_FUNCTION_ARN: PRICE_ARN,
        SMOKE_FIXTURE_ID: FIXTURE,
        OPINION_FUNCTION_ARN: '',
      }),
    ).toEqual({
      ok: true,
      value: {
        priceFunctionArn: PRICE_ARN,
        opinionFunctionArn: undefined,
        fixtureId: FIXTURE,
        region: 'eu-west-1',
        attempts: 3,
        retryMs: 2000,
        timeoutMs: 15000,
      },
    });
    expect(smokeOptionsFromEnv({ SMOKE_FIXTURE_ID: FIXTURE })).toEqual({
      ok: false,
      reason: 'PRICE_FUNCTION_ARN is not set',
    });
    expect(smokeOptionsFromEnv({ PRICE_FUNCTION_ARN: 'price', SMOKE_FIXTURE_ID: FIXTURE })).toEqual({
      ok: false,
      reason: "PRICE_FUNCTION_ARN 'price' is not a function arn",
    });
    expect(
      smokeOptionsFromEnv({ PRICE_FUNCTION_ARN: PRICE_ARN, SMOKE_FIXTURE_ID: FIXTURE, SMOKE_ATTEMPTS: '0' }),
    ).toEqual({
      ok: false,
      reason: "SMOKE_ATTEMPTS '0' is not a whole number",
    });
  });

  it('runs as the pipeline runs it (tsx, the client resolved from the workspace) and exits 1 with the reason', () => {
    // Act: no environment, so it stops before calling anything
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env['PATH'], SMOKE_FIXTURE_ID: FIXTURE },
    });

    // Assess
    expect([run.status, run.stderr.trim()]).toEqual([1, 'smoke test failed: PRICE_FUNCTION_ARN is not set']);
  });
});
