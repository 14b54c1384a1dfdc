import { marshall } from '@aws-sdk/util-dynamodb';
import { CONTRACT_EXAMPLE_LEGS, sectionsNeeded } from '@betbuilder/pricing-model';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, DynamoDBRecord } from 'aws-lambda';
import {
  createOpinionHandler,
  createPriceHandler,
  createPrimerHandler,
  createRuntime,
  type Config,
  type Runtime,
  type StoredOpinion,
} from '../../src';
import { apiEvent, context, contractOpinion, freshConfig, useServices } from '../support/fixtures';

const FIXTURE = 'epl-2026-12-05-ars-che';

/** Minute 63, Saka's goal the only one (in the first half), as the trader sends it. */
const IN_PLAY = {
  firstGoal: { team: 'HOME', playerId: 'saka' },
  players: [{ playerId: 'saka', goals: 1, cards: 0, onPitch: true }],
  minute: 63,
  score: { home: 1, away: 0 },
  firstHalf: { score: { home: 1, away: 0 }, cards: { home: 1, away: 0 }, corners: { home: 3, away: 1 } },
  cards: { home: 2, away: 1 },
  corners: { home: 4, away: 2 },
};

/** A PUT of the fixture's opinion or a POST of a price request, as JSON. */
const event = (method: 'PUT' | 'POST', body: unknown, headers: Record<string, string> = {}) =>
  apiEvent(method, method === 'PUT' ? `/v1/fixtures/${FIXTURE}` : '/v1/price', body, {
    'content-type': 'application/json',
    ...headers,
  });

