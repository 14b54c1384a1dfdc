import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

let sequence = 100_000_000;

/**
 * Builds the DynamoDB Streams event (view type NEW_IMAGE) that the table would emit for one item change,
 * so the primer handler runs locally exactly as in AWS.
 *
 * @example
 * await primer(toStreamEvent(storedOpinion, storedOpinion.inputsVersion === 1 ? 'INSERT' : 'MODIFY'), context);
 */
export function toStreamEvent(
  item: Record<string, unknown> & { fixtureId: string },
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  opts: { tableName?: string; region?: string } = {},
): DynamoDBStreamEvent {
  const image: Record<string, AttributeValue> = marshall(item, {
    removeUndefinedValues: true,
    convertClassInstanceToMap: true,
  });
  const region = opts.region ?? 'local';
  const table = opts.tableName ?? 'opinions';
  sequence += 1;
  return {
    Records: [
      {
        eventID: randomUUID(),
        eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: region,
        eventSourceARN: `arn:aws:dynamodb:${region}:000000000000:table/${table}/stream/local`,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: { fixtureId: { S: item.fixtureId } },
          ...(eventName === 'REMOVE' ? {} : { NewImage: image as never }),
          SequenceNumber: String(sequence),
          SizeBytes: JSON.stringify(item).length,
          StreamViewType: 'NEW_IMAGE',
        },
      },
    ],
  };
}
