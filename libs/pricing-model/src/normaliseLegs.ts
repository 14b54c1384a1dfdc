import type { Leg } from './types/legs';

/** A copy of the leg with exactly the contract's fields, in a fixed order (so equal legs serialise equally). */
export function normaliseLeg(leg: Leg): Leg {
  switch (leg.market) {
    case 'MATCH_RESULT':
    case 'DOUBLE_CHANCE':
    case 'BOTH_TEAMS_TO_SCORE':
      return { market: leg.market, selection: leg.selection } as Leg;
    case 'TOTAL_GOALS':
    case 'TOTAL_CARDS':
    case 'TOTAL_CORNERS':
      return { market: leg.market, side: leg.side, line: leg.line };
    case 'TEAM_GOALS':
    case 'TEAM_CARDS':
    case 'TEAM_CORNERS':
      return { market: leg.market, team: leg.team, side: leg.side, line: leg.line };
    case 'CORRECT_SCORE':
      return { market: leg.market, home: leg.home, away: leg.away };
    case 'PLAYER_TO_SCORE':
    case 'PLAYER_TO_BE_CARDED':
      return { market: leg.market, playerId: leg.playerId };
  }
}

/** Normalised legs with duplicates removed, first occurrences kept in request order. */
export function uniqueLegs(legs: readonly Leg[]): Leg[] {
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
