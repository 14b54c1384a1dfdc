import type { z } from 'zod';
import type {
  bothTeamsToScoreLegSchema,
  cleanSheetLegSchema,
  correctScoreLegSchema,
  doubleChanceLegSchema,
  firstTeamToScoreLegSchema,
  halfTimeFullTimeLegSchema,
  handicapLegSchema,
  legSchema,
  matchResultLegSchema,
  PERIODS,
  playerFirstGoalscorerLegSchema,
  playerToBeCardedLegSchema,
  playerToScoreLegSchema,
  teamCardsLegSchema,
  teamCornersLegSchema,
  teamGoalsLegSchema,
  totalCardsLegSchema,
  totalCornersLegSchema,
  totalGoalsLegSchema,
  winToNilLegSchema,
} from '../schemas';

export type MatchResultLeg = z.output<typeof matchResultLegSchema>;
export type DoubleChanceLeg = z.output<typeof doubleChanceLegSchema>;
export type TotalGoalsLeg = z.output<typeof totalGoalsLegSchema>;
export type TeamGoalsLeg = z.output<typeof teamGoalsLegSchema>;
export type BothTeamsToScoreLeg = z.output<typeof bothTeamsToScoreLegSchema>;
export type CorrectScoreLeg = z.output<typeof correctScoreLegSchema>;
export type TotalCardsLeg = z.output<typeof totalCardsLegSchema>;
export type TeamCardsLeg = z.output<typeof teamCardsLegSchema>;
export type TotalCornersLeg = z.output<typeof totalCornersLegSchema>;
export type TeamCornersLeg = z.output<typeof teamCornersLegSchema>;
export type HandicapLeg = z.output<typeof handicapLegSchema>;
export type WinToNilLeg = z.output<typeof winToNilLegSchema>;
export type CleanSheetLeg = z.output<typeof cleanSheetLegSchema>;
export type PlayerToScoreLeg = z.output<typeof playerToScoreLegSchema>;
export type PlayerToBeCardedLeg = z.output<typeof playerToBeCardedLegSchema>;
export type HalfTimeFullTimeLeg = z.output<typeof halfTimeFullTimeLegSchema>;
export type FirstTeamToScoreLeg = z.output<typeof firstTeamToScoreLegSchema>;
export type PlayerFirstGoalscorerLeg = z.output<typeof playerFirstGoalscorerLegSchema>;

/** One leg of a bet-builder bet (discriminated on `market`), exactly the API contract's fields. */
export type Leg = z.output<typeof legSchema>;
/** The market names of the contract. */
export type Market = Leg['market'];
/** A leg's period: `FULL_TIME` (the default when a leg has none), `FIRST_HALF` or `SECOND_HALF`. */
export type Period = (typeof PERIODS)[number];
/** A validated `POST /v1/price` body. */
export interface PriceRequest {
  fixtureId: string;
  legs: Leg[];
}
