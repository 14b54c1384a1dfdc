import type { ApiClient } from './ApiClient';
import type { StoredOpinion } from './seed';
import type { FaultWindow, LostWriteCheck, PriceSample } from './types/faults';

/**
 * How long the lost-writes check prices a fixture until a price answers its stored version: the staleness bound of ADR
 * 0013 — a write whose primer gave up during a fault (its stream retries ran out while Redis was down) reaches prices
 * once its fixture's pointer is past its freshness (CURRENT_VERSION_TTL_MS, 30 s), plus a few prices.
 */
export const LOST_WRITE_SETTLE_MS = 35_000;

/** One scheduled fault: what it does, and when (ms from the start of the traffic). */
export interface PlannedFault {
  readonly name: string;
  readonly kind: 'redis-stop' | 'redis-kill' | 'dynamo-stop' | 'container-kill';
  readonly startMs: number;
  /** When the fault is over (the process is thawed or restarted); equal to startMs for an instant fault. */
  readonly endMs: number;
}

/** Seconds of normal traffic before the first fault and between faults (each fault's recovery window). */
export const FAULT_GAP_S = 5;

/**
 * The `--faults` schedule: Redis SIGSTOP for `pauseS`, Redis SIGKILL and a restart 2 s later, dynalite SIGSTOP for
 * `pauseS`, a price container SIGKILLed while it serves a request; {@link FAULT_GAP_S} of normal traffic before the
 * first and after each. Returns the faults and the shortest run that fits them.
 *
 * @example
 * const { faults, minDurationS } = planFaults(10); // minDurationS 47
 */
export function planFaults(pauseS = 10): { faults: PlannedFault[]; minDurationS: number } {
  const gap = FAULT_GAP_S * 1000;
  const pause = pauseS * 1000;
  const faults: PlannedFault[] = [];
  let t = gap;
  faults.push({ name: `Redis SIGSTOP ${pauseS} s`, kind: 'redis-stop', startMs: t, endMs: t + pause });
  t += pause + gap;
  faults.push({ name: 'Redis SIGKILL, restart after 2 s', kind: 'redis-kill', startMs: t, endMs: t + 2000 });
  t += 2000 + gap;
  faults.push({ name: `dynalite SIGSTOP ${pauseS} s`, kind: 'dynamo-stop', startMs: t, endMs: t + pause });
  t += pause + gap;
  faults.push({ name: 'price container SIGKILL mid-request', kind: 'container-kill', startMs: t, endMs: t });
  t += gap;
  return { faults, minDurationS: Math.ceil(t / 1000) };
}

/** What the injector acts on. */
export interface FaultTargets {
  redis: { signal(sig: NodeJS.Signals): void; kill(): Promise<void>; restart(): Promise<void> };
  dynamo: { signal(sig: NodeJS.Signals): void };
  /** SIGKILLs a container that is serving a request; resolves with its id, or undefined when none was busy. */
  killBusyContainer(): number | undefined;
}

/**
 * Runs the schedule against the targets, from now; resolves when every fault is over (processes thawed, Redis
 * restarted). `log` receives one line per action.
 *
 * @example
 * const done = injectFaults(faults, targets, console.log); await runTraffic(…); await done;
 */
