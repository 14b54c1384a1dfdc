import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { withTimeout, type RedisClient } from '@betbuilder/cache';

/** The key whose value names the shared cache's current data set; a Redis that lost its data no longer has it. */
export const L2_EPOCH_KEY = 'betbuilder:l2-epoch';

/** What one check found: the first epoch this container saw, the same one, a new one (data lost), or no answer. */
export type EpochCheck = 'first' | 'same' | 'reset' | 'error';

export interface L2EpochWatchOptions {
  /** Bound of the check's one round trip. */
  readonly timeoutMs: number;
  /** Called when the epoch changed since this container last saw it: the shared cache lost what it held. */
  readonly onReset: () => void;
  readonly logger: Pick<Logger, 'debug'>;
}

/**
 * Notices that the shared cache lost its data (Redis restarted empty, a node replaced without a replica, a flush), so
 * the container can write back what its L1 holds instead of every container computing it again (ADR 0030). One
 * `SET key token NX GET` on every connection the client makes ready: it creates the epoch key when it is missing and
 * answers the one that was there. The first answer is remembered; a later different one is a reset. A reconnect to
 * a Redis that kept its data (a network blip, a failover to a replica) finds the same epoch and does nothing. Never
 * throws; a check that fails is tried again on the next reconnect.
 *
 * @example
 * const watch = watchL2Epoch(redis, { timeoutMs: 50, onReset: () => void cache.writeBackL1({ maxEntries: 64 }), logger });
 */
export function watchL2Epoch(
  redis: RedisClient,
  o: L2EpochWatchOptions,
): { check(): Promise<EpochCheck>; stop(): void } {
  let known: string | undefined;
  const check = async (): Promise<EpochCheck> => {
    const token = randomUUID();
    let epoch: string;
    try {
      const previous = await withTimeout(
        redis.set(L2_EPOCH_KEY, token, 'NX', 'GET'),
        o.timeoutMs,
        'epoch SET',
      );
      epoch = previous ?? token;
    } catch (err) {
      o.logger.debug('could not read the shared cache epoch', { error: (err as Error).message });
      return 'error';
    }
    if (known === undefined) {
      known = epoch;
      return 'first';
    }
    if (epoch === known) return 'same';
    known = epoch;
    o.onReset();
    return 'reset';
  };
  const onReady = () => void check();
  redis.on('ready', onReady);
  if (redis.status === 'ready') void check();
  return { check, stop: () => void redis.off('ready', onReady) };
}
