import { createHmac, timingSafeEqual } from 'node:crypto';
import { parsePriceRequest } from '@betbuilder/pricing-model';
import * as z from 'zod';
import { QuoteTokenError } from '../errors/QuoteTokenError';
import type { Quote, QuoteFields, SignedQuote } from '../types/quote';
import { canonicalJson } from './canonicalJson';
import { decodeLegs, encodeLegs } from './legCodes';
import type { QuoteKey, QuoteKeyRing } from './QuoteKeyRing';
import { KEY_ID_PATTERN } from './QuoteKeyRing';
import { QUOTE_ID_PATTERN, newQuoteId } from './quoteId';
import type { QuoteKeySource } from './quoteKeys';

/** The token format this signer writes and reads (the first dot-separated part). */
export const TOKEN_VERSION = 'v1';

/** Longer strings are refused before any work (a v1 token of 12 legs with long ids is well under this). */
export const MAX_TOKEN_CHARS = 2048;

export interface QuoteSignerOptions {
  readonly keys: QuoteKeySource;
  /** Lifetime of a pre-match quote. @default 30000 */
  readonly ttlMs?: number;
  /** Lifetime of an in-play quote (the state moves faster). @default 10000 */
  readonly inPlayTtlMs?: number;
  /** The clock of issue and expiry (ms since the epoch). @default Date.now */
  readonly now?: () => number;
}

/** A verified token's signed fields, with the expiry as a number for comparisons. */
export interface OpenedQuote extends SignedQuote {
  readonly expiresAtMs: number;
  /** The key id that signed it. */
  readonly kid: string;
}

// The payload: canonical JSON (keys sorted) with one-letter keys, so a 12-leg token stays well under 600 bytes.
//   e expiry (ms since the epoch) · f fixtureId · i quote id · l legs (legCodes) · m modelVersion
//   o offered decimal odds · p fair probability · r offered fractional odds · v inputsVersion
const payloadSchema = z.strictObject({
  e: z.number().int().positive().max(8_640_000_000_000_000), // the largest time a Date holds
  f: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/),
  i: z.string().regex(QUOTE_ID_PATTERN),
  l: z
    .array(z.union([z.string().max(80), z.record(z.string(), z.unknown())]))
    .min(1)
    .max(12),
  m: z.string().min(1).max(64),
  o: z.number().min(1).max(1001),
  p: z.number().gt(0).max(1),
  r: z.string().regex(/^[1-9][0-9]{0,4}\/[1-9][0-9]{0,4}$/),
  v: z.number().int().min(1),
});

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Signs quotes and opens (verifies) their tokens. A token is `v1.<kid>.<payload>.<mac>`: `payload` is the base64url
 * canonical JSON of the signed fields (fixture, normalised legs, inputsVersion, modelVersion, probability, offered odds,
 * expiry, quote id), `mac` the base64url HMAC-SHA256, under key `kid`, of `v1.<kid>.<payload>` — so the format version
 * and the key id are signed too. A token verifies only byte for byte: any change to any character is refused, and
 * the MAC is compared in constant time. Fixture and legs are inside the MAC, so a quote never verifies for another.
 *
 * @example
 * const signer = new QuoteSigner({ keys: new StaticQuoteKeys() });
 * const quote = await signer.sign(priceResponse, { inPlay: false }); // { id: 'q_01…', expiresAt: '…', token: 'v1.…' }
 * const opened = await signer.open(quote.token); // the signed fields, or throws QuoteTokenError
 */
export class QuoteSigner {
  private readonly ttlMs: number;
  private readonly inPlayTtlMs: number;
  readonly now: () => number;

