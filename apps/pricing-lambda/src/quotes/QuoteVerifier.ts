import type { Metrics } from '@aws-lambda-powertools/metrics';
import { price, sectionsNeeded } from '@betbuilder/pricing-model';
import { buildModel } from '../buildModel';
import type { ModelStore } from '../ModelStore';
import { traceAsync, traceSync, type Tracing } from '../observability';
import type { OpinionStore } from '../OpinionStore';
import { toPriceResponse, type PriceResponse } from '../PriceService';
import type { Quote, SignedQuote } from '../types/quote';
import type { StoredOpinion } from '../types/opinion';
import { isInPlay } from './inPlay';
import type { OpenedQuote, QuoteSigner } from './QuoteSigner';

/** A price at the fixture's current version, with its own fresh quote. */
export type QuotedPrice = PriceResponse & { readonly quote: Quote };

/** What bet placement learns of a quote (the handler maps each to the contract's status). */
export type VerifyOutcome =
  | { readonly outcome: 'VALID'; readonly quote: SignedQuote }
  | { readonly outcome: 'QUOTE_EXPIRED'; readonly quote: SignedQuote }
  | { readonly outcome: 'FIXTURE_NOT_FOUND'; readonly quote: SignedQuote }
  | { readonly outcome: 'FIXTURE_SUSPENDED'; readonly quote: SignedQuote }
  | { readonly outcome: 'PRICE_CHANGED'; readonly quote: SignedQuote; readonly current: QuotedPrice };

export interface QuoteVerifierDeps {
  readonly signer: QuoteSigner;
  /** Read strongly consistently, straight from DynamoDB (never DAX, never the opinion cache). */
  readonly store: Pick<OpinionStore, 'get'>;
  /** Models are immutable per (fixture, inputsVersion, MODEL_VERSION), so the model cache cannot be stale here. */
  readonly models: ModelStore;
  readonly tracer: Tracing;
  readonly metrics: Metrics;
}

/**
 * Decides whether bet placement may accept a quote. In order: the token must be authentic (else QuoteTokenError), then
 * unexpired (`QUOTE_EXPIRED`, decided before any read); then one strongly consistent GetItem of the fixture — a
 * fixture that is gone is `FIXTURE_NOT_FOUND`, a suspended one `FIXTURE_SUSPENDED`. If the stored `inputsVersion` is
 * still the quote's the quote is `VALID`; otherwise the legs are priced at the stored version, and the quote is `VALID`
 * if those odds are at least the quoted ones, else `PRICE_CHANGED` with that price and a fresh quote. A bet whose legs
 * can no longer be priced at the current version (a decided leg, a removed player) throws the pricing error
 * (`422 NO_PRICE`, `404 PLAYER_NOT_FOUND`).
 *
 * @example
 * const verifier = new QuoteVerifier({ signer, store, models, tracer, metrics });
 * const r = await verifier.verify(token); // { outcome: 'VALID', quote: { id, fixtureId, legs, … } }
 */
export class QuoteVerifier {
  constructor(private readonly deps: QuoteVerifierDeps) {}

  async verify(token: string): Promise<VerifyOutcome> {
    const { signer, store, tracer } = this.deps;
    const opened = await signer.open(token);
    const quote = signedFields(opened);
    if (signer.now() >= opened.expiresAtMs) return { outcome: 'QUOTE_EXPIRED', quote };
    const stored = await traceAsync(tracer, 'opinion.get', () =>
      store.get(opened.fixtureId, { consistent: true }),
    );
    if (stored === undefined) return { outcome: 'FIXTURE_NOT_FOUND', quote };
    if (stored.status === 'SUSPENDED') return { outcome: 'FIXTURE_SUSPENDED', quote };
    if (stored.inputsVersion === opened.inputsVersion) return { outcome: 'VALID', quote };
    const current = await this.priceAt(stored, opened);
    if (current.odds.decimal >= opened.odds.decimal) return { outcome: 'VALID', quote };
    return { outcome: 'PRICE_CHANGED', quote, current };
  }

  /** The quote's legs priced at the stored version (model cache → build), with a fresh quote. */
  private async priceAt(stored: StoredOpinion, opened: OpenedQuote): Promise<QuotedPrice> {
    const { models, tracer, metrics, signer } = this.deps;
    // The sections the quoted legs need, as a price reads them.
    const { value: model } = await models.read(
      stored.fixtureId,
      stored.inputsVersion,
      sectionsNeeded(opened.legs),
      (request) => buildModel(stored, { tracer, metrics }, request),
    );
    const result = traceSync(tracer, 'price', () => price(model, opened.legs));
    const response = toPriceResponse(stored, model.modelVersion, result);
    return { ...response, quote: await signer.sign(response, { inPlay: isInPlay(stored) }) };
  }
}

function signedFields(q: OpenedQuote): SignedQuote {
  return {
    id: q.id,
    fixtureId: q.fixtureId,
    legs: q.legs,
    inputsVersion: q.inputsVersion,
    modelVersion: q.modelVersion,
    probability: q.probability,
    odds: q.odds,
    expiresAt: q.expiresAt,
  };
}
