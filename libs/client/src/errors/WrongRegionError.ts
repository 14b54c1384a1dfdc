import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `WRONG_REGION` (421): a trader route or quote verification sent to a region other than the environment's home
 * region (API Gateway answers it there). `homeRegion` says where to send it.
 *
 * @example
 * catch (err) { if (err instanceof WrongRegionError) console.log(`use the ${err.homeRegion} api`); }
 */
export class WrongRegionError extends PricingApiError {
  override readonly code = 'WRONG_REGION' as const;
  /** The region whose API serves the route (the body's `error.homeRegion`). */
  readonly homeRegion: string | undefined;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'WRONG_REGION' });
    this.name = 'WrongRegionError';
    this.homeRegion = init.body?.homeRegion;
  }
}
