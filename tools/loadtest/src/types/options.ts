import type { Arrival } from '../schedule';

/** A, B, C: the caching experiment; F: the floor (same harness, a handler that only parses and answers a fixed body). */
export type ConfigName = 'A' | 'B' | 'C' | 'F';

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
  /** Share (0–1) of the fixtures that are in play, with a state update every few seconds (`--in-play-share`). */
  inPlayShare: number;
  /** Share (0–1) of priced bets whose quote the bet-placement stream verifies (`--verify-share`). */
  verifyShare: number;
  /** Delay between a price and its quote's verification (`--verify-delay-ms`), like a bet delay. */
  verifyDelayMs: number;
  /** `--faults`: configuration C runs with the scheduled faults (Redis and dynalite paused and killed, a container crash). */
  faults: boolean;
  /** `--fault-pause-s`: how long each SIGSTOP lasts. @default 10 */
  faultPauseS: number;
  /** `--scaling 200,1000,3000`: run C at each fixture count, then a deploy (all containers cold) at the largest. */
  scaling: number[];
}
