import { MissingSectionError } from './MissingSectionError';
import { ModelRecordError } from './ModelRecordError';
import type { CountHalves } from './model/countTables';
import type { Leg } from './types/legs';
import type {
  CoreModel,
  CountShape,
  CountTable,
  FixtureModel,
  HalvesCap,
  ModelCounts,
  ModelHalves,
  RecordSection,
} from './types/model';

const CARDS = 1;
const CORNERS = 2;
const HALVES = 4;

/** Every answer of {@link sectionsNeeded}, by bit mask (cards 1, corners 2, halves 4), frozen: one array per answer. */
const NEEDED: readonly (readonly RecordSection[])[] = Array.from({ length: 8 }, (_, m) =>
  Object.freeze([
    'core' as const,
    ...(m & CARDS ? (['cards'] as const) : []),
    ...(m & CORNERS ? (['corners'] as const) : []),
    ...(m & HALVES ? (['halves'] as const) : []),
  ]),
);

function onAHalf(leg: { period?: string }): boolean {
  return leg.period === 'FIRST_HALF' || leg.period === 'SECOND_HALF';
}

/** The sections one leg is priced on, as a bit mask (see {@link sectionsNeeded}). */
function legSections(leg: Leg): number {
  switch (leg.market) {
    case 'TOTAL_CARDS':
    case 'TEAM_CARDS':
      return onAHalf(leg) ? HALVES : CARDS;
    case 'TOTAL_CORNERS':
    case 'TEAM_CORNERS':
      return onAHalf(leg) ? HALVES : CORNERS;
    case 'PLAYER_TO_BE_CARDED':
      return CARDS;
    default:
      return 0;
  }
}

/**
 * The model sections a bet's legs are priced on (ADR 0034): always `core` (goals, players, the halves' goals: every
 * goal, result, scorer and half-time leg); `cards` when a leg is on full-time cards (total, team, or a player carded),
 * `corners` when a leg is on full-time corners, `halves` when a card or corner leg is on the first or second half (a
 * half's count is priced on the per-half tables alone). A model joined from these sections prices the bet as the
 * whole model does, bit for bit; one missing any of them refuses the bet ({@link MissingSectionError}).
 *
 * @example
 * sectionsNeeded([{ market: 'TOTAL_GOALS', side: 'OVER', line: 0.5, period: 'FIRST_HALF' }]); // ['core']
 * sectionsNeeded([{ market: 'PLAYER_TO_BE_CARDED', playerId: 'saka' }]); // ['core', 'cards']
 * sectionsNeeded([{ market: 'TOTAL_CORNERS', side: 'OVER', line: 4.5, period: 'SECOND_HALF' }]); // ['core', 'halves']
 */
export function sectionsNeeded(legs: readonly Leg[]): readonly RecordSection[] {
  let m = 0;
  for (const leg of legs) m |= legSections(leg);
  return NEEDED[m]!;
}

/** The sections of a whole model: what the menu, a quote check and the warm-up read. */
export const ALL_SECTIONS: readonly RecordSection[] = NEEDED[CARDS | CORNERS | HALVES]!;

function isCountTable(t: CountShape): t is CountTable {
  return 'joint' in t;
}

function isCountHalves(h: HalvesCap): h is CountHalves {
  return 'weights' in h && 'first' in h && 'second' in h;
}

/**
 * Whether the model holds every section: its full-time count tables and its per-half tables (a whole
 * {@link FixtureModel}, not a core or a core joined with some of its sections).
 *
 * @example
 * const menu = isWholeModel(model) ? marketMenu(model) : undefined;
 */
export function isWholeModel(model: CoreModel): model is FixtureModel {
  return (
    isCountTable(model.cards) &&
    isCountTable(model.corners) &&
    isCountHalves(model.periods.cards) &&
    isCountHalves(model.periods.corners)
  );
}

/** Whether the model holds its per-half count tables (the halves section). */
export function hasHalves(model: CoreModel): boolean {
  return isCountHalves(model.periods.cards) && isCountHalves(model.periods.corners);
}

/** A process's full-time count table, or {@link MissingSectionError} when the model was read without its section. */
export function countTableOf(model: CoreModel, process: 'cards' | 'corners'): CountTable {
  const t = model[process];
  if (!isCountTable(t)) {
    throw new MissingSectionError(
      process,
      `the model of ${model.fixtureId} has no full-time ${process} table: a leg on ${process} needs the ${process} section`,
    );
  }
  return t;
}

/** A process's per-half tables, or {@link MissingSectionError} when the model was read without its halves. */
export function halvesOf(model: CoreModel, process: 'cards' | 'corners'): CountHalves {
  const h = model.periods[process];
  if (!isCountHalves(h)) {
    throw new MissingSectionError(
      'halves',
      `the model of ${model.fixtureId} has no per-half ${process} tables: a leg on a half's ${process} needs the halves section`,
    );
  }
  return h;
}

/**
 * Throws {@link MissingSectionError} when the model lacks a section the legs need (see {@link sectionsNeeded}), so a
 * model read in sections either prices a bet exactly as the whole model would or refuses it, never prices it partly.
 */
export function assertSections(model: CoreModel, legs: readonly Leg[]): void {
  const needed = sectionsNeeded(legs);
  if (needed.length === 1) return;
  for (const section of needed) {
    if (section === 'cards' || section === 'corners') countTableOf(model, section);
    else if (section === 'halves') {
      halvesOf(model, 'cards');
      halvesOf(model, 'corners');
    }
  }
}

/** What a core keeps of a count table it does not hold: its score cap ({@link CountShape}). */
export function countShape(t: CountShape): CountShape {
  return { scoreCap: t.scoreCap };
}

