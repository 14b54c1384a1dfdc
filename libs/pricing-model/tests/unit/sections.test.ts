import fc from 'fast-check';
import {
  ALL_SECTIONS,
  buildFixtureModel,
  CONTRACT_EXAMPLE_IN_PLAY,
  fromCoreRecord,
  fromCountsRecord,
  fromHalvesRecord,
  fromRecord,
  fromSectionRecord,
  hasHalves,
  isWholeModel,
  joinModel,
  legsProbability,
  marketMenu,
  MissingSectionError,
  modelByteSize,
  ModelRecordError,
  price,
  sectionByteSize,
  sectionOf,
  sectionsNeeded,
  splitModel,
  toCoreRecord,
  toCountsRecord,
  toHalvesRecord,
  toRecord,
  toSectionRecord,
  type CoreModel,
  type FixtureModel,
  type Leg,
  type ModelParts,
  type ModelRecord,
  type ModelSections,
  type RecordSection,
} from '../../src/index';
import { assertProperty, modelOf, opinionInput, parsed } from './fixtures';
import { countLeg, firstGoalLeg, goalLeg, period, playerLeg } from './legArbitraries';

const model = modelOf(opinionInput());
const sections = splitModel(model);
const { core, cards, corners, halves } = sections;
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

/** The core joined with the named sections of `of`. */
function withSections(of: ModelSections, names: readonly RecordSection[]): CoreModel {
  const parts: {
    cards?: ModelSections['cards'];
    corners?: ModelSections['corners'];
    halves?: ModelSections['halves'];
  } = {};
  if (names.includes('cards')) parts.cards = of.cards;
  if (names.includes('corners')) parts.corners = of.corners;
  if (names.includes('halves')) parts.halves = of.halves;
  return joinModel(of.core, parts);
}

/** The rule, said independently of the code: which sections a single leg reads. */
function expectedSections(leg: Leg): RecordSection[] {
  const onAHalf = 'period' in leg && (leg.period === 'FIRST_HALF' || leg.period === 'SECOND_HALF');
  switch (leg.market) {
    case 'TOTAL_CARDS':
    case 'TEAM_CARDS':
      return onAHalf ? ['core', 'halves'] : ['core', 'cards'];
    case 'PLAYER_TO_BE_CARDED':
      return ['core', 'cards'];
    case 'TOTAL_CORNERS':
    case 'TEAM_CORNERS':
      return onAHalf ? ['core', 'halves'] : ['core', 'corners'];
    default:
      return ['core'];
  }
}

/** An outcome, with a refusal for a missing section as 'refused'. */
const refusedOr = (o: unknown) => (o instanceof MissingSectionError ? 'refused' : o);

const menuLegs = marketMenu(model).flatMap((m) => m.selections.map((s) => s.leg));

