/** What the smoke test reads from its environment (the pipeline's CodeBuild step sets these). */
export interface SmokeEnvironment {
  readonly priceFunctionArn: string;
  readonly opinionFunctionArn: string | undefined;
  readonly fixtureId: string;
  /** From the price function's ARN. */
  readonly region: string;
  readonly attempts: number;
  readonly retryMs: number;
  readonly timeoutMs: number;
}

/**
 * `PRICE_FUNCTION_ARN` (pricing:live), `OPINION_FUNCTION_ARN` (home region only), `SMOKE_FIXTURE_ID`, and optionally
 * `SMOKE_ATTEMPTS` (3), `SMOKE_RETRY_MS` (2000), `SMOKE_TIMEOUT_MS` (15000); a reason when one is missing or wrong.
 *
 * @example
 * const env = smokeOptionsFromEnv(process.env); // { ok: true, value: { region: 'eu-west-1', … } }
 */
export function smokeOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; value: SmokeEnvironment } | { ok: false; reason: string } {
  const priceFunctionArn = env['PRICE_FUNCTION_ARN'];
  const fixtureId = env['SMOKE_FIXTURE_ID'];
  if (!priceFunctionArn) return { ok: false, reason: 'PRICE_FUNCTION_ARN is not set' };
  if (!fixtureId) return { ok: false, reason: 'SMOKE_FIXTURE_ID is not set' };
  const region = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:/.exec(priceFunctionArn)?.[1];
  if (region === undefined)
    return { ok: false, reason: `PRICE_FUNCTION_ARN '${priceFunctionArn}' is not a function arn` };
  const numbers: Record<'attempts' | 'retryMs' | 'timeoutMs', number> = {
    attempts: 3,
    retryMs: 2000,
    timeoutMs: 15000,
  };
  for (const [key, name] of [
    ['attempts', 'SMOKE_ATTEMPTS'],
    ['retryMs', 'SMOKE_RETRY_MS'],
    ['timeoutMs', 'SMOKE_TIMEOUT_MS'],
  ] as const) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < (key === 'attempts' ? 1 : 0))
      return { ok: false, reason: `${name} '${raw}' is not a whole number` };
    numbers[key] = n;
  }
  return {
    ok: true,
    value: {
      priceFunctionArn,
      opinionFunctionArn: env['OPINION_FUNCTION_ARN'] || undefined,
      fixtureId,
      region,
      ...numbers,
    },
  };
}
