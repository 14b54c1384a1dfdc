import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The opinion table's keys and its one global secondary index, in one place for the store, the CDK DataStack, the
 * local server and the tests (ADR 0015).
 *
 * - Table: partition key `fixtureId`.
 * - `byStatusKickoff`: partition key `status` (`OPEN` | `SUSPENDED`), sort key `listKey` (kickoff as UTC ISO-8601, `#`,
 *   fixtureId), so `GET /v1/fixtures` reads one page in kickoff order with a key condition, no scan and no filter.
 *   It projects only what a list entry shows, so an opinion write costs one small index write.
 */
export const OPINION_TABLE = {
  partitionKey: 'fixtureId',
  listIndex: {
    name: 'byStatusKickoff',
    partitionKey: 'status',
    sortKey: 'listKey',
    projected: ['competition', 'kickoff', 'inputsVersion', 'updatedAt', 'home', 'away', 'inPlay'],
  },
} as const;

/**
 * The attribute holding the id of the write that stored the item (a fresh UUID per `PUT`), so that a write whose
 * answer was lost and which the SDK retries is recognised as landed instead of applied twice. Not part of the opinion:
 * reads drop it (`parseStoredItem`).
 */
export const WRITE_ID_ATTRIBUTE = 'writeId';

/** Sorts after every ISO-8601 time: fixtures without a kickoff come last. */
const NO_KICKOFF = '~';

/**
 * The index sort key of an opinion: `<kickoff as UTC ISO-8601>#<fixtureId>` (`~#<fixtureId>` without a kickoff).
 * Kickoffs with an offset are normalised to UTC, so string order is time order.
 *
 * @example
 * listKeyOf({ fixtureId: 'epl-2026-12-05-ars-che', kickoff: '2026-12-05T16:00:00+01:00' });
 * // '2026-12-05T15:00:00.000Z#epl-2026-12-05-ars-che'
 */
export function listKeyOf(opinion: {
  readonly fixtureId: string;
  readonly kickoff?: string | undefined;
}): string {
  const time = opinion.kickoff === undefined ? Number.NaN : Date.parse(opinion.kickoff);
  return `${Number.isNaN(time) ? NO_KICKOFF : new Date(time).toISOString()}#${opinion.fixtureId}`;
}

/**
 * The CreateTable request for an opinion table with its list index (on-demand), for dynalite and local DynamoDB.
 *
 * @example
 * await dynamo.send(new CreateTableCommand(opinionTableCreateInput('opinions')));
 */
export function opinionTableCreateInput(tableName: string): CreateTableCommandInput {
  const { listIndex } = OPINION_TABLE;
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: OPINION_TABLE.partitionKey, AttributeType: 'S' },
      { AttributeName: listIndex.partitionKey, AttributeType: 'S' },
      { AttributeName: listIndex.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: OPINION_TABLE.partitionKey, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: listIndex.name,
        KeySchema: [
          { AttributeName: listIndex.partitionKey, KeyType: 'HASH' },
          { AttributeName: listIndex.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...listIndex.projected] },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
