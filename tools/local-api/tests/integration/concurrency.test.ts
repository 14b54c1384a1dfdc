import type { LocalApi } from '../../src';
import { useLocalApi } from '../support/localApi';
import { call, opinion } from '../support/http';

interface Stored {
  inputsVersion: number;
  competition: string;
}

const LEGS = [{ market: 'MATCH_RESULT', selection: 'HOME' }];
// Constant intensities build fast, so the primer keeps up with a write storm and the test stays short.
const body = (competition: string) => opinion({ competition, model: { gameState: false } });

/** Prices `fixtureId` one request after another until `done()`, recording each answer's inputsVersion. */
async function pricer(api: LocalApi, fixtureId: string, done: () => boolean): Promise<number[]> {
  const seen: number[] = [];
  while (!done()) {
    const res = await call<{ inputsVersion: number }>(api.url, 'POST', '/v1/price', {
      fixtureId,
      legs: LEGS,
    });
    // A 503 is the contract's answer when the store is slow (a busy shared machine); only prices are compared.
    if (res.status === 503) continue;
    if (res.status !== 200) throw new Error(`price answered ${res.status}: ${JSON.stringify(res.body)}`);
    seen.push(res.body.inputsVersion);
  }
  return seen;
}

/**
 * Runs `writers` writers to their end with two pricers on the fixture meanwhile, then waits for the primer; returns
 * the versions each pricer saw. A writer that fails stops the pricers too, so the failure is reported at once.
 */
async function writeWhilePricing(
  api: LocalApi,
  fixtureId: string,
  writers: number,
  writer: (w: number) => Promise<void>,
): Promise<number[][]> {
  let writing = true;
  const prices = [pricer(api, fixtureId, () => !writing), pricer(api, fixtureId, () => !writing)];
  try {
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  } finally {
    writing = false;
  }
  const seen = await Promise.all(prices);
  await api.idle();
  return seen;
}

const isNonDecreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]!);

describe('concurrent writers and prices on one fixture (real redis-server and dynalite)', () => {
  const { api } = useLocalApi({
    table: 'opinions-concurrency',
    // dynalite in its own process, as DynamoDB is: model builds on this event loop must not stall the store.
    services: { dynamo: { mode: 'process' } },
    primeOnWrite: 'background',
    // The subject is versions, not timeouts: a generous store budget keeps a busy shared machine from turning a
    // slow write into a 503.
    env: { DEPENDENCY_TIMEOUT_MS: '10000' },
  });

  it('If-Match writers: every acknowledged write has its own version, versions are continuous, the last is stored', async () => {
    // Prepare
    const id = 'epl-2026-12-08-if-match';
    const first = await call<Stored>(api.url, 'PUT', `/v1/fixtures/${id}`, body('initial'));
    const writers = 5;
    const writesEach = 4;
    const acked: { version: number; competition: string }[] = [];
    let conflicts = 0;
    const writer = async (w: number) => {
      for (let k = 0; k < writesEach; k++) {
        const competition = `writer ${w} write ${k}`;
        for (;;) {
          const current = await call<Stored>(api.url, 'GET', `/v1/fixtures/${id}`);
          const res = await call<Stored>(api.url, 'PUT', `/v1/fixtures/${id}`, body(competition), {
            'if-match': String(current.body.inputsVersion),
          });
          if (res.status === 409) {
            conflicts++;
            continue;
          }
          if (res.status !== 200) throw new Error(`PUT answered ${res.status}`);
          acked.push({ version: res.body.inputsVersion, competition });
          break;
        }
      }
    };

    // Act
    const seen = await writeWhilePricing(api, id, writers, writer);

    // Assess: versions 2..n+1 each acknowledged once (nothing lost, no two writes on one version), the last one stored
    expect(first.body.inputsVersion).toBe(1);
    const versions = acked.map((a) => a.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: writers * writesEach }, (_, i) => i + 2));
    const last = acked.find((a) => a.version === writers * writesEach + 1)!;
    const stored = await call<Stored>(api.url, 'GET', `/v1/fixtures/${id}`);
    expect(stored.body).toMatchObject({ inputsVersion: last.version, competition: last.competition });
    expect(conflicts).toBeGreaterThan(0); // the writers did race
    for (const s of seen) expect(isNonDecreasing(s)).toBe(true);
  }, 120_000);

  it('unconditional writers: all 200, versions continuous; prices in between never go back in version', async () => {
    // Prepare
    const id = 'epl-2026-12-08-no-match';
    await call(api.url, 'PUT', `/v1/fixtures/${id}`, body('initial'));
    const writers = 10;
    const writesEach = 5;
    const statuses: number[] = [];
    const versions: number[] = [];
    const writer = async (w: number) => {
      for (let k = 0; k < writesEach; k++) {
        const res = await call<Stored>(api.url, 'PUT', `/v1/fixtures/${id}`, body(`writer ${w} write ${k}`));
        statuses.push(res.status);
        if (res.status === 200) versions.push(res.body.inputsVersion);
      }
    };

    // Act
    const seen = await writeWhilePricing(api, id, writers, writer);
    const after = await call<{ inputsVersion: number }>(api.url, 'POST', '/v1/price', {
      fixtureId: id,
      legs: LEGS,
    });

    // Assess
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(versions.sort((a, b) => a - b)).toEqual(
      Array.from({ length: writers * writesEach }, (_, i) => i + 2),
    );
    for (const s of seen) expect(isNonDecreasing(s)).toBe(true);
    expect(seen.flat().length).toBeGreaterThan(0);
    expect(after.body.inputsVersion).toBe(writers * writesEach + 1);
  }, 120_000);
});