describe('model sections', () => {
  it('splits a model into a core and three sections and joins them back into the same model', () => {
    // Act
    const joined = joinModel(core, { cards, corners, halves });

    // Assess
    expect(joined).toBe(model); // the built model itself: its derived tables are not derived again
    expect(isWholeModel(core)).toBe(false);
    expect(hasHalves(core)).toBe(false);
    expect(isWholeModel(model)).toBe(true);
    expect(joinModel(core, {})).toBe(core);
    expect(core.cards).toEqual({ scoreCap: model.cards.scoreCap }); // no count caps: known only once a table is built
    expect(core.periods.cards).toEqual({ scoreCap: model.periods.cards.scoreCap });
    expect(core.goals).toBe(model.goals);
    expect(cards.table).toBe(model.cards);
    expect(corners.table).toBe(model.corners);
    expect(halves.corners).toBe(model.periods.corners);
    expect([core, cards, corners, halves].map(sectionOf)).toEqual(['core', 'cards', 'corners', 'halves']);
    expect(ALL_SECTIONS).toEqual(['core', 'cards', 'corners', 'halves']);
  });

  it('round-trips every section through its record into a model equal to the whole record’s', () => {
    // Act
    const c = fromCoreRecord(copied(toCoreRecord(core)));
    const parts = {
      cards: fromCountsRecord(copied(toCountsRecord(cards))),
      corners: fromCountsRecord(copied(toCountsRecord(corners))),
      halves: fromHalvesRecord(copied(toHalvesRecord(halves))),
    };
    const joined = joinModel(c, parts);

    // Assess
    expect(joined).toEqual(fromRecord(copied(toRecord(model))));
    expect(joinModel(c, parts)).toBe(joined); // one model object per combination of sections
    expect(joinModel(c, { cards: parts.cards })).toBe(joinModel(c, { cards: parts.cards }));
    expect(joinModel(c, { cards: parts.cards })).not.toBe(joined);
    expect(c).toEqual(core);
    for (const section of [core, cards, corners, halves]) {
      const again = fromSectionRecord(copied(toSectionRecord(section)));
      expect(sectionOf(again)).toBe(sectionOf(section));
      expect(toSectionRecord(again)).toEqual(toSectionRecord(section));
    }
  });

  it('writes each array of the whole record into exactly one section, the count tables out of the core', () => {
    // Act
    const names = {
      core: Object.keys(toCoreRecord(model).arrays),
      cards: Object.keys(toCountsRecord(cards).arrays),
      corners: Object.keys(toCountsRecord(corners).arrays),
      halves: Object.keys(toHalvesRecord(halves).arrays),
    };

    // Assess: the four records hold the whole record's arrays exactly once between them
    expect(Object.values(names).flat().sort()).toEqual(Object.keys(toRecord(model).arrays).sort());
    expect(names.core.filter((n) => /^(periods\.)?(cards|corners)\./.test(n))).toEqual([]);
    expect(names.cards.every((n) => n.startsWith('cards.'))).toBe(true);
    expect(names.corners.every((n) => n.startsWith('corners.'))).toBe(true);
    expect(names.halves.every((n) => /^periods\.(cards|corners)\./.test(n))).toBe(true);
    // the core is the smallest section by far: what most first reads of a fixture move
    const bytes = [core, cards, corners, halves].map(sectionByteSize);
    expect(bytes[0]! * 3).toBeLessThan(Math.min(...bytes.slice(1)));
    expect(modelByteSize(core)).toBe(sectionByteSize(core));
    expect(Math.abs(bytes.reduce((a, b) => a + b, 0) - modelByteSize(model))).toBeLessThan(3 * 1024);
  });

  it('refuses one section’s record as another’s, a whole record as a section, and sections of two models', () => {
    // Prepare
    const other = splitModel(
      buildFixtureModel(parsed(opinionInput(undefined, { fixtureId: 'epl-other-fixture' }))),
    );

    // Act + Assess
    expect(() => fromCoreRecord(toHalvesRecord(halves))).toThrow(ModelRecordError);
    expect(() => fromCoreRecord(toCountsRecord(cards))).toThrow(ModelRecordError);
    expect(() => fromHalvesRecord(toCoreRecord(core))).toThrow(ModelRecordError);
    expect(() => fromCountsRecord(toHalvesRecord(halves))).toThrow(ModelRecordError);
    expect(() => fromCountsRecord(toCoreRecord(core))).toThrow(ModelRecordError);
    expect(() => fromSectionRecord(toRecord(model))).toThrow(ModelRecordError);
    expect(() => fromRecord(toCoreRecord(core))).toThrow(ModelRecordError);
    expect(() => joinModel(core, { halves: other.halves })).toThrow(ModelRecordError);
    expect(() => joinModel(core, { cards: other.cards })).toThrow(ModelRecordError);
    expect(() => joinModel(core, { corners: other.corners })).toThrow(ModelRecordError);
    expect(() => joinModel(core, { cards: corners })).toThrow(ModelRecordError);
    expect(() => joinModel(core, { corners: cards })).toThrow(ModelRecordError);
  });

  it('says which sections each menu selection needs: cards or corners for a count leg, the halves on a half', () => {
    // Prepare: the menu lists every market on every period it is priced for
    const markets = new Set(menuLegs.map((l) => l.market));

    // Act + Assess
    expect(markets.size).toBeGreaterThan(15);
    for (const leg of menuLegs) expect(sectionsNeeded([leg])).toEqual(expectedSections(leg));
    for (const want of ALL_SECTIONS) {
      expect(menuLegs.filter((l) => sectionsNeeded([l]).includes(want)).length).toBeGreaterThan(0);
    }
    // a bet needs the union of its legs' sections, in one order
    expect(
      sectionsNeeded(
        asLegs([
          { market: 'TOTAL_CORNERS', side: 'OVER', line: 3.5, period: 'FIRST_HALF' },
          { market: 'PLAYER_TO_BE_CARDED', playerId: 'saka' },
        ]),
      ),
    ).toEqual(['core', 'cards', 'halves']);
  });

  it('prices every menu selection on the core with exactly its sections as on the whole model, and refuses it with one fewer', () => {
    // Act + Assess
    for (const { leg, probability, odds } of marketMenu(model).flatMap((m) => m.selections)) {
      const needed = sectionsNeeded([leg]);
      const r = price(withSections(sections, needed), [leg]);
      expect(r.probability).toBe(probability);
      expect(r.odds).toEqual(odds);
      for (const missing of needed.filter((s) => s !== 'core')) {
        const fewer = withSections(
          sections,
          needed.filter((s) => s !== missing),
        );
        expect(() => price(fewer, [leg])).toThrow(MissingSectionError);
      }
    }
  });

  it('reads each section for every leg said to need it (other tables, other prices)', () => {
    // Prepare: the same fixture with other card and corner means, so only the count tables differ in use
    const input = opinionInput();
    const other = splitModel(
      buildFixtureModel(
        parsed({
          ...input,
          home: { ...input.home, cards: input.home.cards + 0.7, corners: input.home.corners + 1.3 },
          away: { ...input.away, cards: input.away.cards + 0.4, corners: input.away.corners + 0.9 },
        }),
      ),
    );

    // Act + Assess: every leg's probability moves with each section it needs, taken from the other model
    for (const name of ['cards', 'corners', 'halves'] as const) {
      const legs = menuLegs.filter((l) => sectionsNeeded([l]).includes(name));
      expect(legs.length).toBeGreaterThan(20);
      for (const leg of legs) {
        const needed = sectionsNeeded([leg]);
        const parts: ModelParts = {
          ...(needed.includes('cards') ? { cards: name === 'cards' ? other.cards : cards } : {}),
          ...(needed.includes('corners') ? { corners: name === 'corners' ? other.corners : corners } : {}),
          ...(needed.includes('halves') ? { halves: name === 'halves' ? other.halves : halves } : {}),
        };
        const swapped = joinModel(core, parts);
        expect(legsProbability(swapped, [leg])).not.toBe(legsProbability(model, [leg]));
      }
    }
  });

  it('prices any bet on the core joined with exactly the sections it needs as on the whole model, else refuses it', () => {
    const legArb = fc.oneof(goalLeg(period), countLeg(period), playerLeg, firstGoalLeg);
    assertProperty(
      fc.property(fc.array(legArb, { minLength: 1, maxLength: 5 }), (raw) => {
        const legs = asLegs(raw);
        const needed = sectionsNeeded(legs);
        const whole = outcome(model, legs);
        // bit for bit (toStrictEqual compares numbers with Object.is)
        expect(outcome(withSections(sections, needed), legs)).toStrictEqual(whole);
        expect(refusedOr(outcome(core, legs))).toStrictEqual(needed.length > 1 ? 'refused' : whole);
        // without one of them: refused, or (a section the bet's other legs make unused) the same price — never another
        for (const missing of needed.slice(1)) {
          const fewer = withSections(
            sections,
            needed.filter((s) => s !== missing),
          );
          expect([whole, 'refused']).toContainEqual(refusedOr(outcome(fewer, legs)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('prices in-play bets on sections read from records as on the whole model (the counts so far live in the core)', () => {
    // Prepare
    const legs: Leg[][] = [
      [{ market: 'TOTAL_CARDS', side: 'OVER', line: 2.5 }],
      [{ market: 'HALF_TIME_FULL_TIME', halfTime: 'DRAW', fullTime: 'HOME' }],
      [
        { market: 'TOTAL_GOALS', side: 'OVER', line: 1.5, period: 'SECOND_HALF' },
        { market: 'PLAYER_TO_BE_CARDED', playerId: 'saka' },
      ],
      [{ market: 'TOTAL_CORNERS', side: 'UNDER', line: 4.5, period: 'SECOND_HALF' }],
    ];
    const inPlay = buildFixtureModel(parsed(opinionInput(undefined, { inPlay: CONTRACT_EXAMPLE_IN_PLAY })));

    // Act + Assess
    for (const m of [model, inPlay] as FixtureModel[]) {
      const split = splitModel(m);
      const read: ModelSections = {
        core: fromCoreRecord(copied(toCoreRecord(split.core))),
        cards: fromCountsRecord(copied(toCountsRecord(split.cards))),
        corners: fromCountsRecord(copied(toCountsRecord(split.corners))),
        halves: fromHalvesRecord(copied(toHalvesRecord(split.halves))),
      };
      for (const bet of legs) {
        expect(outcome(withSections(read, sectionsNeeded(bet)), bet)).toStrictEqual(outcome(m, bet));
      }
    }
  });
});
