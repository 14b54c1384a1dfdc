import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `FIXTURE_NOT_FOUND`: No opinion is stored for the fixture.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof FixtureNotFoundError) console.log(err.status, err.message); }
 */
export class FixtureNotFoundError extends PricingApiError {
  override readonly code = 'FIXTURE_NOT_FOUND' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'FIXTURE_NOT_FOUND' });
    this.name = 'FixtureNotFoundError';
  }
}
