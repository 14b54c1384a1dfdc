import type { Leg, Period } from './types/legs';

/** `{ period }` unless it is the default `FULL_TIME` (a full-time leg reads as in v1, with or without the field). */
function periodOf(period: Period | undefined): { period?: Period } {
  return period === undefined || period === 'FULL_TIME' ? {} : { period };
}

/**
 * A copy of the leg with exactly the contract's fields, in a fixed order (so equal legs serialise equally); defaults
 * are dropped (`period: 'FULL_TIME'`, `atLeast: 1`), so a leg with and without them is the same leg.
 */
export function normaliseLeg(leg: Leg): Leg {
  switch (leg.market) {
    case 'MATCH_RESULT':
    case 'DOUBLE_CHANCE':
    case 'BOTH_TEAMS_TO_SCORE':
      return { market: leg.market, selection: leg.selection, ...periodOf(leg.period) } as Leg;
    case 'TOTAL_GOALS':
    case 'TOTAL_CARDS':
    case 'TOTAL_CORNERS':
      return { market: leg.market, side: leg.side, line: leg.line, ...periodOf(leg.period) };
    case 'TEAM_GOALS':
    case 'TEAM_CARDS':
    case 'TEAM_CORNERS':
      return { market: leg.market, team: leg.team, side: leg.side, line: leg.line, ...periodOf(leg.period) };
    case 'CORRECT_SCORE':
      return { market: leg.market, home: leg.home, away: leg.away, ...periodOf(leg.period) };
    case 'HANDICAP':
      return { market: leg.market, team: leg.team, line: leg.line, ...periodOf(leg.period) };
    case 'CLEAN_SHEET':
      return { market: leg.market, team: leg.team, ...periodOf(leg.period) };
    case 'WIN_TO_NIL':
      return { market: leg.market, team: leg.team };
    case 'PLAYER_TO_SCORE':
      return {
        market: leg.market,
        playerId: leg.playerId,
        ...(leg.atLeast !== undefined && leg.atLeast !== 1 ? { atLeast: leg.atLeast } : {}),
      };
    case 'PLAYER_TO_BE_CARDED':
    case 'PLAYER_FIRST_GOALSCORER':
      return { market: leg.market, playerId: leg.playerId };
    case 'HALF_TIME_FULL_TIME':
      return { market: leg.market, halfTime: leg.halfTime, fullTime: leg.fullTime };
    case 'FIRST_TEAM_TO_SCORE':
      return { market: leg.market, selection: leg.selection };
  }
}

/** Normalised legs with duplicates removed, first occurrences kept in request order. */
export function uniqueLegs(legs: readonly Leg[]): Leg[] {
  // One leg (every menu selection) has no duplicate to find.
  if (legs.length === 1) return [normaliseLeg(legs[0] as Leg)];
  const seen = new Set<string>();
  const out: Leg[] = [];
  for (const leg of legs) {
    const n = normaliseLeg(leg);
    const key = JSON.stringify(n);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out;
}
