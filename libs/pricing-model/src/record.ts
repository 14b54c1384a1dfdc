import { ModelRecordError } from './ModelRecordError';
import { halfCountsOf, type CountHalves } from './model/countTables';
import type { GoalPeriods } from './model/periodGoals';
import { countShape, isWholeModel } from './sections';
import type {
  CoreModel,
  CountShape,
  CountTable,
  FixtureModel,
  InPlayModel,
  ModelCounts,
  ModelHalves,
  ModelRecord,
  RecordSection,
  TypedArrayLike,
} from './types/model';
import { MODEL_VERSION } from './version';

const TABLE_ARRAYS = ['joint', 'norm', 'home', 'away', 'total'] as const;

function tableArrays(prefix: string, table: CountTable): Record<string, TypedArrayLike> {
  const out: Record<string, TypedArrayLike> = {};
  for (const name of TABLE_ARRAYS) out[`${prefix}.${name}`] = table[name];
  return out;
}

const GOAL_PERIOD_ARRAYS = ['htHome', 'htAway', 'sh', 'shHome0', 'shAway0', 'ftRatio'] as const;

function goalPeriodMeta(g: GoalPeriods) {
  const { htWidth, htExtent, htNone, shWidth, shExtent, diffMin, diffMax, shNone0, offset } = g;
  return { htWidth, htExtent, htNone, shWidth, shExtent, diffMin, diffMax, shNone0, offset };
}

function halvesMeta(h: CountHalves) {
  return {
    scoreCap: h.scoreCap,
    nodes: h.weights.length,
    first: { maxHome: h.first.maxHome, maxAway: h.first.maxAway, slotCount: h.first.slotCount },
    second: { maxHome: h.second.maxHome, maxAway: h.second.maxAway, slotCount: h.second.slotCount },
  };
}

function halvesArrays(process: 'cards' | 'corners', h: CountHalves): Record<string, TypedArrayLike> {
  return {
    [`periods.${process}.weights`]: h.weights,
    [`periods.${process}.first`]: h.first.table,
    [`periods.${process}.firstSlots`]: h.first.slot,
    [`periods.${process}.second`]: h.second.table,
    [`periods.${process}.secondSlots`]: h.second.slot,
  };
}

function goalPeriodArrays(model: CoreModel): Record<string, TypedArrayLike> {
  const out: Record<string, TypedArrayLike> = {};
  for (const name of GOAL_PERIOD_ARRAYS) out[`periods.goals.${name}`] = model.periods.goals[name];
  return out;
}

const KIND = 'betbuilder.fixture-model';
const CORE_KIND = 'betbuilder.fixture-model.core';
const HALVES_KIND = 'betbuilder.fixture-model.halves';
const CARDS_KIND = 'betbuilder.fixture-model.cards';
const CORNERS_KIND = 'betbuilder.fixture-model.corners';

/** A count table's shape in a record that holds the table: its score cap and count caps. */
function tableShape(t: CountTable) {
  return { scoreCap: t.scoreCap, maxHome: t.maxHome, maxAway: t.maxAway };
}

/**
 * The metadata of a model's core, with `cards` / `corners` (the full-time tables' shapes, or their score caps) and
 * `periods.cards` / `periods.corners` (whole, or their score caps) as given.
 */
function coreMeta(
  kind: string,
  model: CoreModel,
  counts: { cards: unknown; corners: unknown },
  halves: { cards: unknown; corners: unknown },
) {
  return {
    kind,
    modelVersion: model.modelVersion,
    fixtureId: model.fixtureId,
    timingsMs: model.timingsMs,
    home: model.home,
    away: model.away,
    options: model.options,
    calibration: model.calibration,
    maxGoals: model.maxGoals,
    cards: counts.cards,
    corners: counts.corners,
    players: model.players,
    ...(model.inPlay ? { inPlay: model.inPlay } : {}),
    periods: { goals: goalPeriodMeta(model.periods.goals), cards: halves.cards, corners: halves.corners },
  };
}

