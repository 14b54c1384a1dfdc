import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/** `PRICE_CHANGED`: the fixture moved on and the current odds are shorter than the quote's (409); the server's body carries the current price and a fresh quote. */
export class PriceChangedError extends PricingApiError {
  override readonly code = 'PRICE_CHANGED' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'PRICE_CHANGED' });
    this.name = 'PriceChangedError';
  }
}
