import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `DEPENDENCY_UNAVAILABLE`: The service could not reach its opinion store (retried by the client before it throws this).
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof DependencyUnavailableError) console.log(err.status, err.message); }
 */
export class DependencyUnavailableError extends PricingApiError {
  override readonly code = 'DEPENDENCY_UNAVAILABLE' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'DEPENDENCY_UNAVAILABLE' });
    this.name = 'DependencyUnavailableError';
  }
}
