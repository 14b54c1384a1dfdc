export { MODEL_VERSION } from './version';
export { PricingError, type PricingErrorCode } from './PricingError';
export { parseOpinion, parsePriceRequest } from './parse';
export { buildFixtureModel, buildModelSections, DEFAULT_MODEL_OPTIONS } from './buildFixtureModel';
export { price, legsProbability, MIN_PROBABILITY } from './price';
export { marketMenu, type MenuMarket, type MenuSelection } from './marketMenu';
export {
  toRecord,
  fromRecord,
  modelByteSize,
  toCoreRecord,
  fromCoreRecord,
  toCountsRecord,
  fromCountsRecord,
  toHalvesRecord,
  fromHalvesRecord,
  toSectionRecord,
  fromSectionRecord,
  sectionByteSize,
  sectionOf,
  type ModelSection,
} from './record';
export {
  ALL_SECTIONS,
  sectionsNeeded,
  hasHalves,
  isWholeModel,
  splitModel,
  joinModel,
  type BuiltSections,
  type ModelParts,
  type ModelSections,
} from './sections';
export { ModelRecordError } from './ModelRecordError';
export { MissingSectionError } from './MissingSectionError';
export { offeredOdds, marginFor, ODDS_LADDER, type LadderPrice } from './oddsLadder';
// The zod schemas the parsers validate with: the source of the OpenAPI document and the API Gateway request models.
export {
  LIMITS,
  IN_PLAY_LIMITS,
  PERIODS,
  PRICED_PERIODS,
  opinionSchema,
  legSchema,
  priceRequestSchema,
} from './schemas';
export { CONTRACT_EXAMPLE_OPINION, CONTRACT_EXAMPLE_LEGS, CONTRACT_EXAMPLE_IN_PLAY } from './examples';
export type {
  Opinion,
  TeamInputs,
  PlayerInputs,
  ModelOptions,
  ResolvedModelOptions,
  InPlayState,
  InPlayPlayer,
} from './types/opinion';
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
  CountShape,
  ModelCounts,
  ModelPlayer,
  TeamMeans,
  Calibration,
  FixtureModel,
  CoreModel,
  ModelHalves,
  HalvesCap,
  RecordSection,
  PriceResult,
  TypedArrayLike,
  ModelRecord,
} from './types/model';
export { summariseModel, type ModelSummary, type CountSummary } from './summariseModel';
