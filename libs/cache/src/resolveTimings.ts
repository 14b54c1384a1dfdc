import type { CacheTimings, GetOrComputeOptions, SetOptions } from './types/cache';

/** Every timing knob of one call, defaults filled in. */
export interface ResolvedTimings {
  softTtlMs: number;
  hardTtlMs: number;
  graceMs: number;
  l2TimeoutMs: number;
  l2PatienceMs: number;
  computeTimeoutMs: number | undefined;
  coalesce: boolean;
  lockWaitMs: number;
  awaitOthersMs: number;
  failOnL2Error?: boolean;
}

const DEFAULT_HARD_TTL_MS = 3_600_000;
const DEFAULT_GRACE_MS = 600_000;
const DEFAULT_L2_PATIENCE_MS = 1000;

/** The cache-wide defaults from the constructor's options (soft TTL never past the hard TTL). */
export function defaultTimings(o: CacheTimings): ResolvedTimings {
  const hard = o.hardTtlMs ?? DEFAULT_HARD_TTL_MS;
  return {
    hardTtlMs: hard,
    softTtlMs: Math.min(o.softTtlMs ?? hard, hard),
    graceMs: o.graceMs ?? DEFAULT_GRACE_MS,
    l2TimeoutMs: o.l2TimeoutMs ?? 50,
    l2PatienceMs: o.l2PatienceMs ?? DEFAULT_L2_PATIENCE_MS,
    computeTimeoutMs: o.computeTimeoutMs,
    coalesce: o.coalesce ?? true,
    lockWaitMs: o.lockWaitMs ?? 2000,
    awaitOthersMs: o.awaitOthersMs ?? 0,
  };
}

/**
 * One call's timings: its overrides over the defaults. A call that sets only `hardTtlMs` gets no soft window (its soft
 * TTL is its hard TTL), as a constructor that sets only `hardTtlMs` does.
 */
export function resolveTimings(
  d: ResolvedTimings,
  o: GetOrComputeOptions | SetOptions | undefined,
): ResolvedTimings {
  if (!o) return d;
  const g = o as GetOrComputeOptions;
  const hard = g.hardTtlMs ?? d.hardTtlMs;
  return {
    hardTtlMs: hard,
    softTtlMs: Math.min(g.softTtlMs ?? (g.hardTtlMs !== undefined ? hard : d.softTtlMs), hard),
    graceMs: g.graceMs ?? d.graceMs,
    l2TimeoutMs: g.l2TimeoutMs ?? d.l2TimeoutMs,
    l2PatienceMs: g.l2PatienceMs ?? d.l2PatienceMs,
    computeTimeoutMs: g.computeTimeoutMs ?? d.computeTimeoutMs,
    coalesce: g.coalesce ?? d.coalesce,
    lockWaitMs: g.lockWaitMs ?? d.lockWaitMs,
    awaitOthersMs: g.awaitOthersMs ?? d.awaitOthersMs,
    failOnL2Error: g.failOnL2Error === true,
  };
}
