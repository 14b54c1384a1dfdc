import { CacheKeyError } from './errors';

const SAFE_PART = /^[A-Za-z0-9._-]+$/;
const MAX_PART_LENGTH = 256;

/** Characters a key part keeps as they are; everything else is percent-encoded (so `:` can only be a separator). */
function encodePart(name: string, raw: unknown): string {
  let s: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw))
      throw new CacheKeyError(`cache key part "${name}" must be a finite number, got ${raw}`);
    s = String(raw);
  } else if (typeof raw === 'string') {
    s = raw;
  } else {
    throw new CacheKeyError(`cache key part "${name}" must be a string or a number, got ${typeof raw}`);
  }
  if (s.length === 0) throw new CacheKeyError(`cache key part "${name}" must not be empty`);
  if (!SAFE_PART.test(s)) {
    // encodeURIComponent leaves !'()* and ~ alone; encode them too so the output stays inside [A-Za-z0-9._%-].
    s = encodeURIComponent(s).replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  }
  if (s.length > MAX_PART_LENGTH) {
    throw new CacheKeyError(
      `cache key part "${name}" is longer than ${MAX_PART_LENGTH} characters once encoded`,
    );
  }
  return s;
}

/** Parts of a cache key: everything that defines the cached value. */
export interface CacheKeyParts {
  /** What is cached, e.g. `model`. */
  namespace: string;
  /** Version of the code that produced the value (e.g. the model version). */
  valueVersion: string | number;
  /** The entity, e.g. a fixture id. Caller text: it is encoded. */
  id: string;
  /** Version of the inputs (e.g. the opinion's `inputsVersion`). */
  inputsVersion: string | number;
}

/**
 * Builds `namespace:valueVersion:id:inputsVersion`. Each part keeps `[A-Za-z0-9._-]` and percent-encodes
 * everything else (including `:` and `%`), so distinct parts always give distinct keys and no caller text
 * reaches Redis unencoded. Throws {@link CacheKeyError} on empty, non-finite or over-long parts.
 *
 * @example
 * cacheKey({ namespace: 'model', valueVersion: '2026.12.1', id: 'EPL-2026-ARS-CHE', inputsVersion: 7 });
 * // => 'model:2026.12.1:EPL-2026-ARS-CHE:7'
 * cacheKey({ namespace: 'model', valueVersion: 1, id: 'a:b c', inputsVersion: 1 });
 * // => 'model:1:a%3Ab%20c:1'
 */
export function cacheKey(p: CacheKeyParts): string {
  return (
    encodePart('namespace', p.namespace) +
    ':' +
    encodePart('valueVersion', p.valueVersion) +
    ':' +
    encodePart('id', p.id) +
    ':' +
    encodePart('inputsVersion', p.inputsVersion)
  );
}

const SAFE_KEY = /^[A-Za-z0-9._%:-]+$/;
const MAX_KEY_LENGTH = 1024;

/** Keys the cache accepts: the output of {@link cacheKey}, or any text in the same charset. */
export function assertSafeKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || !SAFE_KEY.test(key)) {
    throw new CacheKeyError(
      `cache key ${JSON.stringify(String(key)).slice(0, 80)} is invalid: build it with cacheKey() (characters [A-Za-z0-9._%:-], 1..${MAX_KEY_LENGTH} long)`,
    );
  }
}

/** Namespaces are a single safe part. */
export function assertSafeNamespace(ns: string): void {
  if (typeof ns !== 'string' || !SAFE_PART.test(ns) || ns.length > MAX_PART_LENGTH) {
    throw new CacheKeyError(
      `namespace ${JSON.stringify(String(ns))} is invalid: use [A-Za-z0-9._-], 1..${MAX_PART_LENGTH} long`,
    );
  }
}
