import type { ApiClient, ApiResponse } from './ApiClient';
import type { OpinionBody } from './types/traffic';

/** Seeding did not leave the expected fixtures readable: the test refuses to run on a half-seeded store. */
export class SeedVerificationError extends Error {
  readonly code = 'SEED_VERIFICATION_FAILED';
  override readonly name = 'SeedVerificationError';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** The stored item as the opinion routes return it: the opinion + inputsVersion + updatedAt. */
export interface StoredOpinion extends OpinionBody {
  inputsVersion: number;
  updatedAt: string;
}

/** Runs `fn` over items with at most `concurrency` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}

function describeFailure(r: ApiResponse): string {
  const err = (r.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  return `${r.status}${err?.code ? ` ${err.code}` : ''}${err?.message ? `: ${err.message}` : r.text ? `: ${r.text.slice(0, 200)}` : ''}`;
}

/**
 * Writes every opinion through the API (PUT /v1/fixtures/{id}) and returns the stored items.
 * `afterWrite` runs after each successful PUT (the local config C invokes the stream primer there).
 * Throws SeedVerificationError listing every failed write.
 *
 * @example
 * const stored = await seedFixtures(api, opinions, { concurrency: 8 });
 */
export async function seedFixtures(
  api: ApiClient,
  opinions: readonly OpinionBody[],
  o: { concurrency?: number; afterWrite?: (stored: StoredOpinion) => Promise<void> } = {},
): Promise<StoredOpinion[]> {
  const problems: string[] = [];
  const stored = await mapLimit(opinions, o.concurrency ?? 8, async (op) => {
    try {
      const r = await api.putOpinion(op);
      if (r.status !== 200) {
        problems.push(`PUT ${op.fixtureId}: ${describeFailure(r)}`);
        return undefined;
      }
      const item = r.json as StoredOpinion;
      if (o.afterWrite) await o.afterWrite(item);
      return item;
    } catch (err) {
      problems.push(`PUT ${op.fixtureId}: ${(err as Error).message}`);
      return undefined;
    }
  });
  if (problems.length > 0) {
    throw new SeedVerificationError(
      `seeding failed for ${problems.length} of ${opinions.length} fixtures`,
      problems,
    );
  }
  return stored as StoredOpinion[];
}

/**
 * Reads every fixture back (GET /v1/fixtures/{id}) and checks the count, the ids, the inputs and that
 * each has an inputsVersion; throws SeedVerificationError otherwise, so a load test never runs against
 * a store where some fixtures would only ever answer 404.
 *
 * @example
 * await verifySeeding(api, opinions);
 */
export async function verifySeeding(
  api: ApiClient,
  opinions: readonly OpinionBody[],
  o: { concurrency?: number; expectedCount?: number } = {},
): Promise<{ verified: number }> {
  const problems: string[] = [];
  const expected = o.expectedCount ?? opinions.length;
  if (new Set(opinions.map((x) => x.fixtureId)).size !== expected) {
    problems.push(
      `expected ${expected} distinct fixtures, the seed set has ${new Set(opinions.map((x) => x.fixtureId)).size}`,
    );
  }
  let verified = 0;
  await mapLimit(opinions, o.concurrency ?? 8, async (op) => {
    try {
      const r = await api.getOpinion(op.fixtureId);
      if (r.status !== 200) return void problems.push(`GET ${op.fixtureId}: ${describeFailure(r)}`);
      const got = r.json as Partial<StoredOpinion> | undefined;
      if (got?.fixtureId !== op.fixtureId)
        return void problems.push(`GET ${op.fixtureId}: answered fixtureId ${String(got?.fixtureId)}`);
      if (!Number.isInteger(got.inputsVersion) || (got.inputsVersion as number) < 1) {
        return void problems.push(
          `GET ${op.fixtureId}: no valid inputsVersion (${String(got.inputsVersion)})`,
        );
      }
      if (
        got.home?.goals !== op.home.goals ||
        got.away?.goals !== op.away.goals ||
        got.players?.length !== op.players.length
      ) {
        return void problems.push(`GET ${op.fixtureId}: stored inputs differ from what was written`);
      }
      verified++;
    } catch (err) {
      problems.push(`GET ${op.fixtureId}: ${(err as Error).message}`);
    }
  });
  if (verified !== expected) problems.push(`${verified} of ${expected} fixtures readable`);
  if (problems.length > 0) {
    throw new SeedVerificationError(
      `seeding verification failed: ${verified} of ${expected} fixtures verified`,
      problems,
    );
  }
  return { verified };
}
