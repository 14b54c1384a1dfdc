import { binaryRecordCodec, TieredCache } from '@betbuilder/cache';
import {
  buildFixtureModel,
  fromRecord,
  price,
  toRecord,
  type FixtureModel,
  type Leg,
} from '@betbuilder/pricing-model';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  createPriceHandler,
  createRuntime,
  MODEL_NAMESPACE,
  modelCacheKey,
  modelHalvesKey,
  modelValueVersion,
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

const priceEvent = (legs: readonly Leg[]): APIGatewayProxyEvent =>
  apiEvent('POST', '/v1/price', { fixtureId: FIXTURE, legs });

async function priceIn(runtime: Runtime, legs: readonly Leg[]) {
  const res = (await createPriceHandler(runtime)(
    priceEvent(legs),
    context('price'),
  )) as APIGatewayProxyResult;
  return { status: res.statusCode, body: JSON.parse(res.body) as { probability: number; odds: unknown } };
}

describe('fixture models cached as two sections (core, halves)', () => {
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

  it('builds once, writes both sections to L2, and another container reads only the core until a half leg', async () => {
    // Prepare: container A builds the model on its first price; B is a cold container on the same Redis
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const a = container(config);
    const b = container(config);
    await a.store.put(FIXTURE, contractOpinion());
    await priceIn(a, CONTRACT_LEGS);

    // Act
    const coreOnly = await priceIn(b, CONTRACT_LEGS);
    const afterCore = b.models.stats();
    const halfLeg = await priceIn(b, [...CONTRACT_LEGS, HALF_CORNERS]);
    const afterHalves = b.models.stats();

    // Assess: one build (A's), both entries in L2; B read the core, then the halves on the half leg, and built nothing
    expect(a.models.stats().compute.computes).toBe(1);
    expect(await inRedis(modelCacheKey(FIXTURE, 1))).toBe(true);
    expect(await inRedis(modelHalvesKey(FIXTURE, 1))).toBe(true);
    expect(afterCore.l2.hits).toBe(1);
    expect(afterCore.l1.entries).toBe(1);
    expect(afterHalves.l2.hits).toBe(2);
    expect(afterHalves.l1.entries).toBe(2);
    expect(afterHalves.compute.computes).toBe(0);
    // A core-only entry costs its core's bytes: about a third of the whole model's
    expect(afterCore.l1.bytes).toBeLessThan(afterHalves.l1.bytes / 2);
    // Prices bit for bit those of the whole model built here
    const legs = [...CONTRACT_LEGS, HALF_CORNERS];
    expect(coreOnly.status).toBe(200);
    expect(coreOnly.body.probability).toBe(price(expected, CONTRACT_LEGS).probability);
    expect(coreOnly.body.odds).toEqual(price(expected, CONTRACT_LEGS).odds);
    expect(halfLeg.status).toBe(200);
    expect(halfLeg.body.probability).toBe(price(expected, legs).probability);
    expect(halfLeg.body.odds).toEqual(price(expected, legs).odds);
  });

  it('builds halves missing from L2 once, under the lock, when two cold containers price a half leg at once', async () => {
    // Prepare: the model is built (both sections in L2), then its halves are evicted from Redis
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const builder = container(config);
    await builder.store.put(FIXTURE, contractOpinion());
    await priceIn(builder, CONTRACT_LEGS);
    await redis.del(...(await redis.keys(`*${modelHalvesKey(FIXTURE, 1)}`)));
    const [b, c] = [container(config), container(config)];

    // Act
    const [rb, rc] = await Promise.all([priceIn(b, [HALF_CORNERS]), priceIn(c, [HALF_CORNERS])]);

    // Assess: both priced it as the whole model does; one build between them; the halves are back in L2
    const want = price(expected, [HALF_CORNERS]).probability;
    expect([rb.status, rb.body.probability, rc.status, rc.body.probability]).toEqual([200, want, 200, want]);
    expect(b.models.stats().compute.computes + c.models.stats().compute.computes).toBe(1);
    expect(await inRedis(modelHalvesKey(FIXTURE, 1))).toBe(true);
  });

  it('never reads a whole-model record of the previous layout (schema 1) as a core', async () => {
    // Prepare: what the previous release wrote under the model's key: one whole record, schema id 1
    const config = await freshConfig({ services, redis }, 'sections', { MODEL_L2_TIMEOUT_MS: '2000' });
    const old = new TieredCache<FixtureModel>({
      namespace: MODEL_NAMESPACE,
      codec: binaryRecordCodec<FixtureModel>({
        schemaId: 1,
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

    // Assess: rebuilt (the old entry is a miss), priced right, and both sections written over it
    expect(r.status).toBe(200);
    expect(r.body.probability).toBe(price(expected, [HALF_CORNERS]).probability);
    expect(b.models.stats().compute.computes).toBe(1);
    expect(b.models.stats().l2.corrupt).toBeGreaterThanOrEqual(1); // read, found of another schema, skipped
    expect(await inRedis(modelHalvesKey(FIXTURE, 1))).toBe(true);
    await old.close();
  });
});