function coreArrays(model: CoreModel): Record<string, TypedArrayLike> {
  return { goals: model.goals, ...goalPeriodArrays(model) };
}

const jsonSafe = (meta: unknown): unknown => JSON.parse(JSON.stringify(meta)) as unknown;

/**
 * Flattens a model into JSON-safe metadata plus named typed arrays (no copies), the form a cache stores.
 *
 * @example
 * const bytes = codec.encode(toRecord(model)); // e.g. binaryRecordCodec from @betbuilder/cache
 */
export function toRecord(model: FixtureModel): ModelRecord {
  const { cards, corners } = model.periods;
  return {
    meta: jsonSafe(
      coreMeta(
        KIND,
        model,
        { cards: tableShape(model.cards), corners: tableShape(model.corners) },
        { cards: halvesMeta(cards), corners: halvesMeta(corners) },
      ),
    ),
    arrays: {
      ...coreArrays(model),
      ...tableArrays('cards', model.cards),
      ...tableArrays('corners', model.corners),
      ...halvesArrays('cards', cards),
      ...halvesArrays('corners', corners),
    },
  };
}

/**
 * The record of a model's core section ({@link CoreModel}; of a whole model, its core): {@link toRecord}'s without the
 * count tables — full-time and per half —, of which it keeps the score caps (the same record whichever build made
 * the core: with its tables or without, ADR 0035).
 *
 * @example
 * const bytes = codec.encode(toCoreRecord(splitModel(model).core));
 */
export function toCoreRecord(model: CoreModel): ModelRecord {
  const caps = (p: 'cards' | 'corners') => ({ scoreCap: model.periods[p].scoreCap });
  return {
    meta: jsonSafe(
      coreMeta(
        CORE_KIND,
        model,
        { cards: countShape(model.cards), corners: countShape(model.corners) },
        { cards: caps('cards'), corners: caps('corners') },
      ),
    ),
    arrays: coreArrays(model),
  };
}

/**
 * The record of a model's full-time card or corner table ({@link ModelCounts}).
 *
 * @example
 * const bytes = codec.encode(toCountsRecord(splitModel(model).cards));
 */
export function toCountsRecord(counts: ModelCounts): ModelRecord {
  const meta = {
    kind: counts.section === 'cards' ? CARDS_KIND : CORNERS_KIND,
    modelVersion: counts.modelVersion,
    fixtureId: counts.fixtureId,
    table: tableShape(counts.table),
  };
  return { meta: jsonSafe(meta), arrays: tableArrays(counts.section, counts.table) };
}

/**
 * The record of a model's halves section ({@link ModelHalves}): the per-half card and corner tables.
 *
 * @example
 * const bytes = codec.encode(toHalvesRecord(splitModel(model).halves));
 */
export function toHalvesRecord(halves: ModelHalves): ModelRecord {
  const meta = {
    kind: HALVES_KIND,
    modelVersion: halves.modelVersion,
    fixtureId: halves.fixtureId,
    cards: halvesMeta(halves.cards),
    corners: halvesMeta(halves.corners),
  };
  return {
    meta: jsonSafe(meta),
    arrays: { ...halvesArrays('cards', halves.cards), ...halvesArrays('corners', halves.corners) },
  };
}

function fail(message: string): never {
  throw new ModelRecordError(`not a fixture model record of version ${MODEL_VERSION}: ${message}`);
}

