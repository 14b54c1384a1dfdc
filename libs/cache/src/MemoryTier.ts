import type { CacheTier } from './types/tier';

interface Stored {
  value: Uint8Array;
  expiresAt: number;
}

/**
 * An in-process byte tier with the same contract as {@link RedisTier}: TTLs, `SET NX PX` locks and
 * compare-and-delete. Useful as a stand-in shared tier in tests and local tools; it is not shared between processes.
 *
 * @example
 * const cache = new TieredCache({ namespace: 'model', codec, l2: new MemoryTier() });
 */
export class MemoryTier implements CacheTier {
  readonly name = 'memory';
  private readonly data = new Map<string, Stored>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Stored | undefined {
    const s = this.data.get(key);
    if (s && s.expiresAt <= this.now()) {
      this.data.delete(key);
      return undefined;
    }
    return s;
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.live(key)?.value);
  }

  has(key: string): Promise<boolean> {
    return Promise.resolve(this.live(key) !== undefined);
  }

  set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
    // Keep a private copy, as a network store would: later changes to the caller's buffer must not leak in.
    this.data.set(key, { value: Uint8Array.prototype.slice.call(value), expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.data.delete(key);
    return Promise.resolve();
  }

  acquireLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return Promise.resolve(false);
    this.data.set(key, { value: Buffer.from(token, 'utf8'), expiresAt: this.now() + ttlMs });
    return Promise.resolve(true);
  }

  releaseLock(key: string, token: string): Promise<boolean> {
    const s = this.live(key);
    if (!s || Buffer.from(s.value).toString('utf8') !== token) return Promise.resolve(false);
    this.data.delete(key);
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.data.clear();
    return Promise.resolve();
  }
}
