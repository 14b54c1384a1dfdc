import {
  buildFixtureModel,
  legSchema,
  marketMenu,
  parsePriceRequest,
  price,
  PricingError,
  type FixtureModel,
} from '@betbuilder/pricing-model';
import {
  WARMUP_BETS,
  WARMUP_MENU_BETS,
  WARMUP_OPINION,
  WARMUP_PRICE_ROUNDS,
  warmUpPricing,
  warmupMenuBets,
} from '../../src/warmupFixture';

const ALL_MARKETS = legSchema.options.map((o) => o.shape.market.value);
const legsOf = (bodies: readonly unknown[]) =>
  bodies.flatMap((b) => (b as { legs: { market: string }[] }).legs);

describe('the warm-up bets', () => {
  let model: FixtureModel;
  let menuLegs: unknown[];

  beforeAll(() => {
    model = buildFixtureModel(WARMUP_OPINION);
    menuLegs = marketMenu(model).flatMap((m) => m.selections.map((s) => s.leg));
  });

  it('name every market of the contract, and periods and the halves section, in the fixed bets', () => {
    // Act
    const legs = legsOf(WARMUP_BETS) as { market: string; period?: string }[];

    // Assess: a market added to the contract without a warm-up bet fails here
    expect(new Set(legs.map((l) => l.market))).toEqual(new Set(ALL_MARKETS));
    expect(legs.some((l) => l.period === 'FIRST_HALF' && l.market === 'TOTAL_CARDS')).toBe(true);
    expect(legs.some((l) => l.period === 'SECOND_HALF' && l.market === 'TEAM_CORNERS')).toBe(true);
  });

  it('draw valid bodies of 1 to 8 legs from the whole menu, the same ones every time', () => {
    // Act
    const bets = warmupMenuBets(menuLegs);

    // Assess
    expect(bets).toHaveLength(WARMUP_MENU_BETS);
    expect(warmupMenuBets(menuLegs)).toEqual(bets);
    for (const body of bets) {
      const parsed = parsePriceRequest(body);
      if (!parsed.ok) throw new Error(`${JSON.stringify(body)}: ${JSON.stringify(parsed.issues)}`);
      expect(parsed.value.legs.length).toBeGreaterThanOrEqual(1);
      expect(parsed.value.legs.length).toBeLessThanOrEqual(8);
    }
    const drawn = legsOf(bets) as { market: string; period?: string }[];
    expect(new Set(drawn.map((l) => l.market))).toEqual(new Set(ALL_MARKETS));
    expect(new Set(drawn.map((l) => l.period ?? 'FULL_TIME'))).toEqual(
      new Set(['FULL_TIME', 'FIRST_HALF', 'SECOND_HALF']),
    );
    expect(warmupMenuBets([])).toEqual([]);
  });

  it('price and refuse in a useful mix: both paths of the price code are warmed', () => {
    // Act
    let priced = 0;
    let refused = 0;
    for (const body of warmupMenuBets(menuLegs)) {
      const parsed = parsePriceRequest(body);
      if (!parsed.ok) continue;
      try {
        price(model, parsed.value.legs);
        priced++;
      } catch (err) {
        if (!(err instanceof PricingError)) throw err;
        refused++;
      }
    }

    // Assess
    expect(priced).toBeGreaterThan(WARMUP_MENU_BETS / 4);
    expect(refused).toBeGreaterThan(WARMUP_MENU_BETS / 4);
  });

  it('warmUpPricing prices every round within its budget, and stops at the budget', () => {
    // Act / Assess
    expect(warmUpPricing(model, 60_000)).toBe(WARMUP_PRICE_ROUNDS * WARMUP_MENU_BETS);
    expect(warmUpPricing(model, 60_000, 1)).toBe(WARMUP_MENU_BETS);
    expect(warmUpPricing(model, 0)).toBe(0);
  });
});
