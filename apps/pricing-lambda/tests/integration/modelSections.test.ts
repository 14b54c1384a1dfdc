import { binaryRecordCodec, TieredCache } from '@betbuilder/cache';
import {
  ALL_SECTIONS,
  buildFixtureModel,
  buildModelSections,
  fromRecord,
  price,
  sectionsNeeded,
  splitModel,
  toRecord,
  type FixtureModel,
  type Leg,
} from '@betbuilder/pricing-model';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Redis, RedisKey } from 'ioredis';
import {
  createModelCache,
  createPriceHandler,
  createRuntime,
  ModelStore,
  MODEL_NAMESPACE,
  modelCacheKey,
  modelSectionKey,
  modelValueVersion,
  type BuildRequest,
  type ModelBuild,
  type Runtime,
} from '../../src';
import {
  apiEvent,
  context,
  contractOpinion,
  CONTRACT_LEGS,
  freshConfig,
  useServices,
} from '../support/fixtures';

const FIXTURE = 'epl-2026-12-05-ars-che';
/** A leg on a half's corners: the one kind (with a half's cards) priced on the halves section. */
const HALF_CORNERS: Leg = { market: 'TOTAL_CORNERS', side: 'OVER', line: 4.5, period: 'FIRST_HALF' };
/** Goal and result legs only: priced on the core alone. */
const GOALS_ONLY: Leg[] = [
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
];

const priceEvent = (legs: readonly Leg[]): APIGatewayProxyEvent =>
  apiEvent('POST', '/v1/price', { fixtureId: FIXTURE, legs });

async function priceIn(runtime: Runtime, legs: readonly Leg[]) {
  const res = (await createPriceHandler(runtime)(
    priceEvent(legs),
    context('price'),
  )) as APIGatewayProxyResult;
  return { status: res.statusCode, body: JSON.parse(res.body) as { probability: number; odds: unknown } };
}

