/** The contract's opinion body, as the load test writes it (PUT /v1/fixtures/{fixtureId}). */
export interface OpinionBody {
  fixtureId: string;
  competition: string;
  kickoff: string;
  status: 'OPEN' | 'SUSPENDED';
  home: TeamInputs;
  away: TeamInputs;
  players: PlayerInputs[];
  model?: { dixonColesRho?: number; gameState?: boolean; cornersDispersion?: number };
}

export interface TeamInputs {
  name: string;
  goals: number;
  cards: number;
  corners: number;
}

export interface PlayerInputs {
  playerId: string;
  name: string;
  team: 'HOME' | 'AWAY';
  goalShare: number;
  cardShare: number;
  expectedMinutes: number;
}

export type Side = 'OVER' | 'UNDER';
export type TeamSide = 'HOME' | 'AWAY';

/** One leg of a price request (the contract's markets, v2 full-time markets included). */
export type LegBody =
  | { market: 'MATCH_RESULT'; selection: 'HOME' | 'DRAW' | 'AWAY' }
  | { market: 'DOUBLE_CHANCE'; selection: 'HOME_OR_DRAW' | 'HOME_OR_AWAY' | 'DRAW_OR_AWAY' }
  | { market: 'TOTAL_GOALS'; side: Side; line: number }
  | { market: 'TEAM_GOALS'; team: TeamSide; side: Side; line: number }
  | { market: 'BOTH_TEAMS_TO_SCORE'; selection: 'YES' | 'NO' }
  | { market: 'CORRECT_SCORE'; home: number; away: number }
  | { market: 'TOTAL_CARDS'; side: Side; line: number }
  | { market: 'TEAM_CARDS'; team: TeamSide; side: Side; line: number }
  | { market: 'TOTAL_CORNERS'; side: Side; line: number }
  | { market: 'TEAM_CORNERS'; team: TeamSide; side: Side; line: number }
  | { market: 'HANDICAP'; team: TeamSide; line: number }
  | { market: 'WIN_TO_NIL'; team: TeamSide }
  | { market: 'CLEAN_SHEET'; team: TeamSide }
  | { market: 'PLAYER_TO_SCORE'; playerId: string; atLeast?: 2 | 3 }
  | { market: 'PLAYER_TO_BE_CARDED'; playerId: string };

export type Market = LegBody['market'];

export interface PriceRequestBody {
  fixtureId: string;
  legs: LegBody[];
}
