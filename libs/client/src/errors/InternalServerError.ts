import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `INTERNAL`: Anything else on the server side; `correlationId` names the logged failure.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof InternalServerError) console.log(err.status, err.message); }
 */
export class InternalServerError extends PricingApiError {
  override readonly code = 'INTERNAL' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'INTERNAL' });
    this.name = 'InternalServerError';
  }
}
