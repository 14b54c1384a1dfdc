import { marshall } from '@aws-sdk/util-dynamodb';
import { freePort, RedisServer } from '@betbuilder/test-harness';
import { sectionsNeeded } from '@betbuilder/pricing-model';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import {
  createPriceHandler,
  createPrimerHandler,
  createModelCache,
  createRuntime,
  CURRENT_VERSION_PREFIX,
  loadConfig,
  modelCacheKey,
  modelSectionKey,
  ModelStore,
  PRIMER_RESERVE_MS,
  type Runtime,
  type StoredOpinion,
  type WarmupResponse,
} from '../../src';
import { POINTER_LIFETIME_MS } from '../../src/CurrentVersions';
import { WARMUP_FIXTURE_ID, WARMUP_OPINION, WARMUP_PRICE_BUDGET_MS } from '../../src/warmupFixture';
import {
  apiEvent,
  context,
  contractOpinion,
  CONTRACT_LEGS,
  freshConfig,
  useServices,
} from '../support/fixtures';

let sequence = 1000;
function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
): DynamoDBRecord {
  sequence += 1;
  const image = marshall(item, { removeUndefinedValues: true }) as never;
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { fixtureId: { S: String(item.fixtureId) } },
      ...(eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image }),
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** A Lambda clock that reads `atStart` when the batch begins and `later` on every read after that. */
function remainingAfterStart(atStart: number, later: number): () => number {
  let reads = 0;
  return () => (reads++ === 0 ? atStart : later);
}

const priceEvent = (body: unknown): APIGatewayProxyEvent => apiEvent('POST', '/v1/price', body);

