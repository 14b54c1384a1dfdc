/** One price request of a run, by its scheduled send time (for the fault windows). */
export interface PriceSample {
  readonly scheduledMs: number;
  readonly latencyMs: number;
  /** `200`, `422 NO_PRICE`, `503 DEPENDENCY_UNAVAILABLE`, `502`, `ECONNRESET`, … */
  readonly status: string;
}

interface WindowStats {
  requests: number;
  /** Requests per status (as in {@link PriceSample.status}). */
  byStatus: Record<string, number>;
  p95Ms: number;
  maxMs: number;
}

/** What one scheduled fault did to the traffic. */
export interface FaultWindow {
  fault: string;
  kind: string;
  startS: number;
  endS: number;
  /** Requests scheduled while the fault lasted (an instant fault: the second after it), and those in flight when it began. */
  during: WindowStats;
  /** Requests scheduled in the 5 s after it (less any in flight when the next fault began). */
  after: WindowStats;
  /** From the fault's end to the first healthy 1 s window (all 200/422, p95 ≤ 2 × baseline); null = not within 6 s. */
  recoveredAfterMs: number | null;
}

/** Every acknowledged write in the table afterwards, and priced at its version. */
export interface LostWriteCheck {
  /** Fixtures with at least one acknowledged write (seeding included); the last acknowledged version of each is checked. */
  acknowledged: number;
  /** Acknowledged writes the table does not hold (an older version, or other inputs at that version). */
  lost: number;
  /** Fixtures whose stored version no price answered within the settle time (`LOST_WRITE_SETTLE_MS`). */
  unpriced: number;
  /** The longest a fixture's prices took to answer its stored version during the check (ms). */
  slowestCatchUpMs?: number;
  problems: string[];
}

/** The `--faults` part of a configuration's result. */
export interface FaultReport {
  baseline: { requests: number; p95Ms: number };
  windows: FaultWindow[];
  lostWrites: LostWriteCheck;
}
