import { KeepWarmConfigError } from './KeepWarmConfigError';

/** Typed keep-warm configuration, read once from the environment at cold start. */
export interface KeepWarmConfig {
  /** Name, ARN or qualified ARN (alias) of the function to keep warm. */
  readonly targetFunctionName: string;
  /** Number of concurrent warm-up invocations per run. */
  readonly concurrency: number;
  /** Per-invocation client timeout; a slow answer counts as a failure rather than stalling the run. */
  readonly invokeTimeoutMs: number;
}

/** The largest fan-out accepted: above this, provisioned concurrency is the better tool. */
export const MAX_WARM_CONCURRENCY = 100;

/**
 * Reads and validates the keep-warm environment.
 *
 * @example
 * const config = loadConfig({ TARGET_FUNCTION_NAME: 'pricing-live', WARM_CONCURRENCY: '5' });
 * // => { targetFunctionName: 'pricing-live', concurrency: 5, invokeTimeoutMs: 5000 }
 */
export function loadConfig(env: Record<string, string | undefined>): KeepWarmConfig {
  const targetFunctionName = env['TARGET_FUNCTION_NAME']?.trim();
  if (!targetFunctionName) {
    throw new KeepWarmConfigError(
      'TARGET_FUNCTION_NAME is not set: give the name, arn or alias arn of the function to keep warm',
    );
  }
  const concurrency = parseIntegerVar(env, 'WARM_CONCURRENCY', 5);
  if (concurrency < 1 || concurrency > MAX_WARM_CONCURRENCY) {
    throw new KeepWarmConfigError(
      `WARM_CONCURRENCY must be between 1 and ${MAX_WARM_CONCURRENCY}, got ${concurrency}: use provisioned concurrency for more`,
    );
  }
  const invokeTimeoutMs = parseIntegerVar(env, 'WARM_INVOKE_TIMEOUT_MS', 5000);
  if (invokeTimeoutMs < 100) {
    throw new KeepWarmConfigError(`WARM_INVOKE_TIMEOUT_MS must be at least 100, got ${invokeTimeoutMs}`);
  }
  return { targetFunctionName, concurrency, invokeTimeoutMs };
}

function parseIntegerVar(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new KeepWarmConfigError(`${name} must be a whole number, got '${raw}'`);
  }
  return Number(raw);
}
