import {
  CARD_FACTOR_MIN_WEIGHT,
  CARD_MATCH_FACTOR_VARIANCE,
  COUNT_SCORE_CAP_MAX,
  COUNT_SCORE_CAP_MIN,
  COUNT_SCORE_TAIL,
  FIRST_HALF_MINUTES,
  MAX_CORNER_DOMINANCE,
} from './model/constants';
import { CountScoreProcess } from './model/CountScoreProcess';
import { buildCountSection, solveCountBase, type CountSection } from './model/countTables';
import { gammaQuadrature, upperQuantile } from './model/distributions';
import { solveGoals, type GoalSolution } from './model/goalChain';
import { buildGoalPeriods, jointMarginal, KICK_OFF, type GoalStart } from './model/periodGoals';
import { splitModel, type BuiltSections } from './sections';
import type {
  BuildHooks,
  CoreModel,
  FixtureModel,
  InPlayModel,
  ModelPlayer,
  RecordSection,
  SectionName,
} from './types/model';
import type { Opinion, ResolvedModelOptions } from './types/opinion';
import { MODEL_VERSION } from './version';

/**
 * Calibrated defaults of the opinion's `model` options (README, "Defaults and where they come from"): Dixon–Coles ρ
 * −0.05 (Dixon & Coles 1997 and later EPL fits report −0.05 to −0.13; the lower end, since the game-state effects add
 * draws too), game-state effects on, team corners variance/mean 1.15.
 */
export const DEFAULT_MODEL_OPTIONS: ResolvedModelOptions = Object.freeze({
  dixonColesRho: -0.05,
  gameState: true,
  cornersDispersion: 1.15,
});

function resolveOptions(model: Opinion['model']): ResolvedModelOptions {
  return {
    dixonColesRho: model?.dixonColesRho ?? DEFAULT_MODEL_OPTIONS.dixonColesRho,
    gameState: model?.gameState ?? DEFAULT_MODEL_OPTIONS.gameState,
    cornersDispersion: model?.cornersDispersion ?? DEFAULT_MODEL_OPTIONS.cornersDispersion,
  };
}

/**
 * Each team's goals are carried exactly up to this cap in the cards/corners chains (lumped "or more" beyond): the
 * smallest S with P(team goals ≥ S) < COUNT_SCORE_TAIL, within COUNT_SCORE_CAP_MIN…`capMax`.
 */
function countScoreCap(home: number, away: number, gameState: boolean, capMax: number): number {
  const q = upperQuantile(Math.max(home, away) * (gameState ? 1.1 : 1), COUNT_SCORE_TAIL) + 1;
  return Math.min(capMax, Math.max(COUNT_SCORE_CAP_MIN, q));
}

/**
 * Gauss points for the card factor: a Poisson(λ·F) count mixed over F needs more points the larger λ is (the count's
 * pmf gets sharper in F). Measured on the gamma mixture's closed form (negative binomial), every tail P(N > k) is
 * within 4e-5 with these counts for a total card mean up to `upTo` (the mean is inflated by 20% for the game-state
 * multipliers).
 */
const CARD_POINTS: readonly { upTo: number; points: number }[] = [
  { upTo: 2.5, points: 4 },
  { upTo: 5, points: 5 },
  { upTo: 7.5, points: 6 },
  { upTo: 10.5, points: 7 },
  { upTo: 14, points: 8 },
  { upTo: 18, points: 9 },
  { upTo: Infinity, points: 10 },
];

/**
 * The shared match/referee card factor: a gamma variable with mean 1 (game-state effects on), discretised by Gauss
 * quadrature; it multiplies both teams' card rates, so their counts are positively correlated and over-dispersed.
 * Points with weight below CARD_FACTOR_MIN_WEIGHT are dropped (the rest renormalised to weight 1 and mean 1): they
 * move no price by more than their weight, and the chain runs at the largest point kept.
 */
function cardFactor(gameState: boolean, totalCards: number) {
  if (!gameState) return { homeNodes: [1], awayNodes: [1], weights: [1] };
  const lambda = 1.2 * totalCards;
  const points = (CARD_POINTS.find((p) => lambda <= p.upTo) as { points: number }).points;
  const q = gammaQuadrature(CARD_MATCH_FACTOR_VARIANCE, points);
  const kept = q.nodes
    .map((x, i) => ({ x, w: q.weights[i] as number }))
    .filter((n) => n.w >= CARD_FACTOR_MIN_WEIGHT);
  const wsum = kept.reduce((s, n) => s + n.w, 0);
  const mean = kept.reduce((s, n) => s + n.w * n.x, 0) / wsum;
  const nodes = kept.map((n) => n.x / mean);
  return { homeNodes: nodes, awayNodes: nodes, weights: kept.map((n) => n.w / wsum) };
}

