import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `INVALID_REQUEST`: The request was malformed or out of range; `details` names each bad field.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof InvalidRequestError) console.log(err.status, err.message); }
 */
export class InvalidRequestError extends PricingApiError {
  override readonly code = 'INVALID_REQUEST' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'INVALID_REQUEST' });
    this.name = 'InvalidRequestError';
  }
}
