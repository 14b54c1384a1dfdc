import {
  lateBound,
  startTestServices,
  type TestServices,
  type TestServicesOptions,
} from '@betbuilder/test-harness';
import { startLocalApi, type LocalApi, type LocalApiOptions } from '../../src';

export interface LocalApiSetup extends Omit<
  LocalApiOptions,
  'port' | 'dynamodbEndpoint' | 'redisUrl' | 'env'
> {
  /** The suite's own table (a name says whose a table is). */
  readonly table: string;
  /** Extra pricing-Lambda environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** How the test services start (e.g. dynalite in its own process). */
  readonly services?: TestServicesOptions;
  /** Nothing is seeded unless the suite asks. @default false */
  readonly seed?: boolean;
}

/**
 * The suite's arrange step: before all its tests, real test services (redis-server, dynalite) and the local API on a
 * free port in front of them, then `arrange(api)`; after all, both stopped. The returned objects stand for the
 * running ones (use them in hooks and tests, not at describe time).
 *
 * @example
 * const { api } = useLocalApi({ table: 'opinions-quotes-test', primeOnWrite: 'await' });
 * it('prices', async () => expect((await call(api.url, 'POST', '/v1/price', body)).status).toBe(200));
 */
export function useLocalApi(
  setup: LocalApiSetup,
  arrange?: (api: LocalApi) => Promise<unknown>,
): { api: LocalApi; services: TestServices } {
  const { table, env, services: servicesOptions, ...options } = setup;
  let services: TestServices | undefined;
  let api: LocalApi | undefined;
  beforeAll(async () => {
    services = await startTestServices(servicesOptions);
    api = await startLocalApi({
      seed: false,
      ...options,
      port: 0,
      dynamodbEndpoint: services.dynamo.endpoint,
      redisUrl: services.redis.url,
      env: { TABLE_NAME: table, ...env },
    });
    await arrange?.(api);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await services?.stop();
  });
  return { api: lateBound(() => api, 'local API'), services: lateBound(() => services, 'test services') };
}
