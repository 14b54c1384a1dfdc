/** Thrown when the keep-warm environment is missing or invalid (a deploy-time mistake, never a runtime one). */
export class KeepWarmConfigError extends Error {
  readonly code = 'KEEP_WARM_CONFIG' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeepWarmConfigError';
  }
}
