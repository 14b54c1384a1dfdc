import type { ApiClient, ApiResponse } from '../../src/ApiClient';
import { BetPlacement, offeredOdds } from '../../src/BetPlacement';
import type { StoredOpinion } from '../../src/seed';

const FIXTURE = 'epl-2026-12-05-ars-che';
const LEGS = [
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
];

function stored(
  inputsVersion: number,
  homeGoals: number,
  status: 'OPEN' | 'SUSPENDED' = 'OPEN',
): StoredOpinion {
  return {
    fixtureId: FIXTURE,
    competition: 'Premier League',
    kickoff: '2026-12-05T15:00:00Z',
    status,
    home: { name: 'Arsenal', goals: homeGoals, cards: 1.6, corners: 5.8 },
    away: { name: 'Chelsea', goals: 1.1, cards: 1.8, corners: 4.7 },
    players: [],
    inputsVersion,
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
}

/** A priced bet as `POST /v1/price` answers it, at the offered odds of that version (the model's). */
function pricedAt(s: StoredOpinion) {
  return {
    fixtureId: FIXTURE,
    legs: LEGS,
    inputsVersion: s.inputsVersion,
    odds: { decimal: offeredOdds(s, LEGS)! },
    quote: { token: `t${s.inputsVersion}` },
  };
}

/**
 * The service's answers are scripted: these tests check bet placement's bookkeeping and its independent check of the
 * service (a faulty "accept everything" service must be caught), which a correct service cannot exercise.
 */
function scripted(answer: (token: string) => Partial<ApiResponse>): Pick<ApiClient, 'verifyQuote'> {
  return {
    verifyQuote: (token) =>
      Promise.resolve({ status: 200, headers: {}, text: '', json: undefined, ...answer(token) }),
  };
}
const accept = () => ({ status: 200, json: { valid: true } });

/** Bet placement verifying every priced bet at once against a service that accepts every quote, unless told. */
const placement = (o: Partial<ConstructorParameters<typeof BetPlacement>[0]> = {}) =>
  new BetPlacement({ api: scripted(accept), share: 1, delayMs: 0, random: () => 0, stored: [], ...o });

describe('BetPlacement', () => {
  it('prices legs with the pricing model: a stronger home side shortens "home win and over 2.5"', () => {
    expect(offeredOdds(stored(2, 2.4), LEGS)!).toBeLessThan(offeredOdds(stored(1, 1.5), LEGS)!);
  });

  it('counts an acceptance of older inputs as stale when the newer state offers shorter odds', async () => {
    // Prepare: priced at v1, then v2 (Arsenal much stronger) acknowledged before the verification
    const v1 = stored(1, 1.5);
    const bets = placement({ stored: [v1] });
    bets.onPriced(pricedAt(v1));
    bets.onWritten(stored(2, 2.4));

    // Act
    const outcomes = await bets.finish();

    // Assess
    expect(outcomes).toMatchObject({ verified: 1, accepted: 1, acceptedAfterMove: 1, staleAccepted: 1 });
    expect(outcomes.staleExamples[0]).toMatchObject({
      fixtureId: FIXTURE,
      quotedVersion: 1,
      stateVersions: [2],
    });
  });

  it('does not count it when the newer state offers odds at least as long', async () => {
    const v1 = stored(1, 1.5);
    const bets = placement({ stored: [v1] });
    bets.onPriced(pricedAt(v1));
    bets.onWritten(stored(2, 0.8));
    expect(await bets.finish()).toMatchObject({ accepted: 1, acceptedAfterMove: 1, staleAccepted: 0 });
  });

  it('does not check an acceptance when no newer version was acknowledged before the verification', async () => {
    const v1 = stored(1, 1.5);
    const bets = placement({ stored: [v1] });
    bets.onPriced(pricedAt(v1));
    expect(await bets.finish()).toMatchObject({ accepted: 1, acceptedAfterMove: 0, staleAccepted: 0 });
  });

  it('counts a suspended newer state as one the acceptance cannot have come from', async () => {
    const v1 = stored(1, 1.5);
    const bets = placement({ stored: [v1] });
    bets.onPriced(pricedAt(v1));
    bets.onWritten(stored(2, 0.8, 'SUSPENDED'));
    expect(await bets.finish()).toMatchObject({ staleAccepted: 1 });
  });

  it('sorts the answers into accepted, price changed, expired, suspended and other', async () => {
    // Prepare
    const answers: Record<string, Partial<ApiResponse>> = {
      t1: accept(),
      t2: { status: 409, json: { error: { code: 'PRICE_CHANGED' } } },
      t3: { status: 409, json: { error: { code: 'QUOTE_EXPIRED' } } },
      t4: { status: 409, json: { error: { code: 'FIXTURE_SUSPENDED' } } },
      t5: { status: 400, json: { error: { code: 'INVALID_QUOTE' } } },
    };
    const bets = placement({ api: scripted((t) => answers[t]!) });

    // Act
    for (const v of [1, 2, 3, 4, 5])
      bets.onPriced({ ...pricedAt(stored(v, 1.5)), quote: { token: `t${v}` } });
    const outcomes = await bets.finish();

    // Assess
    expect(outcomes).toMatchObject({
      verified: 5,
      accepted: 1,
      priceChanged: 1,
      expired: 1,
      suspended: 1,
      otherByCode: { '400 INVALID_QUOTE': 1 },
    });
  });

  it('verifies only the given share of priced bets', async () => {
    // Prepare: a generator that alternates 0.1, 0.9
    let i = 0;
    const bets = placement({ share: 0.5, random: () => (i++ % 2 === 0 ? 0.1 : 0.9) });

    // Act
    for (let k = 0; k < 10; k++) bets.onPriced(pricedAt(stored(1, 1.5)));

    // Assess
    expect((await bets.finish()).verified).toBe(5);
  });
});
