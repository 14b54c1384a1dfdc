import type { z } from 'zod';
import { inPlayIssues } from './inPlayIssues';
import { FIXTURE_ID_PATTERN, LIMITS, opinionSchema, priceRequestSchema } from './schemas';
import type { PriceRequest } from './types/legs';
import type { ParseResult, ValidationIssue } from './types/model';
import type { Opinion } from './types/opinion';

// Floating-point sums of shares such as 0.1 + 0.2 + 0.7 may exceed 1 by an ulp; that is not a trader error.
const SHARE_SUM_TOLERANCE = 1e-9;

function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // An unknown field is named in the path (`legs.0.foo`), one issue per field, so a client sees which one to drop.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `unknown field '${key}'` }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/**
 * The Dixon–Coles ρ values the model can honour for these goal means: its τ factors (τ00 = 1 − λμρ, τ10 = 1 + μρ,
 * τ01 = 1 + λρ, τ11 = 1 − ρ) must all stay positive, i.e. −1/max(λ, μ) < ρ < min(1, 1/(λμ)), within the enforced
 * LIMITS. Outside it the adjusted grid would need a negative probability.
 */
export function dixonColesRange(
  home: number,
  away: number,
): { min: number; max: number; minOpen: boolean; maxOpen: boolean } {
  const [lo, hi] = LIMITS.dixonColesRho;
  const tauMin = -1 / Math.max(home, away);
  const tauMax = Math.min(1, 1 / (home * away));
  return {
    min: Math.max(lo, tauMin),
    max: Math.min(hi, tauMax),
    minOpen: tauMin >= lo,
    maxOpen: tauMax <= hi,
  };
}

function dixonColesIssue(opinion: Opinion): ValidationIssue | undefined {
  const rho = opinion.model?.dixonColesRho;
  if (rho === undefined) return undefined;
  const r = dixonColesRange(opinion.home.goals, opinion.away.goals);
  const aboveMin = r.minOpen ? rho > r.min : rho >= r.min;
  const belowMax = r.maxOpen ? rho < r.max : rho <= r.max;
  if (aboveMin && belowMax) return undefined;
  const fmt = (v: number) => String(Number(v.toFixed(4)));
  const range = `${r.minOpen ? '(' : '['}${fmt(r.min)}, ${fmt(r.max)}${r.maxOpen ? ')' : ']'}`;
  return {
    path: 'model.dixonColesRho',
    message:
      `dixonColesRho ${rho} cannot be honoured for goals ${opinion.home.goals} v ${opinion.away.goals}: ` +
      `the allowed range for these means is ${range} (every Dixon–Coles factor τ must stay positive)`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates an opinion (the body of `PUT /v1/fixtures/{fixtureId}`) against the API contract: field types and ranges,
 * fixtureId pattern, at most 40 players with unique `playerId`s, each team's goal and card shares summing to at most 1,
 * a `model.dixonColesRho` the model can honour for the goal means ({@link dixonColesRange}), and an `inPlay` match
 * state that is consistent (first half within the totals, a first goal once a goal is scored, listed players known
 * and within their team's goals and cards).
 * When `pathFixtureId` is given it is the fixture's id: the body may omit `fixtureId`, and if it has one it must match.
 * Unknown fields are dropped.
 *
 * @example
 * const r = parseOpinion(JSON.parse(body), 'epl-2026-12-05-ars-che');
 * if (!r.ok) return badRequest(r.issues); // [{ path: 'home.goals', message: 'Too small: expected number to be >=0.05' }]
 */
export function parseOpinion(input: unknown, pathFixtureId?: string): ParseResult<Opinion> {
  const issues: ValidationIssue[] = [];
  let candidate = input;
  if (pathFixtureId !== undefined) {
    if (!FIXTURE_ID_PATTERN.test(pathFixtureId)) {
      issues.push({ path: 'fixtureId', message: 'fixtureId must match ^[a-z0-9][a-z0-9-]{2,63}$' });
    } else if (isRecord(input)) {
      if (input.fixtureId === undefined) {
        candidate = { ...input, fixtureId: pathFixtureId };
      } else if (input.fixtureId !== pathFixtureId) {
        issues.push({
          path: 'fixtureId',
          message: `fixtureId in the body must equal the path's '${pathFixtureId}'`,
        });
      }
    }
  }
  const parsed = opinionSchema.safeParse(candidate);
  if (!parsed.success) {
    const seen = new Set(issues.map((i) => i.path));
    for (const issue of toIssues(parsed.error)) {
      if (!(issue.path === 'fixtureId' && seen.has('fixtureId'))) issues.push(issue);
    }
    return { ok: false, issues };
  }
  const opinion = parsed.data;
  const firstIndex = new Map<string, number>();
  opinion.players.forEach((player, index) => {
    const first = firstIndex.get(player.playerId);
    if (first === undefined) firstIndex.set(player.playerId, index);
    else
      issues.push({
        path: `players.${index}.playerId`,
        message: `duplicate playerId '${player.playerId}' (also players.${first})`,
      });
  });
  for (const team of ['HOME', 'AWAY'] as const) {
    for (const share of ['goalShare', 'cardShare'] as const) {
      const sum = opinion.players.filter((p) => p.team === team).reduce((acc, p) => acc + p[share], 0);
      if (sum > 1 + SHARE_SUM_TOLERANCE) {
        issues.push({
          path: 'players',
          message: `${team} players' ${share} values sum to ${Number(sum.toFixed(6))}, more than 1`,
        });
      }
    }
  }
  const rhoIssue = dixonColesIssue(opinion);
  if (rhoIssue) issues.push(rhoIssue);
  issues.push(...inPlayIssues(opinion));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: opinion };
}

/**
 * Validates a `POST /v1/price` body: a fixtureId and 1 to 12 legs of the contract's markets, with half-lines
 * (`n + 0.5`; handicaps −9.5…9.5) and correct scores 0–9. A leg with a field its market does not have is refused
 * (`legs.0.foo`: unknown field), and so is an unknown top-level field (`foo`: e.g. a version or state field this
 * server does not know), so a client never gets a silently different price. Does not check that players exist (that
 * needs the fixture's model: {@link price} throws `PLAYER_NOT_FOUND`).
 *
 * @example
 * const r = parsePriceRequest({ fixtureId: 'epl-2026-12-05-ars-che', legs: [{ market: 'TOTAL_GOALS', side: 'OVER', line: 2 }] });
 * // r = { ok: false, issues: [{ path: 'legs.0.line', message: 'line must be a half-line n + 0.5 (n >= 0)' }] }
 */
export function parsePriceRequest(input: unknown): ParseResult<PriceRequest> {
  const parsed = priceRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  return { ok: true, value: parsed.data };
}
