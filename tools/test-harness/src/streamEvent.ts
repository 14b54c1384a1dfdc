import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

let sequence = 100_000_000;

export interface StreamEventOptions<T extends object = object> {
  /** The item the write replaced (MODIFY); for REMOVE the removed item is `item` itself. */
  readonly oldItem?: T;
  /** @default 'opinions' */
  readonly tableName?: string;
  /** @default 'local' */
  readonly region?: string;
}

const toImage = (item: object): Record<string, AttributeValue> =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });

/**
 * Builds the DynamoDB Streams record the opinions table (view type NEW_AND_OLD_IMAGES, as deployed) would emit for
 * one item change, with the next sequence number of this process's one local shard: INSERT carries the new image,
 * MODIFY the new and (when given) the old image, REMOVE the removed item as the old image only.
 *
 * @example
 * await dispatcher.publish(toStreamRecord(stored, 'MODIFY', { oldItem: previous }));
 */
export function toStreamRecord<T extends { fixtureId: string }>(
  item: T,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  opts: StreamEventOptions<T> = {},
): DynamoDBRecord {
  const region = opts.region ?? 'local';
  const table = opts.tableName ?? 'opinions';
  const newImage = eventName === 'REMOVE' ? undefined : toImage(item);
  const oldItem = eventName === 'REMOVE' ? item : opts.oldItem;
  sequence += 1;
  return {
    eventID: randomUUID(),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: `arn:aws:dynamodb:${region}:000000000000:table/${table}/stream/local`,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: { fixtureId: { S: item.fixtureId } },
      ...(newImage ? { NewImage: newImage as never } : {}),
      ...(oldItem ? { OldImage: toImage(oldItem) as never } : {}),
      SequenceNumber: String(sequence),
      SizeBytes: JSON.stringify(item).length,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/**
 * The DynamoDB Streams event of one item change ({@link toStreamRecord}), so the primer handler runs locally exactly
 * as in AWS.
 *
 * @example
 * await primer(toStreamEvent(stored, 'MODIFY', { oldItem: previous }), context);
 */
export function toStreamEvent<T extends { fixtureId: string }>(
  item: T,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  opts: StreamEventOptions<T> = {},
): DynamoDBStreamEvent {
  return { Records: [toStreamRecord(item, eventName, opts)] };
}
