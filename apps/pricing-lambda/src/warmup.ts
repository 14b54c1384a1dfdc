/** The keep-warm Lambda's invocation payload. */
export interface WarmupEvent {
  readonly warmup: true;
}

/** What a warm-up invocation answers. */
export interface WarmupResponse {
  readonly warmed: true;
  /** Random per container (execution environment), so the keep-warm Lambda can count distinct warm containers. */
  readonly containerId: string;
  /** True when this invocation was the container's first. */
  readonly coldStart: boolean;
}

/** True for `{"warmup": true}`. */
export function isWarmupEvent(event: unknown): event is WarmupEvent {
  return typeof event === 'object' && event !== null && (event as { warmup?: unknown }).warmup === true;
}
