/**
 * Why a fixture cannot be priced: `NOT_FOUND` (no opinion is stored for it) or `SUSPENDED` (its trader suspended it).
 * A domain fact, not an HTTP one: the handler's edge (`http.ts`) maps it onto the contract's 404 / 409
 * `FIXTURE_SUSPENDED`.
 */
export type FixtureUnavailableCode = 'NOT_FOUND' | 'SUSPENDED';

const MESSAGES: Record<FixtureUnavailableCode, (fixtureId: string) => string> = {
  NOT_FOUND: (id) => `no opinion is stored for fixture '${id}'`,
  SUSPENDED: (id) => `fixture '${id}' is suspended`,
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
