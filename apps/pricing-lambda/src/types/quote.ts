import type { Leg } from '@betbuilder/pricing-model';

/** What a quote promises: the price as offered, for these legs of this fixture at these inputs. */
export interface QuoteFields {
  readonly fixtureId: string;
  /** The legs as priced (normalised, duplicates removed). */
  readonly legs: readonly Leg[];
  readonly inputsVersion: number;
  readonly modelVersion: string;
  readonly probability: number;
  readonly odds: { readonly decimal: number; readonly fractional: string };
}

/** The signed fields of a quote, as `POST /v1/quotes/verify` returns them. */
export interface SignedQuote extends QuoteFields {
  /** `q_` + a ULID. */
  readonly id: string;
  /** ISO-8601, milliseconds, UTC. */
  readonly expiresAt: string;
}

/** The `quote` of every `200` of `POST /v1/price`. */
export interface Quote {
  readonly id: string;
  readonly expiresAt: string;
  /** Opaque to clients: `v1.<kid>.<base64url canonical JSON>.<base64url HMAC-SHA256>`. */
  readonly token: string;
}
