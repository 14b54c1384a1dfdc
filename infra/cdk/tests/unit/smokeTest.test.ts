import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createOpinionHandler,
  createPriceHandler,
  createRuntime,
  loadConfig,
  type Runtime,
} from '@betbuilder/pricing-lambda';
import { startTestServices, type TestServices } from '@betbuilder/test-harness';
import type { Context } from 'aws-lambda';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'smoke-test.mjs');
const PRICE_ARN = 'arn:aws:lambda:eu-west-1:111111111111:function:betbuilder-dev-eu-west-1-price:live';
const OPINION_ARN = 'arn:aws:lambda:eu-west-1:111111111111:function:betbuilder-dev-eu-west-1-opinion';
const FIXTURE = 'smoke-test-fixture';

type Invocable = (event: unknown) => Promise<unknown>;

/**
 * A local stand-in for the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) that runs the real
 * handlers in-process, so the script's events go through the same parsing as in AWS.
 */
async function fakeLambda(functions: Record<string, Invocable>) {
  const invoked: { name: string; event: unknown }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      const name = decodeURIComponent(match?.[1] ?? '');
      const fn = functions[name];
      if (!fn) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
        return;
      }
      const event = JSON.parse(raw) as unknown;
      invoked.push({ name, event });
      fn(event).then(
        (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
        (err: Error) =>
          res
            .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
            .end(JSON.stringify({ errorType: err.name, errorMessage: err.message })),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invoked,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function runSmoke(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT], {
      env: {
        PATH: process.env['PATH'],
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        SMOKE_FIXTURE_ID: FIXTURE,
        SMOKE_ATTEMPTS: '1',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const context = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'smoke' } as unknown as Context;

describe('post-deploy smoke test script', () => {
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
    }).send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'fixtureId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'fixtureId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    runtime = createRuntime(
      loadConfig({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: services.dynamo.endpoint }),
    );
    const price = createPriceHandler(runtime);
    const opinion = createOpinionHandler(runtime);
    functions = {
      [PRICE_ARN]: (event) => price(event as never, context),
      [OPINION_ARN]: (event) => opinion(event as never, context),
    };
  }, 60_000);
  afterAll(async () => {
    await runtime.close();
    await services.stop();
  });

  it('writes the smoke fixture through the opinion function, then prices it through pricing:live', async () => {
    // Prepare
    const lambda = await fakeLambda(functions);

    // Act
    const result = await runSmoke({
      LAMBDA_ENDPOINT: lambda.endpoint,
      PRICE_FUNCTION_ARN: PRICE_ARN,
      OPINION_FUNCTION_ARN: OPINION_ARN,
    });
    await lambda.close();

    // Assess
    expect({ code: result.code, failed: result.stderr.includes('smoke test failed') }).toEqual({
      code: 0,
      failed: false,
    });
    expect(lambda.invoked.map((i) => i.name)).toEqual([OPINION_ARN, PRICE_ARN]);
    expect(result.stdout).toContain(`smoke test passed: ${PRICE_ARN} priced ${FIXTURE}`);
  }, 60_000);

  it('only prices in a replica region (no opinion function), the fixture having been written at home', async () => {
    // Prepare: the home region's run wrote it (previous test or this one)
    await runtime.store.put(FIXTURE, {
      fixtureId: FIXTURE,
      status: 'OPEN',
      home: { name: 'Smoke Home', goals: 1.45, cards: 1.8, corners: 5.2 },
      away: { name: 'Smoke Away', goals: 1.1, cards: 2.0, corners: 4.6 },
      players: [],
    });
    const lambda = await fakeLambda(functions);

    // Act
    const result = await runSmoke({ LAMBDA_ENDPOINT: lambda.endpoint, PRICE_FUNCTION_ARN: PRICE_ARN });
    await lambda.close();

    // Assess
    expect(result.code).toBe(0);
    expect(lambda.invoked.map((i) => i.name)).toEqual([PRICE_ARN]);
  }, 60_000);

  it('fails with a replication hint when a replica region does not find the fixture', async () => {
    // Prepare: a price function whose table has no such fixture
    const lambda = await fakeLambda({
      [PRICE_ARN]: () =>
        Promise.resolve({
          statusCode: 404,
          body: JSON.stringify({ error: { code: 'FIXTURE_NOT_FOUND', message: 'no opinion' } }),
        }),
    });

    // Act
    const result = await runSmoke({ LAMBDA_ENDPOINT: lambda.endpoint, PRICE_FUNCTION_ARN: PRICE_ARN });
    await lambda.close();

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`fixture '${FIXTURE}' has not replicated here from the home region`);
  }, 60_000);

  it('fails when the answer is not a plausible price', async () => {
    // Prepare: fair odds that are not 1 / probability
    const lambda = await fakeLambda({
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
    const result = await runSmoke({ LAMBDA_ENDPOINT: lambda.endpoint, PRICE_FUNCTION_ARN: PRICE_ARN });
    await lambda.close();

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fairOdds 9 is not 1 / probability');
  }, 60_000);

  it('fails naming the function when the invocation itself errors', async () => {
    // Prepare
    const lambda = await fakeLambda({ [PRICE_ARN]: () => Promise.reject(new Error('init failed')) });

    // Act
    const result = await runSmoke({ LAMBDA_ENDPOINT: lambda.endpoint, PRICE_FUNCTION_ARN: PRICE_ARN });
    await lambda.close();

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${PRICE_ARN} failed (Unhandled)`);
  }, 60_000);
});
