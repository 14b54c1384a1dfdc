import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { DaxDocument } from '@amazon-dax-sdk/lib-dax';
import { DynaliteServer, freePort } from '@betbuilder/test-harness';
import { OpinionStore, OpinionStoreError, type DaxReadClient } from '../../src';
import {
  contractOpinion,
  createOpinionTable,
  documentClient,
  freshTable,
  recordingLogger,
  useDynalite,
} from '../support/fixtures';

/** A client that gives up after `timeoutMs` per attempt (the store's own deadline is what the fault tests test). */
const timeouts = (timeoutMs: number, maxAttempts: number) => ({
  maxAttempts,
  requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
});
const timedClient = (endpoint: string, timeoutMs = 300, maxAttempts = 2): DynamoDBDocument =>
  documentClient(endpoint, timeouts(timeoutMs, maxAttempts));

describe('OpinionStore', () => {
  const { dynamo, doc } = useDynalite(timeouts(300, 2));
  let tableName: string;
  let logger: ReturnType<typeof recordingLogger>;
  let store: OpinionStore;

  beforeEach(async () => {
    tableName = await freshTable(dynamo.endpoint);
    logger = recordingLogger();
    store = new OpinionStore({ tableName, dynamo: doc, timeoutMs: 300, logger });
  });

  it('assigns inputsVersion 1 to the first write and +1 to each later write', async () => {
    // Prepare
    const id = 'epl-2026-12-05-ars-che';

    // Act
    const v1 = await store.put(id, contractOpinion());
    const v2 = await store.put(id, contractOpinion({ status: 'SUSPENDED' }));
    const v3 = await store.put(id, contractOpinion(), { ifMatch: 2 });

    // Assess
    expect([v1.inputsVersion, v2.inputsVersion, v3.inputsVersion]).toEqual([1, 2, 3]);
    expect(Date.parse(v3.updatedAt)).not.toBeNaN();
    expect(await store.get(id, { consistent: true })).toEqual(v3);
  });

  it('refuses a stale If-Match with VERSION_CONFLICT and changes nothing', async () => {
    // Prepare
    const id = 'epl-2026-12-05-ars-che';
    await store.put(id, contractOpinion());
    const v2 = await store.put(id, contractOpinion(), { ifMatch: 1 });

    // Act
    const stale = store.put(id, contractOpinion({ status: 'SUSPENDED' }), { ifMatch: 1 });

    // Assess
    await expect(stale).rejects.toMatchObject({ code: 'VERSION_CONFLICT', storedVersion: 2 });
    expect(await store.get(id, { consistent: true })).toEqual(v2);
  });

  it('treats If-Match on a fixture that does not exist as a conflict', async () => {
    await expect(
      store.put('laliga-2026-12-06-rma-bar', contractOpinion({ fixtureId: 'laliga-2026-12-06-rma-bar' }), {
        ifMatch: 1,
      }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(
      store.put('laliga-2026-12-06-rma-bar', contractOpinion({ fixtureId: 'laliga-2026-12-06-rma-bar' }), {
        ifMatch: '*',
      }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('gives concurrent writers without If-Match distinct consecutive versions', async () => {
    // Prepare
    const id = 'epl-2026-12-05-ars-che';

    // Act
    const written = await Promise.all([1, 2, 3].map(() => store.put(id, contractOpinion())));

    // Assess
    expect(written.map((w) => w.inputsVersion).sort()).toEqual([1, 2, 3]);
  });

  it('gives 20 unconditional writers x 25 writes on one fixture 500 successes with versions 1 to 500', async () => {
    // Prepare
    const id = 'epl-2026-12-05-ars-che';
    // The subject is versions, not timeouts: a generous budget keeps a busy shared machine from failing a write (a
    // retried write that did land is recognised by its write id: tested below).
    const patientDoc = timedClient(dynamo.endpoint, 30_000, 1);
    const patient = new OpinionStore({ tableName, dynamo: patientDoc, timeoutMs: 30_000, logger });
    const writer = async () => {
      const versions: number[] = [];
      for (let i = 0; i < 25; i++) versions.push((await patient.put(id, contractOpinion())).inputsVersion);
      return versions;
    };

    // Act
    const perWriter = await Promise.all(Array.from({ length: 20 }, writer)).finally(() =>
      patientDoc.destroy(),
    );

    // Assess: nobody lost, every version once, each writer's own versions increasing, the last one stored
    const all = perWriter.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    for (const versions of perWriter) expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect((await store.get(id, { consistent: true }))?.inputsVersion).toBe(500);
  }, 180_000);

  describe('when a write lands but its answer is lost and the SDK retries it', () => {
    /**
     * A real document client on the dynalite whose transport delivers each armed write (PutItem, UpdateItem) to the
     * store, then drops the answer as a request timeout would: the SDK's own retry (2 attempts) sends it again.
     */
    const lossyStore = () => {
      const base = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1' }).config
        .requestHandler;
      type Answer = { response: { body?: { destroy?: () => void } } };
      const real = base as unknown as { handle(request: unknown, options: unknown): Promise<Answer> };
      const handler = {
        armed: 0,
        lost: 0,
        async handle(request: { headers: Record<string, string> }, options: unknown): Promise<Answer> {
          const out = await real.handle(request, options);
          const op = String(request.headers['x-amz-target'] ?? '').split('.')[1];
          if (handler.armed > 0 && (op === 'PutItem' || op === 'UpdateItem')) {
            handler.armed--;
            handler.lost++;
            out.response.body?.destroy?.();
            throw Object.assign(new Error('request timed out (answer dropped by the test)'), {
              name: 'TimeoutError',
              code: 'ETIMEDOUT',
            });
          }
          return out;
        },
      };
      const lossyDoc = documentClient(dynamo.endpoint, { maxAttempts: 2, requestHandler: handler as never });
      return {
        handler,
        lossyDoc,
        lossy: new OpinionStore({ tableName, dynamo: lossyDoc, timeoutMs: 5_000, logger }),
      };
    };

    it('an unconditional write is stored once, with the next version, and answered as such', async () => {
      // Prepare
      const id = 'epl-2026-12-05-ars-che';
      const { handler, lossyDoc, lossy } = lossyStore();
      await store.put(id, contractOpinion());
      handler.armed = 1;

      // Act
      const written = await lossy
        .put(id, contractOpinion({ status: 'SUSPENDED' }))
        .finally(() => lossyDoc.destroy());

      // Assess: the retry did not add a version; the answer is the version the write landed as
      expect(handler.lost).toBe(1);
      expect(written.inputsVersion).toBe(2);
      const stored = await store.get(id, { consistent: true });
      expect(stored).toEqual(written);
      expect(Object.keys(stored!)).not.toContain('writeId');
      expect((await store.put(id, contractOpinion())).inputsVersion).toBe(3);
    });

    it('an If-Match write that landed is a success, not a VERSION_CONFLICT', async () => {
      // Prepare
      const id = 'epl-2026-12-05-ars-che';
      const { handler, lossyDoc, lossy } = lossyStore();
      await store.put(id, contractOpinion());
      handler.armed = 1;

      // Act
      const written = await lossy
        .put(id, contractOpinion({ status: 'SUSPENDED' }), { ifMatch: 1 })
        .finally(() => lossyDoc.destroy());

      // Assess
      expect(handler.lost).toBe(1);
      expect(written.inputsVersion).toBe(2);
      expect(await store.get(id, { consistent: true })).toEqual(written);
    });

    it('a stale If-Match is still refused when its retry finds another write stored', async () => {
      // Prepare: version 2 is another writer's
      const id = 'epl-2026-12-05-ars-che';
      const { lossyDoc, lossy } = lossyStore();
      await store.put(id, contractOpinion());
      const other = await store.put(id, contractOpinion());

      // Act
      const stale = lossy.put(id, contractOpinion({ status: 'SUSPENDED' }), { ifMatch: 1 });

      // Assess
      await expect(stale).rejects.toMatchObject({ code: 'VERSION_CONFLICT', storedVersion: 2 });
      lossyDoc.destroy();
      expect(await store.get(id, { consistent: true })).toEqual(other);
    });
  });

  it('removes an optional field that the next unconditional write leaves out', async () => {
    // Prepare
    const id = 'epl-2026-12-05-ars-che';
    await store.put(id, contractOpinion({ competition: 'Premier League', model: { gameState: false } }));
    const { competition: _c, model: _m, ...without } = contractOpinion();

    // Act
    const v2 = await store.put(id, without);

    // Assess
    const read = await store.get(id, { consistent: true });
    expect(read).toEqual(v2);
    expect(read).not.toHaveProperty('competition');
    expect(read).not.toHaveProperty('model');
  });

  it('overwrites an item whose inputsVersion is not a number as version 1, and logs it', async () => {
    // Prepare: an item written behind the store's back
    const id = 'epl-2026-12-05-bad-ver';
    await doc.put({ TableName: tableName, Item: { fixtureId: id, inputsVersion: 'seven' } });

    // Act
    const written = await store.put(id, contractOpinion({ fixtureId: id }));

    // Assess
    expect(written.inputsVersion).toBe(1);
    expect(await store.get(id, { consistent: true })).toEqual(written);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error' }));
  });

  it('refuses a number DynamoDB cannot hold with UNSTORABLE_VALUE naming the field, and writes nothing', async () => {
    // Prepare: 1e-131 cards is inside the contract's 0-8, but below DynamoDB's smallest magnitude (1e-130)
    const id = 'epl-2026-12-05-ars-che';
    const tiny = contractOpinion();
    const bad = { ...tiny, home: { ...tiny.home, cards: 1e-131 } };
    bad.players = bad.players.map((p, i) => (i === 0 ? { ...p, goalShare: 5e-324 } : p));

    // Act
    const write = store.put(id, bad);

    // Assess
    await expect(write).rejects.toMatchObject({
      code: 'UNSTORABLE_VALUE',
      details: [
        { path: 'home.cards', message: expect.stringContaining('1e-130') as unknown },
        { path: 'players.0.goalShare', message: expect.stringContaining('1e-130') as unknown },
      ],
    });
    expect(await store.get(id, { consistent: true })).toBeUndefined();
  });

  it('stores the smallest magnitude DynamoDB holds, -0 and a 17-digit number exactly as JSON reads them back', async () => {
    // Prepare
    const id = 'epl-2026-12-05-ars-che';
    const o = contractOpinion();
    const edge = { ...o, home: { ...o.home, cards: 1e-130, corners: -0 } };
    edge.players = edge.players.map((p, i) => (i === 0 ? { ...p, goalShare: 0.12345678901234568 } : p));

    // Act
    const written = await store.put(id, edge);
    const read = await store.get(id, { consistent: true });

    // Assess
    expect(JSON.stringify(read)).toBe(JSON.stringify(written));
    expect(read?.home.cards).toBe(1e-130);
    expect(read?.players[0]?.goalShare).toBe(0.12345678901234568);
  });

  it('answers undefined for a fixture with no opinion', async () => {
    expect(await store.get('epl-2026-12-05-nobody')).toBeUndefined();
  });

  it('reports a malformed stored item as MALFORMED_ITEM and logs its key', async () => {
    // Prepare: an item written behind the store's back
    await doc.put({
      TableName: tableName,
      Item: { fixtureId: 'epl-2026-12-05-bad-bad', inputsVersion: 'one', home: 3 },
    });

    // Act
    const read = store.get('epl-2026-12-05-bad-bad');

    // Assess
    await expect(read).rejects.toMatchObject({ code: 'MALFORMED_ITEM' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        extra: expect.objectContaining({ fixtureId: 'epl-2026-12-05-bad-bad', table: tableName }) as unknown,
      }),
    );
  });

  it("reads a fixture's head only (version, status, kick-off, in-play minute), strongly consistent", async () => {
    // Prepare: version 1 pre-match, then version 2 in play (minute 63)
    const id = 'epl-2026-12-05-ars-che';
    const opinion = contractOpinion();
    await store.put(id, opinion);
    const inPlay = {
      minute: 63,
      score: { home: 0, away: 0 },
      cards: { home: 0, away: 0 },
      corners: { home: 1, away: 0 },
      firstHalf: { score: { home: 0, away: 0 }, cards: { home: 0, away: 0 }, corners: { home: 1, away: 0 } },
      players: [],
    };
    await store.put(id, { ...opinion, inPlay }, { ifMatch: 1 });

    // Act
    const head = await store.getConsistentHead(id);
    const none = await store.getConsistentHead('epl-2026-12-05-nobody');

    // Assess: exactly the head's fields, the in-play state reduced to its minute
    expect(head).toEqual({
      fixtureId: id,
      inputsVersion: 2,
      status: 'OPEN',
      ...(opinion.kickoff !== undefined ? { kickoff: opinion.kickoff } : {}),
      inPlay: { minute: 63 },
    });
    expect(none).toBeUndefined();
  });

  it('reports a head it cannot read (no valid version or status) as MALFORMED_ITEM', async () => {
    // Prepare
    await doc.put({
      TableName: tableName,
      Item: { fixtureId: 'epl-2026-12-05-bad-bad', inputsVersion: 'one', status: 'OPEN' },
    });

    // Act
    const read = store.getConsistentHead('epl-2026-12-05-bad-bad');

    // Assess
    await expect(read).rejects.toMatchObject({ code: 'MALFORMED_ITEM' });
  });

  it('fails with UNAVAILABLE within its budget when DynamoDB is frozen', async () => {
    // Prepare
    const frozen = await DynaliteServer.start({ mode: 'process' });
    const frozenDoc = timedClient(frozen.endpoint, 200);
    await createOpinionTable(frozen.endpoint, tableName);
    const frozenStore = new OpinionStore({ tableName, dynamo: frozenDoc, timeoutMs: 200, logger });
    frozen.signal('SIGSTOP');

    try {
      // Act
      const started = Date.now();
      const error = await frozenStore.get('epl-2026-12-05-ars-che').catch((e: unknown) => e);
      const elapsed = Date.now() - started;

      // Assess
      expect(error).toBeInstanceOf(OpinionStoreError);
      expect(error).toMatchObject({ code: 'UNAVAILABLE' });
      expect(elapsed).toBeLessThan(1500);
    } finally {
      frozen.signal('SIGCONT');
      frozenDoc.destroy();
      await frozen.stop();
    }
  });

  /** A store on this test's table whose breaker opens after two unanswered calls and cools down for `cooldownMs`. */
  const withBreaker = (dynamo: DynamoDBDocument, timeoutMs: number, cooldownMs: number) =>
    new OpinionStore({ tableName, dynamo, timeoutMs, logger, breaker: { failureThreshold: 2, cooldownMs } });

  it('fails at once after two calls the frozen store did not answer, and closes on its first answer after the cool-down', async () => {
    // Prepare
    const frozen = await DynaliteServer.start({ mode: 'process' });
    const frozenDoc = timedClient(frozen.endpoint, 100);
    await createOpinionTable(frozen.endpoint, tableName);
    const breakerStore = withBreaker(frozenDoc, 100, 400);
    frozen.signal('SIGSTOP');
    let thawed = false;

    try {
      // Act: two reads time out; the third is refused without a call
      for (let i = 0; i < 2; i++)
        await expect(breakerStore.get('epl-2026-12-05-ars-che')).rejects.toMatchObject({
          code: 'UNAVAILABLE',
        });
      const started = performance.now();
      const refused = await breakerStore.get('epl-2026-12-05-ars-che').catch((e: unknown) => e);
      const refusedMs = performance.now() - started;
      const stateWhileOpen = breakerStore.breakerState;
      frozen.signal('SIGCONT');
      thawed = true;
      await new Promise((r) => setTimeout(r, 450));
      const after = await breakerStore.get('epl-2026-12-05-ars-che');

      // Assess
      expect(refused).toMatchObject({ code: 'UNAVAILABLE' });
      expect((refused as Error).message).toContain('circuit breaker open');
      expect(refusedMs).toBeLessThan(50);
      expect(stateWhileOpen).toBe('open');
      expect(after).toBeUndefined();
      expect(breakerStore.breakerState).toBe('closed');
    } finally {
      if (!thawed) frozen.signal('SIGCONT');
      frozenDoc.destroy();
      await frozen.stop();
    }
  });

  it('counts a lost conditional write as an answer: conflicts never open the breaker', async () => {
    // Prepare
    const strict = withBreaker(doc, 300, 60_000);
    await strict.put('epl-2026-12-05-ars-che', contractOpinion());

    // Act
    for (let i = 0; i < 3; i++)
      await expect(
        strict.put('epl-2026-12-05-ars-che', contractOpinion(), { ifMatch: 7 }),
      ).rejects.toMatchObject({
        code: 'VERSION_CONFLICT',
      });

    // Assess
    expect(strict.breakerState).toBe('closed');
    await expect(strict.get('epl-2026-12-05-ars-che')).resolves.toMatchObject({ inputsVersion: 1 });
  });

  describe('with DAX configured', () => {
    it('reads through DAX when it answers', async () => {
      // Prepare: DAX has no local equivalent; a stand-in with DaxDocument's method API returns its own copy
      const stored = await store.put('epl-2026-12-05-ars-che', contractOpinion());
      const daxReads: string[] = [];
      const dax: DaxReadClient = {
        get: ((params: { Key: { fixtureId: string } }) => {
          daxReads.push(params.Key.fixtureId);
          return Promise.resolve({ Item: { ...stored }, $metadata: {} });
        }) as unknown as DaxReadClient['get'],
      };
      const viaDax = new OpinionStore({ tableName, dynamo: doc, dax: () => dax, timeoutMs: 300, logger });

      // Act
      const read = await viaDax.get('epl-2026-12-05-ars-che');

      // Assess
      expect(read).toEqual(stored);
      expect(daxReads).toEqual(['epl-2026-12-05-ars-che']);
    });

    it('falls back to DynamoDB within the timeout when the DAX cluster is unreachable', async () => {
      // Prepare: a real DaxDocument pointed at a closed loopback port (its requests never settle)
      const stored = await store.put('epl-2026-12-05-ars-che', contractOpinion());
      const port = await freePort();
      let client: DaxDocument | undefined;
      const abandoned: Promise<unknown>[] = [];
      const viaDax = new OpinionStore({
        tableName,
        dynamo: doc,
        dax: () => {
          const dax = new DaxDocument({
            endpoint: `dax://127.0.0.1:${port}`,
            region: 'eu-west-1',
            credentials: DynaliteServer.credentials,
            requestTimeout: 200,
            connectTimeout: 200,
            maxRetries: 0,
          });
          client = dax;
          // Remember the reads the store gave up on, so the test can let them settle before it ends.
          const get = ((...args: Parameters<DaxDocument['get']>) => {
            const read = (dax.get as (...a: unknown[]) => Promise<unknown>)(...args);
            abandoned.push(read.catch(() => undefined));
            return read;
          }) as DaxReadClient['get'];
          return { get };
        },
        timeoutMs: 300,
        logger,
      });
      const silence = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const silenceLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);

      try {
        // Act
        const started = Date.now();
        const first = await viaDax.get('epl-2026-12-05-ars-che');
        const firstMs = Date.now() - started;
        const second = await viaDax.get('epl-2026-12-05-ars-che');

        // Assess: correct data, bounded wait, and DAX bypassed for the next read (one DAX failure logged, not two)
        expect(first).toEqual(stored);
        expect(second).toEqual(stored);
        expect(firstMs).toBeLessThan(1500);
        expect(logger.lines.filter((l) => l.level === 'warn' && l.message.includes('DAX'))).toHaveLength(1);
        expect(logger.lines).toContainEqual(
          expect.objectContaining({ level: 'warn', message: expect.stringContaining('DAX') as unknown }),
        );
      } finally {
        (client as unknown as { shutdown?: () => void } | undefined)?.shutdown?.();
        await Promise.all(abandoned);
        silence.mockRestore();
        silenceLog.mockRestore();
      }
    });
  });
});
