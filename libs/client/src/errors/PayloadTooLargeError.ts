import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `PAYLOAD_TOO_LARGE`: The request body is over 16 KiB.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof PayloadTooLargeError) console.log(err.status, err.message); }
 */
export class PayloadTooLargeError extends PricingApiError {
  override readonly code = 'PAYLOAD_TOO_LARGE' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'PAYLOAD_TOO_LARGE' });
    this.name = 'PayloadTooLargeError';
  }
}
