import { DynaliteServer, type DynaliteServerOptions } from './DynaliteServer';
import { RedisServer } from './RedisServer';

export interface TestServices {
  readonly redis: RedisServer;
  readonly dynamo: DynaliteServer;
  /** Stops both; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway redis-server and an in-memory dynalite for one test file.
 *
 * @example
 * let services: TestServices;
 * beforeAll(async () => { services = await startTestServices(); });
 * afterAll(() => services.stop());
 */
export async function startTestServices(
  opts: { dynamo?: DynaliteServerOptions } = {},
): Promise<TestServices> {
  const redis = await RedisServer.start();
  let dynamo: DynaliteServer;
  try {
    dynamo = await DynaliteServer.start(opts.dynamo);
  } catch (err) {
    await redis.stop();
    throw err;
  }
  return {
    redis,
    dynamo,
    stop: async () => {
      await Promise.all([redis.stop(), dynamo.stop()]);
    },
  };
}
