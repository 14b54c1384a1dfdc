import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynaliteServer, RedisServer } from '@betbuilder/test-harness';
import { connect } from 'node:net';

/**
 * Creates the opinions table the handlers expect (partition key `fixtureId` (S), stream NEW_AND_OLD_IMAGES).
 *
 * @example
 * await createOpinionsTable(dynamo.endpoint, 'opinions');
 */
export async function createOpinionsTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: DynaliteServer.credentials });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'fixtureId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'fixtureId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  } finally {
    client.destroy();
  }
}

/** FLUSHALL over a raw RESP connection (no client library needed for one command). */
export function flushRedis(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    sock.setTimeout(5000, () => {
      sock.destroy();
      reject(new Error('FLUSHALL timed out'));
    });
    sock.once('error', reject);
    sock.once('connect', () => sock.write('*1\r\n$8\r\nFLUSHALL\r\n'));
    sock.once('data', (d) => {
      sock.destroy();
      if (d.toString().startsWith('+OK')) resolve();
      else reject(new Error(`FLUSHALL answered ${d.toString().trim()}`));
    });
  });
}

export { DynaliteServer, RedisServer };
