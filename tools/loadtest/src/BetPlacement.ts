import {
  buildFixtureModel,
  parseOpinion,
  parsePriceRequest,
  price,
  PricingError,
} from '@betbuilder/pricing-model';
import type { ApiClient, ApiResponse } from './ApiClient';
import type { StoredOpinion } from './seed';

/** What bet placement learnt from its quote verifications (`POST /v1/quotes/verify`) during one run. */
export interface QuoteOutcomes {
  /** Share of priced bets (200s) whose quote was verified, and the delay before each verification. */
  share: number;
  delayMs: number;
  verified: number;
  /** `200 {"valid": true}`. */
  accepted: number;
  /** Accepted although a newer version had been acknowledged before the verification was sent (odds no shorter). */
  acceptedAfterMove: number;
  /** `409 PRICE_CHANGED` (with a fresh quote in `error.current`). */
  priceChanged: number;
  /** `409 QUOTE_EXPIRED`. */
  expired: number;
  /** `409 FIXTURE_SUSPENDED`. */
  suspended: number;
  /** Any other answer (`400 INVALID_QUOTE`, 5xx, transport failures), by status/code. */
  otherByCode: Record<string, number>;
  /**
   * Accepted quotes whose inputs were older than the fixture's state at verification and whose odds were longer than
   * what that state offers (checked against the pricing model here): must be 0.
   */
  staleAccepted: number;
  /** Up to 5 of them, for the report. */
  staleExamples: {
    fixtureId: string;
    quotedVersion: number;
    stateVersions: number[];
    quoted: number;
    offered: number[];
  }[];
}

interface Quoted {
  fixtureId: string;
  legs: unknown[];
  inputsVersion: number;
  odds: { decimal: number };
  quote: { token: string };
}

interface Accepted {
  quoted: Quoted;
  /** The newest version acknowledged before the verification was sent, and before its answer arrived. */
  ackedAtSend: number;
  ackedAtAnswer: number;
}

/**
 * The bet-placement stream of the load test: a share of the priced bets have their quote verified after a delay
 * (as a bet delay would), and every acceptance is checked afterwards: when a newer opinion version had been
 * acknowledged before the verification was sent, the service read that version or a later one (strongly consistent),
 * so at least one version it can have read must offer odds at least as long as the quoted ones — else the acceptance
 * counts in `staleAccepted`. The check prices the legs with `@betbuilder/pricing-model` from the opinions this load
 * test wrote, after the run (model builds would otherwise load the generator).
 *
 * @example
 * const bets = new BetPlacement({ api, share: 0.1, delayMs: 2000, random: rng, stored });
 * bets.onPriced(response.json); bets.onWritten(item); await bets.finish(); bets.outcomes();
 */
export class BetPlacement {
  private readonly pending = new Set<Promise<void>>();
  private readonly versions = new Map<string, Map<number, StoredOpinion>>();
  private readonly latest = new Map<string, number>();
  private readonly accepted: Accepted[] = [];
  private readonly models = new Map<string, ReturnType<typeof buildFixtureModel>>();
  private readonly counts: QuoteOutcomes;

  constructor(
    private readonly o: {
      api: Pick<ApiClient, 'verifyQuote'>;
      share: number;
      delayMs: number;
      /** Uniform [0, 1): decides which bets are verified (the run's seeded generator). */
      random: () => number;
      stored: readonly StoredOpinion[];
    },
  ) {
    for (const s of o.stored) this.onWritten(s);
    this.counts = {
      share: o.share,
      delayMs: o.delayMs,
      verified: 0,
      accepted: 0,
      acceptedAfterMove: 0,
      priceChanged: 0,
      expired: 0,
      suspended: 0,
      otherByCode: {},
      staleAccepted: 0,
      staleExamples: [],
    };
  }

  /** An acknowledged opinion write (seeding or an update). */
  onWritten(item: StoredOpinion): void {
    let byVersion = this.versions.get(item.fixtureId);
    if (!byVersion) this.versions.set(item.fixtureId, (byVersion = new Map<number, StoredOpinion>()));
    byVersion.set(item.inputsVersion, item);
    this.latest.set(item.fixtureId, Math.max(this.latest.get(item.fixtureId) ?? 0, item.inputsVersion));
  }

