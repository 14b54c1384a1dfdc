import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `FIXTURE_SUSPENDED`: The fixture is suspended: it is not priced.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof FixtureSuspendedError) console.log(err.status, err.message); }
 */
export class FixtureSuspendedError extends PricingApiError {
  override readonly code = 'FIXTURE_SUSPENDED' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'FIXTURE_SUSPENDED' });
    this.name = 'FixtureSuspendedError';
  }
}
