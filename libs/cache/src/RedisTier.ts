import { L2TimeoutError } from './errors';
import type { RedisClient } from './types/cache';
import type { CacheTier } from './types/tier';

/** Deletes the lock only while it still holds our token, so a slow owner never frees someone else's lock. */
export const RELEASE_LOCK_LUA =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

class NotReadyError extends Error {
  readonly code = 'L2_NOT_READY';
  constructor(status: string) {
    super(`redis client is not ready (status ${status})`);
    this.name = 'NotReadyError';
  }
}

/** ioredis rejects a command past `commandTimeout` with a plain `Error` of exactly this text (no code, no class). */
const IOREDIS_COMMAND_TIMEOUT = 'Command timed out';

/**
 * The one place that knows ioredis's command timeout: it becomes an {@link L2TimeoutError}, so the cache detects
 * timeouts by class everywhere else.
 */
function typed(operation: string, timeoutMs: number | undefined) {
  return (err: unknown): never => {
    if (err instanceof Error && err.message === IOREDIS_COMMAND_TIMEOUT) {
      throw new L2TimeoutError(operation, timeoutMs ?? 0, { cause: err });
    }
    throw err;
  };
}

/**
 * The L2 tier over an existing ioredis client (standalone or cluster). It never creates or closes the client:
 * one client per container is shared by every cache. Values are read with `getBuffer` (no string decoding).
 *
 * While the client has never been ready (cold start, IAM token still being fetched) a call waits for `ready`
 * up to `firstConnectWaitMs`; after that a disconnected client fails at once (the offline queue is off).
 *
 * @example
 * const tier = new RedisTier(createRedisClient({ url: 'redis://127.0.0.1:6379' }));
 */
export class RedisTier implements CacheTier {
  readonly name = 'redis';
  private everReady: boolean;
  private readonly commandTimeoutMs: number | undefined;
  private readyWait: Promise<void> | undefined;

  constructor(
    private readonly client: RedisClient,
    private readonly opts: { firstConnectWaitMs?: number } = {},
  ) {
    this.everReady = client.status === 'ready';
    const options = client.options as { commandTimeout?: number; redisOptions?: { commandTimeout?: number } };
    this.commandTimeoutMs = options.commandTimeout ?? options.redisOptions?.commandTimeout;
    if (!this.everReady) client.once('ready', () => (this.everReady = true));
  }

  private notReady(): Promise<void> | undefined {
    const status = this.client.status;
    if (status === 'ready') return undefined;
    if (!this.everReady && (status === 'wait' || status === 'connecting' || status === 'connect')) {
      this.readyWait ??= new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.client.off('ready', onReady);
          this.readyWait = undefined;
          reject(new NotReadyError(this.client.status));
        }, this.opts.firstConnectWaitMs ?? 1000);
        const onReady = () => {
          clearTimeout(timer);
          this.readyWait = undefined;
          resolve();
        };
        this.client.once('ready', onReady);
      });
      return this.readyWait;
    }
    return Promise.reject(new NotReadyError(status));
  }

  get(key: string): Promise<Uint8Array | undefined> {
    const wait = this.notReady();
    if (wait) return wait.then(() => this.get(key));
    return this.client.getBuffer(key).then((b) => b ?? undefined, typed('get', this.commandTimeoutMs));
  }

  async has(key: string): Promise<boolean> {
    const wait = this.notReady();
    if (wait) await wait;
    return (await this.client.exists(key).catch(typed('has', this.commandTimeoutMs))) === 1;
  }

  async set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
    const wait = this.notReady();
    if (wait) await wait;
    const buf = Buffer.isBuffer(value)
      ? value
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    await this.client
      .set(key, buf, 'PX', Math.max(1, Math.ceil(ttlMs)))
      .catch(typed('set', this.commandTimeoutMs));
  }

  async delete(key: string): Promise<void> {
    const wait = this.notReady();
    if (wait) await wait;
    await this.client.del(key).catch(typed('delete', this.commandTimeoutMs));
  }

  async acquireLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const wait = this.notReady();
    if (wait) await wait;
    const r = await this.client
      .set(key, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')
      .catch(typed('lock', this.commandTimeoutMs));
    return r === 'OK';
  }

  async releaseLock(key: string, token: string): Promise<boolean> {
    const wait = this.notReady();
    if (wait) await wait;
    const r = await this.client
      .eval(RELEASE_LOCK_LUA, 1, key, token)
      .catch(typed('unlock', this.commandTimeoutMs));
    return r === 1;
  }

  /** The client belongs to the caller: nothing to release here. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
