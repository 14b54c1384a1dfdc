import fc from 'fast-check';
import {
  ALL_SECTIONS,
  buildFixtureModel,
  buildModelSections,
  CONTRACT_EXAMPLE_IN_PLAY,
  fromCoreRecord,
  joinModel,
  price,
  sectionsNeeded,
  splitModel,
  toCoreRecord,
  toCountsRecord,
  toHalvesRecord,
  type BuiltSections,
  type CoreModel,
  type Leg,
  type ModelRecord,
  type Opinion,
  type RecordSection,
  type SectionName,
} from '../../src/index';
import { assertProperty, NEUTRAL, opinionInput, parsed } from './fixtures';
import { countLeg, firstGoalLeg, goalLeg, period, playerLeg } from './legArbitraries';

/** A record without the build's timings (the one field two builds of a version may differ in). */
function untimed(record: ModelRecord): unknown {
  const { timingsMs: _timings, ...meta } = record.meta as Record<string, unknown>;
  return { meta, arrays: record.arrays };
}

/** The price, or the error `price` throws (a NO_PRICE is an outcome like a price). */
function outcome(m: CoreModel, legs: readonly Leg[]): unknown {
  try {
    return price(m, legs);
  } catch (err) {
    return err;
  }
}

/** The chains a build ran, in order, seen through its hooks. */
function sectionsRun(opinion: Opinion, sections: readonly RecordSection[]): SectionName[] {
  const run: SectionName[] = [];
  buildModelSections(opinion, sections, {
    section: (name, fn) => {
      run.push(name);
      return fn();
    },
  });
  return run;
}

const asked: readonly (readonly RecordSection[])[] = [
  ['core'],
  ['core', 'cards'],
  ['core', 'corners'],
  ['core', 'halves'],
  ['core', 'cards', 'corners'],
  ALL_SECTIONS,
];

const early = {
  minute: 12,
  score: { home: 0, away: 0 },
  cards: { home: 0, away: 1 },
  corners: { home: 1, away: 0 },
  players: [],
};

const opinions: readonly [string, Opinion][] = [
  ['pre-match', parsed(opinionInput())],
  ['pre-match, no game state', parsed(opinionInput(NEUTRAL))],
  ['in-play, minute 63', parsed(opinionInput(undefined, { inPlay: CONTRACT_EXAMPLE_IN_PLAY }))],
  ['in-play, minute 12', parsed(opinionInput(undefined, { inPlay: early }))],
];

describe('buildModelSections: only the sections a bet needs (ADR 0035)', () => {
  it.each(opinions)(
    '%s: each section built alone is the whole build’s, bit for bit, and the answer holds what was asked',
    (_name, opinion) => {
      // Prepare: the sections of the whole model, as the primer writes them
      const whole = splitModel(buildFixtureModel(opinion));

      for (const sections of asked) {
        // Act
        const built: BuiltSections = buildModelSections(opinion, sections);

        // Assess: the same core record whichever chains ran; every section asked for, each the whole build's
        expect(untimed(toCoreRecord(built.core))).toEqual(untimed(toCoreRecord(whole.core)));
        for (const name of sections) {
          if (name === 'core') continue;
          expect(built[name]).toBeDefined();
        }
        const records = (s: Partial<BuiltSections>) => ({
          cards: s.cards && toCountsRecord(s.cards),
          corners: s.corners && toCountsRecord(s.corners),
          halves: s.halves && toHalvesRecord(s.halves),
        });
        // what was built is the whole build's (a section not built compares as absent on both sides)
        expect(records(built)).toEqual(
          records({
            ...(built.cards ? { cards: whole.cards } : {}),
            ...(built.corners ? { corners: whole.corners } : {}),
            ...(built.halves ? { halves: whole.halves } : {}),
          }),
        );
      }
    },
  );

  it('reads a core record of the earlier form (with the tables’ count caps) as the same core', () => {
    // Prepare: the core record as the code before ADR 0035 wrote it under schema 3
    const { core } = splitModel(buildFixtureModel(parsed(opinionInput())));
    const record = toCoreRecord(core);
    const meta = record.meta as Record<string, Record<string, unknown>>;
    const earlier: ModelRecord = {
      arrays: record.arrays,
      meta: {
        ...meta,
        cards: { ...meta.cards, maxHome: 14, maxAway: 13 },
        corners: { ...meta.corners, maxHome: 22, maxAway: 20 },
      },
    };

    // Act + Assess
    expect(fromCoreRecord(earlier)).toEqual(fromCoreRecord(record));
    expect(fromCoreRecord(earlier).cards).toEqual({ scoreCap: core.cards.scoreCap });
  });

  it('runs no count chain for a core, one chain for a full-time count, both for the halves', () => {
    // Prepare
    const opinion = parsed(opinionInput(undefined, { inPlay: early }));

    // Act + Assess
    expect(sectionsRun(opinion, ['core'])).toEqual(['goals', 'players']);
    expect(sectionsRun(opinion, ['core', 'cards'])).toEqual(['goals', 'cards', 'players']);
    expect(sectionsRun(opinion, ['core', 'corners'])).toEqual(['goals', 'corners', 'players']);
    expect(sectionsRun(opinion, ['core', 'halves'])).toEqual(['goals', 'cards', 'corners', 'players']);
    const { core } = buildModelSections(opinion, ['core']);
    expect(core.timingsMs.cards).toBe(0);
    expect(core.timingsMs.corners).toBe(0);
    // with every section, the answer joins back into a whole model
    const all = buildModelSections(opinion, ALL_SECTIONS);
    const whole = buildFixtureModel(opinion);
    expect({ ...joinModel(all.core, all), timingsMs: whole.timingsMs }).toEqual(whole);
  });

  it('prices any bet on the sections built for it exactly as on the whole model', () => {
    const models = opinions.map(([, o]) => ({ opinion: o, whole: buildFixtureModel(o) }));
    const legArb = fc.oneof(goalLeg(period), countLeg(period), playerLeg, firstGoalLeg);
    assertProperty(
      fc.property(
        fc.integer({ min: 0, max: models.length - 1 }),
        fc.array(legArb, { minLength: 1, maxLength: 5 }),
        (i, raw) => {
          const legs = raw as Leg[];
          const { opinion, whole } = models[i]!;
          const built = buildModelSections(opinion, sectionsNeeded(legs));
          // bit for bit (toStrictEqual compares numbers with Object.is)
          expect(outcome(joinModel(built.core, built), legs)).toStrictEqual(outcome(whole, legs));
        },
      ),
      { numRuns: 60 },
    );
  });
});