function obj(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function int(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000)
    fail(`${what} is not a count`);
  return value;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${what} is not a number`);
  return value;
}

// Checked by tag, not instanceof: a record decoded in another realm (vm context, worker) is still a valid record.
function tagOf(value: unknown): string | undefined {
  return ArrayBuffer.isView(value)
    ? (value as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag]
    : undefined;
}

function f64(arrays: Record<string, unknown>, name: string, length: number): Float64Array {
  const a = arrays[name] as Float64Array;
  if (tagOf(a) !== 'Float64Array') fail(`array ${name} is not a Float64Array`);
  if (a.length !== length) fail(`array ${name} has length ${a.length}, expected ${length}`);
  return a;
}

function f32(arrays: Record<string, unknown>, name: string, length: number): Float32Array {
  const a = arrays[name] as Float32Array;
  if (tagOf(a) !== 'Float32Array') fail(`array ${name} is not a Float32Array`);
  if (a.length !== length) fail(`array ${name} has length ${a.length}, expected ${length}`);
  return a;
}

function shape(meta: unknown, prefix: string): CountShape {
  const m = obj(meta, prefix);
  return { scoreCap: int(m.scoreCap, `${prefix}.scoreCap`) };
}

function table(meta: unknown, arrays: Record<string, unknown>, prefix: string): CountTable {
  const m = obj(meta, prefix);
  const { scoreCap } = shape(m, prefix);
  const maxHome = int(m.maxHome, `${prefix}.maxHome`);
  const maxAway = int(m.maxAway, `${prefix}.maxAway`);
  const cells = (scoreCap + 1) * (scoreCap + 1);
  return {
    scoreCap,
    maxHome,
    maxAway,
    joint: f32(arrays, `${prefix}.joint`, cells * (maxHome + 1) * (maxAway + 1)),
    norm: f64(arrays, `${prefix}.norm`, cells),
    home: f64(arrays, `${prefix}.home`, cells * (maxHome + 1)),
    away: f64(arrays, `${prefix}.away`, cells * (maxAway + 1)),
    total: f64(arrays, `${prefix}.total`, cells * (maxHome + maxAway + 1)),
  };
}

function means(value: unknown, what: string) {
  const m = obj(value, what);
  return {
    goals: num(m.goals, `${what}.goals`),
    cards: num(m.cards, `${what}.cards`),
    corners: num(m.corners, `${what}.corners`),
  };
}

function pair(value: unknown, what: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) fail(`${what} is not a pair`);
  return [num(value[0], what), num(value[1], what)];
}

function intIn(value: unknown, what: string, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi)
    fail(`${what} is out of range`);
  return value;
}

function goalPeriods(meta: unknown, arrays: Record<string, unknown>, maxGoals: number): GoalPeriods {
  const m = obj(meta, 'periods.goals');
  const htWidth = int(m.htWidth, 'periods.goals.htWidth');
  const shWidth = int(m.shWidth, 'periods.goals.shWidth');
  const diffMin = intIn(m.diffMin, 'periods.goals.diffMin', -10_000, 10_000);
  const diffMax = intIn(m.diffMax, 'periods.goals.diffMax', diffMin, 10_000);
  const offset = pair(m.offset, 'periods.goals.offset');
  const a = (name: string, length: number) => f64(arrays, `periods.goals.${name}`, length);
  return {
    htWidth,
    htExtent: intIn(m.htExtent, 'periods.goals.htExtent', 0, htWidth - 1),
    shExtent: intIn(m.shExtent, 'periods.goals.shExtent', 0, shWidth - 1),
    htHome: a('htHome', htWidth * htWidth),
    htAway: a('htAway', htWidth * htWidth),
    htNone: num(m.htNone, 'periods.goals.htNone'),
    shWidth,
    diffMin,
    diffMax,
    sh: a('sh', (diffMax - diffMin + 1) * shWidth * shWidth),
    shHome0: a('shHome0', shWidth * shWidth),
    shAway0: a('shAway0', shWidth * shWidth),
    shNone0: num(m.shNone0, 'periods.goals.shNone0'),
    offset: [int(offset[0], 'periods.goals.offset'), int(offset[1], 'periods.goals.offset')],
    ftWidth: maxGoals + 1,
    ftRatio: a('ftRatio', (maxGoals + 1) * (maxGoals + 1)),
  };
}

function inPlayMeta(value: unknown): InPlayModel {
  const m = obj(value, 'inPlay');
  const counts = (k: string) => {
    const c = obj(m[k], `inPlay.${k}`);
    return { first: pair(c.first, `inPlay.${k}.first`), second: pair(c.second, `inPlay.${k}.second`) };
  };
  const fg = m.firstGoal === undefined ? undefined : obj(m.firstGoal, 'inPlay.firstGoal');
  if (fg && fg.team !== 'HOME' && fg.team !== 'AWAY') fail('inPlay.firstGoal.team is malformed');
  return {
    minute: num(m.minute, 'inPlay.minute'),
    score: pair(m.score, 'inPlay.score'),
    cards: counts('cards'),
    corners: counts('corners'),
    ...(fg
      ? {
          firstGoal: {
            team: fg.team as 'HOME' | 'AWAY',
            ...(typeof fg.playerId === 'string' ? { playerId: fg.playerId } : {}),
          },
        }
      : {}),
  };
}

function countHalves(meta: unknown, arrays: Record<string, unknown>, process: string): CountHalves {
  const m = obj(meta, `periods.${process}`);
  const scoreCap = int(m.scoreCap, `periods.${process}.scoreCap`);
  const nodes = int(m.nodes, `periods.${process}.nodes`);
  const cells = (scoreCap + 1) * (scoreCap + 1);
  const half = (name: 'first' | 'second') => {
    const h = obj(m[name], `periods.${process}.${name}`);
    const maxHome = int(h.maxHome, `periods.${process}.${name}.maxHome`);
    const maxAway = int(h.maxAway, `periods.${process}.${name}.maxAway`);
    const slotCount = intIn(h.slotCount, `periods.${process}.${name}.slotCount`, 1, cells + 1);
    const slot = arrays[`periods.${process}.${name}Slots`] as Int32Array;
    if (tagOf(slot) !== 'Int32Array' || slot.length !== cells)
      fail(`array periods.${process}.${name}Slots is malformed`);
    if (slot.some((s) => s < 0 || s >= slotCount))
      fail(`array periods.${process}.${name}Slots is out of range`);
    const length = nodes * slotCount * (maxHome + 1) * (maxAway + 1);
    const table = f32(arrays, `periods.${process}.${name}`, length);
    // the one-count marginals are not stored: derived on first use
    return halfCountsOf(maxHome, maxAway, slotCount, slot, table);
  };
  return {
    scoreCap,
    weights: f64(arrays, `periods.${process}.weights`, nodes),
    first: half('first'),
    second: half('second'),
  };
}

/**
 * Every field of a model's core but `periods`, checked, from a record's metadata and arrays (of the count tables their
 * shapes; a whole record's tables are read by {@link fromRecord}).
 */
function coreFields(meta: Record<string, unknown>, arrays: Record<string, unknown>, fixtureId: string) {
  const timings = obj(meta.timingsMs, 'timingsMs');
  const options = obj(meta.options, 'options');
  const calibration = obj(meta.calibration, 'calibration');
  if (typeof options.gameState !== 'boolean') fail('options.gameState is missing');
  if (!Array.isArray(meta.players)) fail('players is not an array');
  const players = meta.players.map((p: unknown, i) => {
    const o = obj(p, `players.${i}`);
    if (typeof o.playerId !== 'string' || (o.team !== 'HOME' && o.team !== 'AWAY'))
      fail(`players.${i} is malformed`);
    return {
      playerId: o.playerId,
      team: o.team,
      goalProbability: num(o.goalProbability, `players.${i}.goalProbability`),
      cardProbability: num(o.cardProbability, `players.${i}.cardProbability`),
      ...(o.goalsSoFar !== undefined ? { goalsSoFar: int(o.goalsSoFar, `players.${i}.goalsSoFar`) } : {}),
      ...(o.cardedSoFar !== undefined ? { cardedSoFar: o.cardedSoFar === true } : {}),
    } as const;
  });
  const maxGoals = int(meta.maxGoals, 'maxGoals');
  const periods = obj(meta.periods, 'periods');
  return {
    fields: {
      modelVersion: MODEL_VERSION,
      fixtureId,
      timingsMs: {
        goals: num(timings.goals, 'timingsMs.goals'),
        cards: num(timings.cards, 'timingsMs.cards'),
        corners: num(timings.corners, 'timingsMs.corners'),
        players: num(timings.players, 'timingsMs.players'),
      },
      home: means(meta.home, 'home'),
      away: means(meta.away, 'away'),
      options: {
        dixonColesRho: num(options.dixonColesRho, 'options.dixonColesRho'),
        gameState: options.gameState,
        cornersDispersion: num(options.cornersDispersion, 'options.cornersDispersion'),
      },
      calibration: {
        goals: pair(calibration.goals, 'calibration.goals'),
        cards: pair(calibration.cards, 'calibration.cards'),
        corners: pair(calibration.corners, 'calibration.corners'),
        goalIterations: int(calibration.goalIterations, 'calibration.goalIterations'),
      },
      maxGoals,
      goals: f64(arrays, 'goals', (maxGoals + 1) * (maxGoals + 1)),
      cards: shape(meta.cards, 'cards'),
      corners: shape(meta.corners, 'corners'),
      players,
      ...(meta.inPlay !== undefined ? { inPlay: inPlayMeta(meta.inPlay) } : {}),
    },
    goalPeriods: goalPeriods(periods.goals, arrays, maxGoals),
    periods,
  };
}

/** A record's metadata and arrays, checked to be of `kind`, of this MODEL_VERSION and of a fixture. */
function parts(record: ModelRecord, kind: string) {
  const r = obj(record, 'record');
  const meta = obj(r.meta, 'meta');
  const arrays = obj(r.arrays, 'arrays');
  if (meta.kind !== kind)
    fail(meta.kind === undefined ? 'meta.kind is missing' : `it is a ${JSON.stringify(meta.kind)}`);
  if (meta.modelVersion !== MODEL_VERSION) fail(`it was built by model version ${String(meta.modelVersion)}`);
  if (typeof meta.fixtureId !== 'string') fail('meta.fixtureId is missing');
  return { meta, arrays, fixtureId: meta.fixtureId };
}

/**
 * Rebuilds a model from {@link toRecord}'s output (the arrays are used as they are, not copied).
 * Throws an error with code `INVALID_MODEL_RECORD` when the record is not a model of this {@link MODEL_VERSION},
 * so a cache entry written by another model version is recomputed rather than misread.
 *
 * @example
 * const model = fromRecord(codec.decode(bytes));
 */
export function fromRecord(record: ModelRecord): FixtureModel {
  const { meta, arrays, fixtureId } = parts(record, KIND);
  const { fields, goalPeriods: goals, periods } = coreFields(meta, arrays, fixtureId);
  return {
    ...fields,
    cards: table(meta.cards, arrays, 'cards'),
    corners: table(meta.corners, arrays, 'corners'),
    periods: {
      goals,
      cards: countHalves(periods.cards, arrays, 'cards'),
      corners: countHalves(periods.corners, arrays, 'corners'),
    },
  };
}

/**
 * Rebuilds a core section from {@link toCoreRecord}'s output (no copies); `INVALID_MODEL_RECORD` as {@link fromRecord}.
 *
 * @example
 * const core = fromCoreRecord(codec.decode(bytes)); // price(core, legs) when sectionsNeeded(legs) is ['core']
 */
export function fromCoreRecord(record: ModelRecord): CoreModel {
  const { meta, arrays, fixtureId } = parts(record, CORE_KIND);
  const { fields, goalPeriods: goals, periods } = coreFields(meta, arrays, fixtureId);
  const cap = (p: 'cards' | 'corners') => ({
    scoreCap: int(obj(periods[p], `periods.${p}`).scoreCap, `periods.${p}.scoreCap`),
  });
  return { ...fields, periods: { goals, cards: cap('cards'), corners: cap('corners') } };
}

/**
 * Rebuilds a full-time card or corner table from {@link toCountsRecord}'s output (no copies); `INVALID_MODEL_RECORD`
 * as {@link fromRecord}.
 *
 * @example
 * const model = joinModel(core, { cards: fromCountsRecord(codec.decode(bytes)) });
 */
export function fromCountsRecord(record: ModelRecord): ModelCounts {
  // Refused by parts unless it is one of the two kinds (a record of neither is checked against the cards kind).
  const section = obj(obj(record, 'record').meta, 'meta').kind === CORNERS_KIND ? 'corners' : 'cards';
  const { meta, arrays, fixtureId } = parts(record, section === 'cards' ? CARDS_KIND : CORNERS_KIND);
  return {
    section,
    modelVersion: MODEL_VERSION,
    fixtureId,
    table: table(meta.table, arrays, section),
  };
}

/**
 * Rebuilds a halves section from {@link toHalvesRecord}'s output (no copies); `INVALID_MODEL_RECORD` as
 * {@link fromRecord}.
 *
 * @example
 * const model = joinModel(core, fromHalvesRecord(codec.decode(bytes)));
 */
export function fromHalvesRecord(record: ModelRecord): ModelHalves {
  const { meta, arrays, fixtureId } = parts(record, HALVES_KIND);
  return {
    section: 'halves',
    modelVersion: MODEL_VERSION,
    fixtureId,
    cards: countHalves(meta.cards, arrays, 'cards'),
    corners: countHalves(meta.corners, arrays, 'corners'),
  };
}

/** A cached section of a model: its core, a full-time count table, or its halves. */
export type ModelSection = CoreModel | ModelCounts | ModelHalves;

/**
 * Which section a cached section is.
 *
 * @example
 * if (sectionOf(value) !== 'cards') throw new Error('not a cards section'); // value is then a ModelCounts
 */
export function sectionOf(section: ModelSection): RecordSection {
  return 'section' in section ? section.section : 'core';
}

/**
 * The record of any section ({@link toCoreRecord}, {@link toCountsRecord} or {@link toHalvesRecord}): what one cache
 * of all four stores.
 *
 * @example
 * binaryRecordCodec<ModelSection>({ schemaId: 3, valueVersion, toRecord: toSectionRecord, fromRecord: fromSectionRecord });
 */
export function toSectionRecord(section: ModelSection): ModelRecord {
  if (!('section' in section)) return toCoreRecord(section);
  return section.section === 'halves' ? toHalvesRecord(section) : toCountsRecord(section);
}

/**
 * The section a {@link toSectionRecord} record holds, by its kind; `INVALID_MODEL_RECORD` for anything else (a
 * whole-model record of {@link toRecord} included).
 *
 * @example
 * const section = fromSectionRecord(codec.decode(bytes)); // CoreModel | ModelCounts | ModelHalves
 */
export function fromSectionRecord(record: ModelRecord): ModelSection {
  const kind = obj(obj(record, 'record').meta, 'meta').kind;
  if (kind === HALVES_KIND) return fromHalvesRecord(record);
  if (kind === CARDS_KIND || kind === CORNERS_KIND) return fromCountsRecord(record);
  return fromCoreRecord(record);
}

function recordBytes(record: ModelRecord): number {
  let bytes = Buffer.byteLength(JSON.stringify(record.meta));
  for (const array of Object.values(record.arrays)) bytes += array.byteLength;
  return bytes;
}

/**
 * Bytes a cached section occupies: its record's typed arrays plus its JSON metadata (what an L1 cache should count).
 *
 * @example
 * new TieredCache<ModelSection>({ l1: { maxBytes: 64 << 20, sizeOf: sectionByteSize }, ... })
 */
export function sectionByteSize(section: ModelSection): number {
  return recordBytes(toSectionRecord(section));
}

/**
 * Bytes the model occupies: the typed arrays plus the JSON metadata (what an L1 cache should count); of a model that
 * is not whole (a core, or a core joined with some of its sections), its core's.
 *
 * @example
 * new TieredCache({ l1: { maxBytes: 64 << 20, sizeOf: modelByteSize }, ... })
 */
export function modelByteSize(model: CoreModel): number {
  return recordBytes(isWholeModel(model) ? toRecord(model) : toCoreRecord(model));
}
