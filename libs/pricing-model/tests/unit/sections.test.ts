import fc from 'fast-check';
import {
  buildFixtureModel,
  CONTRACT_EXAMPLE_IN_PLAY,
  fromCoreRecord,
  fromHalvesRecord,
  fromRecord,
  fromSectionRecord,
  hasHalves,
  joinModel,
  legsProbability,
  marketMenu,
  MissingSectionError,
  modelByteSize,
  ModelRecordError,
  price,
  sectionByteSize,
  sectionsNeeded,
  splitModel,
  toCoreRecord,
  toHalvesRecord,
  toRecord,
  toSectionRecord,
  type CoreModel,
  type FixtureModel,
  type Leg,
  type ModelRecord,
} from '../../src/index';
import { assertProperty, modelOf, opinionInput, parsed } from './fixtures';
import { countLeg, firstGoalLeg, goalLeg, period, playerLeg } from './legArbitraries';

const model = modelOf(opinionInput());
const { core, halves } = splitModel(model);
const asLegs = (legs: unknown[]) => legs as Leg[];

/** What a cache does with a record: JSON the metadata, copy the arrays. */
function copied(record: ModelRecord): ModelRecord {
  return { meta: JSON.parse(JSON.stringify(record.meta)) as unknown, arrays: structuredClone(record.arrays) };
}

/** The price, or the error `price` throws (a NO_PRICE is an outcome like a price). */
function outcome(m: CoreModel, legs: readonly Leg[]): unknown {
  try {
    return price(m, legs);
  } catch (err) {
    return err;
  }
}

const isHalfCountLeg = (leg: Leg) =>
  ['TOTAL_CARDS', 'TEAM_CARDS', 'TOTAL_CORNERS', 'TEAM_CORNERS'].includes(leg.market) &&
  'period' in leg &&
  (leg.period === 'FIRST_HALF' || leg.period === 'SECOND_HALF');

