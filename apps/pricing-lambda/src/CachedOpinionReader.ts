import { isInPlay } from './quotes/inPlay';
import type { Logger } from '@aws-lambda-powertools/logger';
import { LRUCache } from 'lru-cache';
import { OpinionStoreError } from './errors/OpinionStoreError';
import type { CurrentVersions } from './CurrentVersions';
import type { FixtureHead, OpinionReader, StoredOpinion } from './types/opinion';

export interface CachedOpinionReaderOptions {
  readonly store: OpinionReader;
  /** How long a read opinion (or its absence) is reused; 0 disables the cache entirely. */
  readonly ttlMs: number;
  /** How long past `ttlMs` an entry may still be served while the store is unavailable; 0 = never. */
  readonly staleIfErrorMs: number;
  /**
   * Shared current-version pointers ({@link CurrentVersions}): {@link CachedOpinionReader.getHead} asks them before the
   * store. Absent => heads come from the store.
   */
  readonly versions?: CurrentVersions;
  /** Most fixtures remembered (a hot set is a few hundred). @default 5000 */
  readonly maxEntries?: number;
  readonly logger: Pick<Logger, 'warn'>;
  /**
   * How each head lookup that missed the in-process cache was answered: a fresh or a stale pointer, or the store on the
   * request path (no pointer, or Redis did not answer in time); `revalidate` is a stale pointer's background store read.
   */
  readonly onLookup?: (outcome: HeadLookup) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

/** See {@link CachedOpinionReaderOptions.onLookup}. */
export type HeadLookup = 'pointer-fresh' | 'pointer-stale' | 'store' | 'revalidate';

interface Entry {
  /** A full opinion (read from the store or written here), a head from a pointer, or null for "no such fixture". */
  readonly value: StoredOpinion | FixtureHead | null;
  readonly readAt: number;
}

/** True when a cached value is a whole stored opinion, not only a head. */
export function isStoredOpinion(v: StoredOpinion | FixtureHead): v is StoredOpinion {
  return 'home' in v;
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
  private readonly inflightHeads = new Map<
    string,
    Promise<{ head: FixtureHead | StoredOpinion | undefined; fromStore: boolean }>
  >();
  private readonly now: () => number;

  constructor(private readonly o: CachedOpinionReaderOptions) {
    this.entries = new LRUCache<string, Entry>({ max: o.maxEntries ?? 5000 });
    this.now = o.now ?? Date.now;
  }

  /**
   * Whether a cached entry may answer without a look at the shared state: younger than the TTL and not in play. An
   * in-play fixture changes state every few seconds and must never be priced from a version older than the newest
   * one published (no past-posting), so its heads come from the pointer and its opinions from a strongly
   * consistent read, every time; so do fixtures whose kick-off has passed (they may have turned in-play elsewhere).
   */
  private fresh(entry: Entry | undefined): boolean {
    if (!entry || this.now() - entry.readAt >= this.o.ttlMs) return false;
    return entry.value === null || !this.live(entry.value);
  }

  /** In play, or past its kick-off (it may have turned in-play in another container). */
  private live(v: StoredOpinion | FixtureHead): boolean {
    if (isInPlay(v)) return true;
    const kickoff = v.kickoff ? Date.parse(v.kickoff) : NaN;
    return kickoff <= this.now();
  }

  /**
   * A live fixture's head: the table itself, strongly consistent, on every price — the newest acknowledged write,
   * never a cached, DAX or pointer version (no past-posting). Not shared between concurrent requests: a read that
   * began before a write was acknowledged must not answer a request sent after it. Only the head is read when the store
   * can ({@link OpinionReader.getConsistentHead}): the model of that version is usually at hand, and a build reads the whole
   * opinion (consistently too) when it is not. `fromStore` is false: the primer publishes every version of a live
   * fixture's pointer itself (an in-play one at once), so a price has nothing to publish.
   */
  private async liveHead(
    fixtureId: string,
  ): Promise<{ head: FixtureHead | StoredOpinion | undefined; fromStore: boolean }> {
    const store = this.o.store;
    if (store.getConsistentHead === undefined)
      return { head: await this.read(fixtureId, undefined, true), fromStore: false };
    const head = await store.getConsistentHead(fixtureId);
    const held = this.entries.peek(fixtureId)?.value;
    // A whole opinion of the same version is worth keeping (a build needs it); a newer one this container holds wins.
    if (
      held &&
      head &&
      (held.inputsVersion > head.inputsVersion ||
        (held.inputsVersion === head.inputsVersion && isStoredOpinion(held)))
    ) {
      return { head: held, fromStore: false };
    }
    this.keep(fixtureId, head ?? null);
    return { head, fromStore: false };
  }

  /** The whole opinion (to build a model): from the cache when a whole opinion younger than the TTL is there, else the store. */
  async get(fixtureId: string, opts: { consistent?: boolean } = {}): Promise<StoredOpinion | undefined> {
    if (this.o.ttlMs <= 0 || opts.consistent)
      return opts.consistent ? this.read(fixtureId, undefined, true) : this.o.store.get(fixtureId);
    const entry = this.entries.get(fixtureId);
    if (entry && this.fresh(entry) && (entry.value === null || isStoredOpinion(entry.value))) {
      return entry.value ?? undefined;
    }
    const running = this.inflight.get(fixtureId);
    if (running) return running;
    const read = this.read(fixtureId, entry).finally(() => this.inflight.delete(fixtureId));
    this.inflight.set(fixtureId, read);
    return read;
  }

  /**
   * The fixture's current version and status (what a price needs before its model): from the cache (a head or a whole
   * opinion younger than the TTL), else the shared current-version pointer, else the store (a whole opinion, also
   * cached). Concurrent misses share one lookup. Throws OpinionStoreError only when the store had to be read and failed.
   */
  async getHead(
    fixtureId: string,
  ): Promise<{ head: FixtureHead | StoredOpinion | undefined; fromStore: boolean }> {
    const versions = this.o.versions;
    if (versions === undefined) return { head: await this.get(fixtureId), fromStore: false };
    const entry = this.entries.get(fixtureId);
    if (entry && this.fresh(entry)) return { head: entry.value ?? undefined, fromStore: false };
    if (entry?.value && this.live(entry.value)) return this.liveHead(fixtureId);
    const running = this.inflightHeads.get(fixtureId);
    if (running) return running;
    const lookup = this.lookupHead(fixtureId, versions).finally(() => this.inflightHeads.delete(fixtureId));
    this.inflightHeads.set(fixtureId, lookup);
    return lookup;
  }

  private async lookupHead(
    fixtureId: string,
    versions: CurrentVersions,
  ): Promise<{ head: FixtureHead | StoredOpinion | undefined; fromStore: boolean }> {
    const found = await versions.getWithAge(fixtureId);
    if (found?.head.inPlay) return this.liveHead(fixtureId);
    // Without an in-process cache a background read would have nowhere to leave a newer version: read it now.
    if (found !== undefined && (found.ageMs < versions.ttlMs || this.o.ttlMs > 0)) {
      const pointer = found.head;
      this.o.onLookup?.(found.ageMs < versions.ttlMs ? 'pointer-fresh' : 'pointer-stale');
      if (this.o.ttlMs > 0) this.keep(fixtureId, pointer);
      if (found.ageMs >= versions.ttlMs) this.revalidate(pointer, versions);
      // A newer version this container read from the table (or wrote) wins over a lagging pointer, even past the
      // cache's TTL: prices never go back. It counts as read from the store, so the price publishes it once cached.
      const held = this.entries.peek(fixtureId)?.value;
      if (held && held.inputsVersion > pointer.inputsVersion) return { head: held, fromStore: true };
      return { head: pointer, fromStore: false };
    }
    this.o.onLookup?.('store');
    try {
      const stored = await this.get(fixtureId);
      // (an eventually consistent read may be an in-play version's predecessor: read it again, consistently)
      if (stored && this.live(stored)) return await this.liveHead(fixtureId);
      return { head: stored, fromStore: true };
    } catch (err) {
      // No pointer (Redis down or restarted empty) and the store unavailable: the head this container last had from a
      // pointer is served within the same stale-if-error window as a whole opinion (its model may still be in L1) —
      // never a live fixture's (no past-posting: it gets 503).
      const entry = this.entries.peek(fixtureId);
      const age = entry ? this.now() - entry.readAt : Infinity;
      if (
        err instanceof OpinionStoreError &&
        err.code === 'UNAVAILABLE' &&
        entry?.value &&
        !isStoredOpinion(entry.value) &&
        !this.live(entry.value) &&
        age < this.o.ttlMs + this.o.staleIfErrorMs
      ) {
        this.o.logger.warn('opinion store and pointers unavailable; serving the last known head', {
          fixtureId,
          ageMs: age,
        });
        return { head: entry.value, fromStore: false };
      }
      throw err;
    }
  }

  /**
   * A stale pointer (older than its freshness) is used at once, and the table is read off the request path: the same
   * version re-publishes the pointer (fresh again, for every container); a newer one replaces the cached head here,
   * so this container's next price sees it (and builds it or waits for the primer), as an expired pointer used to.
   * One read per fixture at a time; failures leave the stale pointer in use (the next price tries again).
   */
  private revalidate(pointer: FixtureHead, versions: CurrentVersions): void {
    if (this.inflight.has(pointer.fixtureId)) return;
    this.o.onLookup?.('revalidate');
    const read = this.read(pointer.fixtureId, undefined).finally(() =>
      this.inflight.delete(pointer.fixtureId),
    );
    this.inflight.set(pointer.fixtureId, read);
    void read
      .then((stored) => {
        if (stored && stored.inputsVersion === pointer.inputsVersion && stored.status === pointer.status) {
          return versions.publish(pointer).then(() => undefined);
        }
        return undefined;
      })
      .catch(() => undefined);
  }

  /** Replaces the entry after a write in this container, so its own later reads see the write at once. */
  remember(opinion: StoredOpinion): void {
    if (this.o.ttlMs > 0) this.keep(opinion.fixtureId, opinion);
  }

  /**
   * Caches `value` unless the entry already holds a newer version: concurrent writes finish in any order and an
   * eventually consistent read (DAX) may return an older version than this container wrote, and a price must never
   * go back to an older version than one it has seen.
   */
  private keep(fixtureId: string, value: StoredOpinion | FixtureHead | null): void {
    const held = this.entries.peek(fixtureId)?.value;
    if (value !== null && held !== null && held !== undefined && held.inputsVersion > value.inputsVersion)
      return;
    this.entries.set(fixtureId, { value, readAt: this.now() });
  }

  /** Forgets a fixture (e.g. after it was removed). */
  forget(fixtureId: string): void {
    this.entries.delete(fixtureId);
  }

  private async read(
    fixtureId: string,
    previous: Entry | undefined,
    consistent = false,
  ): Promise<StoredOpinion | undefined> {
    try {
      // in play, or past kick-off: a strongly consistent read (through DAX it would be eventually consistent)
      const live = consistent || (previous?.value ? this.live(previous.value) : false);
      const value = await this.o.store.get(fixtureId, live ? { consistent: true } : {});
      this.keep(fixtureId, value ?? null);
      const held = this.entries.peek(fixtureId)?.value;
      return held && value && isStoredOpinion(held) && held.inputsVersion > value.inputsVersion
        ? held
        : value;
    } catch (err) {
      const age = previous ? this.now() - previous.readAt : Infinity;
      if (
        err instanceof OpinionStoreError &&
        err.code === 'UNAVAILABLE' &&
        previous !== undefined &&
        (previous.value === null || isStoredOpinion(previous.value)) &&
        age < this.o.ttlMs + this.o.staleIfErrorMs
      ) {
        this.o.logger.warn('opinion store unavailable; serving a stale opinion', { fixtureId, ageMs: age });
        return previous.value ?? undefined;
      }
      throw err;
    }
  }
}
