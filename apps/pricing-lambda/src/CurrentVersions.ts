import { isInPlay } from './quotes/inPlay';
import type { Logger } from '@aws-lambda-powertools/logger';
import { CircuitBreaker, withTimeout, type RedisClient } from '@betbuilder/cache';
import type { FixtureHead } from './types/opinion';

/** Redis key prefix of the current-version pointers. */
export const CURRENT_VERSION_PREFIX = 'fixture-current:';

// Sets the pointer unless it already names a newer inputsVersion (a late primer retry never moves it back).
const PUBLISH_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+)'))
  if v and v > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

// The pointer and how long ago it was published, in one round trip: its age is its lifetime minus what is left of it.
const GET_LUA = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
return {v, redis.call('PTTL', KEYS[1])}`;

/**
 * How long a pointer lives in Redis: longer than any fixture is idle, or a sportsbook's 1,000–3,000 fixtures lose their
 * pointers between writes (and a deploy or a long seeding finds most of them gone): a price then reads the table on the
 * request path. A pointer's freshness is `ttlMs`, not this (ADR 0013).
 */
export const POINTER_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface CurrentVersionsOptions {
  readonly redis: RedisClient;
  /** Upper bound of one Redis round trip; a slower answer counts as "no pointer". */
  readonly timeoutMs: number;
  /**
   * Freshness of a pointer: an older one is still used, but the caller re-reads the table in the background
   * ({@link CurrentVersions.getWithAge}), which bounds how long prices can lag the table if the primer stops (30 s).
   */
  readonly ttlMs: number;
  /** How long a pointer stays in Redis. @default {@link POINTER_LIFETIME_MS} */
  readonly lifetimeMs?: number;
  readonly logger: Pick<Logger, 'warn'>;
  /**
   * The pointers' circuit breaker: after `failureThreshold` consecutive failed or timed-out round trips, Redis is not
   * asked for `cooldownMs` (a price reads the table at once instead of waiting out a frozen Redis on every request).
   * @default { failureThreshold: 5, cooldownMs: 2000 } (the model cache's)
   */
  readonly breaker?: { failureThreshold?: number; cooldownMs?: number };
  /** The breaker's clock. @default Date.now */
  readonly now?: () => number;
}

/**
 * The shared "current version" pointer of each fixture, in the L2 Redis: `fixture-current:<id>` → `<inputsVersion>:<status>`.
 *
 * The primer publishes it after it has written a version's model to the shared cache (a suspension at once, since a
 * suspended fixture is not priced), so a pointer names a version whose model is ready; a price container that had to
 * read the table (no pointer: expired, evicted or Redis restarted) publishes what it read once its model is cached.
 * The price path reads the pointer instead of the opinion: one small Redis GET (~0.2 ms) instead of a DynamoDB/DAX read,
 * and a price never builds a version the primer is still building — it keeps pricing the previous version until the
 * new model is ready (serve-while-refreshing). Staleness: a write reaches prices after the primer has built it (stream
 * lag + one build) plus the opinion cache's TTL; if the primer stops, after at most `ttlMs` (plus one price per
 * container), when a price finds the pointer stale and re-reads the table in the background. A pointer lives
 * {@link POINTER_LIFETIME_MS} in Redis, so an idle fixture or a cold container still finds it (ADR 0013). Publishing is monotonic (a pointer never moves to an older version). Never throws: every failure reads as
 * "no pointer" (the caller reads the table) or an unpublished pointer (prices read the table until one is published).
 *
 * @example
 * const versions = new CurrentVersions({ redis, timeoutMs: 50, ttlMs: 30_000, logger });
 * await versions.publish({ fixtureId: 'epl-2026-12-05-ars-che', inputsVersion: 3, status: 'OPEN' });
 * await versions.get('epl-2026-12-05-ars-che'); // { fixtureId: 'epl-2026-12-05-ars-che', inputsVersion: 3, status: 'OPEN' }
 */
export class CurrentVersions {
  private readonly breaker: CircuitBreaker;

  constructor(private readonly o: CurrentVersionsOptions) {
    this.breaker = new CircuitBreaker(
      o.breaker?.failureThreshold ?? 5,
      o.breaker?.cooldownMs ?? 2000,
      () => undefined,
      o.now ?? Date.now,
    );
  }

  /** One round trip behind the breaker and the timeout; undefined (and the failure counted) when it fails. */
  private async call<T>(op: () => Promise<T>, name: string): Promise<{ value: T } | { error: Error }> {
    if (!this.breaker.allow())
      return { error: new Error("redis skipped: the pointers' circuit breaker is open") };
    try {
      const value = await withTimeout(op(), this.o.timeoutMs, name);
      this.breaker.success();
      return { value };
    } catch (err) {
      this.breaker.failure();
      return { error: err as Error };
    }
  }

  /** Freshness of a pointer (ms): an older one needs re-checking against the table. */
  get ttlMs(): number {
    return this.o.ttlMs;
  }

  private get lifetimeMs(): number {
    return Math.max(this.o.lifetimeMs ?? POINTER_LIFETIME_MS, this.o.ttlMs);
  }

  /**
   * The fixture's current version and status if the pointer is fresh (published less than `ttlMs` ago), else
   * undefined (no pointer, a stale one, or Redis did not answer in time).
   */
  async get(fixtureId: string): Promise<FixtureHead | undefined> {
    const found = await this.getWithAge(fixtureId);
    return found !== undefined && found.ageMs < this.o.ttlMs ? found.head : undefined;
  }

  /**
   * The pointer whatever its age, with the age (ms since it was published): a price uses a stale one at once and
   * re-reads the table in the background instead of on the request path. Undefined when there is none or Redis did
   * not answer in time.
   */
  async getWithAge(fixtureId: string): Promise<{ head: FixtureHead; ageMs: number } | undefined> {
    const r = await this.call(() => this.o.redis.eval(GET_LUA, 1, key(fixtureId)), 'pointer GET');
    if ('error' in r) return undefined;
    const raw = r.value as [string, number] | null;
    if (!Array.isArray(raw)) return undefined;
    const head = parse(fixtureId, String(raw[0]));
    const left = Number(raw[1]);
    // No expiry (-1, set by hand) reads as stale: it is used, and checked.
    const ageMs = left >= 0 ? Math.max(0, this.lifetimeMs - left) : Infinity;
    return head === undefined ? undefined : { head, ageMs };
  }

  /** Points the fixture at `head` unless it already points at a newer version. True when the pointer was set. */
  async publish(head: FixtureHead): Promise<boolean> {
    const r = await this.call(
      () =>
        this.o.redis.eval(
          PUBLISH_LUA,
          1,
          key(head.fixtureId),
          String(head.inputsVersion),
          `${head.inputsVersion}:${head.status}${isInPlay(head) ? ':IN_PLAY' : ''}`,
          String(this.lifetimeMs),
        ),
      'pointer publish',
    );
    if ('value' in r) return r.value === 1;
    this.o.logger.warn('could not publish the current version (prices read the table meanwhile)', {
      fixtureId: head.fixtureId,
      inputsVersion: head.inputsVersion,
      error: r.error.message,
    });
    return false;
  }

  /** Drops the pointer (the opinion was removed): prices read the table, which answers 404. */
  async remove(fixtureId: string): Promise<void> {
    const r = await this.call(() => this.o.redis.del(key(fixtureId)), 'pointer DEL');
    if ('error' in r) {
      this.o.logger.warn('could not remove the current-version pointer (it expires by itself)', {
        fixtureId,
        error: r.error.message,
      });
    }
  }
}

function key(fixtureId: string): string {
  return `${CURRENT_VERSION_PREFIX}${fixtureId}`;
}

function parse(fixtureId: string, raw: string): FixtureHead | undefined {
  const m = /^(\d+):(OPEN|SUSPENDED)(:IN_PLAY)?$/.exec(raw);
  if (!m) return undefined;
  return {
    fixtureId,
    inputsVersion: Number(m[1]),
    status: m[2] as FixtureHead['status'],
    ...(m[3] ? { inPlay: true } : {}),
  };
}