export async function injectFaults(
  faults: readonly PlannedFault[],
  targets: FaultTargets,
  log: (line: string) => void,
): Promise<void> {
  const t0 = performance.now();
  const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - (performance.now() - t0))));
  for (const f of faults) {
    await at(f.startMs);
    const stamp = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    if (f.kind === 'redis-stop' || f.kind === 'dynamo-stop') {
      const target = f.kind === 'redis-stop' ? targets.redis : targets.dynamo;
      target.signal('SIGSTOP');
      log(`fault ${stamp()}: ${f.name}: SIGSTOP`);
      await at(f.endMs);
      target.signal('SIGCONT');
      log(`fault ${stamp()}: ${f.name}: SIGCONT`);
    } else if (f.kind === 'redis-kill') {
      await targets.redis.kill();
      log(`fault ${stamp()}: ${f.name}: killed`);
      await at(f.endMs);
      await targets.redis.restart();
      log(`fault ${stamp()}: ${f.name}: restarted (empty)`);
    } else {
      // A container is almost always busy at 100+ req/s; try for up to a second.
      let killed: number | undefined;
      for (let i = 0; i < 100 && killed === undefined; i++) {
        killed = targets.killBusyContainer();
        if (killed === undefined) await new Promise((r) => setTimeout(r, 10));
      }
      log(
        `fault ${stamp()}: ${f.name}: ${killed === undefined ? 'no busy container found' : `container ${killed}`}`,
      );
    }
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function summarise(samples: readonly PriceSample[]) {
  const ms = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  return {
    requests: samples.length,
    byStatus,
    p95Ms: r3(percentile(ms, 95)),
    maxMs: r3(ms[ms.length - 1] ?? 0),
  };
}

/** A request is healthy when it got an answer the contract gives a working service: 200, or 422 NO_PRICE. */
const healthy = (s: PriceSample) => s.status === '200' || s.status === '422 NO_PRICE';

/**
 * Per fault: requests by status and p95/max while it lasted (an instant fault: the second after it) and in the
 * {@link FAULT_GAP_S} after it, and the time to recover: from the fault's end until the first 1 s window (sliding in
 * 250 ms steps) whose requests all succeed with a p95 within 2 × the baseline p95 (the seconds before the first fault,
 * the first one left out). Samples are keyed by their scheduled send time, except that a request still in flight
 * when a fault began counts as that fault's (during), not the previous fault's.
 *
 * @example
 * const windows = analyseFaults(samples, faults);
 */
export function analyseFaults(
  samples: readonly PriceSample[],
  faults: readonly PlannedFault[],
): {
  baseline: { requests: number; p95Ms: number };
  windows: FaultWindow[];
} {
  const first = faults[0]?.startMs ?? Infinity;
  const base = samples.filter((s) => s.scheduledMs >= 1000 && s.scheduledMs < first);
  const baseP95 = percentile(
    base.map((s) => s.latencyMs).sort((a, b) => a - b),
    95,
  );
  const duringEndOf = (f: PlannedFault) => (f.endMs > f.startMs ? f.endMs : f.startMs + 1000);
  // A request belongs to the fault it met: scheduled while it lasted, or sent before and still in flight when it
  // began (the request a killed container was serving, a read that was waiting when a process froze). Those are left
  // out of the previous fault's after-window and recovery; one that met two faults is the later one's.
  const met = (f: PlannedFault, s: PriceSample) =>
    (s.scheduledMs >= f.startMs && s.scheduledMs < duringEndOf(f)) ||
    (s.scheduledMs < f.startMs && s.scheduledMs + s.latencyMs > f.startMs);
  const faultOf = new Map<PriceSample, number>();
  faults.forEach((f, i) => {
    for (const s of samples) if (met(f, s)) faultOf.set(s, i);
  });
  const claimedElsewhere = (i: number, s: PriceSample) => (faultOf.get(s) ?? i) !== i;
  const windows = faults.map((f, i): FaultWindow => {
    const duringEnd = duringEndOf(f);
    const during = samples.filter((s) => faultOf.get(s) === i);
    const after = samples.filter(
      (s) =>
        s.scheduledMs >= duringEnd &&
        s.scheduledMs < duringEnd + FAULT_GAP_S * 1000 &&
        !claimedElsewhere(i, s),
    );
    let recoveredAfterMs: number | null = null;
    for (let from = f.endMs; from + 1000 <= f.endMs + FAULT_GAP_S * 1000 + 1000; from += 250) {
      const w = samples.filter(
        (s) => s.scheduledMs >= from && s.scheduledMs < from + 1000 && !claimedElsewhere(i, s),
      );
      if (w.length === 0) continue;
      const p95 = percentile(
        w.map((s) => s.latencyMs).sort((a, b) => a - b),
        95,
      );
      if (w.every(healthy) && p95 <= 2 * baseP95) {
        recoveredAfterMs = from - f.endMs;
        break;
      }
    }
    return {
      fault: f.name,
      kind: f.kind,
      startS: f.startMs / 1000,
      endS: f.endMs / 1000,
      during: summarise(during),
      after: summarise(after),
      recoveredAfterMs,
    };
  });
  return { baseline: { requests: base.length, p95Ms: r3(baseP95) }, windows };
}

/**
 * Lost writes: every acknowledged write (seeded or updated; the last acknowledged version per fixture) must be in the
 * table afterwards (a strongly consistent GET answers that version or a later one, with the written inputs when it is
 * that version), and that version must be what a price answers (polled for up to `settleMs`, since the primer and the
 * pointers catch up after a fault).
 *
 * @example
 * const check = await checkLostWrites(api, acknowledged);
 */
export async function checkLostWrites(
  api: ApiClient,
  acknowledged: ReadonlyMap<string, StoredOpinion>,
  o: { settleMs?: number; concurrency?: number } = {},
): Promise<LostWriteCheck> {
  const settleMs = o.settleMs ?? LOST_WRITE_SETTLE_MS;
  const problems: string[] = [];
  let lost = 0;
  let unpriced = 0;
  let slowestCatchUpMs = 0;
  const entries = [...acknowledged.values()];
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const acked = entries[next++]!;
      const got = await api.getOpinion(acked.fixtureId);
      const stored = got.json as StoredOpinion | undefined;
      const sameInputs =
        stored !== undefined &&
        JSON.stringify([stored.home, stored.away]) === JSON.stringify([acked.home, acked.away]);
      if (
        got.status !== 200 ||
        stored === undefined ||
        stored.inputsVersion < acked.inputsVersion ||
        (stored.inputsVersion === acked.inputsVersion && !sameInputs)
      ) {
        lost++;
        problems.push(
          `${acked.fixtureId}: acknowledged v${acked.inputsVersion}, table has ${got.status === 200 ? `v${stored?.inputsVersion}` : got.status}`,
        );
        continue;
      }
      if (stored.status === 'SUSPENDED') continue; // not priced by design (409 FIXTURE_SUSPENDED)
      const started = Date.now();
      const deadline = started + settleMs;
      let priced: number | undefined;
      for (;;) {
        const res = await api.price({
          fixtureId: acked.fixtureId,
          legs: [{ market: 'MATCH_RESULT', selection: 'HOME' }],
        });
        priced = (res.json as { inputsVersion?: number } | undefined)?.inputsVersion;
        if (priced === stored.inputsVersion || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (priced === stored.inputsVersion)
        slowestCatchUpMs = Math.max(slowestCatchUpMs, Date.now() - started);
      else {
        unpriced++;
        problems.push(
          `${acked.fixtureId}: table has v${stored.inputsVersion}, prices answer v${priced ?? 'none'}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 4 }, worker));
  return { acknowledged: entries.length, lost, unpriced, slowestCatchUpMs, problems: problems.slice(0, 20) };
}
