import { randomFillSync } from 'node:crypto';

// Crockford's base32 (no I, L, O, U): what ULIDs use, so ids sort by time and read unambiguously.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Random bytes come from a pooled buffer: one randomFillSync per 256 ids instead of one per id (signing is hot).
const pool = Buffer.alloc(10 * 256);
let offset = pool.length;

/**
 * A new quote id, `q_` + a ULID: 48 bits of milliseconds since the epoch (so ids sort by issue time) and 80 random bits
 * (collision-free in practice), in 26 Crockford base32 characters.
 *
 * @example
 * newQuoteId(Date.parse('2026-12-05T15:00:00Z')); // 'q_01KBS…' (28 characters)
 */
export function newQuoteId(nowMs: number): string {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let out = 'q_';
  let t = Math.floor(nowMs);
  const time: string[] = new Array<string>(10);
  for (let i = 9; i >= 0; i--) {
    time[i] = ALPHABET[t % 32] as string;
    t = Math.floor(t / 32);
  }
  out += time.join('');
  // 80 random bits = 16 characters of 5 bits each, taken from 10 bytes as two 40-bit halves.
  for (let half = 0; half < 2; half++) {
    let bits = 0;
    for (let b = 0; b < 5; b++) bits = bits * 256 + (pool[offset + half * 5 + b] as number);
    let chunk = '';
    for (let i = 0; i < 8; i++) {
      chunk = (ALPHABET[bits % 32] as string) + chunk;
      bits = Math.floor(bits / 32);
    }
    out += chunk;
  }
  offset += 10;
  return out;
}

/** `q_` + 26 Crockford base32 characters, the first of them at most 7 (a 48-bit time). */
export const QUOTE_ID_PATTERN = /^q_[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
