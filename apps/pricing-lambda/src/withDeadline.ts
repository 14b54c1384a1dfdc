/** A call that did not settle within its deadline (the caller decides what that means: unavailable, no pointer, …). */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Rejects with {@link TimeoutError} after `ms`, so that a client with no abort support (DAX, a Redis command on a frozen
 * server) cannot hang a request. The underlying call is not cancelled; its late result is ignored.
 *
 * @example
 * const item = await withDeadline(dax.get(params), 800, 'DAX GetItem');
 */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
