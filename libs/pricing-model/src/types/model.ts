import type { CountHalves } from '../model/countTables';
import type { GoalPeriods } from '../model/periodGoals';
import type { Leg } from './legs';
import type { ResolvedModelOptions } from './opinion';

/** One validation problem: `path` joins the JSON path with '.', e.g. `legs.1.line` or `home.goals`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Result of the `parse*` functions: never throws on bad input. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** The model's sections, built (and timed) separately. */
export type SectionName = 'goals' | 'cards' | 'corners' | 'players';

/** Lets a caller wrap each section of a build, e.g. in an X-Ray subsegment `model.<name>`. */
export interface BuildHooks {
  section?<T>(name: SectionName, fn: () => T): T;
}

/**
 * What a model's core keeps of a count table it does not hold: its score cap, which a table joined with the core must
 * share. Not the table's count caps: those are known only once the table is built, and a core is built without its
 * tables when a bet needs none of them (ADR 0035), so the core is the same whichever build made it.
 */
export interface CountShape {
  readonly scoreCap: number;
}

/**
 * Joint table of one count (cards or corners) with the final score.
 *
 * For every score cell `s` ((scoreCap + 1)² of them: `s = h * scoreCap + a` when both scores are below scoreCap,
 * else `scoreCap² + scoreCap + d` for the goal difference d = h − a clamped to ±scoreCap; see `src/model/scoreCell.ts`)
 * `joint[s * (maxHome + 1) * (maxAway + 1) + hk * (maxAway + 1) + ak]` is proportional to
 * P(home count hk, away count ak | final score cell s); the last index of a count means "that many or more"
 * (below 1e-8 of the mass by construction). `norm[s]` is the sum of that cell's entries, so the conditional
 * probability is `joint / norm`. `home`, `away` and `total` are the same masses summed to one count
 * (index `s * (maxHome + 1) + hk`, `s * (maxAway + 1) + ak`, `s * (maxHome + maxAway + 1) + hk + ak`).
 */
export interface CountTable extends CountShape {
  readonly maxHome: number;
  readonly maxAway: number;
  readonly joint: Float32Array;
  readonly norm: Float64Array;
  readonly home: Float64Array;
  readonly away: Float64Array;
  readonly total: Float64Array;
}

/** A player as the model uses him: per-goal and per-card probabilities (share × expectedMinutes / 90). */
export interface ModelPlayer {
  readonly playerId: string;
  readonly team: 'HOME' | 'AWAY';
  /** Per remaining team goal / card (0 once he has left the pitch in-play). */
  readonly goalProbability: number;
  readonly cardProbability: number;
  /** In-play: his goals so far, and whether he has been carded. */
  readonly goalsSoFar?: number;
  readonly cardedSoFar?: boolean;
}

/**
 * The match state an in-play model starts from: `score`, each count so far by half (`second` is [0, 0] before
 * half-time) and the first goal. Every table of the model counts what happens from `minute` on.
 */
export interface InPlayModel {
  readonly minute: number;
  readonly score: readonly [number, number];
  readonly cards: { readonly first: readonly [number, number]; readonly second: readonly [number, number] };
  readonly corners: { readonly first: readonly [number, number]; readonly second: readonly [number, number] };
  readonly firstGoal?: { readonly team: 'HOME' | 'AWAY'; readonly playerId?: string };
}

/** The per-team expected counts a model reproduces. */
export interface TeamMeans {
  readonly goals: number;
  readonly cards: number;
  readonly corners: number;
}

/** Solved base intensities (per match, before time and score multipliers) of the model. */
export interface Calibration {
  readonly goals: readonly [number, number];
  readonly cards: readonly [number, number];
  readonly corners: readonly [number, number];
  /** Fixed-point iterations the goals calibration needed. */
  readonly goalIterations: number;
}

/**
 * The score-cell cap of a process's per-half tables: what every period price needs (the goal cells → count cells
 * maps), present on a model whether or not it holds the tables themselves.
 */
export interface HalvesCap {
  readonly scoreCap: number;
}

