import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `VERSION_CONFLICT`: `If-Match` did not match the stored `inputsVersion`; nothing changed.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof VersionConflictError) console.log(err.status, err.message); }
 */
export class VersionConflictError extends PricingApiError {
  override readonly code = 'VERSION_CONFLICT' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'VERSION_CONFLICT' });
    this.name = 'VersionConflictError';
  }
}
