import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { createOpinionsTable, DynaliteServer } from '@betbuilder/test-harness';
import { DaxStandIn } from '../../src/local/DaxStandIn';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('DaxStandIn (item cache in front of dynalite)', () => {
  let dynamo: DynaliteServer;
  let dax: DaxStandIn;
  let doc: DynamoDBDocument;
  const TTL_MS = 300;

  beforeAll(async () => {
    dynamo = await DynaliteServer.start();
    dax = await DaxStandIn.start(dynamo.endpoint, TTL_MS);
    const client = new DynamoDBClient({
      endpoint: dax.endpoint,
      region: 'local',
      credentials: DynaliteServer.credentials,
    });
    // Through the stand-in: what it does not cache passes through to dynalite.
    await createOpinionsTable(dax.endpoint, 'opinions');
    doc = DynamoDBDocument.from(client);
  });
  afterAll(async () => {
    doc.destroy();
    await dax.stop();
    await dynamo.stop();
  });

  it('answers a repeated eventually consistent GetItem from memory until the item TTL, like DAX', async () => {
    // Prepare
    await doc.put({ TableName: 'opinions', Item: { fixtureId: 'f1', v: 1 } });
    const before = await dax.stats();

    // Act
    const first = await doc.get({ TableName: 'opinions', Key: { fixtureId: 'f1' } });
    await doc.put({ TableName: 'opinions', Item: { fixtureId: 'f1', v: 2 } }); // writes bypass the item cache
    const cached = await doc.get({ TableName: 'opinions', Key: { fixtureId: 'f1' } });
    const consistent = await doc.get({
      TableName: 'opinions',
      Key: { fixtureId: 'f1' },
      ConsistentRead: true,
    });
    await sleep(TTL_MS + 50);
    const expired = await doc.get({ TableName: 'opinions', Key: { fixtureId: 'f1' } });
    const after = await dax.stats();

    // Assess
    expect(first.Item).toEqual({ fixtureId: 'f1', v: 1 });
    expect(cached.Item).toEqual({ fixtureId: 'f1', v: 1 }); // stale within the TTL, as DAX is
    expect(consistent.Item).toEqual({ fixtureId: 'f1', v: 2 }); // strongly consistent reads go to the table
    expect(expired.Item).toEqual({ fixtureId: 'f1', v: 2 });
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(2);
    expect(after.passes - before.passes).toBe(2); // the put and the consistent read
  });

  it('caches an absent item too, and passes errors through unchanged without caching them', async () => {
    // Act
    const absent1 = await doc.get({ TableName: 'opinions', Key: { fixtureId: 'nope' } });
    const absent2 = await doc.get({ TableName: 'opinions', Key: { fixtureId: 'nope' } });
    const missingTable = doc.get({ TableName: 'no-such-table', Key: { fixtureId: 'x' } });

    // Assess
    expect(absent1.Item).toBeUndefined();
    expect(absent2.Item).toBeUndefined();
    await expect(missingTable).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(doc.get({ TableName: 'no-such-table', Key: { fixtureId: 'x' } })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('stops its process', async () => {
    // Prepare
    const other = await DaxStandIn.start(dynamo.endpoint, 1000);
    const pid = other.pid!;

    // Act
    await other.stop();

    // Assess
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
