import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from '../../src/ApiClient';
import { createRng } from '../../src/random';
import { SeedVerificationError, seedFixtures, verifySeeding } from '../../src/seed';
import { makeOpinions } from '../../src/traffic';

// A minimal in-memory fixtures API with the contract's PUT/GET semantics, which can be told to lose
// writes: the real handlers run in the integration test; this one produces the failures to refuse.
function fakeApi(
  o: { dropIds?: Set<string>; failPut?: Set<string> } = {},
): Promise<{ url: string; server: Server }> {
  const store = new Map<string, Record<string, unknown>>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'PUT') {
        if (o.failPut?.has(id)) {
          res.writeHead(503).end('{"error":{"code":"DEPENDENCY_UNAVAILABLE","message":"down"}}');
          return;
        }
        const prev = store.get(id);
        const item = {
          ...(JSON.parse(body) as object),
          inputsVersion: ((prev?.inputsVersion as number) ?? 0) + 1,
          updatedAt: new Date().toISOString(),
        };
        if (!o.dropIds?.has(id)) store.set(id, item);
        res.writeHead(200).end(JSON.stringify(item));
        return;
      }
      const item = store.get(id);
      if (!item) res.writeHead(404).end('{"error":{"code":"FIXTURE_NOT_FOUND","message":"no"}}');
      else res.writeHead(200).end(JSON.stringify(item));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe('seedFixtures and verifySeeding', () => {
  const opinions = makeOpinions(12, createRng('seed-test'));
  let server: Server | undefined;
  let api: ApiClient | undefined;
  afterEach(async () => {
    api?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  it('writes every fixture and verifies them all', async () => {
    // Prepare
    const f = await fakeApi();
    server = f.server;
    api = new ApiClient({ baseUrl: f.url });

    // Act
    const stored = await seedFixtures(api, opinions);
    const v = await verifySeeding(api, opinions);

    // Assess
    expect(stored.map((s) => s.inputsVersion)).toEqual(new Array(12).fill(1));
    expect(v.verified).toBe(12);
  });

  it('refuses to run when a written fixture cannot be read back', async () => {
    // Prepare: the store silently loses one write
    const lost = opinions[3]!.fixtureId;
    const f = await fakeApi({ dropIds: new Set([lost]) });
    server = f.server;
    api = new ApiClient({ baseUrl: f.url });
    await seedFixtures(api, opinions);

    // Act
    const err = await verifySeeding(api, opinions).catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(SeedVerificationError);
    expect((err as SeedVerificationError).message).toContain('11 of 12');
    expect((err as SeedVerificationError).problems).toContain(`GET ${lost}: 404 FIXTURE_NOT_FOUND: no`);
  });

  it('reports every failed write', async () => {
    // Prepare
    const f = await fakeApi({ failPut: new Set([opinions[0]!.fixtureId, opinions[5]!.fixtureId]) });
    server = f.server;
    api = new ApiClient({ baseUrl: f.url });

    // Act
    const err = await seedFixtures(api, opinions).catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(SeedVerificationError);
    expect((err as SeedVerificationError).problems).toHaveLength(2);
    expect((err as SeedVerificationError).problems[0]).toContain('503 DEPENDENCY_UNAVAILABLE');
  });

  it('refuses when the seed set itself does not have the expected count', async () => {
    // Prepare
    const f = await fakeApi();
    server = f.server;
    api = new ApiClient({ baseUrl: f.url });
    await seedFixtures(api, opinions);

    // Act
    const err = await verifySeeding(api, opinions, { expectedCount: 13 }).catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(SeedVerificationError);
  });
});