  /** A 200 of `POST /v1/price`: verify its quote after the delay, for a `share` of them. */
  onPriced(body: unknown): void {
    const quoted = body as Quoted | undefined;
    if (typeof quoted?.quote?.token !== 'string' || this.o.random() >= this.o.share) return;
    const run = new Promise<void>((resolve) => setTimeout(resolve, this.o.delayMs))
      .then(() => this.verify(quoted))
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** Waits for every scheduled verification (the service's part of bet placement). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * Waits for every scheduled verification, then checks the acceptances (the test's own analysis: it rebuilds models
   * with the pricing model in this process, so a caller measuring the service's CPU stops before it, after
   * {@link settle}).
   */
  async finish(): Promise<QuoteOutcomes> {
    await this.settle();
    for (const a of this.accepted) this.check(a);
    return this.outcomes();
  }

  outcomes(): QuoteOutcomes {
    return {
      ...this.counts,
      otherByCode: { ...this.counts.otherByCode },
      staleExamples: [...this.counts.staleExamples],
    };
  }

  private async verify(quoted: Quoted): Promise<void> {
    const ackedAtSend = this.latest.get(quoted.fixtureId) ?? 0;
    let r: ApiResponse;
    try {
      r = await this.o.api.verifyQuote(quoted.quote.token);
    } catch (err) {
      this.other((err as { code?: string }).code ?? 'TRANSPORT');
      return;
    }
    this.counts.verified++;
    const code = (r.json as { error?: { code?: string } } | undefined)?.error?.code;
    if (r.status === 200 && (r.json as { valid?: boolean } | undefined)?.valid === true) {
      this.counts.accepted++;
      const ackedAtAnswer = this.latest.get(quoted.fixtureId) ?? 0;
      if (ackedAtSend > quoted.inputsVersion) {
        this.counts.acceptedAfterMove++;
        this.accepted.push({ quoted, ackedAtSend, ackedAtAnswer });
      }
    } else if (r.status === 409 && code === 'PRICE_CHANGED') this.counts.priceChanged++;
    else if (r.status === 409 && code === 'QUOTE_EXPIRED') this.counts.expired++;
    else if (r.status === 409 && code === 'FIXTURE_SUSPENDED') this.counts.suspended++;
    else this.other(code ? `${r.status} ${code}` : String(r.status));
  }

  private other(key: string): void {
    this.counts.otherByCode[key] = (this.counts.otherByCode[key] ?? 0) + 1;
  }

  /** An acceptance after a move is sound if some version the service can have read offers odds ≥ the quoted. */
  private check(a: Accepted): void {
    const candidates: number[] = [];
    const offered: number[] = [];
    for (let v = a.ackedAtSend; v <= a.ackedAtAnswer; v++) {
      candidates.push(v);
      const odds = offeredOdds(this.versions.get(a.quoted.fixtureId)?.get(v), a.quoted.legs, this.models);
      if (odds !== undefined) offered.push(odds);
    }
    if (offered.some((o) => o >= a.quoted.odds.decimal)) return;
    this.counts.staleAccepted++;
    if (this.counts.staleExamples.length < 5) {
      this.counts.staleExamples.push({
        fixtureId: a.quoted.fixtureId,
        quotedVersion: a.quoted.inputsVersion,
        stateVersions: candidates,
        quoted: a.quoted.odds.decimal,
        offered,
      });
    }
  }
}

/**
 * The offered decimal odds of `legs` at this stored opinion, by the pricing model itself (the reference the service
 * must agree with); undefined when that version is suspended, unknown, or cannot price the legs (no price there).
 */
export function offeredOdds(
  stored: StoredOpinion | undefined,
  legs: unknown[],
  /** Models by `fixtureId:inputsVersion`, for one run (a version's inputs never change within it). */
  models: Map<string, ReturnType<typeof buildFixtureModel>> = new Map(),
): number | undefined {
  if (stored === undefined || stored.status === 'SUSPENDED') return undefined;
  const key = `${stored.fixtureId}:${stored.inputsVersion}`;
  let model = models.get(key);
  if (!model) {
    const { inputsVersion: _v, updatedAt: _u, ...body } = stored;
    const opinion = parseOpinion(body, stored.fixtureId);
    if (!opinion.ok) return undefined;
    model = buildFixtureModel(opinion.value);
    models.set(key, model);
  }
  const request = parsePriceRequest({ fixtureId: stored.fixtureId, legs });
  if (!request.ok) return undefined;
  try {
    return price(model, request.value.legs).odds.decimal;
  } catch (err) {
    if (err instanceof PricingError) return undefined;
    throw err;
  }
}