  constructor(private readonly o: QuoteSignerOptions) {
    this.ttlMs = o.ttlMs ?? 30_000;
    this.inPlayTtlMs = o.inPlayTtlMs ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** Loads the keys now (warm-up, Lambda init) so the first price does not wait for the secret store; never throws. */
  async prewarm(): Promise<boolean> {
    try {
      await this.o.keys.get();
      return true;
    } catch {
      return false; // the first price or verification tries again and reports it
    }
  }

  /** A quote for `fields`, signed with the current key; expires after the pre-match or in-play lifetime. */
  async sign(fields: QuoteFields, opts: { inPlay: boolean }): Promise<Quote> {
    return this.signWith(await this.o.keys.get(), fields, opts);
  }

  /** {@link sign} with the keys at hand (synchronous: what the signing benchmark measures). */
  signWith(ring: QuoteKeyRing, fields: QuoteFields, opts: { inPlay: boolean }): Quote {
    const now = this.now();
    const expiresAtMs = now + (opts.inPlay ? this.inPlayTtlMs : this.ttlMs);
    const id = newQuoteId(now);
    const legs = encodeLegs(fields.legs);
    // Keys in sorted order, so JSON.stringify is already canonical when every leg has a code (the usual case).
    const payload = {
      e: expiresAtMs,
      f: fields.fixtureId,
      i: id,
      l: legs,
      m: fields.modelVersion,
      o: fields.odds.decimal,
      p: fields.probability,
      r: fields.odds.fractional,
      v: fields.inputsVersion,
    };
    const json = legs.every((l) => typeof l === 'string') ? JSON.stringify(payload) : canonicalJson(payload);
    const signed = `${TOKEN_VERSION}.${ring.current.kid}.${Buffer.from(json, 'utf8').toString('base64url')}`;
    return {
      id,
      expiresAt: new Date(expiresAtMs).toISOString(),
      token: `${signed}.${mac(ring.current, signed)}`,
    };
  }

  /**
   * Checks a token's form, key and MAC (constant-time) and answers its signed fields. Does not check expiry or the
   * fixture's state (that is the verifier's job). Throws QuoteTokenError (`INVALID_QUOTE`) when it cannot be trusted.
   */
  async open(token: string): Promise<OpenedQuote> {
    if (token.length === 0 || token.length > MAX_TOKEN_CHARS) throw malformed('has the wrong length');
    const parts = token.split('.');
    if (parts.length !== 4) throw malformed('does not have four parts');
    const [version, kid, payloadB64, macB64] = parts as [string, string, string, string];
    if (version !== TOKEN_VERSION) {
      throw new QuoteTokenError('UNSUPPORTED_VERSION', 'the quote token is not a v1 token');
    }
    if (!KEY_ID_PATTERN.test(kid) || !B64URL.test(payloadB64) || !B64URL.test(macB64)) {
      throw malformed('has a character out of place');
    }
    const key = await this.o.keys.find(kid);
    if (key === undefined)
      throw new QuoteTokenError('UNKNOWN_KEY', 'the quote was signed with an unknown key');
    // Compare the MAC as text: two base64url strings can decode to the same bytes (unused low bits of the last
    // character), and a token must verify only exactly as it was issued.
    const expected = Buffer.from(mac(key, `${version}.${kid}.${payloadB64}`), 'latin1');
    const given = Buffer.from(macB64, 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new QuoteTokenError('BAD_SIGNATURE', 'the quote signature does not match');
    }
    return { ...readPayload(payloadB64), kid };
  }
}

function mac(key: QuoteKey, signed: string): string {
  return createHmac('sha256', key.key).update(signed, 'utf8').digest('base64url');
}

function malformed(why: string): QuoteTokenError {
  return new QuoteTokenError('MALFORMED', `the quote token ${why}`);
}

/** The signed fields of an authentic payload; still checked, so a format bug can never pass as a valid quote. */
function readPayload(payloadB64: string): Omit<OpenedQuote, 'kid'> {
  let json: string;
  let raw: unknown;
  try {
    json = Buffer.from(payloadB64, 'base64url').toString('utf8');
    raw = JSON.parse(json);
  } catch (err) {
    throw new QuoteTokenError('MALFORMED', 'the quote payload is not JSON', { cause: err });
  }
  const parsed = payloadSchema.safeParse(raw);
  if (!parsed.success || canonicalJson(raw) !== json) throw malformed('payload is not in the v1 form');
  const p = parsed.data;
  const legs = decodeLegs(p.l);
  const request = legs === undefined ? undefined : parsePriceRequest({ fixtureId: p.f, legs });
  if (request === undefined || !request.ok) throw malformed('legs are not valid legs');
  return {
    id: p.i,
    fixtureId: p.f,
    legs: request.value.legs,
    inputsVersion: p.v,
    modelVersion: p.m,
    probability: p.p,
    odds: { decimal: p.o, fractional: p.r },
    expiresAt: new Date(p.e).toISOString(),
    expiresAtMs: p.e,
  };
}
