import { opinionSchema } from '@betbuilder/pricing-model';
import * as z from 'zod';
import { ApiError } from './errors/ApiError';
import { decodeCursor } from './fixtureListCursor';

export { encodeCursor } from './fixtureListCursor';

/** The list's page size bounds (api-contract: `?limit=1..100`, default 50). */
export const FIXTURE_LIST_LIMIT = { min: 1, max: 100, default: 50 } as const;

/**
 * The query string of `GET /v1/fixtures`, as the handler validates it. Unknown parameters are refused (a typo such as
 * `?state=OPEN` must not silently list everything).
 */
export const fixtureListQuerySchema = z.strictObject({
  status: opinionSchema.shape.status.optional().meta({ description: 'Only fixtures with this status.' }),
  limit: z.coerce
    .number()
    .int()
    .min(FIXTURE_LIST_LIMIT.min)
    .max(FIXTURE_LIST_LIMIT.max)
    .default(FIXTURE_LIST_LIMIT.default)
    .meta({ description: 'Page size.' }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: "The previous page's `nextCursor` (opaque)." }),
});

export type FixtureListQuery = z.output<typeof fixtureListQuerySchema>;

/** One entry of the list: what a trader's fixture overview shows, without the model inputs. */
export const fixtureSummarySchema = z.strictObject({
  fixtureId: opinionSchema.shape.fixtureId,
  competition: opinionSchema.shape.competition,
  kickoff: opinionSchema.shape.kickoff,
  status: opinionSchema.shape.status,
  inputsVersion: z.number().int().min(1),
  updatedAt: z.iso.datetime(),
  home: z.strictObject({ name: opinionSchema.shape.home.shape.name }),
  away: z.strictObject({ name: opinionSchema.shape.away.shape.name }),
  inPlay: z
    .strictObject({ minute: opinionSchema.shape.inPlay.unwrap().shape.minute })
    .optional()
    .meta({ description: 'Present while the fixture is in play: the minute of its stored state.' }),
});

export type FixtureSummary = z.output<typeof fixtureSummarySchema>;

/** The 200 body of `GET /v1/fixtures`. */
export const fixtureListSchema = z.strictObject({
  fixtures: z.array(fixtureSummarySchema),
  nextCursor: z.string().optional().meta({
    description: 'Present only when more fixtures remain: pass it as `?cursor=` for the next page.',
  }),
});

export type FixtureList = z.output<typeof fixtureListSchema>;

/**
 * Parses the list's query string (API Gateway's `queryStringParameters`) into a validated query with the sort key to
 * continue after. Throws ApiError `INVALID_REQUEST` with the offending parameter as the detail path.
 *
 * `multiValueParams` (API Gateway's `multiValueQueryStringParameters`) is where a repeated parameter shows:
 * `queryStringParameters` keeps only its last value, so `?status=OPEN&status=SUSPENDED` would list suspended fixtures
 * silently. A parameter given more than once is refused instead.
 *
 * @example
 * parseFixtureListQuery({ status: 'OPEN', limit: '20' }); // { status: 'OPEN', limit: 20, after: undefined }
 * parseFixtureListQuery({ limit: '5' }, { limit: ['1', '5'] }); // throws INVALID_REQUEST, path 'limit'
 */
export function parseFixtureListQuery(
  params: Readonly<Record<string, string | undefined>> | null | undefined,
  multiValueParams?: Readonly<Record<string, readonly string[] | undefined>> | null,
): FixtureListQuery & { after: string | undefined } {
  const repeated = Object.entries(multiValueParams ?? {}).filter(([, values]) => (values?.length ?? 0) > 1);
  if (repeated.length > 0) {
    throw new ApiError(
      'INVALID_REQUEST',
      'invalid fixture list query',
      repeated.map(([name, values]) => ({
        path: name,
        message: `given ${values?.length ?? 0} times: give it once`,
      })),
    );
  }
  const limit = params?.limit;
  // `limit` is a plain decimal integer: Number() would also read '0x10', '1e1' or ' 1' (the schema's coercion)
  if (limit !== undefined && !/^[1-9][0-9]*$/.test(limit)) {
    throw new ApiError('INVALID_REQUEST', 'invalid fixture list query', [
      {
        path: 'limit',
        message: `must be a whole number from ${FIXTURE_LIST_LIMIT.min} to ${FIXTURE_LIST_LIMIT.max} in decimal digits`,
      },
    ]);
  }
  const parsed = fixtureListQuerySchema.safeParse(params ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new ApiError('INVALID_REQUEST', 'invalid fixture list query', details);
  }
  const after = parsed.data.cursor === undefined ? undefined : decodeCursor(parsed.data.cursor);
  return { ...parsed.data, after };
}
