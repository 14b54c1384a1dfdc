/**
 * Why a fixture cannot be priced: `NOT_FOUND` (no opinion is stored for it), `SUSPENDED` (its trader suspended it) or
 * `IN_PLAY` (its current opinion carries an in-play state, which the model does not price from yet: pricing it from
 * kick-off would offer pre-match odds on a match already under way). A domain fact, not an HTTP one: the handler's
 * edge (`http.ts`) maps it onto the contract's 404 / 409 (`FIXTURE_SUSPENDED` for both of the latter).
 */
export type FixtureUnavailableCode = 'NOT_FOUND' | 'SUSPENDED' | 'IN_PLAY';

const MESSAGES: Record<FixtureUnavailableCode, (fixtureId: string) => string> = {
  NOT_FOUND: (id) => `no opinion is stored for fixture '${id}'`,
  SUSPENDED: (id) => `fixture '${id}' is suspended`,
  IN_PLAY: (id) => `fixture '${id}' is in play and in-play prices are not offered yet`,
};

/**
 * The fixture asked for cannot be priced now; `fixtureId` says which.
 *
 * @example
 * throw new FixtureUnavailableError('SUSPENDED', 'epl-2026-12-05-ars-che');
 */
export class FixtureUnavailableError extends Error {
  constructor(
    readonly code: FixtureUnavailableCode,
    readonly fixtureId: string,
  ) {
    super(MESSAGES[code](fixtureId));
    this.name = 'FixtureUnavailableError';
  }
}
