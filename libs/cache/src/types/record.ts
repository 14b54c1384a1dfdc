/** The typed arrays a {@link BinaryRecord} may hold (all little-endian on every supported platform). */
export type TypedArrayLike =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/**
 * A flat, lossless form of a value: named typed arrays plus small JSON-safe metadata.
 * Structurally identical to `ModelRecord` in `@betbuilder/pricing-model`, so the cache never needs to know the model.
 */
export interface BinaryRecord {
  /** JSON-safe metadata (strings, numbers, booleans, null, arrays, plain objects); `undefined` round-trips too. */
  meta: unknown;
  /** Named typed arrays; names are any non-empty strings. */
  arrays: Record<string, TypedArrayLike>;
}

/**
 * Turns a value into bytes and back. `decode` must throw a `CodecError` on anything it did not write
 * (wrong magic, version, schema, checksum, truncation); the cache turns that into a miss.
 */
export interface ValueCodec<V> {
  /** Short stable name, used in stats and events. */
  readonly name: string;
  encode(value: V): Uint8Array;
  decode(bytes: Uint8Array): V;
  /**
   * Optional: encode with `prefixBytes` (a multiple of 8) of uninitialised room at the front, so the cache
   * can write its entry envelope without copying the payload again.
   */
  encodeWithPrefix?(value: V, prefixBytes: number): Uint8Array;
}
