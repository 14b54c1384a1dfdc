import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Opinion } from '@betbuilder/pricing-model';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  createOpinionHandler,
  createPriceHandler,
  createRuntime,
  createVerifyQuoteHandler,
  QuoteKeyRing,
  StaticQuoteKeys,
  type Config,
  type PriceResponse,
  type Quote,
  type QuoteKeySource,
  type Runtime,
  type SignedQuote,
} from '../../src';
import {
  apiEvent,
  context,
  contractOpinion,
  createOpinionTable,
  freshConfig,
  uniqueTableName,
  useServices,
} from '../support/fixtures';
import { manualClock, otherChar } from '../support/quotes';

const FIXTURE = 'epl-2026-12-05-ars-che';
const OTHER = 'epl-2026-12-06-liv-mci';
const LEGS = [
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
];
const KEY_1 = 'k1-0123456789abcdef0123456789abcdef';
const KEY_2 = 'k2-0123456789abcdef0123456789abcdef';
const KEY_3 = 'k3-0123456789abcdef0123456789abcdef';

/** Every field a reply of these routes may carry; each test reads the ones its status implies. */
type Body = PriceResponse & {
  quote: Quote & SignedQuote;
  valid: boolean;
  error: { code: string; message: string; current: Body };
};

interface Reply {
  status: number;
  body: Body;
}

/** One "container": a runtime with its own clock and keys, and its price, opinion and verify handlers. */
function container(
  config: Config,
  opts: { keys?: QuoteKeySource; clock?: ReturnType<typeof manualClock> } = {},
) {
  const clock = opts.clock ?? manualClock();
  const runtime = createRuntime(config, {
    now: clock.now,
    ...(opts.keys !== undefined ? { quoteKeys: opts.keys } : {}),
  });
  const price = createPriceHandler(runtime);
  const opinion = createOpinionHandler(runtime);
  const verify = createVerifyQuoteHandler(runtime);
  const reply = (r: unknown): Reply => {
    const res = r as APIGatewayProxyResult;
    return { status: res.statusCode, body: JSON.parse(res.body) as Body };
  };
  return {
    runtime,
    clock,
    price: async (legs: unknown[] = LEGS, fixtureId = FIXTURE) =>
      reply(await price(apiEvent('POST', '/v1/price', { fixtureId, legs }), context('price'))),
    put: async (fixtureId: string, body: Opinion) =>
      reply(await opinion(apiEvent('PUT', `/v1/fixtures/${fixtureId}`, body), context('opinion'))),
    verify: async (token: unknown) =>
      reply(await verify(apiEvent('POST', '/v1/quotes/verify', { token }), context('verify'))),
    verifyRaw: async (body: string) =>
      reply(await verify(apiEvent('POST', '/v1/quotes/verify', body), context('verify'))),
  };
}

const ring = (kid: string, key: string, previous?: [string, string]) =>
  new StaticQuoteKeys(
    QuoteKeyRing.of({ kid, key }, previous ? { kid: previous[0], key: previous[1] } : undefined),
  );

