/**
 * A shared byte store behind the in-process L1 (Redis in production, memory in tests).
 * Every method may reject; the cache turns rejections into misses and counts them.
 */
export interface CacheTier {
  /** Short stable name used in events (`redis`, `memory`, ...). */
  readonly name: string;
  /** The stored bytes, or `undefined` when absent or expired. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Whether a live value is stored under `key` (without transferring it). Optional: without it, callers assume not. */
  has?(key: string): Promise<boolean>;
  /** Stores `value` for `ttlMs` milliseconds (replaces any previous value). */
  set(key: string, value: Uint8Array, ttlMs: number): Promise<void>;
  /** Removes the key; resolves whether or not it existed. */
  delete(key: string): Promise<void>;
  /** `SET key token NX PX ttlMs`: true when this caller now owns the lock. */
  acquireLock(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Compare-and-delete: removes the lock only if it still holds `token`; true when removed. */
  releaseLock(key: string, token: string): Promise<boolean>;
  /** Releases resources the tier itself created (never a client passed in by the caller). */
  close(): Promise<void>;
}
