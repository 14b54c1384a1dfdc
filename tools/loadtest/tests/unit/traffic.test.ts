import {
  buildFixtureModel,
  parseOpinion,
  parsePriceRequest,
  price,
  PricingError,
  sectionsNeeded,
} from '@betbuilder/pricing-model';
import { planTraffic } from '../../src/plan';
import { createRng } from '../../src/random';
import { makeBet, makeOpinions, updateOpinion } from '../../src/traffic';

describe('makeOpinions', () => {
  it('generates opinions the pricing model accepts, with unique fixture ids', () => {
    // Act
    const opinions = makeOpinions(200, createRng('t').fork('fixtures'));

    // Assess
    expect(new Set(opinions.map((o) => o.fixtureId)).size).toBe(200);
    for (const o of opinions) {
      const r = parseOpinion(o, o.fixtureId);
      if (!r.ok) throw new Error(`${o.fixtureId}: ${JSON.stringify(r.issues)}`);
      expect(o.players.length).toBeGreaterThan(0);
      expect(o.players.length).toBeLessThanOrEqual(40);
    }
  });

  it('kicks every fixture off after the day it is generated on, whatever that day is', () => {
    for (const now of [Date.parse('2026-12-05T16:00:00Z'), Date.parse('2031-02-28T23:59:59Z')]) {
      // Act
      const kickoffs = makeOpinions(60, createRng('k'), now).map((o) => Date.parse(o.kickoff!));

      // Assess
      expect(Math.min(...kickoffs)).toBeGreaterThan(now);
      expect(Math.max(...kickoffs)).toBeLessThan(now + 30 * 86_400_000);
    }
  });

  it('is deterministic for a seed', () => {
    expect(makeOpinions(5, createRng('a'))).toEqual(makeOpinions(5, createRng('a')));
    expect(makeOpinions(5, createRng('a'))).not.toEqual(makeOpinions(5, createRng('b')));
  });
});

describe('makeBet', () => {
  it('draws valid bets of 1 to 8 legs whose players belong to the fixture', () => {
    // Prepare
    const rng = createRng('bets');
    const opinions = makeOpinions(20, rng.fork('f'));
    const sizes = new Set<number>();
    const markets = new Set<string>();

    // Act
    for (let i = 0; i < 2000; i++) {
      const o = opinions[i % opinions.length]!;
      const bet = makeBet(o, rng);

      // Assess
      const r = parsePriceRequest(bet);
      if (!r.ok) throw new Error(`${JSON.stringify(bet)}: ${JSON.stringify(r.issues)}`);
      expect(bet.fixtureId).toBe(o.fixtureId);
      expect(bet.legs.length).toBeGreaterThanOrEqual(1);
      expect(bet.legs.length).toBeLessThanOrEqual(8);
      sizes.add(bet.legs.length);
      for (const leg of bet.legs) {
        markets.add(leg.market);
        const playerId = 'playerId' in leg ? leg.playerId : undefined;
        expect(playerId === undefined || o.players.some((p) => p.playerId === playerId)).toBe(true);
      }
      expect(
        bet.legs.filter((l) => ['MATCH_RESULT', 'DOUBLE_CHANCE', 'CORRECT_SCORE'].includes(l.market)).length,
      ).toBeLessThanOrEqual(1);
    }
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(8);
    expect(markets.size).toBe(18); // every market of the contract
  });
});

describe('the market mix', () => {
  it('puts the v2 markets (handicap, clean sheet, win to nil, 2+/3+ scorers) in about a third of the legs', () => {
    // Prepare
    const rng = createRng('mix');
    const opinions = makeOpinions(20, rng.fork('f'));
    let legs = 0;
    let v2 = 0;
    const atLeast = new Set<number>();

    // Act
    for (let i = 0; i < 4000; i++) {
      for (const leg of makeBet(opinions[i % opinions.length]!, rng).legs) {
        legs++;
        const multi = leg.market === 'PLAYER_TO_SCORE' && leg.atLeast !== undefined;
        if (multi) atLeast.add(leg.atLeast!);
        if (multi || ['HANDICAP', 'CLEAN_SHEET', 'WIN_TO_NIL'].includes(leg.market)) v2++;
      }
    }

    // Assess
    expect(v2 / legs).toBeGreaterThan(0.27);
    expect(v2 / legs).toBeLessThan(0.4);
    expect([...atLeast].sort()).toEqual([2, 3]);
  });
});

