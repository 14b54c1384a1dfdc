import type { CacheTier } from '../../src';

export type ChaosMode = 'ok' | 'throw' | 'stall' | 'corrupt';

/**
 * Fault injection around any tier: `throw` rejects every call, `stall` never answers (until `mode` changes
 * back, then the stalled calls resolve), `corrupt` flips one byte of every value read.
 */
export class ChaosTier implements CacheTier {
  readonly name: string;
  mode: ChaosMode = 'ok';
  calls = 0;
  private stalled: (() => void)[] = [];

  constructor(private readonly inner: CacheTier) {
    this.name = `chaos(${inner.name})`;
  }

  setMode(mode: ChaosMode): void {
    this.mode = mode;
    if (mode !== 'stall') {
      const s = this.stalled;
      this.stalled = [];
      for (const release of s) release();
    }
  }

  private async chaos<T>(op: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.mode === 'throw') throw new Error('chaos: tier unavailable');
    if (this.mode === 'stall') await new Promise<void>((r) => this.stalled.push(r));
    return op();
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.chaos(async () => {
      const v = await this.inner.get(key);
      if (v && this.mode === 'corrupt' && v.length > 0) {
        const c = Uint8Array.prototype.slice.call(v);
        const i = Math.floor(c.length / 2);
        c[i] = c[i]! ^ 0xff;
        return c;
      }
      return v;
    });
  }
  has(key: string): Promise<boolean> {
    return this.chaos(() => this.inner.has?.(key) ?? Promise.resolve(false));
  }
  set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
    return this.chaos(() => this.inner.set(key, value, ttlMs));
  }
  delete(key: string): Promise<void> {
    return this.chaos(() => this.inner.delete(key));
  }
  acquireLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    return this.chaos(() => this.inner.acquireLock(key, token, ttlMs));
  }
  releaseLock(key: string, token: string): Promise<boolean> {
    return this.chaos(() => this.inner.releaseLock(key, token));
  }
  close(): Promise<void> {
    this.setMode('ok');
    return this.inner.close();
  }
}
