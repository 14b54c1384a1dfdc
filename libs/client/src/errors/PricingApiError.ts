import type { ErrorResponse } from '../generated/contract';

/** What an error answer of the API carried, plus the operation that got it. */
export interface PricingApiErrorInit {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly details?: readonly { readonly path: string; readonly message: string }[] | undefined;
  readonly correlationId?: string | undefined;
  /** `POST /v1/price`, … */
  readonly operation: string;
  readonly cause?: unknown;
  /** The error object of the body as received (its code-specific fields: `current`, `homeRegion`, …). */
  readonly body?: ErrorResponse['error'] | undefined;
}

/**
 * An error answer of the API (`{"error": {"code", "message", "details"?}}`): the base of one class per contract code
 * (`FixtureNotFoundError`, `NoPriceError`, …), and itself for a code this client version does not know.
 *
 * @example
 * try { await client.getOpinion('epl-2026-12-05-ars-che'); }
 * catch (err) { if (err instanceof PricingApiError) console.log(err.status, err.code, err.details); }
 */
export class PricingApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** The error body's own `message` (this error's `message` adds the operation, status and code). */
  readonly apiMessage: string;
  readonly details: readonly { readonly path: string; readonly message: string }[] | undefined;
  readonly correlationId: string | undefined;
  readonly operation: string;

  constructor(init: PricingApiErrorInit) {
    super(`${init.operation}: ${init.status} ${init.code}: ${init.message}`, { cause: init.cause });
    this.name = 'PricingApiError';
    this.code = init.code;
    this.status = init.status;
    this.apiMessage = init.message;
    this.details = init.details;
    this.correlationId = init.correlationId;
    this.operation = init.operation;
  }
}
