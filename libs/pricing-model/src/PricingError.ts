/** Stable codes of {@link PricingError}. */
export type PricingErrorCode = 'NO_PRICE' | 'PLAYER_NOT_FOUND';

/**
 * A bet the model cannot price: legs that cannot all win or a probability below 1/1001 (`NO_PRICE`),
 * or a leg naming a player that is not in the fixture's opinion (`PLAYER_NOT_FOUND`).
 *
 * @example
 * try { price(model, legs); } catch (e) { if (e instanceof PricingError && e.code === 'NO_PRICE') return 422; }
 */
export class PricingError extends Error {
  override readonly name = 'PricingError';
  readonly code: PricingErrorCode;

  constructor(code: PricingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
