import { parseOpinion, type ParseResult, type ValidationIssue } from '@betbuilder/pricing-model';
import type { StoredOpinion } from './types/opinion';

/**
 * Validates a raw table item (or stream image) as a stored opinion: the contract's opinion for `fixtureId`
 * plus `inputsVersion` (integer >= 1) and `updatedAt` (string).
 *
 * @example
 * const r = parseStoredItem('epl-2026-12-05-ars-che', item);
 * if (!r.ok) logger.error('malformed item', { issues: r.issues });
 */
export function parseStoredItem(
  fixtureId: string,
  item: Record<string, unknown>,
): ParseResult<StoredOpinion> {
  // listKey (the list index's sort key) and writeId (the storing write's id) are the table's, not the opinion's.
  const { inputsVersion, updatedAt, listKey: _listKey, writeId: _writeId, ...rest } = item;
  const issues: ValidationIssue[] = [];
  if (typeof inputsVersion !== 'number' || !Number.isInteger(inputsVersion) || inputsVersion < 1) {
    issues.push({ path: 'inputsVersion', message: 'must be an integer >= 1' });
  }
  if (typeof updatedAt !== 'string') issues.push({ path: 'updatedAt', message: 'must be a string' });
  const parsed = parseOpinion(rest, fixtureId);
  if (!parsed.ok) issues.push(...parsed.issues);
  if (!parsed.ok || issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: { ...parsed.value, inputsVersion: inputsVersion as number, updatedAt: updatedAt as string },
  };
}