/**
 * A fixture model's core section: everything but its count tables — the full-time card and corner tables
 * ({@link ModelCounts}) and each half's ({@link ModelHalves}) —, of which it keeps the shapes. It prices every goal,
 * result, scorer and half-time leg; joined with the sections a bet's count legs need ({@link sectionsNeeded},
 * `joinModel`) it prices those too. A {@link FixtureModel} is a CoreModel that holds every table.
 */
export interface CoreModel {
  readonly modelVersion: string;
  readonly fixtureId: string;
  readonly timingsMs: Record<SectionName, number>;
  /** The opinion's team inputs (targets of the calibration). */
  readonly home: TeamMeans;
  readonly away: TeamMeans;
  /** The `model` options with defaults resolved. */
  readonly options: ResolvedModelOptions;
  readonly calibration: Calibration;
  /**
   * Final score distribution: `goals[h * (maxGoals + 1) + a]` = P(home h, away a); index maxGoals means
   * "maxGoals or more" (mass below 1e-10 by construction).
   */
  readonly maxGoals: number;
  readonly goals: Float64Array;
  /** Of a core, the full-time card table's score cap; the whole {@link CountTable} once joined with its section. */
  readonly cards: CountShape;
  readonly corners: CountShape;
  readonly players: readonly ModelPlayer[];
  /**
   * What the period, half-time/full-time and first-goal markets need: the two halves' goals jointly with who scored
   * first ({@link GoalPeriods}); of each half's cards and corners a core holds the score cap only.
   */
  readonly periods: {
    readonly goals: GoalPeriods;
    readonly cards: HalvesCap;
    readonly corners: HalvesCap;
  };
  /** Present when the model was built in-play: the state its tables start from. */
  readonly inPlay?: InPlayModel;
}

/**
 * A built fixture model: plain typed arrays plus small JSON-safe metadata. Immutable once built;
 * {@link toRecord} / {@link fromRecord} convert it losslessly to a cacheable flat form, {@link splitModel} into its
 * two cached sections ({@link CoreModel}, {@link ModelHalves}) and {@link joinModel} back.
 */
export interface FixtureModel extends CoreModel {
  readonly cards: CountTable;
  readonly corners: CountTable;
  /** As the core's, with each half's cards and corners per factor node ({@link CountHalves}). */
  readonly periods: {
    readonly goals: GoalPeriods;
    readonly cards: CountHalves;
    readonly corners: CountHalves;
  };
}

/**
 * A fixture model's full-time card or corner table as a section of its own, needed by the legs on that count
 * ({@link sectionsNeeded}).
 */
export interface ModelCounts {
  readonly section: 'cards' | 'corners';
  readonly modelVersion: string;
  readonly fixtureId: string;
  readonly table: CountTable;
}

/**
 * A fixture model's halves section: each half's card and corner tables per factor node (about two thirds of a
 * model's bytes), needed only by card and corner legs on the first or second half.
 */
export interface ModelHalves {
  readonly section: 'halves';
  readonly modelVersion: string;
  readonly fixtureId: string;
  readonly cards: CountHalves;
  readonly corners: CountHalves;
}

/**
 * The four sections a model is cached as (ADR 0034): `core` prices every goal, result, scorer and half-time leg;
 * `cards` and `corners` hold the full-time count tables, `halves` each half's.
 */
export type RecordSection = 'core' | 'cards' | 'corners' | 'halves';

/** Outcome of {@link price}. */
export interface PriceResult {
  /** Fair probability that every leg wins (correlations included), before margin. */
  probability: number;
  /** 1 / probability. */
  fairOdds: number;
  /** Bookmaker margin applied (5% for one leg, +2% per extra leg, at most 20%). */
  margin: number;
  /** Offered price: largest ladder price <= fairOdds / (1 + margin), at least 1.01, at most 1000/1. */
  odds: { decimal: number; fractional: string };
  /** The legs as priced: normalised, duplicates removed, in request order. */
  legs: Leg[];
}

/** Typed arrays a {@link ModelRecord} may hold (same union as the cache's). */
export type TypedArrayLike =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** Lossless flat form of a {@link FixtureModel}: JSON-safe metadata plus named typed arrays. */
export interface ModelRecord {
  meta: unknown;
  arrays: Record<string, TypedArrayLike>;
}
