import * as z from 'zod';

/** Upper bounds from the API contract; kept in one place so the docs and the schema agree. */
export const LIMITS = {
  maxPlayers: 40,
  maxLegs: 12,
  maxLine: 999.5,
  goals: [0.05, 6],
  cards: [0, 8],
  corners: [0, 20],
  dixonColesRho: [-0.2, 0.2],
  cornersDispersion: [1, 3],
} as const;

export const FIXTURE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;
export const PLAYER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

const boundedNumber = (range: readonly [number, number]) => z.number().min(range[0]).max(range[1]);

export const teamSchema = z.object({
  name: z.string().min(1).max(100),
  goals: boundedNumber(LIMITS.goals),
  cards: boundedNumber(LIMITS.cards),
  corners: boundedNumber(LIMITS.corners),
});

export const playerSchema = z.object({
  playerId: z.string().regex(PLAYER_ID_PATTERN, 'playerId must match ^[a-z0-9][a-z0-9-]{0,63}$'),
  name: z.string().min(1).max(100),
  team: z.enum(['HOME', 'AWAY']),
  goalShare: z.number().min(0).max(1),
  cardShare: z.number().min(0).max(1),
  expectedMinutes: z.number().min(0).max(90),
});

export const modelOptionsSchema = z.object({
  dixonColesRho: boundedNumber(LIMITS.dixonColesRho).optional(),
  gameState: z.boolean().optional(),
  cornersDispersion: boundedNumber(LIMITS.cornersDispersion).optional(),
});

export const opinionSchema = z.object({
  fixtureId: z.string().regex(FIXTURE_ID_PATTERN, 'fixtureId must match ^[a-z0-9][a-z0-9-]{2,63}$'),
  competition: z.string().max(200).optional(),
  kickoff: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['OPEN', 'SUSPENDED']),
  home: teamSchema,
  away: teamSchema,
  players: z.array(playerSchema).max(LIMITS.maxPlayers).default([]),
  model: modelOptionsSchema.optional(),
});

const side = z.enum(['OVER', 'UNDER']);
const team = z.enum(['HOME', 'AWAY']);
const line = z
  .number()
  .min(0.5)
  .max(LIMITS.maxLine)
  .refine((v) => Number.isInteger(v - 0.5), { message: 'line must be a half-line n + 0.5 (n >= 0)' });
const playerId = z.string().regex(PLAYER_ID_PATTERN, 'playerId must match ^[a-z0-9][a-z0-9-]{0,63}$');
const scoreCount = z.number().int().min(0).max(9);

export const matchResultLegSchema = z.object({
  market: z.literal('MATCH_RESULT'),
  selection: z.enum(['HOME', 'DRAW', 'AWAY']),
});
export const doubleChanceLegSchema = z.object({
  market: z.literal('DOUBLE_CHANCE'),
  selection: z.enum(['HOME_OR_DRAW', 'HOME_OR_AWAY', 'DRAW_OR_AWAY']),
});
export const totalGoalsLegSchema = z.object({ market: z.literal('TOTAL_GOALS'), side, line });
export const teamGoalsLegSchema = z.object({ market: z.literal('TEAM_GOALS'), team, side, line });
export const bothTeamsToScoreLegSchema = z.object({
  market: z.literal('BOTH_TEAMS_TO_SCORE'),
  selection: z.enum(['YES', 'NO']),
});
export const correctScoreLegSchema = z.object({
  market: z.literal('CORRECT_SCORE'),
  home: scoreCount,
  away: scoreCount,
});
export const totalCardsLegSchema = z.object({ market: z.literal('TOTAL_CARDS'), side, line });
export const teamCardsLegSchema = z.object({ market: z.literal('TEAM_CARDS'), team, side, line });
export const totalCornersLegSchema = z.object({ market: z.literal('TOTAL_CORNERS'), side, line });
export const teamCornersLegSchema = z.object({ market: z.literal('TEAM_CORNERS'), team, side, line });
export const playerToScoreLegSchema = z.object({ market: z.literal('PLAYER_TO_SCORE'), playerId });
export const playerToBeCardedLegSchema = z.object({ market: z.literal('PLAYER_TO_BE_CARDED'), playerId });

export const legSchema = z.discriminatedUnion('market', [
  matchResultLegSchema,
  doubleChanceLegSchema,
  totalGoalsLegSchema,
  teamGoalsLegSchema,
  bothTeamsToScoreLegSchema,
  correctScoreLegSchema,
  totalCardsLegSchema,
  teamCardsLegSchema,
  totalCornersLegSchema,
  teamCornersLegSchema,
  playerToScoreLegSchema,
  playerToBeCardedLegSchema,
]);

export const priceRequestSchema = z.object({
  fixtureId: z.string().regex(FIXTURE_ID_PATTERN, 'fixtureId must match ^[a-z0-9][a-z0-9-]{2,63}$'),
  legs: z.array(legSchema).min(1).max(LIMITS.maxLegs),
});
