import { MissingSectionError } from './MissingSectionError';
import { ModelRecordError } from './ModelRecordError';
import type { CountHalves } from './model/countTables';
import type { Leg } from './types/legs';
import type { CoreModel, FixtureModel, HalvesCap, ModelHalves, RecordSection } from './types/model';

const CORE_ONLY: readonly RecordSection[] = Object.freeze(['core']);
const CORE_AND_HALVES: readonly RecordSection[] = Object.freeze(['core', 'halves']);

/** Whether a leg is priced on a half's count table: a card or corner line (total or team) on the first or second half. */
function legNeedsHalves(leg: Leg): boolean {
  switch (leg.market) {
    case 'TOTAL_CARDS':
    case 'TEAM_CARDS':
    case 'TOTAL_CORNERS':
    case 'TEAM_CORNERS':
      return leg.period === 'FIRST_HALF' || leg.period === 'SECOND_HALF';
    default:
      return false;
  }
}

/**
 * The model sections a bet's legs are priced on: always `core`; `halves` too when a card or corner leg (total or team)
 * is on the first or second half, the only legs that read the per-half count tables. Every other leg — goals on any
 * period, half-time/full-time, first team to score, first goalscorer, players, full-time cards and corners — is
 * priced on the core alone, with the same result as on the whole model.
 *
 * @example
 * sectionsNeeded([{ market: 'TOTAL_GOALS', side: 'OVER', line: 0.5, period: 'FIRST_HALF' }]); // ['core']
 * sectionsNeeded([{ market: 'TOTAL_CORNERS', side: 'OVER', line: 4.5, period: 'SECOND_HALF' }]); // ['core', 'halves']
 */
export function sectionsNeeded(legs: readonly Leg[]): readonly RecordSection[] {
  for (const leg of legs) if (legNeedsHalves(leg)) return CORE_AND_HALVES;
  return CORE_ONLY;
}

/**
 * Whether the model holds its per-half count tables (a whole {@link FixtureModel}, not only its core).
 *
 * @example
 * const menu = hasHalves(model) ? marketMenu(model) : undefined;
 */
export function hasHalves(model: CoreModel): model is FixtureModel {
  return isCountHalves(model.periods.cards) && isCountHalves(model.periods.corners);
}

function isCountHalves(h: HalvesCap): h is CountHalves {
  return 'weights' in h && 'first' in h && 'second' in h;
}

/** A process's per-half tables, or {@link MissingSectionError} when the model is a core only. */
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
 * core-only model either prices a bet exactly as the whole model would or refuses it, never prices it partly.
 */
export function assertSections(model: CoreModel, legs: readonly Leg[]): void {
  if (sectionsNeeded(legs) === CORE_ONLY) return;
  halvesOf(model, 'cards');
  halvesOf(model, 'corners');
}

/**
 * A model's two cached sections: its core (every array but the per-half count tables, shared, not copied; the halves'
 * score caps kept) and its halves.
 *
 * @example
 * const { core, halves } = splitModel(buildFixtureModel(opinion));
 */
export function splitModel(model: FixtureModel): { core: CoreModel; halves: ModelHalves } {
  const { cards, corners } = model.periods;
  const core: CoreModel = {
    ...model,
    periods: {
      goals: model.periods.goals,
      cards: { scoreCap: cards.scoreCap },
      corners: { scoreCap: corners.scoreCap },
    },
  };
  const halves: ModelHalves = {
    section: 'halves',
    modelVersion: model.modelVersion,
    fixtureId: model.fixtureId,
    cards,
    corners,
  };
  joined.set(halves, { core, full: model });
  return { core, halves };
}

/** The whole model last joined from a halves section, and the core it was joined with. */
const joined = new WeakMap<ModelHalves, { core: CoreModel; full: FixtureModel }>();

/**
 * The whole model from its two sections (no copies). The same two objects always give the same model object, so the
 * per-model tables pricing derives on first use are derived once per pair, not once per price. Throws
 * {@link ModelRecordError} when the sections are not of one model (fixture, model version, score caps).
 *
 * @example
 * const model = joinModel(core, halves); // price(model, [{ market: 'TOTAL_CARDS', side: 'OVER', line: 1.5, period: 'FIRST_HALF' }])
 */
export function joinModel(core: CoreModel, halves: ModelHalves): FixtureModel {
  const have = joined.get(halves);
  if (have?.core === core) return have.full;
  if (
    core.fixtureId !== halves.fixtureId ||
    core.modelVersion !== halves.modelVersion ||
    core.periods.cards.scoreCap !== halves.cards.scoreCap ||
    core.periods.corners.scoreCap !== halves.corners.scoreCap
  ) {
    throw new ModelRecordError(
      `the halves of ${halves.fixtureId} (model ${halves.modelVersion}) are not of the core of ${core.fixtureId} (model ${core.modelVersion})`,
    );
  }
  const full: FixtureModel = {
    ...core,
    periods: { goals: core.periods.goals, cards: halves.cards, corners: halves.corners },
  };
  joined.set(halves, { core, full });
  return full;
}
