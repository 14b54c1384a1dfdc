/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, numbers in ECMAScript's shortest round-trip
 * form (what `JSON.stringify` writes), strings escaped as `JSON.stringify` escapes them. Two equal values always give
 * the same bytes, which is what a signature over "the signed fields" needs. Throws on what JSON cannot carry exactly
 * (non-finite numbers, undefined, functions, bigint).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, 'x'] }); // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
}
