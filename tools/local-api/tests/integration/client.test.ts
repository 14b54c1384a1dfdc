import {
  FixtureNotFoundError,
  InvalidRequestError,
  PricingClient,
  VersionConflictError,
  type Opinion,
  type RequestSigner,
} from '@betbuilder/client';
import { ROUTES } from '@betbuilder/pricing-lambda';
import { MODEL_VERSION } from '@betbuilder/pricing-model';
import { useLocalApi } from '../support/localApi';
import { opinion } from '../support/http';

const ID = 'epl-2026-12-05-ars-che';

describe('@betbuilder/client against the local API', () => {
  useLocalApi({ table: 'opinions-client-test', primeOnWrite: 'await' }, (started) => {
    client = new PricingClient({ baseUrl: started.url, iam: { signer } });
    return Promise.resolve();
  });
  const signed: string[] = [];
  // Records what the client signs (and signs nothing: the local server has no IAM).
  const signer: RequestSigner = (req) => {
    signed.push(`${req.method} ${req.url.pathname}`);
    return Promise.resolve({ ...req.headers });
  };
  let client: PricingClient;

  it('writes, reads, lists and prices through every route, signing exactly the IAM ones', async () => {
    // Act
    const v1 = await client.putOpinion(ID, opinion() as Opinion);
    const v2 = await client.putOpinion(ID, opinion({ status: 'OPEN' }) as Opinion, {
      ifMatch: v1.inputsVersion,
    });
    const read = await client.getOpinion(ID);
    const listed = [];
    for await (const f of client.allFixtures({ limit: 1 })) listed.push(f);
    const priced = await client.price({
      fixtureId: ID,
      legs: [
        { market: 'MATCH_RESULT', selection: 'HOME' },
        { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
      ],
    });
    const verified = await client.verifyQuote(priced.quote.token);
    const health = await client.health();

    // Assess
    expect(verified).toMatchObject({ valid: true, quote: { fixtureId: ID, inputsVersion: 2 } });
    expect([v1.inputsVersion, v2.inputsVersion, read.inputsVersion]).toEqual([1, 2, 2]);
    expect(listed).toEqual([expect.objectContaining({ fixtureId: ID, inputsVersion: 2 })]);
    expect(priced).toMatchObject({ fixtureId: ID, inputsVersion: 2, modelVersion: MODEL_VERSION });
    expect(health.status).toBe('ok');
    const iamRoutes = ROUTES.filter((r) => r.auth === 'iam').map(
      (r) => `${r.method} ${r.path.replace('{fixtureId}', ID)}`,
    );
    expect([...new Set(signed)].sort()).toEqual(iamRoutes.sort());
  });

  it('throws the contract errors as their classes', async () => {
    // Act
    const stale = await client.putOpinion(ID, opinion() as Opinion, { ifMatch: 1 }).catch((e: unknown) => e);
    const missing = await client.getOpinion('epl-2030-01-01-non-eee').catch((e: unknown) => e);
    const bad = await client.listFixtures({ limit: 0 }).catch((e: unknown) => e);

    // Assess
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(missing).toBeInstanceOf(FixtureNotFoundError);
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect((bad as InvalidRequestError).details).toEqual([expect.objectContaining({ path: 'limit' })]);
  });
});
