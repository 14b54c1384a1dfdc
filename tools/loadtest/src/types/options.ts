import type { Arrival } from '../schedule';

export type ConfigName = 'A' | 'B' | 'C';

/** The command-line options, parsed and defaulted. */
export interface LoadTestOptions {
  durationS: number;
  ratePerSec: number;
  fixtures: number;
  containers: number;
  /** Containers the keep-warm rule warms before the run (concurrent warm-up invocations). */
  warm: number;
  seed: string;
  updateRatePerSec: number;
  arrival: Arrival;
  zipfS: number;
  configs: ConfigName[];
  /** Deployed API base URL (`https://<id>.execute-api.<region>.amazonaws.com/<stage>`); undefined => local pool. */
  target?: string;
  region?: string;
  xray: boolean;
  outDir: string;
  /** Extra environment for every local container (`--env KEY=VALUE`), e.g. OPINION_CACHE_TTL_MS. */
  containerEnv: Record<string, string>;
  /**
   * Item TTL of the local DAX stand-in between the containers and dynalite (`--dax-ttl-ms`): the deployed price path
   * reads opinions through DAX (item TTL 1 s in every environment); 0 = containers read dynalite directly.
   */
  daxItemTtlMs: number;
  /** Skip seeding in --target mode (fixtures already there); verification still runs. */
  skipSeed: boolean;
  /** Share (0–1) of priced bets whose quote the bet-placement stream verifies (`--verify-share`). */
  verifyShare: number;
  /** Delay between a price and its quote's verification (`--verify-delay-ms`), like a bet delay. */
  verifyDelayMs: number;
}
