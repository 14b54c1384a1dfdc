#!/usr/bin/env node
// Post-deploy smoke test (pipeline ShellStep after each stage). It writes nothing: it prices one bet
// against a fixture that is already seeded in the environment and checks the answer is a real price.
// It calls the API through @betbuilder/client (TypeScript): run it as `node --import tsx infra/cdk/scripts/smoke-test.mjs`
// after `npm ci`. The client retries 503s and network errors with jitter; a 4xx or a wrong price fails at once.
//   API_URL           the stage URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/live/ (CfnOutput ApiUrl)
//   SMOKE_FIXTURE_ID  the seeded fixture (EnvironmentConfig.smokeTestFixtureId)
// Exit code 0 = priced; 1 = anything else, with the reason on stderr.
// POST /v1/price is source-IP restricted: the CodeBuild egress address must be in allowedSourceCidrs.

const apiUrl = process.env.API_URL;
const fixtureId = process.env.SMOKE_FIXTURE_ID;
const attempts = Number(process.env.SMOKE_ATTEMPTS ?? 3);
const timeoutMs = Number(process.env.SMOKE_TIMEOUT_MS ?? 10000);

function fail(message) {
  console.error(`smoke test failed: ${message}`);
  process.exit(1);
}

if (!apiUrl) fail('API_URL is not set');
if (!fixtureId) fail('SMOKE_FIXTURE_ID is not set');

const { FixtureNotFoundError, PricingClient } = await import('@betbuilder/client');
const url = new URL('v1/price', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
// iam: false: the price route is source-IP restricted, never signed (the pipeline role need not be allowed to invoke).
const client = new PricingClient({
  baseUrl: apiUrl,
  timeoutMs,
  retry: { maxAttempts: attempts },
  iam: false,
});
const request = {
  fixtureId,
  legs: [
    { market: 'MATCH_RESULT', selection: 'HOME' },
    { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
  ],
};

/** Returns a reason string when the answer is not a plausible price, otherwise undefined. */
function problemWith(status, body) {
  if (status === 403) return '403 forbidden: is the pipeline egress ip in allowedSourceCidrs?';
  if (status === 404 && body?.error?.code === 'FIXTURE_NOT_FOUND') {
    return `fixture '${fixtureId}' is not seeded in this environment: PUT it once (see infra/cdk/README.md)`;
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

const started = Date.now();
try {
  const body = await client.price(request);
  const problem = problemWith(200, body);
  if (problem) fail(problem);
  console.log(
    `smoke test passed: ${url} priced ${fixtureId} at ${body.odds.decimal} (p=${body.probability}) in ${Date.now() - started} ms`,
  );
} catch (error) {
  if (error instanceof FixtureNotFoundError) fail(problemWith(404, { error: { code: error.code } }));
  const status = typeof error?.status === 'number' ? error.status : undefined;
  if (status !== undefined)
    fail(problemWith(status, { error: { code: error.code, message: error.message } }));
  fail(`${url}: ${error instanceof Error ? error.message : String(error)}`);
}