/** A model's cached sections (ADR 0034): the core and the three it is joined with as a bet's legs need. */
export interface ModelSections {
  readonly core: CoreModel;
  readonly cards: ModelCounts;
  readonly corners: ModelCounts;
  readonly halves: ModelHalves;
}

/** The sections a core may be joined with (each absent when a bet does not need it). */
export interface ModelParts {
  readonly cards?: ModelCounts | undefined;
  readonly corners?: ModelCounts | undefined;
  readonly halves?: ModelHalves | undefined;
}

/** What a build of some sections answers (`buildModelSections`): the core and the sections it built. */
export interface BuiltSections extends ModelParts {
  readonly core: CoreModel;
}

/**
 * A model's four cached sections: its core (goals, players, the halves' goals; of each count table its shape, of each
 * half's tables the score cap), its full-time card and corner tables, and its halves — arrays shared, not copied.
 *
 * @example
 * const { core, cards, corners, halves } = splitModel(buildFixtureModel(opinion));
 */
export function splitModel(model: FixtureModel): ModelSections {
  const ids = { modelVersion: model.modelVersion, fixtureId: model.fixtureId };
  const core: CoreModel = {
    ...model,
    cards: countShape(model.cards),
    corners: countShape(model.corners),
    periods: {
      goals: model.periods.goals,
      cards: { scoreCap: model.periods.cards.scoreCap },
      corners: { scoreCap: model.periods.corners.scoreCap },
    },
  };
  const sections: ModelSections = {
    core,
    cards: { section: 'cards', ...ids, table: model.cards },
    corners: { section: 'corners', ...ids, table: model.corners },
    halves: { section: 'halves', ...ids, cards: model.periods.cards, corners: model.periods.corners },
  };
  remember(sections.core, sections, model);
  return sections;
}

/** The key of a section a join was made without. */
const NONE = Object.freeze({});

/**
 * The models joined from each core: core → cards → corners → halves (each the section object, or NONE) → model. Weak at
 * every level, so a join lives only as long as every section it was made of (an evicted section's join goes with it)
 * and holds none of them.
 */
const joins = new WeakMap<object, WeakMap<object, WeakMap<object, WeakMap<object, CoreModel>>>>();

function level<V>(map: WeakMap<object, V>, key: object, make?: () => V): V | undefined {
  let v = map.get(key);
  if (v === undefined && make) map.set(key, (v = make()));
  return v;
}

function joined(core: CoreModel, parts: ModelParts): CoreModel | undefined {
  const byCards = joins.get(core);
  const byCorners = byCards && level(byCards, parts.cards ?? NONE);
  const byHalves = byCorners && level(byCorners, parts.corners ?? NONE);
  return byHalves && level(byHalves, parts.halves ?? NONE);
}

function remember(core: CoreModel, parts: ModelParts, model: CoreModel): void {
  const byCards = level(joins, core, () => new WeakMap())!;
  const byCorners = level(byCards, parts.cards ?? NONE, () => new WeakMap())!;
  const byHalves = level(byCorners, parts.corners ?? NONE, () => new WeakMap())!;
  byHalves.set(parts.halves ?? NONE, model);
}

function mismatch(
  core: CoreModel,
  what: string,
  section: { fixtureId: string; modelVersion: string },
): never {
  throw new ModelRecordError(
    `the ${what} of ${section.fixtureId} (model ${section.modelVersion}) are not of the core of ${core.fixtureId} (model ${core.modelVersion})`,
  );
}

/** A count table's score cap, what a section must share with its core (the count caps are the table's own). */
function sameCap(a: CountShape, b: CountShape): boolean {
  return a.scoreCap === b.scoreCap;
}

/**
 * The model from a core and the sections a bet needs (no copies): a {@link FixtureModel} when all three are given.
 * The same sections always give the same model object, so the per-model tables pricing derives on first use are
 * derived once per combination, not once per price; the whole model a core was split from is that model again.
 * Throws {@link ModelRecordError} when a section is not of the core's model (fixture, model version, table shapes).
 *
 * @example
 * const model = joinModel(core, { cards }); // price(model, [{ market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 }])
 */
export function joinModel(
  core: CoreModel,
  parts: ModelParts & { cards: ModelCounts; corners: ModelCounts; halves: ModelHalves },
): FixtureModel;
export function joinModel(core: CoreModel, parts: ModelParts): CoreModel;
export function joinModel(core: CoreModel, parts: ModelParts): CoreModel {
  const { cards, corners, halves } = parts;
  if (cards === undefined && corners === undefined && halves === undefined) return core;
  const have = joined(core, parts);
  if (have) return have;
  const of = (s: { fixtureId: string; modelVersion: string }) =>
    s.fixtureId === core.fixtureId && s.modelVersion === core.modelVersion;
  if (cards && (!of(cards) || cards.section !== 'cards' || !sameCap(cards.table, core.cards)))
    mismatch(core, 'cards', cards);
  if (corners && (!of(corners) || corners.section !== 'corners' || !sameCap(corners.table, core.corners)))
    mismatch(core, 'corners', corners);
  if (
    halves &&
    (!of(halves) ||
      halves.cards.scoreCap !== core.periods.cards.scoreCap ||
      halves.corners.scoreCap !== core.periods.corners.scoreCap)
  )
    mismatch(core, 'halves', halves);
  const model: CoreModel = {
    ...core,
    cards: cards?.table ?? core.cards,
    corners: corners?.table ?? core.corners,
    periods: halves
      ? { goals: core.periods.goals, cards: halves.cards, corners: halves.corners }
      : core.periods,
  };
  remember(core, parts, model);
  return model;
}
