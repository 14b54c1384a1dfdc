import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { parseWarmupResponse, WARMUP_EVENT } from '@betbuilder/warmup-contract';
import type { WarmupOutcome, WarmupSummary } from './types';

/** The warm-up event as the bytes every invocation sends. */
export const WARMUP_PAYLOAD = JSON.stringify(WARMUP_EVENT);

const MAX_REASONS = 5;

/**
 * Fires `concurrency` warm-up invocations at once and summarises who answered.
 *
 * All invocations are in flight together: that is what forces Lambda to route them to distinct
 * execution environments (a sequential loop would reuse one warm container N times).
 * It never throws: each failed invocation is counted and its reason kept, so one throttled or
 * timed-out call cannot hide the others' results.
 *
 * @example
 * const summary = await warmUp({ lambda: new LambdaClient({}), targetFunctionName: 'pricing:live', concurrency: 5, invokeTimeoutMs: 5000 });
 * console.log(summary.distinctContainers, summary.coldStarts, summary.failed);
 */
export async function warmUp(options: {
  lambda: LambdaClient;
  targetFunctionName: string;
  concurrency: number;
  invokeTimeoutMs: number;
  now?: () => number;
}): Promise<WarmupSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const outcomes = await Promise.all(
    Array.from({ length: options.concurrency }, () =>
      invokeOnce(options.lambda, options.targetFunctionName, options.invokeTimeoutMs),
    ),
  );
  const containerIds = new Set<string>();
  const coldContainers = new Set<string>();
  const reasons = new Set<string>();
  let succeeded = 0;
  for (const outcome of outcomes) {
    if (outcome.ok) {
      succeeded += 1;
      containerIds.add(outcome.containerId);
      if (outcome.coldStart) coldContainers.add(outcome.containerId);
    } else if (reasons.size < MAX_REASONS) {
      reasons.add(outcome.reason);
    }
  }
  return {
    targetFunctionName: options.targetFunctionName,
    requested: options.concurrency,
    succeeded,
    failed: outcomes.length - succeeded,
    distinctContainers: containerIds.size,
    coldStarts: coldContainers.size,
    containerIds: [...containerIds].sort(),
    failureReasons: [...reasons],
    durationMs: now() - started,
  };
}

async function invokeOnce(
  lambda: LambdaClient,
  functionName: string,
  timeoutMs: number,
): Promise<WarmupOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const result = await Promise.race([
      lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(WARMUP_PAYLOAD),
        }),
        { abortSignal: controller.signal },
      ),
      // The SDK honours the abort signal; the race also bounds anything that does not.
      rejectOnAbort(controller.signal, timeoutMs),
    ]);
    if (result.FunctionError) {
      return { ok: false, reason: `function error: ${result.FunctionError}` };
    }
    return parseWarmupPayload(result.Payload);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `${name}: ${message}` };
  } finally {
    clearTimeout(timer);
  }
}

function rejectOnAbort(signal: AbortSignal, timeoutMs: number): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      reject(error);
    });
  });
}

/** Reads the pricing Lambda's warm-up answer; anything else is a failure, never a guess. */
export function parseWarmupPayload(payload: Uint8Array | undefined): WarmupOutcome {
  if (!payload || payload.byteLength === 0) return { ok: false, reason: 'empty payload' };
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'payload is not json' };
  }
  const parsed = parseWarmupResponse(body);
  if (!parsed.ok) return parsed;
  return { ok: true, containerId: parsed.response.containerId, coldStart: parsed.response.coldStart };
}
