import * as z from 'zod';

/** Upper bounds from the API contract; kept in one place so the docs and the schema agree. */
export const LIMITS = {
  maxPlayers: 40,
  maxLegs: 12,
  maxLine: 999.5,
  maxHandicap: 9.5,
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

/**
 * Bounds of an in-play state. The clock is the model's 95-minute clock; the first half ends at minute 47, from which
 * on the first-half figures are required. Counts are bounded generously (no match has had 99 of anything) so that a
 * typo such as 1e9 corners is a 400, not a model sized by it.
 */
export const IN_PLAY_LIMITS = { matchMinutes: 95, firstHalfMinutes: 47, maxCount: 99 } as const;

const inPlayCount = z.number().int().min(0).max(IN_PLAY_LIMITS.maxCount);
const inPlayPair = z.object({ home: inPlayCount, away: inPlayCount });

export const inPlayPlayerSchema = z.object({
  playerId: z.string().regex(PLAYER_ID_PATTERN, 'playerId must match ^[a-z0-9][a-z0-9-]{0,63}$'),
  goals: inPlayCount,
  cards: inPlayCount,
  onPitch: z.boolean(),
});

/**
 * The match as it stands (`inPlay` of an opinion). Field types and ranges only: the cross-field rules (first half
 * within the totals, a first goal once a goal is scored, players' goals within their team's, …) are checked by
 * `parseOpinion`, each with its path.
 */
export const inPlaySchema = z.object({
  minute: z.number().min(0).lt(IN_PLAY_LIMITS.matchMinutes),
  score: inPlayPair,
  cards: inPlayPair,
  corners: inPlayPair,
  firstHalf: z.object({ score: inPlayPair, cards: inPlayPair, corners: inPlayPair }).optional(),
  firstGoal: z
    .object({
      team: z.enum(['HOME', 'AWAY']),
      playerId: z
        .string()
        .regex(PLAYER_ID_PATTERN, 'playerId must match ^[a-z0-9][a-z0-9-]{0,63}$')
        .optional(),
    })
    .optional(),
  players: z.array(inPlayPlayerSchema).max(LIMITS.maxPlayers).default([]),
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
  inPlay: inPlaySchema.optional(),
});

const side = z.enum(['OVER', 'UNDER']);
const team = z.enum(['HOME', 'AWAY']);
const line = z
  .number()
  .min(0.5)
  .max(LIMITS.maxLine)
  .refine((v) => Number.isInteger(v - 0.5), { message: 'line must be a half-line n + 0.5 (n >= 0)' });
const handicapLine = z
  .number()
  .min(-LIMITS.maxHandicap)
  .max(LIMITS.maxHandicap)
  .refine((v) => Number.isInteger(v - 0.5), {
    message: `line must be a half-line n + 0.5 between -${LIMITS.maxHandicap} and ${LIMITS.maxHandicap}`,
  });
const playerId = z.string().regex(PLAYER_ID_PATTERN, 'playerId must match ^[a-z0-9][a-z0-9-]{0,63}$');
const scoreCount = z.number().int().min(0).max(9);

/** The contract's periods of a goal, card or corner market (`FULL_TIME` when a leg has none). */
export const PERIODS = ['FULL_TIME', 'FIRST_HALF', 'SECOND_HALF'] as const;
/**
 * The periods the model prices: all of them (the model carries the half-time state). Kept as its own list so a
 * period the model could not price would be refused (400) rather than priced as full time.
 */
export const PRICED_PERIODS: readonly (typeof PERIODS)[number][] = PERIODS;
const period = z
  .enum(PERIODS)
  .refine((p) => PRICED_PERIODS.includes(p), {
    error: (issue) =>
      `period ${JSON.stringify(issue.input)} is not priced yet (priced: ${PRICED_PERIODS.join(', ')})`,
  })
  .optional();

// Legs are strict: an unknown field (a v2 field this server does not know, or a typo) is refused, never ignored.
export const matchResultLegSchema = z.strictObject({
  market: z.literal('MATCH_RESULT'),
  selection: z.enum(['HOME', 'DRAW', 'AWAY']),
  period,
});
export const doubleChanceLegSchema = z.strictObject({
  market: z.literal('DOUBLE_CHANCE'),
  selection: z.enum(['HOME_OR_DRAW', 'HOME_OR_AWAY', 'DRAW_OR_AWAY']),
  period,
});
/** A total (over/under a half-line) leg of one market, with a period. */
const totalLeg = <M extends string>(market: M) =>
  z.strictObject({ market: z.literal(market), side, line, period });
/** A team's total (over/under a half-line) leg of one market, with a period. */
const teamLeg = <M extends string>(market: M) =>
  z.strictObject({ market: z.literal(market), team, side, line, period });
export const totalGoalsLegSchema = totalLeg('TOTAL_GOALS');
export const teamGoalsLegSchema = teamLeg('TEAM_GOALS');
export const bothTeamsToScoreLegSchema = z.strictObject({
  market: z.literal('BOTH_TEAMS_TO_SCORE'),
  selection: z.enum(['YES', 'NO']),
  period,
});
export const correctScoreLegSchema = z.strictObject({
  market: z.literal('CORRECT_SCORE'),
  home: scoreCount,
  away: scoreCount,
  period,
});
export const totalCardsLegSchema = totalLeg('TOTAL_CARDS');
export const teamCardsLegSchema = teamLeg('TEAM_CARDS');
export const totalCornersLegSchema = totalLeg('TOTAL_CORNERS');
export const teamCornersLegSchema = teamLeg('TEAM_CORNERS');
export const handicapLegSchema = z.strictObject({
  market: z.literal('HANDICAP'),
  team,
  line: handicapLine,
  period,
});
export const winToNilLegSchema = z.strictObject({ market: z.literal('WIN_TO_NIL'), team });
export const cleanSheetLegSchema = z.strictObject({ market: z.literal('CLEAN_SHEET'), team, period });
export const playerToScoreLegSchema = z.strictObject({
  market: z.literal('PLAYER_TO_SCORE'),
  playerId,
  atLeast: z.literal([1, 2, 3], { error: 'atLeast must be 1, 2 or 3' }).optional(),
});
export const playerToBeCardedLegSchema = z.strictObject({
  market: z.literal('PLAYER_TO_BE_CARDED'),
  playerId,
});
const result = z.enum(['HOME', 'DRAW', 'AWAY']);
export const halfTimeFullTimeLegSchema = z.strictObject({
  market: z.literal('HALF_TIME_FULL_TIME'),
  halfTime: result,
  fullTime: result,
});
export const firstTeamToScoreLegSchema = z.strictObject({
  market: z.literal('FIRST_TEAM_TO_SCORE'),
  selection: z.enum(['HOME', 'AWAY', 'NONE']),
});
export const playerFirstGoalscorerLegSchema = z.strictObject({
  market: z.literal('PLAYER_FIRST_GOALSCORER'),
  playerId,
});

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
  handicapLegSchema,
  winToNilLegSchema,
  cleanSheetLegSchema,
  playerToScoreLegSchema,
  playerToBeCardedLegSchema,
  halfTimeFullTimeLegSchema,
  firstTeamToScoreLegSchema,
  playerFirstGoalscorerLegSchema,
]);

/** A price request: unknown top-level fields are refused like a leg's (the contract's v2 rule), never dropped. */
export const priceRequestSchema = z.strictObject({
  fixtureId: z.string().regex(FIXTURE_ID_PATTERN, 'fixtureId must match ^[a-z0-9][a-z0-9-]{2,63}$'),
  legs: z.array(legSchema).min(1).max(LIMITS.maxLegs),
});
