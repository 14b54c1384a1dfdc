export { MODEL_VERSION } from './version';
export { PricingError, type PricingErrorCode } from './PricingError';
export { parseOpinion, parsePriceRequest } from './parse';
export { buildFixtureModel, DEFAULT_MODEL_OPTIONS } from './buildFixtureModel';
export { price, legsProbability, MIN_PROBABILITY } from './price';
export { marketMenu, type MenuMarket, type MenuSelection } from './marketMenu';
export { toRecord, fromRecord, modelByteSize } from './record';
export { ModelRecordError } from './ModelRecordError';
export { offeredOdds, marginFor, ODDS_LADDER, type LadderPrice } from './oddsLadder';
// opinionSchema / priceRequestSchema: the zod schemas the parsers use, for generated API descriptions (request models).
export { LIMITS, PERIODS, PRICED_PERIODS, opinionSchema, priceRequestSchema } from './schemas';
export { CONTRACT_EXAMPLE_OPINION, CONTRACT_EXAMPLE_LEGS } from './examples';
export type { Opinion, TeamInputs, PlayerInputs, ModelOptions, ResolvedModelOptions } from './types/opinion';
export type {
  Leg,
  Market,
  Period,
  PriceRequest,
  MatchResultLeg,
  DoubleChanceLeg,
  TotalGoalsLeg,
  TeamGoalsLeg,
  BothTeamsToScoreLeg,
  CorrectScoreLeg,
  TotalCardsLeg,
  TeamCardsLeg,
  TotalCornersLeg,
  TeamCornersLeg,
  HandicapLeg,
  WinToNilLeg,
  CleanSheetLeg,
  PlayerToScoreLeg,
  PlayerToBeCardedLeg,
} from './types/legs';
export type {
  ValidationIssue,
  ParseResult,
  SectionName,
  BuildHooks,
  CountTable,
  ModelPlayer,
  TeamMeans,
  Calibration,
  FixtureModel,
  PriceResult,
  TypedArrayLike,
  ModelRecord,
} from './types/model';
export { summariseModel, type ModelSummary, type CountSummary } from './summariseModel';