describe('quotes: POST /v1/price carries a quote, POST /v1/quotes/verify checks it', () => {
  const { services, redis } = useServices();
  let config: Config;
  let c: ReturnType<typeof container>;
  const runtimes: Runtime[] = [];
  const open = (cfg: Config, opts?: Parameters<typeof container>[1]) => {
    const made = container(cfg, opts);
    runtimes.push(made.runtime);
    return made;
  };

  beforeEach(async () => {
    // Tables are per test but fixture ids repeat: no model or pointer of another test's version 2 may be found.
    await redis.flushall();
    // Redis, the 2 s opinion cache and current-version pointers on: the price path's caches are what verify must not use.
    // These tests are about answers, not timeouts: a busy machine must not turn a slow dynalite into a 503.
    config = await freshConfig({ services, redis }, 'quotes', { DEPENDENCY_TIMEOUT_MS: '5000' });
    c = open(config, { keys: ring('k1', KEY_1) });
    for (const [id, opinion] of [
      [FIXTURE, contractOpinion()],
      [OTHER, contractOpinion({ fixtureId: OTHER })],
    ] as const) {
      const stored = await c.put(id, opinion);
      if (stored.status !== 200) throw new Error(`seeding ${id} answered ${stored.status}`);
    }
  });
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.close();
  });

  it('answers every 200 price with a quote {id, expiresAt, token} that expires 30 s later', async () => {
    // Act
    const priced = await c.price();

    // Assess
    expect(priced.status).toBe(200);
    expect(Object.keys(priced.body.quote).sort()).toEqual(['expiresAt', 'id', 'token']);
    expect(Date.parse(priced.body.quote.expiresAt)).toBe(c.clock.now() + 30_000);
    expect(Buffer.byteLength(priced.body.quote.token)).toBeLessThan(600);
  });

  it('verifies an untouched quote: 200 {valid: true, quote} with exactly the signed fields of the price', async () => {
    // Prepare
    const priced = await c.price();

    // Act
    const verified = await c.verify(priced.body.quote.token);

    // Assess
    const { fairOdds: _fair, margin: _margin, quote, ...signed } = priced.body;
    expect(verified).toEqual({
      status: 200,
      body: { valid: true, quote: { ...signed, id: quote.id, expiresAt: quote.expiresAt } },
    });
  });

  it('refuses the token with any single character changed (400 INVALID_QUOTE)', async () => {
    // Prepare
    const token = (await c.price()).body.quote.token;

    // Act
    const statuses = new Set<string>();
    for (let i = 0; i < token.length; i++) {
      const r = await c.verify(token.slice(0, i) + otherChar(token[i]!) + token.slice(i + 1));
      statuses.add(`${r.status} ${r.body.error?.code}`);
    }

    // Assess
    expect([...statuses]).toEqual(['400 INVALID_QUOTE']);
  });

  it('refuses a quote signed with another key (400 INVALID_QUOTE)', async () => {
    // Prepare: another service's key under the same id, and a key id nobody here knows
    const sameKid = open(config, { keys: ring('k1', KEY_2) });
    const otherKid = open(config, { keys: ring('k9', KEY_2) });

    // Act
    const results = [
      await c.verify((await sameKid.price()).body.quote.token),
      await c.verify((await otherKid.price()).body.quote.token),
    ];

    // Assess
    expect(results.map((r) => [r.status, r.body.error.code])).toEqual([
      [400, 'INVALID_QUOTE'],
      [400, 'INVALID_QUOTE'],
    ]);
    expect(results[1]?.body.error.message).toBe('the quote was signed with an unknown key');
  });

  it('answers 409 QUOTE_EXPIRED once the quote has lived 30 s, and not a millisecond before', async () => {
    // Prepare
    const token = (await c.price()).body.quote.token;

    // Act
    c.clock.advance(29_999);
    const before = await c.verify(token);
    c.clock.advance(1);
    const at = await c.verify(token);

    // Assess
    expect(before.status).toBe(200);
    expect([at.status, at.body.error.code]).toEqual([409, 'QUOTE_EXPIRED']);
  });

  it('answers 409 PRICE_CHANGED with the current price and a fresh quote when a new version shortens the odds', async () => {
    // Prepare: Arsenal to win and over 2.5 goals; then the trader makes Arsenal much stronger (both legs likelier)
    const priced = await c.price();
    const stronger = contractOpinion({ home: { name: 'Arsenal', goals: 2.4, cards: 1.6, corners: 5.8 } });
    expect((await c.put(FIXTURE, stronger)).body.inputsVersion).toBe(2);

    // Act
    const verified = await c.verify(priced.body.quote.token);

    // Assess
    expect([verified.status, verified.body.error.code]).toEqual([409, 'PRICE_CHANGED']);
    const current = verified.body.error.current;
    expect(current.inputsVersion).toBe(2);
    expect(current.legs).toEqual(priced.body.legs);
    expect(current.odds.decimal).toBeLessThan(priced.body.odds.decimal);
    expect((await c.verify(current.quote.token)).body).toMatchObject({
      valid: true,
      quote: { inputsVersion: 2, odds: current.odds, id: current.quote.id },
    });
  });

  it('accepts the quote when a new version lengthens the odds', async () => {
    // Prepare: Arsenal to win and over 2.5 goals; then the trader makes Arsenal much weaker (both legs less likely)
    const priced = await c.price();
    const weaker = contractOpinion({ home: { name: 'Arsenal', goals: 0.6, cards: 1.6, corners: 5.8 } });
    await c.put(FIXTURE, weaker);

    // Act
    const verified = await c.verify(priced.body.quote.token);

    // Assess
    expect(verified.status).toBe(200);
    expect(verified.body.quote).toMatchObject({ inputsVersion: 1, odds: priced.body.odds });
  });

  it('accepts the quote when a new version leaves the odds where they were', async () => {
    const priced = await c.price();
    await c.put(FIXTURE, contractOpinion({ competition: 'Premier League (renamed)' }));
    expect((await c.verify(priced.body.quote.token)).status).toBe(200);
  });

  it('answers 409 FIXTURE_SUSPENDED when the fixture was suspended after the price', async () => {
    // Prepare
    const token = (await c.price()).body.quote.token;
    await c.put(FIXTURE, contractOpinion({ status: 'SUSPENDED' }));

    // Act
    const verified = await c.verify(token);

    // Assess
    expect([verified.status, verified.body.error.code]).toEqual([409, 'FIXTURE_SUSPENDED']);
  });

  it('sees a PUT made between price and verify in another container, though that price container still prices the old version', async () => {
    // Prepare: container A prices (its opinion cache and the Redis pointer now say version 1); container B writes v2
    const a = open(config, { keys: ring('k1', KEY_1) });
    const b = open(config, { keys: ring('k1', KEY_1) });
    const priced = await a.price();
    await b.put(
      FIXTURE,
      contractOpinion({ home: { name: 'Arsenal', goals: 2.4, cards: 1.6, corners: 5.8 } }),
    );

    // Act
    const repriced = await a.price();
    const verified = await a.verify(priced.body.quote.token);

    // Assess
    expect(repriced.body.inputsVersion).toBe(1); // the price path's 2 s cache: allowed pre-match
    expect(verified.status).toBe(409);
    expect(verified.body.error).toMatchObject({ code: 'PRICE_CHANGED', current: { inputsVersion: 2 } });
  });

  it('judges every verification racing concurrent PUTs by the version its consistent read saw', async () => {
    // Prepare
    const priced = await c.price();
    const versions = [1.2, 1.8, 2.1, 2.4].map((goals) =>
      contractOpinion({ home: { name: 'Arsenal', goals, cards: 1.6, corners: 5.8 } }),
    );

    // Act
    const [verified] = await Promise.all([
      Promise.all(Array.from({ length: 6 }, () => c.verify(priced.body.quote.token))),
      (async () => {
        for (const v of versions) await c.put(FIXTURE, v);
      })(),
    ]);

    // Assess: each answer is VALID (the quote's version, or longer odds) or PRICE_CHANGED with a newer, shorter price
    for (const r of verified) {
      if (r.status === 200) continue;
      expect(r.body.error.code).toBe('PRICE_CHANGED');
      expect(r.body.error.current.inputsVersion).toBeGreaterThan(1);
      expect(r.body.error.current.odds.decimal).toBeLessThan(priced.body.odds.decimal);
    }
    expect((await c.verify(priced.body.quote.token)).body.error.current.inputsVersion).toBe(5);
  });

  it('never lets a quote for one fixture or some legs verify for another fixture or other legs', async () => {
    // Prepare
    const mine = (await c.price()).body.quote.token;
    const theirs = (await c.price(LEGS, OTHER)).body.quote.token;
    const otherLegs = (await c.price([{ market: 'MATCH_RESULT', selection: 'AWAY' }])).body.quote.token;
    const splice = (payloadOf: string) => {
      const [v, kid, , mac] = mine.split('.');
      return [v, kid, payloadOf.split('.')[2], mac].join('.');
    };
    await c.put(OTHER, contractOpinion({ fixtureId: OTHER, status: 'SUSPENDED' }));

    // Act
    const forged = [await c.verify(splice(theirs)), await c.verify(splice(otherLegs))];
    const genuine = await c.verify(mine);

    // Assess
    expect(forged.map((r) => r.body.error.code)).toEqual(['INVALID_QUOTE', 'INVALID_QUOTE']);
    expect(genuine.body.quote).toMatchObject({ fixtureId: FIXTURE, legs: LEGS }); // its own fixture, untouched by OTHER's state
  });

  it('accepts quotes of the previous key after a rotation, and refuses them after the next', async () => {
    // Prepare
    const token = (await c.price()).body.quote.token;
    const rotated = open(config, { keys: ring('k2', KEY_2, ['k1', KEY_1]) });
    const rotatedTwice = open(config, { keys: ring('k3', KEY_3, ['k2', KEY_2]) });

    // Act
    const once = await rotated.verify(token);
    const twice = await rotatedTwice.verify(token);
    const fresh = await rotatedTwice.verify((await rotated.price()).body.quote.token);

    // Assess
    expect(once.status).toBe(200);
    expect([twice.status, twice.body.error.code]).toEqual([400, 'INVALID_QUOTE']);
    expect(fresh.status).toBe(200);
  });

  it('answers 404 FIXTURE_NOT_FOUND for an authentic quote of a fixture the table does not hold', async () => {
    // Prepare: a container on an empty table with the same key
    const token = (await c.price()).body.quote.token;
    const emptyTable = uniqueTableName('quotes-empty');
    await createOpinionTable(services.dynamo.endpoint, emptyTable);
    const elsewhere = open({ ...config, tableName: emptyTable }, { keys: ring('k1', KEY_1) });

    // Act
    const verified = await elsewhere.verify(token);

    // Assess
    expect([verified.status, verified.body.error.code]).toEqual([404, 'FIXTURE_NOT_FOUND']);
  });

  it.each([
    ['no token', '{}'],
    ['a number', '{"token": 5}'],
    ['an extra field', '{"token": "v1.a.b.c", "fixtureId": "x"}'],
    ['an array', '[]'],
    ['malformed JSON', '{"token":'],
  ])('answers 400 INVALID_REQUEST for a body with %s', async (_what, body) => {
    const r = await c.verifyRaw(body);
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE to a body that is not declared application/json', async () => {
    // Prepare
    const token = (await c.price()).body.quote.token;
    const e = apiEvent('POST', '/v1/quotes/verify', { token }, { 'content-type': 'text/plain' });

    // Act
    const res = (await createVerifyQuoteHandler(c.runtime)(e, context('verify'))) as APIGatewayProxyResult;

    // Assess
    expect([res.statusCode, (JSON.parse(res.body) as Body).error.code]).toEqual([
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
  });

  it.each([[''], ['not-a-token'], ['v1.k1.e30.AAAA']])(
    'answers 400 INVALID_QUOTE for the token %p',
    async (token) => {
      const r = await c.verify(token);
      expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_QUOTE']);
    },
  );

  describe('with the keys in Secrets Manager (mocked: it cannot run here)', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:quote-keys';
    const sm = mockClient(SecretsManagerClient as unknown as Parameters<typeof mockClient>[0]);
    const GetSecret = GetSecretValueCommand as unknown as Parameters<typeof sm.on>[0];
    afterEach(() => sm.reset());

    it('signs with the secret’s current key, reading it once for prices and verifications alike', async () => {
      // Prepare
      sm.on(GetSecret, { SecretId: arn }).resolves({
        SecretString: JSON.stringify({
          current: { kid: 'k2', key: KEY_2 },
          previous: { kid: 'k1', key: KEY_1 },
        }),
      } as never);
      const aws = open({ ...config, quoteKeySecretArn: arn });

      // Act
      const priced = await aws.price();
      const own = await aws.verify(priced.body.quote.token);
      const previousKey = await aws.verify((await c.price()).body.quote.token);

      // Assess
      expect(priced.body.quote.token.split('.')[1]).toBe('k2');
      expect([own.status, previousKey.status]).toEqual([200, 200]);
      expect(sm.commandCalls(GetSecret)).toHaveLength(1);
    });

    it('answers 503 DEPENDENCY_UNAVAILABLE to a price when the keys cannot be read', async () => {
      // Prepare
      sm.on(GetSecret).rejects(new Error('AccessDeniedException'));
      const aws = open({ ...config, quoteKeySecretArn: arn });

      // Act
      const priced = await aws.price();

      // Assess
      expect([priced.status, priced.body.error.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    });
  });
});
