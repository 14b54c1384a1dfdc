import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `NO_PRICE`: The legs cannot all win together, or their probability is below 1/1001.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof NoPriceError) console.log(err.status, err.message); }
 */
export class NoPriceError extends PricingApiError {
  override readonly code = 'NO_PRICE' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'NO_PRICE' });
    this.name = 'NoPriceError';
  }
}
