import { systemClock, type Clock } from './Clock';
import { toError } from './errors';
import { TimeoutError } from './TimeoutError';

/**
 * `work`, or a rejection with a {@link TimeoutError} once `ms` has passed — the one timeout helper of the repository.
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
    const cancel = clock.setTimer(
      () => reject(typeof timeout === 'string' ? new TimeoutError(timeout, ms) : timeout()),
      ms,
    );
    work.then(
      (v) => {
        cancel();
        resolve(v);
      },
      (e: unknown) => {
        cancel();
        reject(toError(e));
      },
    );
  });
}