/**
 * The per-match territorial-dominance factor for corners: with probability 1/2 each, home's corner rate is scaled by
 * 1 + δh and away's by 1 − δa, or the reverse. A team's corners then have variance/mean 1 + mean·δ² (before
 * game-state effects), so δ² = (D − 1) / mean gives the requested dispersion D, and home/away corners get a
 * correlation of −(D − 1) / D. δ is capped at 0.9 for teams expected to win very few corners.
 */
function cornerFactor(dispersion: number, homeMean: number, awayMean: number) {
  const delta = (mean: number) =>
    mean > 0 ? Math.min(MAX_CORNER_DOMINANCE, Math.sqrt((dispersion - 1) / mean)) : 0;
  const dh = delta(homeMean);
  const da = delta(awayMean);
  if (dh === 0 && da === 0) return { homeNodes: [1], awayNodes: [1], weights: [1] };
  return { homeNodes: [1 + dh, 1 - dh], awayNodes: [1 - da, 1 + da], weights: [0.5, 0.5] };
}

/**
 * Builds the fixture model from a validated opinion: four sections, each timed and optionally wrapped by
 * `hooks.section` (the Lambda traces them as X-Ray subsegments `model.<section>`).
 * - goals: the exact score chain (1-minute steps), base rates solved so both teams' expected goals equal the opinion,
 *   Dixon–Coles applied to the final grid; also the coarser score process the count chains condition on;
 * - cards and corners: exact chains over (score, home count, away count), calibrated linearly to the opinion's means;
 * - players: per-goal and per-card probabilities (share × expectedMinutes / 90).
 * Deterministic: the same opinion always gives the same arrays. Typically tens of milliseconds.
 *
 * @example
 * const parsed = parseOpinion(body, fixtureId);
 * if (parsed.ok) {
 *   const model = buildFixtureModel(parsed.value, { section: (name, fn) => tracer.trace(`model.${name}`, fn) });
 *   const { probability } = price(model, [{ market: 'MATCH_RESULT', selection: 'HOME' }]);
 * }
 */
export function buildFixtureModel(opinion: Opinion, hooks?: BuildHooks): FixtureModel {
  return buildModel(opinion, hooks, COUNT_SCORE_CAP_MAX);
}

/**
 * {@link buildFixtureModel} with the count chains' score cap limited to `scoreCapMax` instead of
 * COUNT_SCORE_CAP_MAX (internal: the tests measure what the cap costs by raising it).
 */
export function buildModel(
  opinion: Opinion,
  hooks: BuildHooks | undefined,
  scoreCapMax: number,
): FixtureModel {
  const built = buildParts(opinion, hooks, scoreCapMax, { cards: true, corners: true });
  const { cards, corners } = built as BuiltParts & { cards: CountSection; corners: CountSection };
  return {
    ...built.fields,
    cards: cards.table,
    corners: corners.table,
    periods: { goals: built.goalPeriods, cards: cards.halves, corners: corners.halves },
    ...built.inPlay,
  };
}

/**
 * The sections of the fixture's model that `sections` name (ADR 0035), built without the count chains they do not
 * need: the core alone (goals, players, the halves' goals) for a bet on goals, results and scorers costs about a
 * quarter of a whole build pre-match and an eighth in play (the bench); `cards` or `corners` runs that chain only; `halves` needs both chains, which also give both
 * full-time tables, so it answers every section. Each section is the one {@link splitModel} gives of
 * {@link buildFixtureModel}'s model, bit for bit (the core's `timingsMs` aside: a section not built here times 0).
 * The answer holds the core and at least the sections asked for; with every section it is `splitModel` of the whole
 * model (joining them gives that model).
 *
 * @example
 * const { core } = buildModelSections(opinion, sectionsNeeded(legs)); // ['core']: no card or corner chain run
 * price(core, legs);
 */
