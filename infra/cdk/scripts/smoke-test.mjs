#!/usr/bin/env node
/* global AbortSignal */
// Post-deploy smoke test (pipeline CodeBuildStep after each stage). It needs no manual step and no allow-listed
// address: it invokes the functions directly with API Gateway-shaped events (the pipeline role may invoke exactly
// these two), so it checks the deployed code, its configuration and its data path, not API Gateway's policy.
//   PRICE_FUNCTION_ARN    pricing:live (CfnOutput PriceFunctionAlias)
//   OPINION_FUNCTION_ARN  the opinion function, home region only (CfnOutput OpinionFunction): when set, the smoke
//                         fixture is written (PUT) first; replica regions then price the replicated fixture
//   SMOKE_FIXTURE_ID      the fixture (EnvironmentConfig.smokeTestFixtureId)
//   SMOKE_ATTEMPTS (3), SMOKE_RETRY_MS (2000: x attempt between tries; replication and the primer take ~1 s)
//   LAMBDA_ENDPOINT       tests only: a local stand-in for the Lambda Invoke API
// Exit code 0 = priced; 1 = anything else, with the reason on stderr.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

const priceArn = process.env.PRICE_FUNCTION_ARN;
const opinionArn = process.env.OPINION_FUNCTION_ARN || undefined;
const fixtureId = process.env.SMOKE_FIXTURE_ID;
const attempts = Number(process.env.SMOKE_ATTEMPTS ?? 3);
const retryMs = Number(process.env.SMOKE_RETRY_MS ?? 2000);
const timeoutMs = Number(process.env.SMOKE_TIMEOUT_MS ?? 15000);

function fail(message) {
  console.error(`smoke test failed: ${message}`);
  process.exit(1);
}

if (!priceArn) fail('PRICE_FUNCTION_ARN is not set');
if (!fixtureId) fail('SMOKE_FIXTURE_ID is not set');
const region = priceArn.split(':')[3];
if (!region) fail(`PRICE_FUNCTION_ARN '${priceArn}' is not a function arn`);

const lambda = new LambdaClient({
  region,
  maxAttempts: 2,
  ...(process.env.LAMBDA_ENDPOINT ? { endpoint: process.env.LAMBDA_ENDPOINT } : {}),
});

/** A fixed, valid opinion: rewriting it on every run keeps the fixture current without ever deleting anything. */
const OPINION = {
  fixtureId,
  competition: 'Smoke test',
  kickoff: '2030-01-01T15:00:00Z',
  status: 'OPEN',
  home: { name: 'Smoke Home', goals: 1.45, cards: 1.8, corners: 5.2 },
  away: { name: 'Smoke Away', goals: 1.1, cards: 2.0, corners: 4.6 },
  players: [],
};

const PRICE_REQUEST = {
  fixtureId,
  legs: [
    { market: 'MATCH_RESULT', selection: 'HOME' },
    { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
  ],
};

/** The API Gateway REST proxy event (payload v1) the handlers expect. */
function apiEvent(httpMethod, path, resource, body, pathParameters = null) {
  return {
    resource,
    path,
    httpMethod,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: { 'content-type': ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters,
    stageVariables: null,
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      requestId: `smoke-${Date.now()}`,
      httpMethod,
      path: `/live${path}`,
      resourcePath: resource,
      stage: 'live',
      identity: { sourceIp: '127.0.0.1', userAgent: 'betbuilder-smoke-test' },
    },
  };
}

/** Invokes `arn` with `event`; returns the API Gateway proxy result ({ statusCode, body }) with the body parsed. */
async function invoke(arn, event) {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: arn, Payload: Buffer.from(JSON.stringify(event)) }),
    { abortSignal: AbortSignal.timeout(timeoutMs) },
  );
  const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
  if (out.FunctionError) throw new Error(`${arn} failed (${out.FunctionError}): ${text.slice(0, 300)}`);
  const result = JSON.parse(text);
  let body;
  try {
    body = JSON.parse(result.body ?? 'null');
  } catch {
    body = { raw: String(result.body).slice(0, 200) };
  }
  return { statusCode: result.statusCode, body };
}

/** Returns a reason string when the answer is not a plausible price, otherwise undefined. */
function problemWith(status, body) {
  if (status === 404 && body?.error?.code === 'FIXTURE_NOT_FOUND') {
    return opinionArn
      ? `fixture '${fixtureId}' was written but the price function does not find it`
      : `fixture '${fixtureId}' has not replicated here from the home region (its smoke test writes it)`;
  }
  if (status !== 200) return `expected 200, got ${status}: ${JSON.stringify(body).slice(0, 300)}`;
  if (body?.fixtureId !== fixtureId) return `answer is for fixture ${body?.fixtureId}, not ${fixtureId}`;
  const p = body?.probability;
  if (typeof p !== 'number' || !(p > 0 && p < 1)) return `probability ${p} is not in (0, 1)`;
  if (typeof body?.fairOdds !== 'number' || Math.abs(body.fairOdds * p - 1) > 1e-3) {
    return `fairOdds ${body?.fairOdds} is not 1 / probability`;
  }
  if (
    typeof body?.odds?.decimal !== 'number' ||
    body.odds.decimal < 1.01 ||
    body.odds.decimal > body.fairOdds
  ) {
    return `offered odds ${body?.odds?.decimal} are not between 1.01 and the fair odds`;
  }
  return undefined;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (opinionArn) {
  const path = `/v1/fixtures/${fixtureId}`;
  const written = await invoke(
    opinionArn,
    apiEvent('PUT', path, '/v1/fixtures/{fixtureId}', OPINION, { fixtureId }),
  ).catch((error) => fail(`writing the smoke fixture: ${error.message}`));
  if (written.statusCode !== 200) {
    fail(
      `writing the smoke fixture answered ${written.statusCode}: ${JSON.stringify(written.body).slice(0, 300)}`,
    );
  }
  console.log(`smoke fixture ${fixtureId} written (inputsVersion ${written.body?.inputsVersion})`);
}

let lastProblem = 'no attempt made';
for (let attempt = 1; attempt <= attempts; attempt++) {
  const started = Date.now();
  try {
    const { statusCode, body } = await invoke(
      priceArn,
      apiEvent('POST', '/v1/price', '/v1/price', PRICE_REQUEST),
    );
    lastProblem = problemWith(statusCode, body);
    if (!lastProblem) {
      console.log(
        `smoke test passed: ${priceArn} priced ${fixtureId} at ${body.odds.decimal} (p=${body.probability}) in ${Date.now() - started} ms`,
      );
      process.exit(0);
    }
  } catch (error) {
    lastProblem = `${priceArn}: ${error instanceof Error ? error.message : String(error)}`;
  }
  // A 404 in a replica region may be replication lag; anything else may be a cold dependency: retry all.
  if (attempt < attempts) await sleep(retryMs * attempt);
}
fail(lastProblem);
