/**
 * The typed arrays a record may hold, in the order of the binary codec's type codes (code n = entry n - 1): the order
 * is part of the stored format, so only ever append.
 */
export const TYPED_ARRAY_CTORS = [
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
] as const;
