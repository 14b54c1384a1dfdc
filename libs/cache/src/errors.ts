import { TimeoutError } from './TimeoutError';

/** Codes a {@link CodecError} carries; stable, safe to switch on. */
export type CodecErrorCode =
  | 'TRUNCATED'
  | 'BAD_MAGIC'
  | 'UNSUPPORTED_VERSION'
  | 'SCHEMA_MISMATCH'
  | 'VALUE_VERSION_MISMATCH'
  | 'CHECKSUM_MISMATCH'
  | 'MALFORMED'
  | 'UNSUPPORTED_TYPE'
  | 'ENDIANNESS'
  | 'REJECTED';

/** Bytes that are not a valid entry of this codec (or a value the codec cannot encode). */
export class CodecError extends Error {
  readonly code: CodecErrorCode;
  constructor(code: CodecErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodecError';
    this.code = code;
  }
}

/** A key part that is empty, too long or not a string/finite number. */
export class CacheKeyError extends Error {
  static readonly code = 'INVALID_CACHE_KEY';
  readonly code = CacheKeyError.code;
  constructor(message: string) {
    super(message);
    this.name = 'CacheKeyError';
  }
}

/** `compute` did not settle within `computeTimeoutMs` and no stale value was available. */
export class ComputeTimeoutError extends TimeoutError {
  static override readonly code = 'COMPUTE_TIMEOUT';
  override readonly code = ComputeTimeoutError.code;
  constructor(
    readonly key: string,
    timeoutMs: number,
  ) {
    super('compute', timeoutMs, {
      message: `compute for key "${key}" did not finish within ${timeoutMs} ms`,
      code: ComputeTimeoutError.code,
    });
    this.name = 'ComputeTimeoutError';
  }
}

/** An L2 operation failed; only surfaced by `set(..., { failOnL2Error: true })`. */
export class CacheWriteError extends Error {
  static readonly code = 'CACHE_WRITE_FAILED';
  readonly code = CacheWriteError.code;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheWriteError';
  }
}

/** An L2 operation exceeded its deadline (internal; counted, never thrown to callers of reads). */
export class L2TimeoutError extends TimeoutError {
  static override readonly code = 'L2_TIMEOUT';
  override readonly code = L2TimeoutError.code;
  constructor(operation: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`L2 ${operation}`, timeoutMs, {
      message: `L2 ${operation} did not answer within ${timeoutMs} ms`,
      code: L2TimeoutError.code,
      ...options,
    });
    this.name = 'L2TimeoutError';
  }
}

/** The circuit breaker is open: L2 is skipped without a round trip (internal). */
export class CircuitOpenError extends Error {
  static readonly code = 'CIRCUIT_OPEN';
  readonly code = CircuitOpenError.code;
  constructor() {
    super('L2 circuit breaker is open');
    this.name = 'CircuitOpenError';
  }
}

/** Normalises anything thrown into an Error. */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
