import {
  FixtureNotFoundError,
  NetworkError,
  PricingClient,
  type Opinion,
  type PriceRequest,
  type PriceResponse,
} from '@betbuilder/client';
import { lambdaInvokeTransport, type LambdaInvoker } from './lambdaInvokeTransport';

export interface SmokeTestOptions {
  readonly lambda: LambdaInvoker;
  /** `pricing:live` (CfnOutput PriceFunctionAlias). */
  readonly priceFunctionArn: string;
  /**
   * The opinion function, home region only (CfnOutput OpinionFunction): the smoke fixture is written (PUT) through it
   * first. Unset in a replica region, which prices the fixture its home region wrote.
   */
  readonly opinionFunctionArn?: string | undefined;
  readonly fixtureId: string;
  /** Price attempts (replication and the primer take about a second). @default 3 */
  readonly attempts?: number;
  /** Wait between attempts: this times the attempt number. @default 2000 */
  readonly retryMs?: number;
  /** Each invocation's budget. @default 15000 */
  readonly timeoutMs?: number;
  /** Progress lines. @default console.log */
  readonly log?: (line: string) => void;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type SmokeTestResult =
  { readonly ok: true; readonly message: string } | { readonly ok: false; readonly reason: string };

/** A fixed, valid opinion: rewriting it on every run keeps the fixture current without ever deleting anything. */
export function smokeOpinion(fixtureId: string): Opinion {
  return {
    fixtureId,
    competition: 'Smoke test',
    kickoff: '2030-01-01T15:00:00Z',
    status: 'OPEN',
    home: { name: 'Smoke Home', goals: 1.45, cards: 1.8, corners: 5.2 },
    away: { name: 'Smoke Away', goals: 1.1, cards: 2.0, corners: 4.6 },
    players: [],
  };
}

/**
 * The pipeline's post-deploy smoke test: `@betbuilder/client` over a Lambda Invoke transport (API Gateway-shaped
 * events straight to the functions, past the IP allow-list and IAM auth; the pipeline role may invoke exactly these).
 * In the home region it writes the smoke fixture through the opinion function, then prices it through `pricing:live`
 * and checks the answer is a plausible price. Never throws: the result says why it failed.
 *
 * @example
 * const r = await runSmokeTest({ lambda: new LambdaClient({ region }), priceFunctionArn, fixtureId: 'smoke-test-fixture' });
 * if (!r.ok) console.error(r.reason);
 */
export async function runSmokeTest(o: SmokeTestOptions): Promise<SmokeTestResult> {
  const log = o.log ?? ((line: string) => console.log(line));
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = o.attempts ?? 3;
  const client = new PricingClient({
    baseUrl: 'lambda://live/',
    iam: false,
    // The smoke test's own attempts below; one invocation each.
    retry: false,
    timeoutMs: o.timeoutMs ?? 15_000,
    headers: { 'user-agent': 'betbuilder-smoke-test' },
    transport: lambdaInvokeTransport({
      lambda: o.lambda,
      functionFor: ({ resource }) =>
        resource === '/v1/price' || resource === '/v1/fixtures/{fixtureId}/markets'
          ? o.priceFunctionArn
          : resource.startsWith('/v1/fixtures')
            ? o.opinionFunctionArn
            : undefined,
    }),
  });

  if (o.opinionFunctionArn) {
    try {
      const written = await client.putOpinion(o.fixtureId, smokeOpinion(o.fixtureId));
      log(`smoke fixture ${o.fixtureId} written (inputsVersion ${written.inputsVersion})`);
    } catch (err) {
      return { ok: false, reason: `writing the smoke fixture: ${describe(err)}` };
    }
  }

  const request: PriceRequest = {
    fixtureId: o.fixtureId,
    legs: [
      { market: 'MATCH_RESULT', selection: 'HOME' },
      { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
    ],
  };
  let lastProblem = 'no attempt made';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const started = Date.now();
    try {
      const priced = await client.price(request);
      const problem = problemWith(priced, o.fixtureId);
      if (problem === undefined) {
        return {
          ok: true,
          message: `smoke test passed: ${o.priceFunctionArn} priced ${o.fixtureId} at ${priced.odds.decimal} (p=${priced.probability}) in ${Date.now() - started} ms`,
        };
      }
      lastProblem = problem;
    } catch (err) {
      lastProblem =
        err instanceof FixtureNotFoundError
          ? o.opinionFunctionArn
            ? `fixture '${o.fixtureId}' was written but the price function does not find it`
            : `fixture '${o.fixtureId}' has not replicated here from the home region (its smoke test writes it)`
          : describe(err);
    }
    // A 404 in a replica region may be replication lag; anything else may be a cold dependency: retry all.
    if (attempt < attempts) await sleep((o.retryMs ?? 2000) * attempt);
  }
  return { ok: false, reason: lastProblem };
}

/** A reason when the answer is not a plausible price, else undefined. */
function problemWith(body: PriceResponse, fixtureId: string): string | undefined {
  if (body.fixtureId !== fixtureId) return `answer is for fixture ${body.fixtureId}, not ${fixtureId}`;
  const p = body.probability;
  if (typeof p !== 'number' || !(p > 0 && p < 1)) return `probability ${p} is not in (0, 1)`;
  if (typeof body.fairOdds !== 'number' || Math.abs(body.fairOdds * p - 1) > 1e-3) {
    return `fairOdds ${body.fairOdds} is not 1 / probability`;
  }
  const offered = body.odds?.decimal;
  if (typeof offered !== 'number' || offered < 1.01 || offered > body.fairOdds) {
    return `offered odds ${offered} are not between 1.01 and the fair odds`;
  }
  if (typeof body.quote?.token !== 'string') return 'the price carries no quote';
  return undefined;
}

/** The error and what caused it (a failed invocation is a NetworkError whose cause names the function). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  return err instanceof NetworkError && cause
    ? `${err.message}: ${cause.name}: ${cause.message}`
    : err.message;
}