function streamRecord(item: StoredOpinion): DynamoDBRecord {
  return {
    eventID: `event-${item.inputsVersion}`,
    eventName: 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { fixtureId: { S: item.fixtureId } },
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      SequenceNumber: String(100 + item.inputsVersion),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('an in-play opinion on the price path', () => {
  const { services, redis } = useServices();
  let runtimes: Runtime[] = [];
  let config: Config;

  const container = () => {
    const runtime = createRuntime(config);
    runtimes.push(runtime);
    return runtime;
  };
  const call = async (
    handler: (e: APIGatewayProxyEvent, c: ReturnType<typeof context>) => Promise<unknown>,
    e: APIGatewayProxyEvent,
  ) => {
    const res = (await handler(e, context())) as APIGatewayProxyResult;
    return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
  };
  const errorCode = (r: { body: Record<string, unknown> }) =>
    (r.body.error as { code: string } | undefined)?.code;

  beforeEach(async () => {
    config = await freshConfig({ services, redis }, 'in-play');
  });
  afterEach(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    runtimes = [];
  });

  it('prices an in-play state from the PUT right after it, never the pre-match version', async () => {
    // Prepare: version 1 pre-match, priced
    const runtime = container();
    const opinions = createOpinionHandler(runtime);
    const prices = createPriceHandler(runtime);
    expect((await call(opinions, event('PUT', contractOpinion()))).status).toBe(200);
    const before = await call(prices, event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }));
    expect([before.status, before.body.inputsVersion]).toEqual([200, 1]);

    // Act: the match kicks off and Saka scores (version 2), then a price at once
    const put = await call(
      opinions,
      event('PUT', { ...contractOpinion(), inPlay: IN_PLAY }, { 'if-match': '"1"' }),
    );
    const after = await call(prices, event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }));
    const firstHalf = await call(
      prices,
      event('POST', {
        fixtureId: FIXTURE,
        legs: [{ market: 'MATCH_RESULT', selection: 'AWAY', period: 'FIRST_HALF' }],
      }),
    );

    // Assess: version 2, a different price, a decided leg refused
    expect([put.status, put.body.inputsVersion, put.body.inPlay]).toEqual([200, 2, IN_PLAY]);
    expect([after.status, after.body.inputsVersion]).toEqual([200, 2]);
    expect(after.body.probability).not.toBe(before.body.probability);
    expect([firstHalf.status, errorCode(firstHalf)]).toEqual([422, 'NO_PRICE']);
  });

  it('never prices an older in-play version than the last acknowledged write, in any container', async () => {
    // Prepare: container B priced in-play version 2 (so it holds it in every cache it has)
    const a = container();
    const b = container();
    const opinions = createOpinionHandler(a);
    const pricesB = createPriceHandler(b);
    await call(opinions, event('PUT', { ...contractOpinion(), inPlay: IN_PLAY }));
    const v1 = await call(pricesB, event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }));
    expect([v1.status, v1.body.inputsVersion]).toEqual([200, 1]);

    // Act: five state updates through container A (no stream, no primer), each priced by B right after its 200
    const seen: number[] = [];
    for (let k = 0; k < 5; k++) {
      const state = { ...IN_PLAY, minute: 64 + k, corners: { home: 5 + k, away: 2 } };
      const put = await call(
        opinions,
        event('PUT', { ...contractOpinion(), inPlay: state }, { 'if-match': `"${1 + k}"` }),
      );
      expect(put.status).toBe(200);
      const priced = await call(pricesB, event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }));
      seen.push(priced.body.inputsVersion as number);
    }

    // Assess: every price is on the version just written
    expect(seen).toEqual([2, 3, 4, 5, 6]);
  });

  it('drops the stored in-play state when a later PUT has none', async () => {
    // Prepare
    const runtime = container();
    const opinions = createOpinionHandler(runtime);
    await call(opinions, event('PUT', { ...contractOpinion(), inPlay: IN_PLAY }));

    // Act
    const put = await call(opinions, event('PUT', contractOpinion(), { 'if-match': '"1"' }));

    // Assess
    expect(put.body.inPlay).toBeUndefined();
    expect((await runtime.store.get(FIXTURE, { consistent: true }))?.inPlay).toBeUndefined();
  });

  it('refuses an inconsistent in-play state with its path and keeps the stored version', async () => {
    // Prepare
    const runtime = container();
    const opinions = createOpinionHandler(runtime);
    await call(opinions, event('PUT', contractOpinion()));

    // Act: a first goal with a 0-0 score
    const bad = await call(
      opinions,
      event('PUT', { ...contractOpinion(), inPlay: { ...IN_PLAY, score: { home: 0, away: 0 } } }),
    );

    // Assess
    expect([bad.status, errorCode(bad)]).toEqual([400, 'INVALID_REQUEST']);
    const details = (bad.body.error as { details: { path: string }[] }).details.map((d) => d.path);
    expect(details).toContain('inPlay.firstGoal');
    expect((await runtime.store.get(FIXTURE, { consistent: true }))?.inputsVersion).toBe(1);
  });

  it("has the primer publish and build an in-play version, so another container's next price uses it", async () => {
    // Prepare: container A priced version 1 (its pointer and model are shared); the trader writes version 2 in play
    const a = container();
    await a.store.put(FIXTURE, contractOpinion());
    const first = await call(
      createPriceHandler(a),
      event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }),
    );
    expect(first.body.inputsVersion).toBe(1);
    const v2 = await a.store.put(FIXTURE, { ...contractOpinion(), inPlay: IN_PLAY } as never, { ifMatch: 1 });

    // Act: the stream delivers version 2 to the primer; container B prices
    const primed = await createPrimerHandler(a)({ Records: [streamRecord(v2)] }, context());
    const b = container();
    const priced = await call(
      createPriceHandler(b),
      event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }),
    );

    // Assess: the record succeeded, and B priced version 2 (from the shared model), never version 1
    expect(primed.batchItemFailures).toEqual([]);
    expect([priced.status, priced.body.inputsVersion]).toEqual([200, 2]);
  });
  it("prices an in-play version from the primer's model, reading only the head from the table, publishing nothing", async () => {
    // Prepare: version 2 in play, built by the primer; container B spied on
    const a = container();
    await a.store.put(FIXTURE, contractOpinion());
    const v2 = await a.store.put(FIXTURE, { ...contractOpinion(), inPlay: IN_PLAY } as never, { ifMatch: 1 });
    expect(
      (await createPrimerHandler(a)({ Records: [streamRecord(v2)] }, context())).batchItemFailures,
    ).toEqual([]);
    const b = container();
    await b.ensureRedisReady(); // a warmed container: its first pointer read finds Redis connected
    const calls = { head: 0, whole: 0, publish: 0 };
    const head = b.store.getConsistentHead.bind(b.store);
    b.store.getConsistentHead = (id) => (calls.head++, head(id));
    const get = b.store.get.bind(b.store);
    b.store.get = (id, opts) => (calls.whole++, get(id, opts));
    const publish = b.versions!.publish.bind(b.versions);
    b.versions!.publish = (h) => (calls.publish++, publish(h));
    const prices = createPriceHandler(b);

    // Act: three prices in container B
    const priced = [];
    for (let k = 0; k < 3; k++)
      priced.push(await call(prices, event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS })));

    // Assess: version 2 each time, one head read per price, no whole opinion read, no build, no pointer publish
    expect(priced.map((p) => [p.status, p.body.inputsVersion])).toEqual([
      [200, 2],
      [200, 2],
      [200, 2],
    ]);
    expect(calls).toEqual({ head: 3, whole: 0, publish: 0 });
    expect(b.models.stats().compute.computes).toBe(0);
  });

  it("has a price of a new in-play version wait for the primer's build instead of building it", async () => {
    // Prepare: containers waiting up to 300 ms for the primer (off by default); B has priced in-play version 1;
    // version 2 is written, its stream record not yet delivered
    config = await freshConfig({ services, redis }, 'in-play', { IN_PLAY_PRIMER_WAIT_MS: '300' });
    const a = container();
    const b = container();
    await a.store.put(FIXTURE, { ...contractOpinion(), inPlay: IN_PLAY } as never);
    const prices = createPriceHandler(b);
    expect(
      (await call(prices, event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }))).body
        .inputsVersion,
    ).toBe(1);
    const builtBefore = b.models.stats().compute.computes;
    const v2 = await a.store.put(
      FIXTURE,
      { ...contractOpinion(), inPlay: { ...IN_PLAY, minute: 64 } } as never,
      { ifMatch: 1 },
    );

    // Act: B prices at once; the primer gets the record 50 ms later
    const pricing = call(prices, event('POST', { fixtureId: FIXTURE, legs: CONTRACT_EXAMPLE_LEGS }));
    await new Promise((r) => setTimeout(r, 50));
    const primed = await createPrimerHandler(a)({ Records: [streamRecord(v2)] }, context());
    const priced = await pricing;

    // Assess: version 2 (never 1), built once by the primer and none in B; B's L1 no longer holds version 1 (of version
    // 2 it holds the sections the bet needs: the core and the full-time cards)
    expect(primed.batchItemFailures).toEqual([]);
    expect([priced.status, priced.body.inputsVersion]).toEqual([200, 2]);
    expect(b.models.stats().compute.computes).toBe(builtBefore);
    expect(a.models.stats().compute.computes).toBe(1);
    expect(b.models.stats().l1.entries).toBe(sectionsNeeded(CONTRACT_EXAMPLE_LEGS).length);
    expect(sectionsNeeded(CONTRACT_EXAMPLE_LEGS)).toEqual(['core', 'cards']);
  });
});
