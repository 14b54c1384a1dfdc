import type { Logger } from '@aws-lambda-powertools/logger';
import { LRUCache } from 'lru-cache';
import { OpinionStoreError } from './errors/OpinionStoreError';
import type { OpinionReader, StoredOpinion } from './types/opinion';

export interface CachedOpinionReaderOptions {
  readonly store: OpinionReader;
  /** How long a read opinion (or its absence) is reused; 0 disables the cache entirely. */
  readonly ttlMs: number;
  /** How long past `ttlMs` an entry may still be served while the store is unavailable; 0 = never. */
  readonly staleIfErrorMs: number;
  /** Most fixtures remembered (a hot set is a few hundred). @default 5000 */
  readonly maxEntries?: number;
  readonly logger: Pick<Logger, 'warn'>;
  /** @default Date.now */
  readonly now?: () => number;
}

interface Entry {
  readonly value: StoredOpinion | null;
  readonly readAt: number;
}

/**
 * A short in-process cache in front of the opinion store, so a hot fixture is not read from DynamoDB on every price.
 *
 * Staleness it allows: a price may use an opinion up to `ttlMs` old (default 2 s) — a trader's write (or a suspension)
 * takes up to that long to reach every warm container. When the store is unreachable, an entry up to
 * `ttlMs + staleIfErrorMs` old is served instead of failing. Concurrent misses for one fixture share one read.
 *
 * @example
 * const opinions = new CachedOpinionReader({ store, ttlMs: 2000, staleIfErrorMs: 30000, logger });
 * const opinion = await opinions.get('epl-2026-12-05-ars-che');
 */
export class CachedOpinionReader implements OpinionReader {
  private readonly entries: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, Promise<StoredOpinion | undefined>>();
  private readonly now: () => number;

  constructor(private readonly o: CachedOpinionReaderOptions) {
    this.entries = new LRUCache<string, Entry>({ max: o.maxEntries ?? 5000 });
    this.now = o.now ?? Date.now;
  }

  async get(fixtureId: string): Promise<StoredOpinion | undefined> {
    if (this.o.ttlMs <= 0) return this.o.store.get(fixtureId);
    const entry = this.entries.get(fixtureId);
    if (entry && this.now() - entry.readAt < this.o.ttlMs) return entry.value ?? undefined;
    const running = this.inflight.get(fixtureId);
    if (running) return running;
    const read = this.read(fixtureId, entry).finally(() => this.inflight.delete(fixtureId));
    this.inflight.set(fixtureId, read);
    return read;
  }

  /** Replaces the entry after a write in this container, so its own later reads see the write at once. */
  remember(opinion: StoredOpinion): void {
    if (this.o.ttlMs > 0) this.entries.set(opinion.fixtureId, { value: opinion, readAt: this.now() });
  }

  /** Forgets a fixture (e.g. after it was removed). */
  forget(fixtureId: string): void {
    this.entries.delete(fixtureId);
  }

  private async read(fixtureId: string, previous: Entry | undefined): Promise<StoredOpinion | undefined> {
    try {
      const value = await this.o.store.get(fixtureId);
      this.entries.set(fixtureId, { value: value ?? null, readAt: this.now() });
      return value;
    } catch (err) {
      const age = previous ? this.now() - previous.readAt : Infinity;
      if (
        err instanceof OpinionStoreError &&
        err.code === 'UNAVAILABLE' &&
        previous !== undefined &&
        age < this.o.ttlMs + this.o.staleIfErrorMs
      ) {
        this.o.logger.warn('opinion store unavailable; serving a stale opinion', { fixtureId, ageMs: age });
        return previous.value ?? undefined;
      }
      throw err;
    }
  }
}
