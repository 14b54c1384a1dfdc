import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import {
  DynaliteServer,
  MissingServiceError,
  RedisServer,
  assertRedisInstalled,
  startTestServices,
} from '../../src';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A table keyed by a string `pk` (the harness is not about the opinions schema). */
const createPkTable = (ddb: DynamoDBClient, name: string) =>
  ddb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );

describe('test harness', () => {
  it('starts redis-server and dynalite, round-trips a value through each, and leaves no process behind', async () => {
    // Prepare
    const services = await startTestServices({ dynamo: { mode: 'process' } });
    const redisPid = services.redis.pid!;
    const dynamoPid = services.dynamo.pid!;
    const redis = new Redis(services.redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    const ddb = new DynamoDBClient({
      endpoint: services.dynamo.endpoint,
      region: 'local',
      credentials: DynaliteServer.credentials,
    });
    try {
      // Act
      await redis.connect();
      await redis.set('harness:k', 'v1');
      const fromRedis = await redis.get('harness:k');
      await createPkTable(ddb, 'harness');
      await ddb.send(new PutItemCommand({ TableName: 'harness', Item: { pk: { S: 'a' }, v: { N: '42' } } }));
      const got = await ddb.send(new GetItemCommand({ TableName: 'harness', Key: { pk: { S: 'a' } } }));
      // Assess
      expect(fromRedis).toBe('v1');
      expect(got.Item?.v?.N).toBe('42');
      expect(processAlive(redisPid)).toBe(true);
      expect(processAlive(dynamoPid)).toBe(true);
    } finally {
      redis.disconnect();
      ddb.destroy();
      await services.stop();
    }
    expect(processAlive(redisPid)).toBe(false);
    expect(processAlive(dynamoPid)).toBe(false);
  });

  it('runs redis-server without persistence', async () => {
    const server = await RedisServer.start();
    const redis = new Redis(server.url);
    try {
      const save = await redis.config('GET', 'save');
      const aof = await redis.config('GET', 'appendonly');
      expect(save[1]).toBe('');
      expect(aof[1]).toBe('no');
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it('restarts redis on the same port after a crash', async () => {
    const server = await RedisServer.start();
    const { port } = server;
    await server.kill();
    expect(server.running).toBe(false);
    await server.restart();
    const redis = new Redis(server.url);
    try {
      expect(server.port).toBe(port);
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it('serves in-process dynalite and frees its port on stop', async () => {
    const dynamo = await DynaliteServer.start();
    const ddb = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: DynaliteServer.credentials,
    });
    try {
      await createPkTable(ddb, 'harness-x');
    } finally {
      ddb.destroy();
      await dynamo.stop();
    }
    const probe = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${dynamo.port}`]);
    expect(probe.status).not.toBe(0);
  });

  it('fails with install instructions when redis-server is missing, never skipping', () => {
    expect(() => assertRedisInstalled('/nonexistent/redis-server')).toThrow(MissingServiceError);
    expect(() => assertRedisInstalled('/nonexistent/redis-server')).toThrow(/apt-get install redis-server/);
    expect(() => assertRedisInstalled('/nonexistent/redis-server')).toThrow(/brew install redis/);
  });
});