export function buildModelSections(
  opinion: Opinion,
  sections: readonly RecordSection[],
  hooks?: BuildHooks,
): BuiltSections {
  const halves = sections.includes('halves');
  const want = {
    cards: halves || sections.includes('cards'),
    corners: halves || sections.includes('corners'),
  };
  if (want.cards && want.corners) return splitModel(buildModel(opinion, hooks, COUNT_SCORE_CAP_MAX));
  const built = buildParts(opinion, hooks, COUNT_SCORE_CAP_MAX, want);
  const ids = { modelVersion: MODEL_VERSION, fixtureId: opinion.fixtureId };
  const scoreCap = { scoreCap: built.scoreCap };
  const core: CoreModel = {
    ...built.fields,
    cards: scoreCap,
    corners: scoreCap,
    periods: { goals: built.goalPeriods, cards: scoreCap, corners: scoreCap },
    ...built.inPlay,
  };
  return {
    core,
    ...(built.cards ? { cards: { section: 'cards' as const, ...ids, table: built.cards.table } } : {}),
    ...(built.corners
      ? { corners: { section: 'corners' as const, ...ids, table: built.corners.table } }
      : {}),
  };
}

/** What {@link buildParts} ran: every field of a core but the count shapes and periods, and the count chains asked for. */
interface BuiltParts {
  readonly fields: Omit<CoreModel, 'cards' | 'corners' | 'periods' | 'inPlay'>;
  readonly goalPeriods: CoreModel['periods']['goals'];
  /** The score cap of the count chains (of each count table and of its halves). */
  readonly scoreCap: number;
  readonly inPlay: { inPlay?: InPlayModel };
  readonly cards?: CountSection;
  readonly corners?: CountSection;
}

/** The goals and players of a build, and the count chains `want` names (see {@link buildModelSections}). */
function buildParts(
  opinion: Opinion,
  hooks: BuildHooks | undefined,
  scoreCapMax: number,
  want: { readonly cards: boolean; readonly corners: boolean },
): BuiltParts {
  const options = resolveOptions(opinion.model);
  const { gameState } = options;
  const timingsMs: Record<SectionName, number> = { goals: 0, cards: 0, corners: 0, players: 0 };
  const timed = <T>(name: SectionName, fn: () => T): T => {
    const run = (): T => {
      const t0 = performance.now();
      try {
        return fn();
      } finally {
        timingsMs[name] = performance.now() - t0;
      }
    };
    return hooks?.section ? hooks.section(name, run) : run();
  };
  const { home, away } = opinion;
  const state = opinion.inPlay;
  const targets = (k: 'goals' | 'cards' | 'corners'): [number, number] => [home[k], away[k]];

  const goalsPart = timed('goals', () => {
    const kickOff = kickOffCalibration(opinion, options, scoreCapMax);
    const { solution, cap } = kickOff;
    if (!state) {
      const periods = buildGoalPeriods(solution.base, gameState, KICK_OFF, solution.grid, solution.maxGoals, [
        home.goals,
        away.goals,
      ]);
      return {
        kickOff,
        grid: solution.grid,
        maxGoals: solution.maxGoals,
        periods,
        scoreProcess: kickOff.process,
      };
    }
    // In-play: the kick-off calibration's intensities, run from the match as it stands.
    const score: [number, number] = [state.score.home, state.score.away];
    const start: GoalStart = {
      minute: state.minute,
      score,
      ...(state.minute >= FIRST_HALF_MINUTES && state.firstHalf
        ? { halfTime: [state.firstHalf.score.home, state.firstHalf.score.away] as const }
        : {}),
      ...(state.firstGoal ? { firstGoal: state.firstGoal.team } : {}),
    };
    const maxGoals = solution.maxGoals + Math.max(score[0], score[1]);
    const periods = buildGoalPeriods(solution.base, gameState, start, undefined, maxGoals, targets('goals'));
    const grid = jointMarginal(periods, maxGoals);
    const scoreProcess = new CountScoreProcess(cap, solution.base, gameState, {
      minute: state.minute,
      score,
    });
    return { kickOff, grid, maxGoals, periods, scoreProcess };
  });
  const { kickOff, scoreProcess } = goalsPart;

  const countSection = (process: 'cards' | 'corners'): CountSection =>
    timed(process, () =>
      buildCountSection({
        process,
        scoreProcess,
        grid: goalsPart.grid,
        maxGoals: goalsPart.maxGoals,
        targets: targets(process),
        base: kickOff[process],
        gameState,
        factor:
          process === 'cards'
            ? cardFactor(gameState, home.cards + away.cards)
            : cornerFactor(options.cornersDispersion, home.corners, away.corners),
      }),
    );
  const cards = want.cards ? countSection('cards') : undefined;
  const corners = want.corners ? countSection('corners') : undefined;

  const players: ModelPlayer[] = timed('players', () =>
    opinion.players.map((p) => {
      const now = state?.players.find((s) => s.playerId === p.playerId);
      const off = now !== undefined && !now.onPitch;
      return {
        playerId: p.playerId,
        team: p.team,
        // off the pitch: no further goals or cards
        goalProbability: off ? 0 : Math.min(1, (p.goalShare * p.expectedMinutes) / 90),
        cardProbability: off ? 0 : Math.min(1, (p.cardShare * p.expectedMinutes) / 90),
        ...(state ? { goalsSoFar: now?.goals ?? 0, cardedSoFar: (now?.cards ?? 0) > 0 } : {}),
      };
    }),
  );

  return {
    fields: {
      modelVersion: MODEL_VERSION,
      fixtureId: opinion.fixtureId,
      timingsMs,
      home: { goals: home.goals, cards: home.cards, corners: home.corners },
      away: { goals: away.goals, cards: away.cards, corners: away.corners },
      options,
      // A count chain takes its base rates as given (the kick-off calibration's): the same with or without the chain.
      calibration: {
        goals: kickOff.solution.base,
        cards: [kickOff.cards[0], kickOff.cards[1]],
        corners: [kickOff.corners[0], kickOff.corners[1]],
        goalIterations: kickOff.solution.iterations,
      },
      maxGoals: goalsPart.maxGoals,
      goals: goalsPart.grid,
      players,
    },
    goalPeriods: goalsPart.periods,
    scoreCap: scoreProcess.scoreCap,
    inPlay: state ? { inPlay: inPlayOf(state) } : {},
    ...(cards ? { cards } : {}),
    ...(corners ? { corners } : {}),
  };
}

