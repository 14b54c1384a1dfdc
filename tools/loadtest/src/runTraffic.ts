import type { ApiClient, ApiResponse } from './ApiClient';
import { BetPlacement, type QuoteOutcomes } from './BetPlacement';
import { LatencyRecorder } from './LatencyRecorder';
import type { TrafficPlan } from './plan';
import type { Progress } from './progress';
import { createRng } from './random';
import { runOpenLoop, type SendOutcome } from './schedule';
import type { StoredOpinion } from './seed';
import { advanceInPlay, updateOpinion } from './traffic';
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
  /** The in-play fixtures: their state updates, prices, stale prices and update-to-price latency. */
  inPlay?: InPlayOutcomes;
}

export interface InPlayOutcomes {
  fixtures: number;
  /** State updates acknowledged (200) and refused. */
  updates: number;
  updateErrors: number;
  /** Prices of in-play fixtures answered 200. */
  prices: number;
  /** 200s whose inputsVersion is older than a write acknowledged before the price request was sent: must be 0. */
  stale: number;
  /** Write acknowledged → first price answered on that version or a newer one (ms), per acknowledged write. */
  updateToPrice: { count: number; p50Ms: number; p95Ms: number; maxMs: number };
  /** Acknowledged writes no price saw before a newer write or the end of the run. */
  unobserved: number;
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
    /**
     * The traffic is over and every verification answered; the test's own checks (recomputing accepted quotes'
     * odds in this process) come after it, so a CPU window of the service ends here.
     */
    onSettled?: () => void;
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
  const iRng = createRng(`${plan.updateSeed}/in-play`);
  const liveIds = new Set(plan.inPlayFixtures.map((i) => plan.opinions[i]!.fixtureId));
  const live = { updates: 0, updateErrors: 0, prices: 0, stale: 0, unobserved: 0 };
  const updateToPrice = new LatencyRecorder(`${o.label} (in-play update to price)`);
  // per live fixture: the newest acknowledged write no price has been answered on yet
  const pendingWrite = new Map<string, { version: number; ackedAt: number }>();
  const onLivePrice = (fixtureId: string, version: number, ackedBefore: number) => {
    live.prices++;
    if (version < ackedBefore) live.stale++;
    const pending = pendingWrite.get(fixtureId);
    if (pending && version >= pending.version) {
      updateToPrice.record(performance.now() - pending.ackedAt);
      pendingWrite.delete(fixtureId);
    }
  };
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
      const fixtureId = plan.bets[i]!.fixtureId;
      const live = liveIds.has(fixtureId);
      // the newest version acknowledged before this request is sent: a live price must not be older
      const ackedBefore = live ? (latestVersions.get(fixtureId) ?? 0) : 0;
      const r = await api.price(plan.bets[i]!);
      if (r.status === 200) bets?.onPriced(r.json);
      if (live && r.status === 200)
        onLivePrice(fixtureId, (r.json as { inputsVersion: number }).inputsVersion, ackedBefore);
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

  // In-play fixtures: a state update every few seconds each, through the same opinion handler (and primer).
  const inPlayRun = runOpenLoop({
    offsetsMs: plan.inPlayOffsetsMs,
    send: async (i): Promise<SendOutcome> => {
      const fixture = plan.opinions[plan.inPlayTargets[i]!]!;
      const before = current.get(fixture.fixtureId)!;
      const next = advanceInPlay(before, iRng);
      const version = latestVersions.get(fixture.fixtureId) ?? 0;
      // each state change is a PUT with If-Match, as the contract asks of in-play states
      const r = await api.putOpinion(next, version > 0 ? { ifMatch: version } : {});
      if (r.status !== 200) return { ok: false, status: r.status, info: r };
      current.set(fixture.fixtureId, next);
      const item = r.json as StoredOpinion;
      bets?.onWritten(item);
      latestVersions.set(
        item.fixtureId,
        Math.max(latestVersions.get(item.fixtureId) ?? 0, item.inputsVersion),
      );
      if (pendingWrite.has(item.fixtureId)) live.unobserved++;
      pendingWrite.set(item.fixtureId, { version: item.inputsVersion, ackedAt: performance.now() });
      if (o.afterUpdate) await o.afterUpdate(item);
      o.onWrite?.(item);
      return { ok: true, status: 200 };
    },
    onResult: (_i, _ms, outcome) => {
      if (outcome.ok) live.updates++;
      else live.updateErrors++;
    },
  });

  const [priceRun] = await Promise.all([prices, updatesRun, inPlayRun]);
  live.unobserved += pendingWrite.size;
  await bets?.settle();
  o.onSettled?.();
  const quotes = await bets?.finish();
  const ut = updateToPrice.summary();
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
    ...(liveIds.size > 0
      ? {
          inPlay: {
            fixtures: liveIds.size,
            ...live,
            updateToPrice: { count: ut.count, p50Ms: ut.p50Ms, p95Ms: ut.p95Ms, maxMs: ut.maxMs },
          },
        }
      : {}),
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
