import { PricingApiError, type PricingApiErrorInit } from './PricingApiError';

/**
 * `PLAYER_NOT_FOUND`: A leg names a player not in the fixture's opinion.
 *
 * @example
 * try { await client.price(request); } catch (err) { if (err instanceof PlayerNotFoundError) console.log(err.status, err.message); }
 */
export class PlayerNotFoundError extends PricingApiError {
  override readonly code = 'PLAYER_NOT_FOUND' as const;
  constructor(init: Omit<PricingApiErrorInit, 'code'>) {
    super({ ...init, code: 'PLAYER_NOT_FOUND' });
    this.name = 'PlayerNotFoundError';
  }
}