/** What the pricing needs of the state: the minute, the score, each count so far by half, the first goal. */
function inPlayOf(state: NonNullable<Opinion['inPlay']>): InPlayModel {
  const afterHalfTime = state.minute >= FIRST_HALF_MINUTES && state.firstHalf !== undefined;
  const split = (k: 'cards' | 'corners') => {
    const total: [number, number] = [state[k].home, state[k].away];
    if (!afterHalfTime || !state.firstHalf) return { first: total, second: [0, 0] as [number, number] };
    const first: [number, number] = [state.firstHalf[k].home, state.firstHalf[k].away];
    return { first, second: [total[0] - first[0], total[1] - first[1]] as [number, number] };
  };
  return {
    minute: state.minute,
    score: [state.score.home, state.score.away],
    cards: split('cards'),
    corners: split('corners'),
    ...(state.firstGoal
      ? {
          firstGoal: {
            team: state.firstGoal.team,
            ...(state.firstGoal.playerId ? { playerId: state.firstGoal.playerId } : {}),
          },
        }
      : {}),
  };
}

interface KickOffCalibration {
  readonly solution: GoalSolution;
  readonly cap: number;
  readonly process: CountScoreProcess;
  readonly cards: readonly [number, number];
  readonly corners: readonly [number, number];
}

/**
 * The kick-off calibration (goal base rates, the count chains' score process and the cards/corners base rates): what
 * an in-play model keeps from pre-match. It depends only on the pre-match means and options, so in-play updates of a
 * fixture (a new state every few seconds) reuse it: a small cache keyed by those inputs.
 */
const calibrations = new Map<string, KickOffCalibration>();
const CALIBRATION_CACHE_SIZE = 64;

function kickOffCalibration(
  opinion: Opinion,
  options: ResolvedModelOptions,
  scoreCapMax: number,
): KickOffCalibration {
  const { home, away } = opinion;
  const key = JSON.stringify([
    home.goals,
    away.goals,
    home.cards,
    away.cards,
    home.corners,
    away.corners,
    options,
    scoreCapMax,
  ]);
  const hit = calibrations.get(key);
  // Pre-match builds always calibrate (and refresh the entry); in-play builds reuse it.
  if (hit && opinion.inPlay) return hit;
  const { gameState } = options;
  const solution = solveGoals(home.goals, away.goals, gameState, options.dixonColesRho);
  const cap = countScoreCap(home.goals, away.goals, gameState, scoreCapMax);
  const process = new CountScoreProcess(cap, solution.base, gameState);
  const base = (k: 'cards' | 'corners') =>
    solveCountBase({
      process: k,
      scoreProcess: process,
      grid: solution.grid,
      maxGoals: solution.maxGoals,
      targets: [home[k], away[k]],
      gameState,
    });
  const out: KickOffCalibration = { solution, cap, process, cards: base('cards'), corners: base('corners') };
  calibrations.delete(key);
  calibrations.set(key, out);
  if (calibrations.size > CALIBRATION_CACHE_SIZE)
    calibrations.delete(calibrations.keys().next().value as string);
  return out;
}
