import type { ApiClient, ApiResponse } from './ApiClient';
import { BetPlacement, type QuoteOutcomes } from './BetPlacement';
import { LatencyRecorder } from './LatencyRecorder';
import type { TrafficPlan } from './plan';
import type { Progress } from './progress';
import { createRng } from './random';
import { runOpenLoop, type SendOutcome } from './schedule';
import type { StoredOpinion } from './seed';
import { updateOpinion } from './traffic';
import type { PriceSample } from './types/faults';
import type { OpinionBody } from './types/traffic';

export interface TrafficResult {
  recorder: LatencyRecorder;
  requests: number;
  errors: number;
  /** 422 NO_PRICE answers: a valid contract answer for a bet that cannot win, not an error. */
  noPrice: number;
  errorsByCode: Record<string, number>;
  updates: number;
  updateErrors: number;
  updateErrorsByCode: Record<string, number>;
  maxSendLagMs: number;
  /** Latency of the requests scheduled from `fromSecond` on (after the L1 warm-up transient). */
  steady: { fromSecond: number; count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  /** Per scheduled second: requests, p50, p95, max (ms). */
  timeline: { second: number; requests: number; p50Ms: number; p95Ms: number; maxMs: number }[];
  /** Successful updates' stored items (fixtureId → latest inputsVersion). */
  latestVersions: Map<string, number>;
  /** The bet-placement stream's quote verifications (when `verify` was given with a share > 0). */
  quotes?: QuoteOutcomes;
}

function errorKey(r: ApiResponse): string {
  const code = (r.json as { error?: { code?: string } } | undefined)?.error?.code;
  return code ? `${r.status} ${code}` : String(r.status);
}

function transportKey(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? 'TRANSPORT';
}

/**
 * Replays a traffic plan against an API: the price requests and the opinion updates each on their
 * own open-loop schedule, latencies into an HdrHistogram. `afterUpdate` runs after each successful
 * update (the local config C invokes the stream primer there, like DynamoDB Streams would).
 *
 * @example
 * const r = await runTraffic(api, plan, { label: 'C', stored, progress });
 */
export async function runTraffic(
  api: ApiClient,
  plan: TrafficPlan,
  o: {
    label: string;
    stored: readonly StoredOpinion[];
    progress?: Progress;
    containers?: () => number;
    afterUpdate?: (stored: StoredOpinion) => Promise<void>;
    /** Bet placement: verify this share of the priced bets' quotes after `delayMs`. */
    verify?: { share: number; delayMs: number };
    /** Every acknowledged opinion update (200), after its primer ran. */
    onWrite?: (stored: StoredOpinion) => void;
    /** Every price answer, by its scheduled send time (the fault windows are cut from these). */
    onPrice?: (sample: PriceSample) => void;
  },
): Promise<TrafficResult> {
  const bets =
    o.verify && o.verify.share > 0
      ? new BetPlacement({
          api,
          share: o.verify.share,
          delayMs: o.verify.delayMs,
          random: (() => {
            const rng = createRng(`${plan.updateSeed}/bet-placement`);
            return () => rng.next();
          })(),
          stored: o.stored,
        })
      : undefined;
  const recorder = new LatencyRecorder(o.label);
  // The same latencies without the first seconds (every container's L1 starts empty): the steady state.
  const steadyFromS = Math.min(
    10,
    Math.floor(
      plan.priceOffsetsMs.length > 0 ? plan.priceOffsetsMs[plan.priceOffsetsMs.length - 1]! / 6000 : 0,
    ),
  );
  const steady = new LatencyRecorder(`${o.label} (from ${steadyFromS} s)`);
  const errorsByCode: Record<string, number> = {};
  const updateErrorsByCode: Record<string, number> = {};
  let errors = 0;
  let noPrice = 0;
  let done = 0;
  let updates = 0;
  let updateErrors = 0;
  const current = new Map<string, OpinionBody>(plan.opinions.map((x) => [x.fixtureId, x]));
  const latestVersions = new Map<string, number>(o.stored.map((s) => [s.fixtureId, s.inputsVersion]));
  const uRng = createRng(plan.updateSeed);
  const state = () => ({
    label: o.label,
    sent: 0,
    total: plan.priceOffsetsMs.length,
    done,
    errors,
    p95Ms: recorder.percentileMs(95),
    containers: o.containers?.() ?? 0,
  });
  let sent = 0;
  // Latencies by the second they were scheduled in: shows whether a tail is a transient or steady.
  const perSecond: number[][] = [];

  const prices = runOpenLoop({
    offsetsMs: plan.priceOffsetsMs,
    send: async (i): Promise<SendOutcome> => {
      const r = await api.price(plan.bets[i]!);
      if (r.status === 200) bets?.onPriced(r.json);
      const isNoPrice =
        r.status === 422 && (r.json as { error?: { code?: string } } | undefined)?.error?.code === 'NO_PRICE';
      return { ok: r.status === 200 || isNoPrice, status: r.status, info: isNoPrice ? 'NO_PRICE' : r };
    },
    onResult: (i, ms, outcome) => {
      done++;
      recorder.record(ms);
      const sec = Math.floor(plan.priceOffsetsMs[i]! / 1000);
      (perSecond[sec] ??= []).push(ms);
      if (sec >= steadyFromS) steady.record(ms);
      if (outcome.info === 'NO_PRICE') noPrice++;
      let key = outcome.info === 'NO_PRICE' ? '422 NO_PRICE' : String(outcome.status);
      if (!outcome.ok) {
        errors++;
        key =
          outcome.status !== undefined ? errorKey(outcome.info as ApiResponse) : transportKey(outcome.info);
        errorsByCode[key] = (errorsByCode[key] ?? 0) + 1;
      }
      o.onPrice?.({ scheduledMs: plan.priceOffsetsMs[i]!, latencyMs: ms, status: key });
    },
    onTick: (s) => {
      sent = s;
      o.progress?.update({ ...state(), sent });
    },
  });

  const updatesRun = runOpenLoop({
    offsetsMs: plan.updateOffsetsMs,
    send: async (i): Promise<SendOutcome> => {
      const fixture = plan.opinions[plan.updateFixtures[i]!]!;
      const next = updateOpinion(current.get(fixture.fixtureId)!, uRng);
      current.set(fixture.fixtureId, next);
      const r = await api.putOpinion(next);
      if (r.status !== 200) return { ok: false, status: r.status, info: r };
      const item = r.json as StoredOpinion;
      bets?.onWritten(item);
      latestVersions.set(
        item.fixtureId,
        Math.max(latestVersions.get(item.fixtureId) ?? 0, item.inputsVersion),
      );
      if (o.afterUpdate) await o.afterUpdate(item);
      o.onWrite?.(item);
      return { ok: true, status: 200 };
    },
    onResult: (_i, _ms, outcome) => {
      if (outcome.ok) updates++;
      else {
        updateErrors++;
        const key =
          outcome.status !== undefined ? errorKey(outcome.info as ApiResponse) : transportKey(outcome.info);
        updateErrorsByCode[key] = (updateErrorsByCode[key] ?? 0) + 1;
      }
    },
  });

  const [priceRun] = await Promise.all([prices, updatesRun]);
  const quotes = await bets?.finish();
  o.progress?.finish({ ...state(), sent });
  return {
    recorder,
    requests: priceRun.sent,
    errors,
    noPrice,
    errorsByCode,
    updates,
    updateErrors,
    updateErrorsByCode,
    maxSendLagMs: Math.round(priceRun.maxSendLagMs * 1000) / 1000,
    steady: { fromSecond: steadyFromS, ...pick(steady.summary()) },
    timeline: perSecond.map((v, second) => {
      const s = [...(v ?? [])].sort((a, b) => a - b);
      const at = (p: number) =>
        s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
      const r3 = (x: number) => Math.round(x * 1000) / 1000;
      return {
        second,
        requests: s.length,
        p50Ms: r3(at(50)),
        p95Ms: r3(at(95)),
        maxMs: r3(s[s.length - 1] ?? 0),
      };
    }),
    latestVersions,
    ...(quotes !== undefined ? { quotes } : {}),
  };
}

function pick(d: { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }) {
  return { count: d.count, p50Ms: d.p50Ms, p95Ms: d.p95Ms, p99Ms: d.p99Ms, maxMs: d.maxMs };
}
