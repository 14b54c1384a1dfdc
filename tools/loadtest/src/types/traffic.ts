import type {
  Leg,
  Market as ContractMarket,
  Opinion,
  Period as ContractPeriod,
  PlayerInputs as ContractPlayerInputs,
  PriceRequest,
  TeamInputs as ContractTeamInputs,
} from '@betbuilder/pricing-model';

// The load test speaks the API contract through the model's own types (declared once, in @betbuilder/pricing-model),
// so a new market or field reaches the traffic generator as a type error instead of a silent drift.

/** The contract's opinion body, as the load test writes it (PUT /v1/fixtures/{fixtureId}). */
export type OpinionBody = Opinion;
export type TeamInputs = ContractTeamInputs;
export type PlayerInputs = ContractPlayerInputs;

/** One leg of a price request (the contract's markets, v2 full-time markets included). */
export type LegBody = Leg;
export type Market = ContractMarket;
export type Period = ContractPeriod;
export type Side = 'OVER' | 'UNDER';
export type TeamSide = 'HOME' | 'AWAY';

/** The body of `POST /v1/price`. */
export type PriceRequestBody = PriceRequest;
