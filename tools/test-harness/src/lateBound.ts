/**
 * An object that stands for what `current()` returns once it exists: every property read is forwarded to it (methods
 * bound). For suite-level objects that a `beforeAll` creates, so a helper can hand them out at describe time. Reading
 * one before it exists throws, naming `what`.
 *
 * @example
 * let api: LocalApi | undefined;
 * beforeAll(async () => (api = await startLocalApi()));
 * return lateBound(() => api, 'local API');
 */
export function lateBound<T extends object>(current: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      const target = current();
      if (target === undefined) throw new Error(`the ${what} is not started yet: use it in a hook or a test`);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
