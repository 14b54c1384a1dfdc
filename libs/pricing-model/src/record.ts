import { ModelRecordError } from './ModelRecordError';
import type { CountTable, FixtureModel, ModelRecord, TypedArrayLike } from './types/model';
import { MODEL_VERSION } from './version';

const TABLE_ARRAYS = ['joint', 'norm', 'home', 'away', 'total'] as const;

function tableArrays(prefix: string, table: CountTable): Record<string, TypedArrayLike> {
  const out: Record<string, TypedArrayLike> = {};
  for (const name of TABLE_ARRAYS) out[`${prefix}.${name}`] = table[name];
  return out;
}

/**
 * Flattens a model into JSON-safe metadata plus named typed arrays (no copies), the form a cache stores.
 *
 * @example
 * const bytes = codec.encode(toRecord(model)); // e.g. binaryRecordCodec from @betbuilder/cache
 */
export function toRecord(model: FixtureModel): ModelRecord {
  const meta = {
    kind: 'betbuilder.fixture-model',
    modelVersion: model.modelVersion,
    fixtureId: model.fixtureId,
    timingsMs: model.timingsMs,
    home: model.home,
    away: model.away,
    options: model.options,
    calibration: model.calibration,
    maxGoals: model.maxGoals,
    cards: { scoreCap: model.cards.scoreCap, maxHome: model.cards.maxHome, maxAway: model.cards.maxAway },
    corners: {
      scoreCap: model.corners.scoreCap,
      maxHome: model.corners.maxHome,
      maxAway: model.corners.maxAway,
    },
    players: model.players,
  };
  return {
    meta: JSON.parse(JSON.stringify(meta)) as unknown,
    arrays: {
      goals: model.goals,
      ...tableArrays('cards', model.cards),
      ...tableArrays('corners', model.corners),
    },
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

function table(meta: unknown, arrays: Record<string, unknown>, prefix: string): CountTable {
  const m = obj(meta, prefix);
  const scoreCap = int(m.scoreCap, `${prefix}.scoreCap`);
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

/**
 * Rebuilds a model from {@link toRecord}'s output (the arrays are used as they are, not copied).
 * Throws an error with code `INVALID_MODEL_RECORD` when the record is not a model of this {@link MODEL_VERSION},
 * so a cache entry written by another model version is recomputed rather than misread.
 *
 * @example
 * const model = fromRecord(codec.decode(bytes));
 */
export function fromRecord(record: ModelRecord): FixtureModel {
  const r = obj(record, 'record');
  const meta = obj(r.meta, 'meta');
  const arrays = obj(r.arrays, 'arrays');
  if (meta.kind !== 'betbuilder.fixture-model') fail('meta.kind is missing');
  if (meta.modelVersion !== MODEL_VERSION) fail(`it was built by model version ${String(meta.modelVersion)}`);
  if (typeof meta.fixtureId !== 'string') fail('meta.fixtureId is missing');
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
    } as const;
  });
  const maxGoals = int(meta.maxGoals, 'maxGoals');
  return {
    modelVersion: MODEL_VERSION,
    fixtureId: meta.fixtureId,
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
    cards: table(meta.cards, arrays, 'cards'),
    corners: table(meta.corners, arrays, 'corners'),
    players,
  };
}

/**
 * Bytes the model occupies: the typed arrays plus the JSON metadata (what an L1 cache should count).
 *
 * @example
 * new TieredCache({ l1: { maxBytes: 64 << 20, sizeOf: modelByteSize }, ... })
 */
export function modelByteSize(model: FixtureModel): number {
  const record = toRecord(model);
  let bytes = Buffer.byteLength(JSON.stringify(record.meta));
  for (const array of Object.values(record.arrays)) bytes += array.byteLength;
  return bytes;
}
