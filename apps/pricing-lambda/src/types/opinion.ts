import type { Opinion } from '@betbuilder/pricing-model';

/** An opinion as stored in the table: the contract's opinion plus the version the store assigned. */
export type StoredOpinion = Opinion & {
  /** 1 for the first write of a fixture, +1 for each later write. */
  readonly inputsVersion: number;
  /** ISO-8601 time of the write. */
  readonly updatedAt: string;
};

/**
 * What the price path must know of a fixture before its model: which version is current and whether it is open.
 * A {@link StoredOpinion} is one; so is a current-version pointer (which carries no inputs).
 */
export interface FixtureHead {
  readonly fixtureId: string;
  readonly inputsVersion: number;
  readonly status: 'OPEN' | 'SUSPENDED';
  /** The version carries an in-play state (then no cache may answer for it: see CachedOpinionReader). */
  readonly inPlay?: unknown;
  /** Kick-off (ISO-8601) when known: a head read from the table carries it (past it, a fixture is live). */
  readonly kickoff?: string;
}

/** The read side of the opinion store, as the price path sees it. */
export interface OpinionReader {
  /** The stored opinion, or undefined when none is stored. Throws OpinionStoreError. */
  get(fixtureId: string, opts?: { consistent?: boolean }): Promise<StoredOpinion | undefined>;
  /**
   * The fixture's head only (version, status, kick-off, whether in play), read strongly consistently: what a live
   * fixture's price needs on every request when its model is already at hand. Undefined when none is stored.
   * Throws OpinionStoreError. Optional: without it, a live head is a whole consistent `get`.
   */
  getConsistentHead?(fixtureId: string): Promise<FixtureHead | undefined>;
}
