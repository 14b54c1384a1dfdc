import type { PriceResponse } from '../generated/contract';
import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `PRICE_CHANGED`: the fixture moved on and the current odds are shorter than the quote's (409). `current` is the price
 * at the current version with a fresh quote (the body's `error.current`): offer it to the customer, or verify its quote.
 *
 * @example
 * catch (err) { if (err instanceof PriceChangedError && err.current) await client.verifyQuote(err.current.quote.token); }
 */
export class PriceChangedError extends PricingApiError {
  override readonly code = 'PRICE_CHANGED' as const;
  /** The price now, with a fresh quote; undefined only if a server left it out. */
  readonly current: PriceResponse | undefined;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'PRICE_CHANGED' });
    this.name = 'PriceChangedError';
    this.current = init.body?.current;
  }
}
