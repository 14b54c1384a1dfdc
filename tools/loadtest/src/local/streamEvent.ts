import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';

let sequence = 1_000_000;

/**
 * The DynamoDB Streams event (NEW_AND_OLD_IMAGES, as the table is configured) Lambda would deliver to the
 * primer after a write of `item` (`oldItem` = the item it replaced, for MODIFY), so the local config C
 * runs the real primer handler on every opinion write (compute on write).
 *
 * @example
 * await primerPool.invoke(toStreamEvent(storedItem, 'MODIFY', previousItem));
 */
export function toStreamEvent<T extends { fixtureId: string }>(
  item: T,
  eventName: 'INSERT' | 'MODIFY',
  oldItem?: T,
  region = 'local',
): {
  Records: unknown[];
} {
  const image = marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
  const seq = String(sequence++).padStart(21, '0');
  return {
    Records: [
      {
        eventID: randomUUID().replace(/-/g, ''),
        eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: region,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: { fixtureId: { S: item.fixtureId } },
          NewImage: image,
          ...(oldItem
            ? {
                OldImage: marshall(oldItem, { removeUndefinedValues: true, convertClassInstanceToMap: true }),
              }
            : {}),
          SequenceNumber: seq,
          SizeBytes: JSON.stringify(image).length,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: `arn:aws:dynamodb:${region}:000000000000:table/opinions/stream/2026-01-01T00:00:00.000`,
      },
    ],
  };
}
