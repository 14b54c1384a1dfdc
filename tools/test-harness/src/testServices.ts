import { DynaliteServer, type DynaliteServerOptions } from './DynaliteServer';
import { lateBound } from './lateBound';
import { RedisServer } from './RedisServer';

export interface TestServices {
  readonly redis: RedisServer;
  readonly dynamo: DynaliteServer;
  /** Stops both; safe to call twice. */
  stop(): Promise<void>;
}

export interface TestServicesOptions {
  readonly dynamo?: DynaliteServerOptions;
}

/**
 * Starts a throwaway redis-server and an in-memory dynalite for one test file.
 *
 * @example
 * let services: TestServices;
 * beforeAll(async () => { services = await startTestServices(); });
 * afterAll(() => services.stop());
 */
export async function startTestServices(opts: TestServicesOptions = {}): Promise<TestServices> {
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

/**
 * The enclosing describe's test services: started before all its tests, stopped after all of them (jest hooks).
 *
 * @example
 * const services = useTestServices();
 * it('reads', async () => { const db = services.dynamo.endpoint; … });
 */
export function useTestServices(opts: TestServicesOptions = {}): TestServices {
  let services: TestServices | undefined;
  beforeAll(async () => {
    services = await startTestServices(opts);
  }, 60_000);
  afterAll(() => services?.stop());
  return lateBound(() => services, 'test services');
}
