import { systemClock, type Clock } from './Clock';
import { toError } from './errors';
import { TimeoutError } from './TimeoutError';

/**
 * `work`, or a rejection with a {@link TimeoutError} once `ms` has passed — the one timeout helper of the repository.
 * When the deadline's timer runs, pending I/O gets one turn of the event loop before the rejection: Node runs due
 * timers before it polls for I/O, so on a starved machine (a process that waited for a CPU longer than `ms`) the
 * answer is often already in the socket when the timer fires, and a timeout must measure the dependency, not this
 * process's wait for a CPU.
 * For clients with no abort support (DAX, a Redis command on a frozen server) so they cannot hang a request; the
 * underlying call is not cancelled, its late result is ignored. `timeout` names the operation (a plain
 * `TimeoutError`) or builds a subclass (`ComputeTimeoutError`, `L2TimeoutError`). Non-`Error` rejections of `work`
 * are wrapped in an `Error`.
 *
 * @example
 * const item = await withTimeout(dax.get(params), 800, 'DAX GetItem');
 * const value = await withTimeout(build(), 500, () => new ComputeTimeoutError(key, 500));
 */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  timeout: string | (() => TimeoutError),
  clock: Clock = systemClock,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const cancel = clock.setTimer(
      () =>
        // setImmediate runs after this turn's I/O poll: an answer that had already arrived settles `work` first.
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(typeof timeout === 'string' ? new TimeoutError(timeout, ms) : timeout());
        }),
      ms,
    );
    work.then(
      (v) => {
        if (settled) return;
        settled = true;
        cancel();
        resolve(v);
      },
      (e: unknown) => {
        if (settled) return;
        settled = true;
        cancel();
        reject(toError(e));
      },
    );
  });
}
