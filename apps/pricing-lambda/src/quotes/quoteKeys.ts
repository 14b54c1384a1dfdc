import { randomBytes } from 'node:crypto';
import { QuoteKeyError } from '../errors/QuoteKeyError';
import { QuoteKeyRing, type QuoteKey } from './QuoteKeyRing';

/** Where a container's quote keys come from (Secrets Manager in AWS, a generated key locally). */
export interface QuoteKeySource {
  /** The keys to sign with. Throws QuoteKeyError when they cannot be loaded. */
  get(): Promise<QuoteKeyRing>;
  /**
   * The key with this id, or undefined when neither the current nor the previous key has it. A source that can
   * change (a secret being rotated) may re-read itself first, so a token signed by a container that already saw the
   * rotation still verifies here.
   */
  find(kid: string): Promise<QuoteKey | undefined>;
}

/**
 * Reads the quote-key secret: `{"current": {"kid", "key"}, "previous": {"kid", "key"}}` (`previous` optional) — the
 * shape a rotation writes — or `{"kid", "key"}`, a current key only: the shape CloudFormation's generated secret can
 * have (GenerateSecretString puts the generated key at a top-level field). `key` is at least 32 bytes of UTF-8 text.
 * Throws QuoteKeyError `INVALID_SECRET` naming what is wrong (never the key).
 *
 * @example
 * parseQuoteKeySecret('{"current":{"kid":"k2","key":"…"},"previous":{"kid":"k1","key":"…"}}').current.kid; // 'k2'
 */
export function parseQuoteKeySecret(text: string | undefined): QuoteKeyRing {
  if (text === undefined || text.trim() === '') {
    throw new QuoteKeyError('INVALID_SECRET', 'the quote key secret has no SecretString');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new QuoteKeyError('INVALID_SECRET', 'the quote key secret is not JSON');
  }
  if (!isRecord(json)) throw new QuoteKeyError('INVALID_SECRET', 'the quote key secret is not a JSON object');
  if (json.current === undefined) return QuoteKeyRing.of(keyOf(json, 'the secret'));
  const previous =
    json.previous === undefined || json.previous === null ? undefined : keyOf(json.previous, 'previous');
  return QuoteKeyRing.of(keyOf(json.current, 'current'), previous);
}

function keyOf(value: unknown, which: string): { kid: string; key: string } {
  if (!isRecord(value) || typeof value.kid !== 'string' || typeof value.key !== 'string') {
    throw new QuoteKeyError(
      'INVALID_SECRET',
      `${which} of the quote key secret needs string "kid" and "key"`,
    );
  }
  return { kid: value.kid, key: value.key };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A fixed key ring (no store behind it): a key generated at start (`npm start`, tests), or a ring a test builds.
 *
 * @example
 * const keys = new StaticQuoteKeys(); // one random 256-bit key, id 'local-<hex>'
 */
export class StaticQuoteKeys implements QuoteKeySource {
  readonly ring: QuoteKeyRing;

  constructor(ring?: QuoteKeyRing) {
    this.ring =
      ring ?? QuoteKeyRing.of({ kid: `local-${randomBytes(4).toString('hex')}`, key: randomBytes(32) });
  }

  get(): Promise<QuoteKeyRing> {
    return Promise.resolve(this.ring);
  }

  find(kid: string): Promise<QuoteKey | undefined> {
    return Promise.resolve(this.ring.find(kid));
  }
}
