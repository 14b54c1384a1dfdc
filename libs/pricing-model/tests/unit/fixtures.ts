import fc from 'fast-check';
import {
  buildFixtureModel,
  CONTRACT_EXAMPLE_OPINION,
  parseOpinion,
  PricingError,
  type FixtureModel,
  type Opinion,
  type ParseResult,
  type ValidationIssue,
} from '../../src/index';

export const NEUTRAL = { dixonColesRho: 0, gameState: false, cornersDispersion: 1 } as const;

/**
 * The contract's example opinion (Arsenal v Chelsea) without its `model` block and with four more players after its
 * Saka (Palmer's shares and minutes are this file's own); `model` sets the model block, `overrides` top-level fields.
 */
export function opinionInput(model?: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const { model: _contractModel, ...example } = structuredClone(CONTRACT_EXAMPLE_OPINION);
  return {
    ...example,
    players: [
      ...example.players,
      {
        playerId: 'havertz',
        name: 'Kai Havertz',
        team: 'HOME',
        goalShare: 0.25,
        cardShare: 0.15,
        expectedMinutes: 72,
      },
      {
        playerId: 'rice',
        name: 'Declan Rice',
        team: 'HOME',
        goalShare: 0.08,
        cardShare: 0.2,
        expectedMinutes: 90,
      },
      {
        playerId: 'palmer',
        name: 'Cole Palmer',
        team: 'AWAY',
        goalShare: 0.4,
        cardShare: 0.12,
        expectedMinutes: 85,
      },
      {
        playerId: 'caicedo',
        name: 'Moises Caicedo',
        team: 'AWAY',
        goalShare: 0.05,
        cardShare: 0.3,
        expectedMinutes: 90,
      },
    ],
    ...(model ? { model } : {}),
    ...overrides,
  };
}

export function parsed(input: unknown): Opinion {
  const r = parseOpinion(input);
  if (!r.ok) throw new Error(`fixture opinion invalid: ${JSON.stringify(r.issues)}`);
  return r.value;
}

const cache = new Map<string, FixtureModel>();

/** Builds (once per test file) the model of an opinion input. */
export function modelOf(input: unknown): FixtureModel {
  const key = JSON.stringify(input);
  let model = cache.get(key);
  if (!model) {
    model = buildFixtureModel(parsed(input));
    cache.set(key, model);
  }
  return model;
}

/** The model (built once per test file) of the default opinion in the in-play `state` (no players' counts unless given). */
export function inPlayModelOf(state: Record<string, unknown>): FixtureModel {
  return modelOf(opinionInput(undefined, { inPlay: { players: [], ...state } }));
}

/** Swaps home and away in an opinion input (players change sides too). */
export function mirrored(input: ReturnType<typeof opinionInput>) {
  return {
    ...input,
    home: input.away,
    away: input.home,
    players: input.players.map((p) => ({ ...p, team: p.team === 'HOME' ? 'AWAY' : 'HOME' })),
  };
}

export function poissonPmf(mean: number, k: number): number {
  let p = Math.exp(-mean);
  for (let i = 1; i <= k; i++) p *= mean / i;
  return p;
}

/** P(X > line) for X ~ Poisson(mean), from the pmf. */
export function poissonOver(mean: number, line: number): number {
  let cdf = 0;
  for (let k = 0; k <= Math.floor(line); k++) cdf += poissonPmf(mean, k);
  return 1 - cdf;
}

/** Runs a fast-check property (a named assertion, so lint sees that the test asserts). */
export function assertProperty<Ts>(
  property: fc.IPropertyWithHooks<Ts> | fc.IProperty<Ts>,
  params?: fc.Parameters<Ts>,
): void {
  fc.assert(property, params);
}

/** Calls fn and returns the PricingError code it throws (fails the test if it throws nothing or something else). */
export function pricingErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PricingError) return e.code;
    throw e;
  }
  throw new Error('expected a PricingError');
}

/** The value of an ok ParseResult (throws otherwise). */
export function okValue<T>(r: ParseResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.issues)}`);
  return r.value;
}

/** The issues of a failed ParseResult (empty if it succeeded). */
export function issuesOf<T>(r: ParseResult<T>): ValidationIssue[] {
  return r.ok ? [] : r.issues;
}
