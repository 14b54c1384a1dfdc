import { ApiError } from './errors/ApiError';

/*
 * The list's cursor, apart from the list's zod schemas (`fixtureList.ts`): the store writes cursors in every bundle
 * that contains it, but only the opinion function parses a list query, so the others need not build those schemas at
 * init.
 */

const LIST_KEY_PATTERN = /^(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z|~)#[a-z0-9][a-z0-9-]{2,63}$/;

/** The opaque cursor for "after this sort key": base64url of a small JSON object, so its form can change later. */
export function encodeCursor(listKey: string): string {
  return Buffer.from(JSON.stringify({ after: listKey }), 'utf8').toString('base64url');
}

/** The sort key of a cursor from {@link encodeCursor}; throws ApiError `INVALID_REQUEST` for any other string. */
export function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof value.after === 'string' && LIST_KEY_PATTERN.test(value.after)) return value.after;
  } catch {
    // Reported below: a cursor this service did not issue.
  }
  throw new ApiError('INVALID_REQUEST', 'invalid fixture list query', [
    { path: 'cursor', message: 'not a cursor this service issued (pass nextCursor unchanged)' },
  ]);
}