describe('model sections', () => {
  it('splits a model into a core and its halves and joins them back into the same model', () => {
    // Act
    const joined = joinModel(core, halves);

    // Assess
    expect(joined).toBe(model); // the built model itself: its derived tables are not derived again
    expect(hasHalves(core)).toBe(false);
    expect(hasHalves(model)).toBe(true);
    expect(core.periods.cards).toEqual({ scoreCap: model.periods.cards.scoreCap });
    expect(core.goals).toBe(model.goals);
    expect(halves.corners).toBe(model.periods.corners);
  });

  it('round-trips both sections through their records into a model equal to the whole record’s', () => {
    // Act
    const c = fromCoreRecord(copied(toCoreRecord(core)));
    const h = fromHalvesRecord(copied(toHalvesRecord(halves)));
    const joined = joinModel(c, h);

    // Assess
    expect(joined).toEqual(fromRecord(copied(toRecord(model))));
    expect(joinModel(c, h)).toBe(joined); // one model object per pair of sections
    expect(c).toEqual(core);
    expect(fromSectionRecord(toSectionRecord(core))).toEqual(core);
    expect(fromSectionRecord(toSectionRecord(halves))).toEqual(halves);
  });

  it('writes no per-half count table into the core, and every one into the halves', () => {
    // Act
    const coreNames = Object.keys(toCoreRecord(model).arrays);
    const halvesNames = Object.keys(toHalvesRecord(halves).arrays);

    // Assess: the two records hold the whole record's arrays exactly once between them
    expect([...coreNames, ...halvesNames].sort()).toEqual(Object.keys(toRecord(model).arrays).sort());
    expect(coreNames.filter((n) => /^periods\.(cards|corners)\./.test(n))).toEqual([]);
    expect(halvesNames.every((n) => /^periods\.(cards|corners)\./.test(n))).toBe(true);
    // the halves are most of a model's bytes
    expect(sectionByteSize(halves)).toBeGreaterThan(sectionByteSize(core));
    expect(modelByteSize(core)).toBe(sectionByteSize(core));
    expect(Math.abs(sectionByteSize(core) + sectionByteSize(halves) - modelByteSize(model))).toBeLessThan(
      1024,
    );
  });

  it('refuses one section’s record as the other’s, a whole record as a section, and sections of two models', () => {
    // Prepare
    const other = buildFixtureModel(parsed(opinionInput(undefined, { fixtureId: 'epl-other-fixture' })));

    // Act + Assess
    expect(() => fromCoreRecord(toHalvesRecord(halves))).toThrow(ModelRecordError);
    expect(() => fromHalvesRecord(toCoreRecord(core))).toThrow(ModelRecordError);
    expect(() => fromSectionRecord(toRecord(model))).toThrow(ModelRecordError);
    expect(() => fromRecord(toCoreRecord(core))).toThrow(ModelRecordError);
    expect(() => joinModel(core, splitModel(other).halves)).toThrow(ModelRecordError);
  });

  it('says a bet needs the halves exactly when a card or corner leg is on a half, on every menu selection', () => {
    // Prepare: the menu lists every market on every period it is priced for
    const legs = marketMenu(model).flatMap((m) => m.selections.map((s) => s.leg));
    const markets = new Set(legs.map((l) => l.market));

    // Act + Assess
    expect(markets.size).toBeGreaterThan(15);
    for (const leg of legs) {
      expect(sectionsNeeded([leg])).toEqual(isHalfCountLeg(leg) ? ['core', 'halves'] : ['core']);
    }
    expect(legs.filter(isHalfCountLeg).length).toBeGreaterThan(0);
  });

  it('prices every menu selection the core needs no halves for on the core exactly as on the whole model', () => {
    // Prepare
    const selections = marketMenu(model).flatMap((m) => m.selections);
    const needsHalves = (s: (typeof selections)[number]) => sectionsNeeded([s.leg]).includes('halves');

    // Act + Assess
    for (const { leg, probability, odds } of selections.filter((s) => !needsHalves(s))) {
      const r = price(core, [leg]);
      expect(r.probability).toBe(probability);
      expect(r.odds).toEqual(odds);
    }
    for (const { leg } of selections.filter(needsHalves)) {
      expect(() => price(core, [leg])).toThrow(MissingSectionError);
    }
  });

  it('reads the halves for every leg said to need them (other halves, other prices)', () => {
    // Prepare: the same fixture with other card and corner means, so only the count tables differ in use
    const input = opinionInput();
    const other = buildFixtureModel(
      parsed({
        ...input,
        home: { ...input.home, cards: input.home.cards + 0.7, corners: input.home.corners + 1.3 },
      }),
    );
    const swapped = joinModel(core, { ...splitModel(other).halves });
    const halfLegs = marketMenu(model)
      .flatMap((m) => m.selections.map((s) => s.leg))
      .filter((l) => sectionsNeeded([l]).includes('halves'));

    // Act + Assess: every such leg's probability moves with the halves it is given
    expect(halfLegs.length).toBeGreaterThan(20);
    for (const leg of halfLegs) {
      expect(legsProbability(swapped, [leg])).not.toBe(legsProbability(model, [leg]));
    }
  });

  it('prices any bet on the core exactly as on the whole model when it needs no halves, else refuses it', () => {
    const legArb = fc.oneof(goalLeg(period), countLeg(period), playerLeg, firstGoalLeg);
    assertProperty(
      fc.property(fc.array(legArb, { minLength: 1, maxLength: 5 }), (raw) => {
        const legs = asLegs(raw);
        const needsHalves = sectionsNeeded(legs).includes('halves');
        const onCore = outcome(core, legs);
        const refused = onCore instanceof MissingSectionError ? 'refused: no halves' : onCore;
        // bit for bit when it needs no halves (toStrictEqual compares numbers with Object.is), else refused
        expect(refused).toStrictEqual(needsHalves ? 'refused: no halves' : outcome(model, legs));
      }),
      { numRuns: 300 },
    );
  });

  it('prices in-play bets on the core as on the whole model (the halves so far live in the core)', () => {
    // Prepare
    const legs: Leg[][] = [
      [{ market: 'TOTAL_CARDS', side: 'OVER', line: 2.5 }],
      [{ market: 'HALF_TIME_FULL_TIME', halfTime: 'DRAW', fullTime: 'HOME' }],
      [
        { market: 'TOTAL_GOALS', side: 'OVER', line: 1.5, period: 'SECOND_HALF' },
        { market: 'PLAYER_TO_BE_CARDED', playerId: 'saka' },
      ],
    ];
    const inPlay = buildFixtureModel(parsed(opinionInput(undefined, { inPlay: CONTRACT_EXAMPLE_IN_PLAY })));

    // Act + Assess
    for (const m of [model, inPlay] as FixtureModel[]) {
      const c = fromCoreRecord(copied(toCoreRecord(m)));
      for (const bet of legs) expect(outcome(c, bet)).toStrictEqual(outcome(m, bet));
    }
  });
});
