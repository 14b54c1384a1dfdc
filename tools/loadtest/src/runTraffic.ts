import type { ApiClient, ApiResponse } from './ApiClient';
import { LatencyRecorder } from './LatencyRecorder';
import type { TrafficPlan } from './plan';
import type { Progress } from './progress';
import { createRng } from './random';
import { runOpenLoop, type SendOutcome } from './schedule';
import type { StoredOpinion } from './seed';
import { updateOpinion } from './traffic';
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
  /** Successful updates' stored items (fixtureId → latest inputsVersion). */
  latestVersions: Map<string, number>;
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
  },
): Promise<TrafficResult> {
  const recorder = new LatencyRecorder(o.label);
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

  const prices = runOpenLoop({
    offsetsMs: plan.priceOffsetsMs,
    send: async (i): Promise<SendOutcome> => {
      const r = await api.price(plan.bets[i]!);
      const isNoPrice =
        r.status === 422 && (r.json as { error?: { code?: string } } | undefined)?.error?.code === 'NO_PRICE';
      return { ok: r.status === 200 || isNoPrice, status: r.status, info: isNoPrice ? 'NO_PRICE' : r };
    },
    onResult: (_i, ms, outcome) => {
      done++;
      recorder.record(ms);
      if (outcome.info === 'NO_PRICE') noPrice++;
      if (!outcome.ok) {
        errors++;
        const key =
          outcome.status !== undefined ? errorKey(outcome.info as ApiResponse) : transportKey(outcome.info);
        errorsByCode[key] = (errorsByCode[key] ?? 0) + 1;
      }
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
      latestVersions.set(
        item.fixtureId,
        Math.max(latestVersions.get(item.fixtureId) ?? 0, item.inputsVersion),
      );
      if (o.afterUpdate) await o.afterUpdate(item);
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
    latestVersions,
  };
}
