import type { BuildHooks, FixtureModel } from './types/model';
import type { Opinion } from './types/opinion';

/**
 * Builds the fixture model from an opinion. (Work in progress: the maths lands in the next commits.)
 */
export function buildFixtureModel(_opinion: Opinion, _hooks?: BuildHooks): FixtureModel {
  throw new Error('buildFixtureModel: not implemented yet');
}

/** Calibrated defaults of the `model` options (see README: sources). */
export const DEFAULT_MODEL_OPTIONS = {
  dixonColesRho: -0.08,
  gameState: true,
  cornersDispersion: 1.15,
} as const;
