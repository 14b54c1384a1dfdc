// Runs the price handler as Lambda would, with X-Ray on: the parent test sets LAMBDA_TASK_ROOT, AWS_EXECUTION_ENV,
// _X_AMZN_TRACE_ID and AWS_XRAY_DAEMON_ADDRESS before this process starts (the X-Ray SDK reads them at load time).
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createPriceHandler, createRuntime, loadConfig } from '../../src';
import { context, contractOpinion, CONTRACT_LEGS, createOpinionTable } from './fixtures';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await createOpinionTable(config.dynamodbEndpoint!, config.tableName);
  const runtime = createRuntime(config);
  await runtime.store.put('epl-2026-12-05-ars-che', contractOpinion());
  const event = {
    resource: '/v1/price',
    path: '/v1/price',
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fixtureId: 'epl-2026-12-05-ars-che', legs: CONTRACT_LEGS }),
    isBase64Encoded: false,
    requestContext: { requestId: 'xray-test' },
  } as unknown as APIGatewayProxyEvent;
  const handler = createPriceHandler(runtime);
  const res = (await handler(event, context('price'))) as APIGatewayProxyResult;
  process.stdout.write(`status ${res.statusCode}\n`);
  // The menu route of the same function, on the model the price just built.
  const menu = (await handler(
    {
      resource: '/v1/fixtures/{fixtureId}/markets',
      path: '/v1/fixtures/epl-2026-12-05-ars-che/markets',
      httpMethod: 'GET',
      headers: {},
      pathParameters: { fixtureId: 'epl-2026-12-05-ars-che' },
      body: null,
      isBase64Encoded: false,
      requestContext: { requestId: 'xray-test-markets' },
    } as unknown as APIGatewayProxyEvent,
    context('price'),
  )) as APIGatewayProxyResult;
  process.stdout.write(`markets status ${menu.statusCode}\n`);
  await runtime.close();
  // UDP sends are asynchronous: give them a moment before exiting.
  await new Promise((r) => setTimeout(r, 300));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
