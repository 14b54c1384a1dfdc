import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';

let sequence = 1_000_000;

/**
 * The DynamoDB Streams event (NEW_IMAGE) Lambda would deliver to the primer after a write of `item`,
 * so the local config C can run the real primer handler on every opinion write (compute on write).
 *
 * @example
 * await primerPool.invoke(toStreamEvent(storedItem, 'MODIFY'));
 */
export function toStreamEvent<T extends { fixtureId: string }>(
  item: T,
  eventName: 'INSERT' | 'MODIFY',
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
          SequenceNumber: seq,
          SizeBytes: JSON.stringify(image).length,
          StreamViewType: 'NEW_IMAGE',
        },
        eventSourceARN: `arn:aws:dynamodb:${region}:000000000000:table/opinions/stream/2026-01-01T00:00:00.000`,
      },
    ],
  };
}