describe('pricing-lambda handlers', () => {
  const { services, redis } = useServices();
  let runtime: Runtime;
  /** Is the model in the shared tier? Asked of Redis itself (the cache prefixes the key with its namespace). */
  const inRedis = async (fixtureId: string, inputsVersion: number) =>
    (await redis.keys(`*${modelCacheKey(fixtureId, inputsVersion)}`)).length > 0;
  /**
   * Runs `fn` on a container with a Redis of its own (a test may freeze, kill or restrict it) and the suite's table;
   * afterwards that Redis is resumed and stopped and the container closed.
   */
  async function withOwnRedis(
    env: Record<string, string>,
    fn: (container: Runtime, own: RedisServer) => Promise<void>,
  ): Promise<void> {
    const own = await RedisServer.start();
    const container = createRuntime(
      loadConfig({
        TABLE_NAME: runtime.config.tableName,
        DYNAMODB_ENDPOINT: services.dynamo.endpoint,
        REDIS_URL: own.url,
        ...env,
      }),
    );
    try {
      await container.ensureRedisReady();
      await fn(container, own);
    } finally {
      own.signal('SIGCONT');
      await container.close();
      await own.stop();
    }
  }

  beforeEach(async () => {
    runtime = createRuntime(
      // A 500 KB model write can take longer than the deployed 50 ms on a loaded 2-core test box; these tests are
      // about what lands where, the Redis fault tests about deadlines.
      await freshConfig({ services, redis }, undefined, { MODEL_L2_TIMEOUT_MS: '2000' }),
    );
  });
  afterEach(() => runtime.close());

  describe('warm-up', () => {
    it('answers with the container id, cold start only the first time, and an open Redis connection', async () => {
      // Prepare
      const handler = createPriceHandler(runtime);

      // Act
      const first = (await handler({ warmup: true }, context())) as WarmupResponse;
      const second = (await handler({ warmup: true }, context())) as WarmupResponse;

      // Assess
      expect(first).toEqual({ warmed: true, containerId: runtime.containerId, coldStart: true });
      expect(second).toEqual({ warmed: true, containerId: runtime.containerId, coldStart: false });
      expect(runtime.redis?.status).toBe('ready');
    });

    it('runs the price path once per container on the built-in warm-up fixture, through the shared cache', async () => {
      // Prepare: no warm-up model in Redis yet (earlier tests warm up too); a second container on the same services
      const keys = await redis.keys(`*${modelCacheKey(WARMUP_FIXTURE_ID, WARMUP_OPINION.inputsVersion)}`);
      if (keys.length > 0) await redis.del(...keys);
      const other = createRuntime(runtime.config);
      try {
        // Act
        await createPriceHandler(runtime)({ warmup: true }, context());
        await createPriceHandler(other)({ warmup: true }, context());

        // Assess: the warm-up model is in the shared tier and the second container read it from there, not built it
        expect(await inRedis(WARMUP_FIXTURE_ID, WARMUP_OPINION.inputsVersion)).toBe(true);
        expect(runtime.models.stats().compute.computes).toBe(1);
        expect(other.models.stats().compute.computes).toBe(0);
        expect(other.models.stats().l2.hits).toBe(4); // its core, cards, corners and halves
        // Once per container: a later warm-up reuses it and builds nothing
        await createPriceHandler(other)({ warmup: true }, context());
        expect(other.models.stats().compute.computes).toBe(0);
        // A real fixture is unaffected: unknown fixture still 404s, the warm-up id is not priceable from outside
        const res = (await createPriceHandler(other)(
          priceEvent({ fixtureId: 'warm-up', legs: CONTRACT_LEGS }),
          context(),
        )) as APIGatewayProxyResult;
        expect(res.statusCode).toBe(404);
      } finally {
        await other.close();
      }
    });

    // A warm-up's bound is its dependency deadlines plus its own model build and first price in a fresh process, which a
    // loaded 2-core CI box stretches past a second (1.77 s seen at 1.5 s), plus its pricing budget (the menu bets, ADR
    // 0033); a warm-up that waited on a dead dependency without a deadline would take far longer.
    const WARMUP_BOUND_MS = 3000 + WARMUP_PRICE_BUDGET_MS;

    it('answers within the dependency budget when the table endpoint is dead', async () => {
      // Prepare
      const deadPort = await freePort();
      const offline = createRuntime(
        loadConfig({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${deadPort}`, REDIS_URL: services.redis.url }),
      );

      try {
        // Act
        const started = Date.now();
        const reply = (await createPriceHandler(offline)({ warmup: true }, context())) as WarmupResponse;

        // Assess
        expect(reply.warmed).toBe(true);
        expect(Date.now() - started).toBeLessThan(WARMUP_BOUND_MS);
      } finally {
        await offline.close();
      }
    });

    it('still answers within the dependency timeout when Redis is unreachable', async () => {
      // Prepare
      const dead = await RedisServer.start();
      await dead.kill();
      const offline = createRuntime(loadConfig({ REDIS_URL: dead.url, DEPENDENCY_TIMEOUT_MS: '300' }));

      try {
        // Act
        const started = Date.now();
        const reply = (await createPriceHandler(offline)({ warmup: true }, context())) as WarmupResponse;

        // Assess
        expect(reply).toMatchObject({ warmed: true, coldStart: true });
        expect(Date.now() - started).toBeLessThan(WARMUP_BOUND_MS);
      } finally {
        await offline.close();
      }
    });
  });

  describe('metrics', () => {
    it('emits EMF for cold start, price latency, cache source and model build time', async () => {
      // Prepare: metrics on for this test only (the test setup disables them; Powertools reads the variable lazily), stdout captured
      const previous = process.env.POWERTOOLS_METRICS_DISABLED;
      process.env.POWERTOOLS_METRICS_DISABLED = 'false';
      // Powertools counts cold starts only in on-demand environments, which Lambda marks with this variable.
      process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
      const measured = createRuntime(runtime.config);
      delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
      const lines: string[] = [];
      const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      await measured.store.put('epl-2026-12-05-ars-che', contractOpinion());
      const handler = createPriceHandler(measured);
      const event = priceEvent({ fixtureId: 'epl-2026-12-05-ars-che', legs: CONTRACT_LEGS });

      try {
        // Act: a miss (build) then a hit
        await handler(event, context());
        await handler(event, context());
      } finally {
        write.mockRestore();
        process.env.POWERTOOLS_METRICS_DISABLED = previous;
        await measured.close();
      }

      // Assess
      const emf = lines
        .filter((l) => l.includes('"_aws"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const names = new Set(emf.flatMap((e) => Object.keys(e)));
      for (const name of [
        'ColdStart',
        'PriceLatency',
        'CacheSourceCOMPUTED',
        'CacheSourceL1',
        'ModelBuildTime',
      ]) {
        expect([...names]).toContain(name);
      }
      expect(emf.filter((e) => 'ColdStart' in e)).toHaveLength(1);
    });
  });

  describe('primer', () => {
    it('lets a price that joins the primer’s build answer 200 when that build’s Redis write times out', async () => {
      // Prepare: a container with its own paused Redis (SIGSTOP), so every Redis call waits for its deadline. No
      // current-version pointers: the price reads the table at once and reaches the model cache while the primer's
      // build still waits on Redis.
      const env = { MODEL_L2_TIMEOUT_MS: '300', CURRENT_VERSION_TTL_MS: '0' };
      await withOwnRedis(env, async (container, paused) => {
        const v1 = await container.store.put('epl-2026-12-05-ars-che', contractOpinion());
        paused.signal('SIGSTOP');
        // Act: the primer starts the build; the price joins it, and the build's L2 write then times out
        const primed = createPrimerHandler(container)({ Records: [streamRecord('INSERT', v1)] }, context());
        const priced = createPriceHandler(container)(
          priceEvent({ fixtureId: v1.fixtureId, legs: CONTRACT_LEGS }),
          context(),
        ) as Promise<APIGatewayProxyResult>;
        const [primerResult, price] = await Promise.all([primed, priced]);
        // Assess: the primer's record fails (Lambda retries it), the price is served from the computed model
        expect(primerResult.batchItemFailures).toHaveLength(1);
        expect(container.models.stats().coalesce.joinedInFlight).toBe(1);
        expect(price.statusCode).toBe(200);
        expect(JSON.parse(price.body)).toMatchObject({ fixtureId: v1.fixtureId, inputsVersion: 1 });
      });
    });

    it('builds and stores the model of each inserted or modified opinion in Redis', async () => {
      // Prepare
      const v1 = await runtime.store.put('epl-2026-12-05-ars-che', contractOpinion());
      const primer = createPrimerHandler(runtime);

      // Act
      const result = await primer({ Records: [streamRecord('INSERT', v1)] }, context());

      // Assess
      expect(result).toEqual({ batchItemFailures: [] });
      expect(await inRedis(v1.fixtureId, 1)).toBe(true);
    });

    it('reports only the bad record in batchItemFailures and primes the others', async () => {
      // Prepare
      const good = await runtime.store.put('epl-2026-12-05-ars-che', contractOpinion());
      const other = await runtime.store.put(
        'laliga-2026-12-06-rma-bar',
        contractOpinion({ fixtureId: 'laliga-2026-12-06-rma-bar' }),
      );
      const malformed = {
        fixtureId: 'epl-2026-12-06-tot-mun',
        inputsVersion: 1,
        updatedAt: 'x',
        home: 'Spurs',
      };
      const records = [
        streamRecord('INSERT', good),
        streamRecord('MODIFY', malformed),
        streamRecord('INSERT', other),
      ];
      const event: DynamoDBStreamEvent = { Records: records };

      // Act
      const result = await createPrimerHandler(runtime)(event, context());

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }]);
      expect(await inRedis(good.fixtureId, 1)).toBe(true);
      expect(await inRedis(other.fixtureId, 1)).toBe(true);
    });

    it('skips a record that a later record of the same fixture in the batch supersedes', async () => {
      // Prepare: two states of one fixture in one batch (an in-play fixture's writes gather while the primer builds)
      const v1 = await runtime.store.put('epl-2026-12-05-ars-che', contractOpinion());
      const v2 = await runtime.store.put(
        'epl-2026-12-05-ars-che',
        contractOpinion({ home: { name: 'Arsenal', goals: 1.9, cards: 1.6, corners: 5.8 } }),
      );
      const other = await runtime.store.put(
        'laliga-2026-12-06-rma-bar',
        contractOpinion({ fixtureId: 'laliga-2026-12-06-rma-bar' }),
      );
      const records = [streamRecord('INSERT', v1), streamRecord('INSERT', other), streamRecord('MODIFY', v2)];

      // Act
      const result = await createPrimerHandler(runtime)({ Records: records }, context());

      // Assess: v1 was never built (nothing prices it once v2 is written); v2 and the other fixture were
      expect(result.batchItemFailures).toEqual([]);
      expect([
        await inRedis(v1.fixtureId, 1),
        await inRedis(v2.fixtureId, 2),
        await inRedis(other.fixtureId, 1),
      ]).toEqual([false, true, true]);
      expect(runtime.models.stats().compute.computes).toBe(2);
    });

    it('does not build while Redis is unreachable: it waits for it within its budget, else leaves the record', async () => {
      // Prepare: a container whose Redis is frozen (SIGSTOP) and whose breaker has opened on it
      const budget = (waitMs: number) => ({
        ...context(),
        // the batch's wait budget is what remains after the reserve (a sixth of the remaining time at the start)
        getRemainingTimeInMillis: () => (waitMs * 6) / 5,
      });
      await withOwnRedis({ MODEL_L2_TIMEOUT_MS: '100' }, async (container, frozen) => {
        const v1 = await container.store.put(
          'epl-2026-12-07-liv-eve',
          contractOpinion({ fixtureId: 'epl-2026-12-07-liv-eve' }),
        );
        frozen.signal('SIGSTOP');
        while (container.models.stats().l2.breaker !== 'open')
          await container.models.cache.get('probe:open-it');

        // Act: Redis stays frozen through the first batch's wait, and comes back during the second's
        const started = performance.now();
        const left = await createPrimerHandler(container)(
          { Records: [streamRecord('INSERT', v1)] },
          budget(800),
        );
        const waitedMs = performance.now() - started;
        const computesWhileDown = container.models.stats().compute.computes;
        setTimeout(() => frozen.signal('SIGCONT'), 500);
        const primed = await createPrimerHandler(container)(
          { Records: [streamRecord('INSERT', v1)] },
          budget(8000),
        );

        // Assess
        expect(left.batchItemFailures).toHaveLength(1);
        expect(waitedMs).toBeGreaterThanOrEqual(700);
        expect(computesWhileDown).toBe(0);
        expect(primed.batchItemFailures).toEqual([]);
        expect(container.models.stats().compute.computes).toBe(1);
      });
    });

    it("writes a version's halves on the retry when the first attempt's halves write failed after its core landed", async () => {
      // Prepare: a Redis whose user may write every key but a model's halves (an ACL): Redis refuses that write alone
      await withOwnRedis({ MODEL_L2_TIMEOUT_MS: '2000' }, async (container) => {
        const admin = container.redis!;
        const stored = (key: string) => admin.keys(`*${key}`).then((k) => k.length > 0);
        const v1 = await container.store.put(
          'epl-2026-12-09-whu-bha',
          contractOpinion({ fixtureId: 'epl-2026-12-09-whu-bha' }),
        );
        // The core (`…:1`), its lock (`…#lock`) and the pointers, not `…:1:halves`.
        await admin.call('ACL', 'SETUSER', 'default', 'resetkeys', '~*:1', '~*#lock', '~fixture-current:*');
        const record = streamRecord('INSERT', v1);
        const primer = createPrimerHandler(container);
        const first = await primer({ Records: [record] }, context());
        await admin.call('ACL', 'SETUSER', 'default', 'allkeys'); // every key allowed again
        const afterFirst = [
          await stored(modelCacheKey(v1.fixtureId, 1)),
          await stored(modelSectionKey(v1.fixtureId, 1, 'halves')),
        ];

        // Act: the event source retries the record
        const retried = await primer({ Records: [record] }, context());

        // Assess: the first attempt failed with the core alone in Redis; the retry wrote the halves
        expect(first.batchItemFailures).toHaveLength(1);
        expect(afterFirst).toEqual([true, false]);
        expect(retried.batchItemFailures).toEqual([]);
        expect(await stored(modelSectionKey(v1.fixtureId, 1, 'halves'))).toBe(true);
      });
    });

    it('deletes the model of a removed opinion when the record carries its old image', async () => {
      // Prepare
      const v1 = await runtime.store.put('epl-2026-12-05-ars-che', contractOpinion());
      const primer = createPrimerHandler(runtime);
      await primer({ Records: [streamRecord('INSERT', v1)] }, context());

      // Act
      const result = await primer({ Records: [streamRecord('REMOVE', v1)] }, context());

      // Assess
      expect(result.batchItemFailures).toEqual([]);
      expect(await inRedis(v1.fixtureId, 1)).toBe(false);
    });

    it('leaves every record for the retry when the remaining time is inside the reserve it keeps for a build', async () => {
      // Prepare
      const v1 = await runtime.store.put('epl-2026-12-05-ars-che', contractOpinion());
      const records = [streamRecord('INSERT', v1), streamRecord('MODIFY', v1)];
      // The batch starts with a 60 s budget, then finds itself inside the reserve (an earlier record took the rest).
      const late = {
        ...context(),
        getRemainingTimeInMillis: remainingAfterStart(60_000, PRIMER_RESERVE_MS - 1),
      };

      // Act
      const result = await createPrimerHandler(runtime)({ Records: records }, late);

      // Assess
      expect(result.batchItemFailures).toEqual(
        records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber })),
      );
    });

    it("waits for another container's build lock only until its reserve, then builds the model itself", async () => {
      // Prepare: another container holds the build lock of a fresh fixture and does not finish until released
      const fixtureId = 'epl-2026-12-08-bou-ful';
      const stored: StoredOpinion = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      const other = createRuntime(runtime.config);
      const options = { l1MaxBytes: 1 << 26, l2TimeoutMs: 2000 } as const;
      const holderModels = createModelCache({ ...options, redis: other.redis });
      const primerModels = new ModelStore(createModelCache({ ...options, redis: runtime.redis }));
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      const holding = holderModels.getOrCompute(modelCacheKey(fixtureId, 1), async () => {
        await held;
        throw new Error('the holder never finishes its build');
      });
      void holding.catch(() => undefined);
      try {
        while ((await redis.keys(`*${modelCacheKey(fixtureId, 1)}#lock`)).length === 0) {
          await new Promise((r) => setTimeout(r, 1));
        }
        const nearDeadline = {
          ...context(),
          getRemainingTimeInMillis: remainingAfterStart(60_000, PRIMER_RESERVE_MS + 200),
        };

        // Act
        const primed = await createPrimerHandler({ ...runtime, models: primerModels })(
          { Records: [streamRecord('INSERT', stored)] },
          nearDeadline,
        );

        // Assess: the holder is still building, so the model can only have come from the primer's own build
        expect(primed.batchItemFailures).toEqual([]);
        expect(primerModels.stats().compute.computes).toBe(1);
        expect(await inRedis(fixtureId, 1)).toBe(true);
      } finally {
        release();
        await holding.catch(() => undefined);
        await holderModels.close();
        await primerModels.close();
        await other.close();
      }
    });

    it('makes the first price after a write come from the shared cache, not a fresh build', async () => {
      // Prepare: the primer runs in one container, the price in another (a second runtime, empty L1)
      const stored: StoredOpinion = await runtime.store.put('epl-2026-12-05-ars-che', contractOpinion());
      await createPrimerHandler(runtime)({ Records: [streamRecord('INSERT', stored)] }, context());
      const other = createRuntime(runtime.config);
      const sources: string[] = [];
      // A generous L2 timeout: this machine is shared, and a timed-out read would (correctly) compute instead.
      const models = createModelCache({
        redis: other.redis,
        l1MaxBytes: 1 << 26,
        l2TimeoutMs: 2000,
      });
      // Where each section came from: the core through getOrCompute, the others looked up first (ADR 0035)
      const getOrCompute = models.getOrCompute.bind(models);
      models.getOrCompute = async (...args) => {
        const r = await getOrCompute(...args);
        sources.push(r.source);
        return r;
      };
      const lookup = models.lookup.bind(models);
      models.lookup = async (key) => {
        const r = await lookup(key);
        sources.push(r?.source ?? 'missing');
        return r;
      };

      try {
        // Act
        const res = (await createPriceHandler({ ...other, models: new ModelStore(models) })(
          priceEvent({ fixtureId: stored.fixtureId, legs: CONTRACT_LEGS }),
          context(),
        )) as APIGatewayProxyResult;

        // Assess
        expect(res.statusCode).toBe(200);
        // the core and the full-time cards (the bet's over 3.5 cards): no leg on corners or a half's counts
        expect(sectionsNeeded(CONTRACT_LEGS)).toEqual(['core', 'cards']);
        expect(sources).toEqual(['L2', 'L2']);
      } finally {
        await models.close();
        await other.close();
      }
    });

    it('builds a new version once when the primer arrives while a price container is building it', async () => {
      // Prepare: two containers on one Redis, a price container and the primer's (each its own L1); a fixture no other
      // test has put in Redis
      const fixtureId = 'epl-2026-12-07-new-lei';
      const stored: StoredOpinion = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      const other = createRuntime(runtime.config);
      const slowL2 = { redis: other.redis, l1MaxBytes: 1 << 26, l2TimeoutMs: 2000 } as const;
      const priceModels = new ModelStore(createModelCache(slowL2));
      const primerModels = new ModelStore(createModelCache({ ...slowL2, redis: runtime.redis }));
      try {
        // Act: the price request misses first and takes the build lock; the stream record arrives during its build
        const pricing = createPriceHandler({ ...other, models: priceModels })(
          priceEvent({ fixtureId, legs: CONTRACT_LEGS }),
          context(),
        ) as Promise<APIGatewayProxyResult>;
        let settled = false;
        void pricing.finally(() => (settled = true));
        // Stop polling once the price request is done too: its lock may come and go between two polls.
        while (!settled && (await redis.keys(`*${modelCacheKey(fixtureId, 1)}#lock`)).length === 0) {
          await new Promise((r) => setTimeout(r, 1));
        }
        const primed = await createPrimerHandler({ ...runtime, models: primerModels })(
          { Records: [streamRecord('INSERT', stored)] },
          context(),
        );
        const res = await pricing;

        // Assess
        expect(res.statusCode).toBe(200);
        expect(primed.batchItemFailures).toEqual([]);
        expect(priceModels.stats().compute.computes).toBe(1);
        expect(primerModels.stats().compute.computes).toBe(0);
        // The primer built nothing (above): whether it waited on the lock or read the written value (on a loaded machine
        // a slow read that the wait absorbs), the one model is in the shared tier.
        expect(await inRedis(fixtureId, 1)).toBe(true);
      } finally {
        await priceModels.close();
        await primerModels.close();
        await other.close();
      }
    });
  });

  describe('current-version pointer (shared-cache mode)', () => {
    // Model entries outlive a test in Redis (keyed by fixture and version only): a fixture id of its own per test.
    let fixtureId = '';
    let n = 0;
    beforeEach(() => {
      n += 1;
      fixtureId = `ptr-${process.pid}-${Date.now()}-${n}`;
    });
    const price = async (rt: Runtime) => {
      const res = (await createPriceHandler(rt)(
        priceEvent({ fixtureId, legs: CONTRACT_LEGS }),
        context(),
      )) as APIGatewayProxyResult;
      return {
        status: res.statusCode,
        body: JSON.parse(res.body) as { inputsVersion?: number; error?: { code: string } },
      };
    };
    /** A price container: its own runtime (own L1s) on the shared table and Redis, opinions never cached in-process. */
    const priceContainer = async (env: Record<string, string> = {}) => {
      const rt = createRuntime(loadConfig({ ...configEnv(), OPINION_CACHE_TTL_MS: '0', ...env }));
      await rt.ensureRedisReady(); // as the warm-up (or the first request's connect) does in Lambda
      return rt;
    };
    const configEnv = (): Record<string, string> => ({
      TABLE_NAME: runtime.config.tableName,
      DYNAMODB_ENDPOINT: services.dynamo.endpoint,
      REDIS_URL: services.redis.url,
      MODEL_L2_TIMEOUT_MS: '2000',
    });
    const pointer = () => redis.get(`${CURRENT_VERSION_PREFIX}${fixtureId}`);
    /**
     * The pointer once it reads `expected`, else what it reads after 10 s: a price re-publishes it off the request path
     * (fire and forget), so right after the price it may not be written yet on a busy machine.
     */
    const pointerSettled = async (expected: string) => {
      const deadline = Date.now() + 10_000;
      let now = await pointer();
      while (now !== expected && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
        now = await pointer();
      }
      return now;
    };
    /** Runs `fn` on a fresh price container, closed afterwards whatever happens. */
    const withPriceContainer = async <T>(env: Record<string, string>, fn: (rt: Runtime) => Promise<T>) => {
      const container = await priceContainer(env);
      try {
        return await fn(container);
      } finally {
        await container.close();
      }
    };

    it('is published by the primer once the model is in the shared tier, and prices then need no table read', async () => {
      // Prepare: v1 primed; a price container whose table endpoint is dead
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      await createPrimerHandler(runtime)({ Records: [streamRecord('INSERT', v1)] }, context());
      const deadPort = await freePort();
      const noTable = await priceContainer({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${deadPort}` });
      try {
        // Act
        const r = await price(noTable);

        // Assess
        expect(await pointer()).toBe('1:OPEN');
        expect(r.status).toBe(200);
        expect(r.body.inputsVersion).toBe(1);
        expect(noTable.models.stats().compute.computes).toBe(0);
      } finally {
        await noTable.close();
      }
    });

    it('uses a stale pointer at once (no table read on the request path: no warm-up storm after an idle spell)', async () => {
      // Prepare: v1 priced a minute ago (its pointer is past its 30 s freshness, still in Redis); the table is dead
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      // v1's model into the shared tier and its pointer published, by a price that read the table
      const first = await priceContainer();
      await price(first).finally(() => first.close());
      expect(await pointerSettled(`${v1.inputsVersion}:OPEN`)).toBe(`${v1.inputsVersion}:OPEN`);
      await redis.pexpire(`${CURRENT_VERSION_PREFIX}${fixtureId}`, POINTER_LIFETIME_MS - 60_000);
      const deadPort = await freePort();
      const env = { DYNAMODB_ENDPOINT: `http://127.0.0.1:${deadPort}`, OPINION_CACHE_TTL_MS: '2000' };
      await withPriceContainer(env, async (noTable) => {
        // Act
        const r = await price(noTable);

        // Assess
        expect(r).toMatchObject({ status: 200, body: { inputsVersion: 1 } });
        expect(noTable.models.stats().compute.computes).toBe(0);
      });
    });

    it('catches up with a write whose primer never ran once the pointer is stale, and re-publishes a current one', async () => {
      // Prepare: v1 priced, then v2 written with no primer; v1's pointer a minute old
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      // v1's model into the shared tier and its pointer published, by a price that read the table
      const first = await priceContainer();
      await price(first).finally(() => first.close());
      expect(await pointerSettled(`${v1.inputsVersion}:OPEN`)).toBe(`${v1.inputsVersion}:OPEN`);
      await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      await redis.pexpire(`${CURRENT_VERSION_PREFIX}${fixtureId}`, POINTER_LIFETIME_MS - 60_000);
      const container = await priceContainer({ OPINION_CACHE_TTL_MS: '200' });
      try {
        // Act: the first price answers from the stale pointer and reads the table behind it; later ones see v2
        const stale = await price(container);
        const seen: (number | undefined)[] = [];
        for (let i = 0; i < 50 && seen[seen.length - 1] !== 2; i++) {
          await new Promise((r) => setTimeout(r, 20));
          seen.push((await price(container)).body.inputsVersion);
        }
        // Past the in-process TTL the next price meets the lagging pointer again: the newer version it holds wins and is
        // published, now that its model is cached.
        await new Promise((r) => setTimeout(r, 250));
        seen.push((await price(container)).body.inputsVersion);

        // Assess
        expect(stale.body.inputsVersion).toBe(1);
        expect(seen[seen.length - 1]).toBe(2);
        expect(seen.every((v, i) => i === 0 || (v ?? 0) >= (seen[i - 1] ?? 0))).toBe(true);
        expect(await pointerSettled('2:OPEN')).toBe('2:OPEN');
      } finally {
        await container.close();
      }
    });

    it('keeps pricing the previous version until the primer has built the new one, then moves, never building it', async () => {
      // Prepare: v1 primed, then a trader writes v2 (the stream record not processed yet)
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      await createPrimerHandler(runtime)({ Records: [streamRecord('INSERT', v1)] }, context());
      const v2 = await runtime.store.put(
        fixtureId,
        contractOpinion({ fixtureId, home: { name: 'Brighton', goals: 2.1, cards: 1.6, corners: 5.8 } }),
      );
      const container = await priceContainer();
      try {
        // Act
        const before = await price(container);
        await createPrimerHandler(runtime)({ Records: [streamRecord('MODIFY', v2)] }, context());
        const after = await price(container);

        // Assess
        expect(before).toMatchObject({ status: 200, body: { inputsVersion: 1 } });
        expect(after).toMatchObject({ status: 200, body: { inputsVersion: 2 } });
        expect(await pointerSettled('2:OPEN')).toBe('2:OPEN');
        expect(container.models.stats().compute.computes).toBe(0);
      } finally {
        await container.close();
      }
    });

    it('never moves back: a late retry of an older record leaves the pointer on the newer version', async () => {
      // Prepare
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      const v2 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      const primer = createPrimerHandler(runtime);

      // Act
      await primer({ Records: [streamRecord('MODIFY', v2)] }, context());
      await primer({ Records: [streamRecord('INSERT', v1)] }, context());

      // Assess
      expect(await pointer()).toBe('2:OPEN');
    });

    it('is re-published by a price that had to read the table (pointer expired), once the model is cached', async () => {
      // Prepare: an opinion the primer never saw
      await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      const container = await priceContainer();
      try {
        // Act
        const first = await price(container);

        // Assess
        expect(first).toMatchObject({ status: 200, body: { inputsVersion: 1 } });
        expect(await pointerSettled('1:OPEN')).toBe('1:OPEN');
        expect(await redis.pttl(`${CURRENT_VERSION_PREFIX}${fixtureId}`)).toBeGreaterThan(0);
      } finally {
        await container.close();
      }
    });

    it('prices what the table holds when the pointer names a version whose model is gone from the cache', async () => {
      // Prepare: the pointer says v1, the table holds v2, and v1's model is in no cache
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      await createPrimerHandler(runtime)({ Records: [streamRecord('INSERT', v1)] }, context());
      await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      const v1Keys = await redis.keys(`*${modelCacheKey(fixtureId, 1)}`);
      await redis.del(...v1Keys);
      await withPriceContainer({}, async (container) => {
        // Act
        const r = await price(container);

        // Assess: v2 built and priced (v1 cannot be rebuilt: its inputs are gone from the table)
        expect(r).toMatchObject({ status: 200, body: { inputsVersion: 2 } });
        expect(container.models.stats().compute.computes).toBe(1);
      });
    });

    it('stops prices at once on a suspension, and a removal drops the pointer', async () => {
      // Prepare
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      await createPrimerHandler(runtime)({ Records: [streamRecord('INSERT', v1)] }, context());
      const v2 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId, status: 'SUSPENDED' }));
      const container = await priceContainer();
      try {
        // Act
        await createPrimerHandler(runtime)({ Records: [streamRecord('MODIFY', v2)] }, context());
        const suspended = await price(container);
        await createPrimerHandler(runtime)({ Records: [streamRecord('REMOVE', v2)] }, context());

        // Assess
        expect(suspended).toMatchObject({ status: 409, body: { error: { code: 'FIXTURE_SUSPENDED' } } });
        expect(await pointer()).toBeNull();
      } finally {
        await container.close();
      }
    });

    it('is not used when a load test swaps in another cache design (its baselines read the table)', async () => {
      // Prepare: a baseline container (in-process models only) on the same table and Redis
      const v1 = await runtime.store.put(fixtureId, contractOpinion({ fixtureId }));
      const baseline = createRuntime(loadConfig({ ...configEnv(), OPINION_CACHE_TTL_MS: '0' }), {
        models: (parts) => createModelCache({ ...parts, redis: undefined }),
      });
      try {
        // Act
        await createPrimerHandler(baseline)({ Records: [streamRecord('INSERT', v1)] }, context());
        const priced = await price(baseline);

        // Assess
        expect(priced.status).toBe(200);
        expect(baseline.versions).toBeUndefined();
        expect(await pointer()).toBeNull();
      } finally {
        await baseline.close();
      }
    });
  });
});
