import { createSecretKey, type KeyObject } from 'node:crypto';
import { QuoteKeyError } from '../errors/QuoteKeyError';

/** Key ids travel in the token between dots: letters, digits, `_` and `-` only. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** HMAC-SHA256 keys shorter than this (bytes) are refused: a guessable key makes every quote forgeable. */
export const MIN_KEY_BYTES = 32;

/** One signing key: its id (in every token it signs) and the HMAC key. */
export interface QuoteKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/**
 * The keys a container signs and verifies with: the `current` key signs; tokens signed with `current` or `previous`
 * verify, so a rotation (new current, old current becomes previous) never refuses a quote issued just before it.
 *
 * @example
 * const ring = QuoteKeyRing.of({ kid: 'k2', key: 'new…' }, { kid: 'k1', key: 'old…' });
 * ring.find('k1'); // the previous key
 */
export class QuoteKeyRing {
  private constructor(
    readonly current: QuoteKey,
    readonly previous: QuoteKey | undefined,
  ) {}

  /** Validates the key ids and lengths (throws QuoteKeyError `INVALID_SECRET`, naming the bad one). */
  static of(
    current: { kid: string; key: string | Buffer },
    previous?: { kid: string; key: string | Buffer },
  ): QuoteKeyRing {
    const cur = toKey(current, 'current');
    const prev = previous === undefined ? undefined : toKey(previous, 'previous');
    if (prev !== undefined && prev.kid === cur.kid && !prev.key.equals(cur.key)) {
      throw new QuoteKeyError(
        'INVALID_SECRET',
        `current and previous quote keys share the key id '${cur.kid}'`,
      );
    }
    return new QuoteKeyRing(cur, prev);
  }

  /** The key with this id, or undefined. */
  find(kid: string): QuoteKey | undefined {
    if (kid === this.current.kid) return this.current;
    if (kid === this.previous?.kid) return this.previous;
    return undefined;
  }
}

function toKey(k: { kid: string; key: string | Buffer }, which: string): QuoteKey {
  if (typeof k.kid !== 'string' || !KEY_ID_PATTERN.test(k.kid)) {
    throw new QuoteKeyError(
      'INVALID_SECRET',
      `the ${which} quote key id must match ${KEY_ID_PATTERN.source}`,
    );
  }
  const bytes = typeof k.key === 'string' ? Buffer.from(k.key, 'utf8') : k.key;
  if (bytes.byteLength < MIN_KEY_BYTES) {
    throw new QuoteKeyError(
      'INVALID_SECRET',
      `the ${which} quote key '${k.kid}' is ${bytes.byteLength} bytes; at least ${MIN_KEY_BYTES} are required`,
    );
  }
  return { kid: k.kid, key: createSecretKey(bytes) };
}
