/** What the keep-warm Lambda sends to the pricing Lambda: `{"warmup": true}`. */
export interface WarmupEvent {
  readonly warmup: true;
}

/**
 * The warm-up invocation's payload.
 *
 * @example
 * lambda.send(new InvokeCommand({ FunctionName, Payload: JSON.stringify(WARMUP_EVENT) }));
 */
export const WARMUP_EVENT: WarmupEvent = Object.freeze({ warmup: true });

/** What a pricing Lambda container answers to a warm-up invocation. */
export interface WarmupResponse {
  readonly warmed: true;
  /** Random per container (execution environment), so the keep-warm Lambda can count distinct warm containers. */
  readonly containerId: string;
  /** True when this invocation was the container's first. */
  readonly coldStart: boolean;
}

/**
 * True for `{"warmup": true}` (and nothing else: an API Gateway event never has `warmup: true`).
 *
 * @example
 * if (isWarmupEvent(event)) return { warmed: true, containerId, coldStart };
 */
export function isWarmupEvent(event: unknown): event is WarmupEvent {
  return typeof event === 'object' && event !== null && (event as { warmup?: unknown }).warmup === true;
}

/** A warm-up answer, or why a value is not one. */
export type ParsedWarmupResponse =
  { readonly ok: true; readonly response: WarmupResponse } | { readonly ok: false; readonly reason: string };

/**
 * Reads a value (a parsed Lambda payload) as a {@link WarmupResponse}; anything else is a failure with a reason,
 * never a guess.
 *
 * @example
 * parseWarmupResponse({ warmed: true, containerId: 'c-1', coldStart: false }); // { ok: true, response: {...} }
 * parseWarmupResponse({ warmed: false, containerId: 'c-1', coldStart: false }); // { ok: false, reason: '...' }
 */
export function parseWarmupResponse(value: unknown): ParsedWarmupResponse {
  if (typeof value !== 'object' || value === null) return notAnAnswer;
  const v = value as Record<string, unknown>;
  if (
    typeof v['warmed'] !== 'boolean' ||
    typeof v['containerId'] !== 'string' ||
    v['containerId'] === '' ||
    typeof v['coldStart'] !== 'boolean'
  ) {
    return notAnAnswer;
  }
  if (!v['warmed']) return { ok: false, reason: 'target answered warmed: false' };
  return { ok: true, response: { warmed: true, containerId: v['containerId'], coldStart: v['coldStart'] } };
}

const notAnAnswer = {
  ok: false,
  reason: 'payload is not a warm-up answer ({warmed, containerId, coldStart})',
} as const;
