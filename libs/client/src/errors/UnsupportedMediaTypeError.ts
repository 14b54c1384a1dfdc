import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `UNSUPPORTED_MEDIA_TYPE`: The request body was not declared `application/json`.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof UnsupportedMediaTypeError) console.log(err.status, err.message); }
 */
export class UnsupportedMediaTypeError extends PricingApiError {
  override readonly code = 'UNSUPPORTED_MEDIA_TYPE' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'UNSUPPORTED_MEDIA_TYPE' });
    this.name = 'UnsupportedMediaTypeError';
  }
}