describe('the period and first-goal legs', () => {
  it('puts a half period on about 10% of legs, and HT/FT, first goalscorer, first team on a few per cent each', () => {
    // Prepare
    const rng = createRng('periods');
    const opinions = makeOpinions(20, rng.fork('f'));
    let legs = 0;
    const count: Record<string, number> = { half: 0, halfCounts: 0, HALF_TIME_FULL_TIME: 0 };
    count.PLAYER_FIRST_GOALSCORER = 0;
    count.FIRST_TEAM_TO_SCORE = 0;

    // Act
    for (let i = 0; i < 4000; i++) {
      for (const leg of makeBet(opinions[i % opinions.length]!, rng).legs) {
        legs++;
        if ('period' in leg && leg.period !== undefined) count.half!++;
        if (sectionsNeeded([leg]).includes('halves')) count.halfCounts!++;
        if (leg.market in count) count[leg.market]!++;
      }
    }

    // Assess
    expect(count.half! / legs).toBeGreaterThan(0.07);
    expect(count.half! / legs).toBeLessThan(0.13);
    expect(count.halfCounts! / legs).toBeGreaterThan(0.005);
    expect(count.halfCounts! / legs).toBeLessThan(0.03);
    for (const m of ['HALF_TIME_FULL_TIME', 'PLAYER_FIRST_GOALSCORER', 'FIRST_TEAM_TO_SCORE']) {
      expect(count[m]! / legs).toBeGreaterThan(0.005);
      expect(count[m]! / legs).toBeLessThan(0.05);
    }
  });

  it('leaves about one bet in ten without a price (422 NO_PRICE), as before these legs', () => {
    // Prepare: the real model of each fixture
    const rng = createRng('no-price');
    const opinions = makeOpinions(10, rng.fork('f'));
    const models = opinions.map((o) => {
      const r = parseOpinion(o, o.fixtureId);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return buildFixtureModel(r.value);
    });
    let noPrice = 0;
    const bets = 1500;

    // Act
    for (let i = 0; i < bets; i++) {
      const bet = makeBet(opinions[i % opinions.length]!, rng);
      const r = parsePriceRequest(bet);
      if (!r.ok) throw new Error(`${JSON.stringify(bet)}: ${JSON.stringify(r.issues)}`);
      try {
        price(models[i % models.length]!, r.value.legs);
      } catch (err) {
        if (!(err instanceof PricingError) || err.code !== 'NO_PRICE') throw err;
        noPrice++;
      }
    }

    // Assess
    expect(noPrice / bets).toBeGreaterThan(0.03);
    expect(noPrice / bets).toBeLessThan(0.18);
  });
});

describe('updateOpinion', () => {
  it('nudges the inputs while keeping the opinion valid', () => {
    // Prepare
    const rng = createRng('u');
    let o = makeOpinions(1, rng)[0]!;
    const first = o;

    // Act: 200 successive trader updates
    for (let i = 0; i < 200; i++) o = updateOpinion(o, rng);

    // Assess
    const r = parseOpinion(o, o.fixtureId);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(o.home.goals).not.toBe(first.home.goals);
    expect(o.fixtureId).toBe(first.fixtureId);
  });
});

describe('planTraffic', () => {
  it('sends most requests to the most popular fixtures (Zipf) and replays identically for a seed', () => {
    // Act
    const p1 = planTraffic({ seed: '7', fixtures: 100, ratePerSec: 200, durationS: 10, updateRatePerSec: 2 });
    const p2 = planTraffic({ seed: '7', fixtures: 100, ratePerSec: 200, durationS: 10, updateRatePerSec: 2 });

    // Assess
    expect(p1.bets).toEqual(p2.bets);
    expect([...p1.priceOffsetsMs]).toEqual([...p2.priceOffsetsMs]);
    expect(p1.updateFixtures).toEqual(p2.updateFixtures);
    const top10 = new Set(p1.opinions.slice(0, 10).map((o) => o.fixtureId));
    const share = p1.bets.filter((b) => top10.has(b.fixtureId)).length / p1.bets.length;
    // Zipf(1) over 100: the top 10 carry H(10)/H(100) ≈ 56% of the traffic
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.62);
    expect(p1.updateOffsetsMs.length).toBeGreaterThan(5);
  });
});