describe('fixture models cached as four sections (core, cards, corners, halves)', () => {
  const { services, redis } = useServices();
  const containers: Runtime[] = [];
  const container = (config: Runtime['config']) => {
    const c = createRuntime(config);
    containers.push(c);
    return c;
  };
  const expected: FixtureModel = buildFixtureModel(contractOpinion());
  const inRedis = async (key: string) => (await redis.keys(`*${key}`)).length > 0;

  afterEach(async () => {
    await Promise.all(containers.splice(0).map((c) => c.close()));
  });

  /** New stores on one container's Redis (each a cold L1), sharing a build of the contract's opinion that records
   * what it is asked for. */
  const recordingStores = async () => {
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const { redis: client } = container(config);
    const store = () =>
      new ModelStore(createModelCache({ redis: client, l1MaxBytes: 1 << 26, l2TimeoutMs: 2000 }));
    const requests: BuildRequest[] = [];
    const build: ModelBuild = (request) => {
      requests.push(request);
      return buildModelSections(contractOpinion(), request.sections);
    };
    return { store, requests, build, client };
  };

  it('a price that builds a version makes only its legs’ sections; another container reads them and builds the rest once', async () => {
    // Prepare: container A builds the model on its first price (no primer); B is a cold container on the same Redis
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const a = container(config);
    const b = container(config);
    await a.store.put(FIXTURE, contractOpinion());
    await priceIn(a, CONTRACT_LEGS);
    expect(sectionsNeeded(CONTRACT_LEGS)).toEqual(['core', 'cards']);

    // Act
    const coreOnly = await priceIn(b, GOALS_ONLY);
    const afterCore = b.models.stats();
    const withCards = await priceIn(b, CONTRACT_LEGS);
    const afterCards = b.models.stats();
    const halfLeg = await priceIn(b, [...CONTRACT_LEGS, HALF_CORNERS]);
    const afterHalves = b.models.stats();

    // Assess: A built the core and the cards only (ADR 0035); B read those, then built the halves once, for all
    expect(a.models.stats().compute.computes).toBe(1);
    const held = async () =>
      Promise.all(
        (['core', 'cards', 'corners', 'halves'] as const).map((s) => inRedis(modelSectionKey(FIXTURE, 1, s))),
      );
    expect([afterCore.l2.hits, afterCore.l1.entries, afterCore.compute.computes]).toEqual([1, 1, 0]);
    expect([afterCards.l2.hits, afterCards.l1.entries, afterCards.compute.computes]).toEqual([2, 2, 0]);
    expect([afterHalves.l1.entries, afterHalves.compute.computes]).toEqual([3, 1]); // never the corners
    expect(await held()).toEqual([true, true, false, true]);
    // A fixture priced on goals only costs its core's bytes: a small part of the card table's
    expect(afterCore.l1.bytes * 2).toBeLessThan(afterCards.l1.bytes - afterCore.l1.bytes);
    // Prices bit for bit those of the whole model built here
    const legs = [...CONTRACT_LEGS, HALF_CORNERS];
    for (const [r, bet] of [
      [coreOnly, GOALS_ONLY],
      [withCards, CONTRACT_LEGS],
      [halfLeg, legs],
    ] as const) {
      expect(r.status).toBe(200);
      expect(r.body.probability).toBe(price(expected, bet).probability);
      expect(r.body.odds).toEqual(price(expected, bet).odds);
    }
  });

  it('asks a build for what the read lacks: the legs’ sections with the core, then the missing ones beside it', async () => {
    // Prepare: a store whose builds are recorded, as the price path's and the primer's are made
    const { store, requests, build } = await recordingStores();

    // Act: a price of goals only builds the version; the primer then finds its core
    const first = await store().read(FIXTURE, 1, sectionsNeeded(GOALS_ONLY), build);
    await store().core(FIXTURE, 1, build, { failOnL2Error: true });

    // Assess: the core alone, then (the primer) the three sections it lacked; every section in L2 afterwards
    expect(requests).toEqual([
      { sections: ['core'], core: true },
      { sections: ['core', 'cards', 'corners', 'halves'], core: false },
    ]);
    expect(first.source).toBe('COMPUTED');
    expect(price(first.value, GOALS_ONLY).probability).toBe(price(expected, GOALS_ONLY).probability);
    for (const section of ['core', 'cards', 'corners', 'halves'] as const) {
      expect(await inRedis(modelSectionKey(FIXTURE, 1, section))).toBe(true);
    }
  });

  it('reads a cold container’s core and cards from L2 side by side: one round trip, not two', async () => {
    // Prepare: every section in L2; the client's GETs timed (the real client, each call recorded)
    const { store, build, client } = await recordingStores();
    await store().core(FIXTURE, 1, build);
    if (client === undefined) throw new Error('this test needs Redis');
    const real = client as Redis; // one node here, never a Cluster
    const getBuffer = real.getBuffer.bind(real);
    const calls: { key: string; start: number; end: number }[] = [];
    const timed = async (key: RedisKey) => {
      const call = { key: String(key), start: performance.now(), end: Infinity };
      calls.push(call);
      try {
        return await getBuffer(key);
      } finally {
        call.end = performance.now();
      }
    };
    jest.spyOn(real, 'getBuffer').mockImplementation(timed);
    const cold = store(); // a cold container's L1

    // Act
    const { value, source } = await cold.read(FIXTURE, 1, sectionsNeeded(CONTRACT_LEGS), build);

    // Assess: two GETs (the core's first), the cards' sent before the core's answer; priced as the whole model
    expect(calls.map((c) => c.key.split(':').pop())).toEqual(['1', 'cards']);
    expect(calls[1]!.start).toBeLessThan(calls[0]!.end);
    expect(source).toBe('L2');
    expect(price(value, CONTRACT_LEGS).probability).toBe(price(expected, CONTRACT_LEGS).probability);
  });

  it('builds halves missing from L2 once, under the lock, when two cold containers price a half leg at once', async () => {
    // Prepare: the model is built (a half leg runs both count chains: every section in L2), then its halves are
    // evicted from Redis
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const builder = container(config);
    await builder.store.put(FIXTURE, contractOpinion());
    await priceIn(builder, [HALF_CORNERS]);
    await redis.del(...(await redis.keys(`*${modelSectionKey(FIXTURE, 1, 'halves')}`)));
    const [b, c] = [container(config), container(config)];

    // Act
    const [rb, rc] = await Promise.all([priceIn(b, [HALF_CORNERS]), priceIn(c, [HALF_CORNERS])]);

    // Assess: both priced it as the whole model does; one build between them; the halves are back in L2
    const want = price(expected, [HALF_CORNERS]).probability;
    expect([rb.status, rb.body.probability, rc.status, rc.body.probability]).toEqual([200, want, 200, want]);
    expect(b.models.stats().compute.computes + c.models.stats().compute.computes).toBe(1);
    expect(await inRedis(modelSectionKey(FIXTURE, 1, 'halves'))).toBe(true);
  });

  it('builds sections missing from L2 together once, and writes each back', async () => {
    // Prepare: the model is built (every section in L2), then its cards and halves are evicted from Redis
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const { redis: client } = container(config);
    const store = () =>
      new ModelStore(createModelCache({ redis: client, l1MaxBytes: 1 << 26, l2TimeoutMs: 2000 }));
    let builds = 0;
    const build: ModelBuild = () => {
      builds++;
      return splitModel(expected);
    };
    await store().core(FIXTURE, 1, build);
    for (const section of ['cards', 'halves'] as const) {
      await redis.del(...(await redis.keys(`*${modelSectionKey(FIXTURE, 1, section)}`)));
    }
    const legs = [...CONTRACT_LEGS, HALF_CORNERS]; // core, cards and halves

    // Act: a cold container reads the three
    const { value, source } = await store().read(FIXTURE, 1, sectionsNeeded(legs), build);

    // Assess: one build for both missing sections; priced as the whole model; both back in L2
    expect(builds).toBe(2);
    expect(source).toBe('COMPUTED');
    expect(price(value, legs).probability).toBe(price(expected, legs).probability);
    expect(await inRedis(modelSectionKey(FIXTURE, 1, 'cards'))).toBe(true);
    expect(await inRedis(modelSectionKey(FIXTURE, 1, 'halves'))).toBe(true);
  });

  it('builds only the sections a read lacks: the corner chain alone beside cached cards', async () => {
    // Prepare: every section in L2, then the corners evicted; a bet on full-time cards and corners
    const { store, requests, build } = await recordingStores();
    await store().core(FIXTURE, 1, build);
    await redis.del(...(await redis.keys(`*${modelSectionKey(FIXTURE, 1, 'corners')}`)));
    const legs: Leg[] = [
      { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
      { market: 'TOTAL_CORNERS', side: 'OVER', line: 9.5 },
    ];

    // Act: a cold container prices it
    const { value, source } = await store().read(FIXTURE, 1, sectionsNeeded(legs), build);

    // Assess: the corners built alone (no card chain), priced as the whole model, the corners back in L2
    expect(requests).toEqual([
      { sections: ALL_SECTIONS, core: true },
      { sections: ['core', 'corners'], core: false },
    ]);
    expect(source).toBe('COMPUTED');
    expect(price(value, legs).probability).toBe(price(expected, legs).probability);
    expect(await inRedis(modelSectionKey(FIXTURE, 1, 'corners'))).toBe(true);
  });

  it.each([1, 2])('never reads a record of an earlier layout (schema %i) as a core', async (schemaId) => {
    // Prepare: what an earlier release wrote under the model's key, with its schema id (1: one whole record; 2: a core
    // that held the full-time count tables)
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const old = new TieredCache<FixtureModel>({
      namespace: MODEL_NAMESPACE,
      codec: binaryRecordCodec<FixtureModel>({
        schemaId,
        valueVersion: modelValueVersion(),
        toRecord,
        fromRecord,
      }),
      redis,
      l1: false,
    });
    await old.set(modelCacheKey(FIXTURE, 1), expected, { failOnL2Error: true });
    const b = container(config);
    await b.store.put(FIXTURE, contractOpinion());

    // Act
    const r = await priceIn(b, [HALF_CORNERS]);

    // Assess: rebuilt (the old entry is a miss), priced right, and every section written over it
    expect(r.status).toBe(200);
    expect(r.body.probability).toBe(price(expected, [HALF_CORNERS]).probability);
    expect(b.models.stats().compute.computes).toBe(1);
    expect(b.models.stats().l2.corrupt).toBeGreaterThanOrEqual(1); // read, found of another schema, skipped
    expect(await inRedis(modelSectionKey(FIXTURE, 1, 'halves'))).toBe(true);
    await old.close();
  });
});
