export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Counts consecutive L2 failures; after `failureThreshold` of them L2 is skipped for `cooldownMs`,
 * then exactly one trial call is let through (half-open): success closes the breaker, failure re-opens it.
 * No timers: state changes happen lazily on the next call, so an idle container costs nothing.
 */
export class CircuitBreaker {
  state: BreakerState = 'closed';
  opens = 0;
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly cooldownMs: number,
    private readonly onChange: (s: BreakerState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the caller may use L2 now; the caller must then report `success()` or `failure()`. */
  allow(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (this.now() - this.openedAt < this.cooldownMs) return false;
      this.setState('half-open');
      this.trialInFlight = true;
      return true;
    }
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.state !== 'closed') this.setState('closed');
  }

  failure(): void {
    this.failures++;
    this.trialInFlight = false;
    if (this.state === 'half-open' || (this.state === 'closed' && this.failures >= this.failureThreshold)) {
      this.openedAt = this.now();
      this.opens++;
      this.setState('open');
    }
  }

  /** Opens at once, whatever the count: L2 did not answer even the longest wait (`l2PatienceMs`). */
  trip(): void {
    this.trialInFlight = false;
    if (this.state === 'open') return;
    this.failures = this.failureThreshold;
    this.openedAt = this.now();
    this.opens++;
    this.setState('open');
  }

  private setState(s: BreakerState): void {
    this.state = s;
    this.onChange(s);
  }
}
