/*
 * Quote benchmark: signing (the cost every 200 of POST /v1/price adds) and opening (the signature half of a
 * verification), for the contract's 4-leg bet and a 12-leg bet; also the token sizes.
 * Run: npx nx run pricing-lambda:bench   (no services needed)
 * Prints a table, then one JSON line (last line) starting with {"bench":"quotes".
 * Numbers on a shared machine are noisy: compare ratios within one run.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CONTRACT_EXAMPLE_LEGS, type Leg } from '@betbuilder/pricing-model';
import { QuoteKeyRing, QuoteSigner, StaticQuoteKeys, type QuoteFields } from '../src';
import { TWELVE_LEGS } from '../tests/support/quotes';

const TWELVE = TWELVE_LEGS;

const fields = (legs: readonly Leg[]): QuoteFields => ({
  fixtureId: 'epl-2026-12-05-ars-che',
  legs,
  inputsVersion: 3,
  modelVersion: '2026.12.1',
  probability: 0.0912345678901234,
  odds: { decimal: 9.5, fractional: '17/2' },
});

const ring = QuoteKeyRing.of({ kid: 'quote-key-2026-12-01', key: randomBytes(32) });
const signer = new QuoteSigner({ keys: new StaticQuoteKeys(ring) });

/** Per-operation times (µs) of `samples` batches of `batch` calls each, after a warm-up. */
function timeSync(fn: () => unknown, samples = 400, batch = 50): number[] {
  for (let i = 0; i < 2000; i++) fn();
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    out.push(((performance.now() - t0) * 1000) / batch);
  }
  return out;
}

async function timeAsync(fn: () => Promise<unknown>, samples = 400, batch = 50): Promise<number[]> {
  for (let i = 0; i < 2000; i++) await fn();
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    out.push(((performance.now() - t0) * 1000) / batch);
  }
  return out;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main(): Promise<void> {
  const rows: { case: string; p50Us: number; p95Us: number }[] = [];
  const add = (name: string, xs: number[]) =>
    rows.push({ case: name, p50Us: +pct(xs, 50).toFixed(2), p95Us: +pct(xs, 95).toFixed(2) });

  const four = fields(CONTRACT_EXAMPLE_LEGS);
  const twelve = fields(TWELVE);
  const fourToken = signer.signWith(ring, four, { inPlay: false }).token;
  const twelveToken = signer.signWith(ring, twelve, { inPlay: false }).token;

  // The floor: one HMAC-SHA256 of a token-sized string, nothing else.
  const signedPart = twelveToken.slice(0, twelveToken.lastIndexOf('.'));
  add(
    'hmac-sha256 only (12-leg input)',
    timeSync(() => createHmac('sha256', ring.current.key).update(signedPart).digest()),
  );
  add(
    'sign 4 legs (signWith, keys at hand)',
    timeSync(() => signer.signWith(ring, four, { inPlay: false })),
  );
  add(
    'sign 12 legs (signWith, keys at hand)',
    timeSync(() => signer.signWith(ring, twelve, { inPlay: false })),
  );
  add('sign 4 legs (sign: what a price pays)', await timeAsync(() => signer.sign(four, { inPlay: false })));
  add(
    'sign 12 legs (sign: what a price pays)',
    await timeAsync(() => signer.sign(twelve, { inPlay: false })),
  );
  add('open 4 legs (signature + fields)', await timeAsync(() => signer.open(fourToken)));
  add('open 12 legs (signature + fields)', await timeAsync(() => signer.open(twelveToken)));

  const sizes = {
    fourLegsBytes: Buffer.byteLength(fourToken),
    twelveLegsBytes: Buffer.byteLength(twelveToken),
  };
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  console.table(rows);
  console.log(`token bytes: 4 legs ${sizes.fourLegsBytes}, 12 legs ${sizes.twelveLegsBytes}`);
  // The goal is judged on the worst case a price pays: 12 legs, through the async sign().
  const sign12 = rows.find((r) => r.case.startsWith('sign 12 legs (sign:'))!;
  console.log(
    JSON.stringify({
      bench: 'quotes',
      node: process.version,
      rows,
      tokenBytes: sizes,
      signP50Us: sign12.p50Us,
      goals: { signP50UsAtMost: 20, tokenBytesBelow: 600 },
      meetsGoals: sign12.p50Us <= 20 && sizes.twelveLegsBytes < 600,
    }),
  );
}

void main();
