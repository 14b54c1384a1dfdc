import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/** `QUOTE_EXPIRED`: the quote's expiresAt has passed (409). */
export class QuoteExpiredError extends PricingApiError {
  override readonly code = 'QUOTE_EXPIRED' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'QUOTE_EXPIRED' });
    this.name = 'QuoteExpiredError';
  }
}
