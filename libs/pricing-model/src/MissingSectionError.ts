import type { RecordSection } from './types/model';

/**
 * A model was priced without a section one of the legs needs (a core model, see {@link sectionsNeeded}, given a card or
 * corner leg on a half). A fault of the caller, never of the bet: fetch the section and price the whole model.
 *
 * @example
 * if (sectionsNeeded(legs).includes('halves')) model = joinModel(core, halves); // else price(core, legs) would throw
 */
export class MissingSectionError extends Error {
  override readonly name = 'MissingSectionError';
  readonly code = 'MISSING_MODEL_SECTION' as const;

  constructor(
    readonly section: RecordSection,
    message: string,
  ) {
    super(message);
  }
}
