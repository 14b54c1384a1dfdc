import {
  CARD_FACTOR_MIN_WEIGHT,
  CARD_MATCH_FACTOR_VARIANCE,
  COUNT_SCORE_CAP_MAX,
  COUNT_SCORE_CAP_MIN,
  COUNT_SCORE_TAIL,
  MAX_CORNER_DOMINANCE,
} from './model/constants';
import { CountScoreProcess } from './model/CountScoreProcess';
import { buildCountSection, type CountSection } from './model/countTables';
import { gammaQuadrature, upperQuantile } from './model/distributions';
import { solveGoals, type GoalSolution } from './model/goalChain';
import { buildGoalPeriods, KICK_OFF } from './model/periodGoals';
import type { BuildHooks, FixtureModel, ModelPlayer, SectionName } from './types/model';
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

  const { goals, periods, scoreProcess } = timed('goals', () => {
    const solution: GoalSolution = solveGoals(home.goals, away.goals, gameState, options.dixonColesRho);
    const cap = countScoreCap(home.goals, away.goals, gameState, scoreCapMax);
    const periods = buildGoalPeriods(solution.base, gameState, KICK_OFF, solution.grid, solution.maxGoals, [
      home.goals,
      away.goals,
    ]);
    return { goals: solution, periods, scoreProcess: new CountScoreProcess(cap, solution.base, gameState) };
  });

  const cards: CountSection = timed('cards', () =>
    buildCountSection({
      process: 'cards',
      scoreProcess,
      grid: goals.grid,
      maxGoals: goals.maxGoals,
      targets: [home.cards, away.cards],
      gameState,
      factor: cardFactor(gameState, home.cards + away.cards),
    }),
  );

  const corners: CountSection = timed('corners', () =>
    buildCountSection({
      process: 'corners',
      scoreProcess,
      grid: goals.grid,
      maxGoals: goals.maxGoals,
      targets: [home.corners, away.corners],
      gameState,
      factor: cornerFactor(options.cornersDispersion, home.corners, away.corners),
    }),
  );

  const players: ModelPlayer[] = timed('players', () =>
    opinion.players.map((p) => ({
      playerId: p.playerId,
      team: p.team,
      goalProbability: Math.min(1, (p.goalShare * p.expectedMinutes) / 90),
      cardProbability: Math.min(1, (p.cardShare * p.expectedMinutes) / 90),
    })),
  );

  return {
    modelVersion: MODEL_VERSION,
    fixtureId: opinion.fixtureId,
    timingsMs,
    home: { goals: home.goals, cards: home.cards, corners: home.corners },
    away: { goals: away.goals, cards: away.cards, corners: away.corners },
    options,
    calibration: {
      goals: goals.base,
      cards: cards.base,
      corners: corners.base,
      goalIterations: goals.iterations,
    },
    maxGoals: goals.maxGoals,
    goals: goals.grid,
    cards: cards.table,
    corners: corners.table,
    players,
    periods: { goals: periods, cards: cards.halves, corners: corners.halves },
  };
}
