import fc from 'fast-check';
import { ApiError, OpinionStore, parseFixtureListQuery, type FixtureSummary } from '../../src';
import { contractOpinion, freshTable, recordingLogger, useDynalite } from '../support/fixtures';

describe('the fixture list (OpinionStore.list over the byStatusKickoff index)', () => {
  const { dynamo, doc } = useDynalite();

  async function freshStore(): Promise<OpinionStore> {
    const tableName = await freshTable(dynamo.endpoint, 'list');
    return new OpinionStore({ tableName, dynamo: doc, timeoutMs: 1000, logger: recordingLogger() });
  }

  /** Every page, following nextCursor through parseFixtureListQuery as the handler does. */
  async function allPages(store: OpinionStore, query: Record<string, string>): Promise<FixtureSummary[][]> {
    const pages: FixtureSummary[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(parseFixtureListQuery({ ...query, ...(cursor ? { cursor } : {}) }));
      pages.push(page.fixtures);
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 100);
    return pages;
  }

  it('orders by kickoff (offsets normalised to UTC) then fixtureId, without a kickoff last, and pages through all', async () => {
    // Prepare
    const store = await freshStore();
    const written = [
      { id: 'fx-c', kickoff: '2026-12-05T15:00:00Z', status: 'OPEN' as const },
      { id: 'fx-a', kickoff: '2026-12-05T16:00:00+01:00', status: 'SUSPENDED' as const }, // = 15:00Z, id before fx-c
      { id: 'fx-b', kickoff: '2026-12-04T20:00:00Z', status: 'OPEN' as const },
      { id: 'fx-d', kickoff: undefined, status: 'OPEN' as const },
      { id: 'fx-e', kickoff: '2027-01-01T12:00:00Z', status: 'SUSPENDED' as const },
    ];
    for (const w of written) {
      const { kickoff: _k, ...rest } = contractOpinion({ fixtureId: w.id, status: w.status });
      await store.put(w.id, w.kickoff === undefined ? rest : { ...rest, kickoff: w.kickoff });
    }

    // Act
    const pages = await allPages(store, { limit: '2' });
    const open = await allPages(store, { status: 'OPEN', limit: '100' });

    // Assess
    expect(pages.map((p) => p.map((f) => f.fixtureId))).toEqual([
      ['fx-b', 'fx-a'],
      ['fx-c', 'fx-e'],
      ['fx-d'],
    ]);
    expect(open).toEqual([
      [
        expect.objectContaining({ fixtureId: 'fx-b' }),
        expect.objectContaining({ fixtureId: 'fx-c' }),
        expect.objectContaining({ fixtureId: 'fx-d' }),
      ],
    ]);
    expect(pages[0]![1]).toEqual({
      fixtureId: 'fx-a',
      competition: 'Premier League',
      kickoff: '2026-12-05T16:00:00+01:00',
      status: 'SUSPENDED',
      inputsVersion: 1,
      updatedAt: expect.any(String) as unknown,
      home: { name: 'Arsenal' },
      away: { name: 'Chelsea' },
    });
  });

  it('shows the current inputsVersion and status after an update moves a fixture between statuses', async () => {
    // Prepare
    const store = await freshStore();
    await store.put('fx-move', contractOpinion({ fixtureId: 'fx-move' }));

    // Act
    await store.put('fx-move', contractOpinion({ fixtureId: 'fx-move', status: 'SUSPENDED' }), {
      ifMatch: 1,
    });

    // Assess
    expect((await store.list({ status: 'OPEN', limit: 10 })).fixtures).toEqual([]);
    expect((await store.list({ status: 'SUSPENDED', limit: 10 })).fixtures).toEqual([
      expect.objectContaining({ fixtureId: 'fx-move', status: 'SUSPENDED', inputsVersion: 2 }),
    ]);
  });

  it("shows an in-play fixture's minute, and drops it once the state is cleared", async () => {
    // Prepare
    const store = await freshStore();
    const inPlay = {
      minute: 63.5,
      score: { home: 0, away: 0 },
      cards: { home: 0, away: 0 },
      corners: { home: 2, away: 1 },
      firstHalf: { score: { home: 0, away: 0 }, cards: { home: 0, away: 0 }, corners: { home: 1, away: 1 } },
      players: [],
    };
    await store.put('fx-live', { ...contractOpinion({ fixtureId: 'fx-live' }), inPlay });
    const during = (await store.list({ status: 'OPEN', limit: 10 })).fixtures;

    // Act
    await store.put('fx-live', contractOpinion({ fixtureId: 'fx-live' }), { ifMatch: 1 });

    // Assess
    expect(during.map((f) => f.inPlay)).toEqual([{ minute: 63.5 }]);
    expect((await store.list({ status: 'OPEN', limit: 10 })).fixtures.map((f) => 'inPlay' in f)).toEqual([
      false,
    ]);
  });

  it('lists every fixture exactly once in the reference order, whatever the page size and filter', async () => {
    // Prepare: one table, random kickoffs and statuses; the reference is a plain sort of what was written.
    const store = await freshStore();
    const rows = fc.sample(
      fc.record({
        day: fc.integer({ min: 1, max: 4 }),
        hour: fc.integer({ min: 10, max: 12 }),
        open: fc.boolean(),
      }),
      { numRuns: 24, seed: 7 },
    );
    const reference = rows.map((r, i) => ({
      fixtureId: `fx-${String(i).padStart(2, '0')}`,
      kickoff: `2026-12-0${r.day}T${r.hour}:00:00Z`,
      status: r.open ? ('OPEN' as const) : ('SUSPENDED' as const),
    }));
    for (const r of reference) await store.put(r.fixtureId, contractOpinion(r));
    const order = (xs: typeof reference) =>
      [...xs]
        .sort((a, b) => a.kickoff.localeCompare(b.kickoff) || a.fixtureId.localeCompare(b.fixtureId))
        .map((r) => r.fixtureId);

    for (const [limit, status] of [
      ['1', undefined],
      ['5', 'OPEN'],
      ['7', undefined],
      ['50', 'SUSPENDED'],
    ] as const) {
      // Act
      const pages = await allPages(store, { limit, ...(status ? { status } : {}) });

      // Assess
      expect(pages.flat().map((f) => f.fixtureId)).toEqual(
        order(reference.filter((r) => !status || r.status === status)),
      );
      expect(pages.slice(0, -1).every((p) => p.length === Number(limit))).toBe(true);
    }
  });

  it.each([
    [{ status: 'CLOSED' }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '0x10' }, 'limit'],
    [{ limit: '1e1' }, 'limit'],
    [{ limit: ' 1' }, 'limit'],
    [{ limit: '010' }, 'limit'],
    [{ limit: '' }, 'limit'],
    [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    [{ state: 'OPEN' }, 'state'],
  ])('refuses the query %j with INVALID_REQUEST naming %s', (query, path) => {
    // Act
    const act = () => parseFixtureListQuery(query);

    let caught: unknown;
    try {
      act();
    } catch (err) {
      caught = err;
    }

    // Assess
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe('INVALID_REQUEST');
    expect((caught as ApiError).details?.[0]?.path).toBe(path);
  });

  it.each([
    [{ status: 'SUSPENDED' }, { status: ['OPEN', 'SUSPENDED'] }, 'status'],
    [{ limit: '5' }, { limit: ['5', '5'] }, 'limit'],
  ])('refuses a parameter given more than once (%j, all values %j), naming %s', (query, multi, path) => {
    // Act
    let caught: unknown;
    try {
      parseFixtureListQuery(query, multi);
    } catch (err) {
      caught = err;
    }

    // Assess
    expect(caught).toBeInstanceOf(ApiError);
    expect([(caught as ApiError).code, (caught as ApiError).details?.map((d) => d.path)]).toEqual([
      'INVALID_REQUEST',
      [path],
    ]);
  });

  it('reads a parameter given once as before', () => {
    // Act + Assess
    expect(parseFixtureListQuery({ status: 'OPEN' }, { status: ['OPEN'] })).toEqual({
      status: 'OPEN',
      limit: 50,
      after: undefined,
    });
  });

  it('defaults the page size to 50', () => {
    // Act + Assess
    expect(parseFixtureListQuery(null)).toEqual({ limit: 50, after: undefined });
  });
});
