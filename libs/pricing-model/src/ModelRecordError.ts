/**
 * A record given to {@link fromRecord} is not a fixture model of this {@link MODEL_VERSION} (another version, or a
 * wrong shape). A cache should treat it as a miss and rebuild.
 *
 * @example
 * try { model = fromRecord(record); } catch (e) { if (e instanceof ModelRecordError) model = rebuild(); else throw e; }
 */
export class ModelRecordError extends Error {
  override readonly name = 'ModelRecordError';
  readonly code = 'INVALID_MODEL_RECORD' as const;
}
