import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/** `INVALID_QUOTE`: a quote token that is malformed, forged, or signed with an unknown key (400). */
export class InvalidQuoteError extends PricingApiError {
  override readonly code = 'INVALID_QUOTE' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'INVALID_QUOTE' });
    this.name = 'InvalidQuoteError';
  }
}
