import { createHmac } from 'node:crypto';
import {
  QuoteKeyRing,
  QuoteSigner,
  QuoteTokenError,
  StaticQuoteKeys,
  canonicalJson,
  type QuoteTokenReason,
} from '../../../src';
import { manualClock, otherChar, quoteFields, TWELVE_LEGS } from '../../support/quotes';

const KEY_1 = 'k1-0123456789abcdef0123456789abcdef';
const KEY_2 = 'k2-0123456789abcdef0123456789abcdef';
const KEY_3 = 'k3-0123456789abcdef0123456789abcdef';

function signer(ring: QuoteKeyRing, clock = manualClock()): QuoteSigner {
  return new QuoteSigner({ keys: new StaticQuoteKeys(ring), now: clock.now });
}

async function refusal(p: Promise<unknown>): Promise<QuoteTokenReason> {
  try {
    await p;
  } catch (err) {
    if (err instanceof QuoteTokenError) return err.reason;
    throw err;
  }
  throw new Error('the token was accepted');
}

describe('QuoteSigner', () => {
  const ring1 = QuoteKeyRing.of({ kid: 'k1', key: KEY_1 });

  it('opens its own token to exactly the signed fields', async () => {
    // Prepare
    const clock = manualClock('2026-12-05T14:00:00.000Z');
    const s = signer(ring1, clock);
    const fields = quoteFields();

    // Act
    const quote = await s.sign(fields, { inPlay: false });
    const opened = await s.open(quote.token);

    // Assess
    expect(opened).toEqual({
      ...fields,
      id: quote.id,
      expiresAt: quote.expiresAt,
      expiresAtMs: Date.parse(quote.expiresAt),
      kid: 'k1',
    });
  });

  it('writes v1.<kid>.<base64url payload>.<base64url mac> with the HMAC-SHA256 of the first three parts', async () => {
    // Prepare
    const s = signer(ring1);

    // Act
    const { token } = await s.sign(quoteFields(), { inPlay: false });

    // Assess
    const [version, kid, payload, mac] = token.split('.');
    expect([version, kid]).toEqual(['v1', 'k1']);
    const expected = createHmac('sha256', KEY_1).update(`v1.k1.${payload}`).digest('base64url');
    expect(mac).toBe(expected);
    const json = Buffer.from(payload!, 'base64url').toString('utf8');
    expect(canonicalJson(JSON.parse(json))).toBe(json);
  });

  it('signs a pre-match quote for 30 s and an in-play quote for 10 s by default', async () => {
    // Prepare
    const clock = manualClock('2026-12-05T15:00:00.000Z');
    const s = signer(ring1, clock);

    // Act
    const pre = await s.sign(quoteFields(), { inPlay: false });
    const live = await s.sign(quoteFields(), { inPlay: true });

    // Assess
    expect(pre.expiresAt).toBe('2026-12-05T15:00:30.000Z');
    expect(live.expiresAt).toBe('2026-12-05T15:00:10.000Z');
  });

  it('takes the lifetimes from its options', async () => {
    const clock = manualClock('2026-12-05T15:00:00.000Z');
    const s = new QuoteSigner({
      keys: new StaticQuoteKeys(ring1),
      now: clock.now,
      ttlMs: 5000,
      inPlayTtlMs: 2000,
    });
    expect((await s.sign(quoteFields(), { inPlay: false })).expiresAt).toBe('2026-12-05T15:00:05.000Z');
    expect((await s.sign(quoteFields(), { inPlay: true })).expiresAt).toBe('2026-12-05T15:00:02.000Z');
  });

  it('keeps a 12-leg token under 600 bytes, even with a 64-character fixture id', async () => {
    // Prepare
    const s = signer(QuoteKeyRing.of({ kid: 'quote-key-2026-12-01', key: KEY_1 }));
    const fixtureId = `epl-${'x'.repeat(60)}`;

    // Act
    const { token } = await s.sign(quoteFields({ fixtureId, legs: TWELVE_LEGS }), { inPlay: false });

    // Assess
    expect(Buffer.byteLength(token)).toBeLessThan(600);
    expect((await s.open(token)).legs).toEqual(TWELVE_LEGS);
  });

  it('gives every quote its own q_ + ULID id, in issue-time order', async () => {
    // Prepare
    const clock = manualClock();
    const s = signer(ring1, clock);

    // Act
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      ids.push((await s.sign(quoteFields(), { inPlay: false })).id);
      clock.advance(1);
    }

    // Assess
    expect(new Set(ids).size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^q_[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses the token with any single character changed, at every position', async () => {
    // Prepare
    const s = signer(ring1);
    const { token } = await s.sign(quoteFields({ legs: TWELVE_LEGS }), { inPlay: false });

    // Act
    const accepted: number[] = [];
    for (let i = 0; i < token.length; i++) {
      const tampered = token.slice(0, i) + otherChar(token[i]!) + token.slice(i + 1);
      try {
        await s.open(tampered);
        accepted.push(i);
      } catch (err) {
        if (!(err instanceof QuoteTokenError)) throw err;
      }
    }

    // Assess
    expect(accepted).toEqual([]);
  });

  it('refuses a token cut short, lengthened, or with a part removed', async () => {
    const s = signer(ring1);
    const { token } = await s.sign(quoteFields(), { inPlay: false });
    expect(await refusal(s.open(token.slice(0, -1)))).toBe('BAD_SIGNATURE');
    expect(await refusal(s.open(`${token}A`))).toBe('BAD_SIGNATURE');
    expect(await refusal(s.open(token.split('.').slice(1).join('.')))).toBe('MALFORMED');
    expect(await refusal(s.open(''))).toBe('MALFORMED');
    expect(await refusal(s.open('x'.repeat(5000)))).toBe('MALFORMED');
    expect(await refusal(s.open(token.replace(/^v1\./, 'v2.')))).toBe('UNSUPPORTED_VERSION');
  });

  it('refuses a token signed by another key under the same key id', async () => {
    // Prepare
    const forger = signer(QuoteKeyRing.of({ kid: 'k1', key: KEY_2 }));
    const { token } = await forger.sign(quoteFields(), { inPlay: false });

    // Act
    const reason = await refusal(signer(ring1).open(token));

    // Assess
    expect(reason).toBe('BAD_SIGNATURE');
  });

  it('refuses a token signed with a key id it does not know', async () => {
    const { token } = await signer(QuoteKeyRing.of({ kid: 'k9', key: KEY_2 })).sign(quoteFields(), {
      inPlay: false,
    });
    expect(await refusal(signer(ring1).open(token))).toBe('UNKNOWN_KEY');
  });

  it('accepts a token of the previous key after a rotation, and refuses it after the next one', async () => {
    // Prepare: k1 signs; then k2 becomes current with k1 previous; then k3 current with k2 previous
    const { token } = await signer(ring1).sign(quoteFields(), { inPlay: false });
    const rotated = signer(QuoteKeyRing.of({ kid: 'k2', key: KEY_2 }, { kid: 'k1', key: KEY_1 }));
    const rotatedTwice = signer(QuoteKeyRing.of({ kid: 'k3', key: KEY_3 }, { kid: 'k2', key: KEY_2 }));

    // Act
    const opened = await rotated.open(token);
    const newToken = (await rotated.sign(quoteFields(), { inPlay: false })).token;

    // Assess
    expect(opened.kid).toBe('k1');
    expect(newToken.split('.')[1]).toBe('k2');
    expect(await refusal(rotatedTwice.open(token))).toBe('UNKNOWN_KEY');
    expect((await rotatedTwice.open(newToken)).kid).toBe('k2');
  });

  it("never verifies one quote's payload under another quote's signature (another fixture, other legs)", async () => {
    // Prepare
    const s = signer(ring1);
    const a = (await s.sign(quoteFields(), { inPlay: false })).token.split('.');
    const otherFixture = (
      await s.sign(quoteFields({ fixtureId: 'epl-2026-12-06-liv-mci' }), { inPlay: false })
    ).token.split('.');
    const otherLegs = (
      await s.sign(quoteFields({ legs: [{ market: 'MATCH_RESULT', selection: 'AWAY' }] }), { inPlay: false })
    ).token.split('.');

    // Act
    const swapped = [otherFixture, otherLegs].map((b) => [a[0], a[1], b[2], a[3]].join('.'));

    // Assess
    for (const token of swapped) expect(await refusal(s.open(token))).toBe('BAD_SIGNATURE');
  });

  it('refuses an authentic payload that is not canonical JSON (it never signs one)', async () => {
    // Prepare: the right key, but whitespace in the JSON
    const s = signer(ring1);
    const { token } = await s.sign(quoteFields(), { inPlay: false });
    const json = Buffer.from(token.split('.')[2]!, 'base64url').toString('utf8');
    const payload = Buffer.from(JSON.stringify(JSON.parse(json), null, 1)).toString('base64url');
    const mac = createHmac('sha256', KEY_1).update(`v1.k1.${payload}`).digest('base64url');

    // Act
    const reason = await refusal(s.open(`v1.k1.${payload}.${mac}`));

    // Assess
    expect(reason).toBe('MALFORMED');
  });

  it('refuses an authentic payload whose legs are not valid legs', async () => {
    const payload = Buffer.from(
      canonicalJson({
        e: Date.now() + 30_000,
        f: 'epl-2026-12-05-ars-che',
        i: 'q_01KBS0000000000000000000AA',
        l: ['TG:O:2'],
        m: '2026.12.1',
        o: 2,
        p: 0.4,
        r: '1/1',
        v: 1,
      }),
    ).toString('base64url');
    const mac = createHmac('sha256', KEY_1).update(`v1.k1.${payload}`).digest('base64url');
    expect(await refusal(signer(ring1).open(`v1.k1.${payload}.${mac}`))).toBe('MALFORMED');
  });
});
