import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The opinions table as every local stand-in creates it: the same key and stream as the CDK table in
 * `infra/cdk/src/stacks/DataStack.ts` (partition key `fixtureId` (S), no sort key, stream NEW_AND_OLD_IMAGES).
 */
export const OPINIONS_TABLE_SCHEMA = {
  AttributeDefinitions: [{ AttributeName: 'fixtureId', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'fixtureId', KeyType: 'HASH' }],
  BillingMode: 'PAY_PER_REQUEST',
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
} as const satisfies Omit<CreateTableCommandInput, 'TableName'>;

/**
 * Creates the opinions table on a local DynamoDB (dynalite, DynamoDB Local); a table that already exists is fine.
 *
 * @example
 * await createOpinionsTable(dynamo.endpoint, 'opinions');
 */
export async function createOpinionsTable(
  endpoint: string,
  tableName: string,
  opts: { region?: string } = {},
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: opts.region ?? 'local',
    // A local endpoint checks that credentials exist, not what they are.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  try {
    await client.send(new CreateTableCommand({ TableName: tableName, ...OPINIONS_TABLE_SCHEMA }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceInUseException') throw err;
  } finally {
    client.destroy();
  }
}
