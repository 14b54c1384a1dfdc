import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Opinion } from '@betbuilder/pricing-model';
import type { Context } from 'aws-lambda';

/** The API contract's example opinion. */
export function contractOpinion(overrides: Partial<Opinion> = {}): Opinion {
  return {
    fixtureId: 'epl-2026-12-05-ars-che',
    competition: 'Premier League',
    kickoff: '2026-12-05T15:00:00Z',
    status: 'OPEN',
    home: { name: 'Arsenal', goals: 1.5, cards: 1.6, corners: 5.8 },
    away: { name: 'Chelsea', goals: 1.1, cards: 1.8, corners: 4.7 },
    players: [
      {
        playerId: 'saka',
        name: 'Bukayo Saka',
        team: 'HOME',
        goalShare: 0.35,
        cardShare: 0.25,
        expectedMinutes: 90,
      },
      {
        playerId: 'palmer',
        name: 'Cole Palmer',
        team: 'AWAY',
        goalShare: 0.33,
        cardShare: 0.12,
        expectedMinutes: 90,
      },
    ],
    model: { dixonColesRho: -0.1, gameState: true, cornersDispersion: 1.15 },
    ...overrides,
  };
}

/** The contract's example price request. */
export const CONTRACT_LEGS = [
  { market: 'MATCH_RESULT', selection: 'HOME' },
  { market: 'TOTAL_GOALS', side: 'OVER', line: 2.5 },
  { market: 'TOTAL_CARDS', side: 'OVER', line: 3.5 },
  { market: 'PLAYER_TO_SCORE', playerId: 'saka' },
] as const;

export async function createOpinionTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'fixtureId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'fixtureId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client.destroy();
}

let tables = 0;
/** A fresh table name per test file or case, so tests sharing one dynalite never see each other's items. */
export function uniqueTableName(prefix = 'opinions'): string {
  tables += 1;
  return `${prefix}-${process.pid}-${tables}`;
}

export function context(functionName = 'test'): Context {
  const fail = () => {
    throw new Error('not supported');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 29_000,
    done: fail,
    fail,
    succeed: fail,
  };
}

/** A logger that remembers what it was asked to log (to assert that an error names its key). */
export function recordingLogger() {
  const lines: { level: string; message: string; extra: unknown }[] = [];
  const at =
    (level: string) =>
    (message: unknown, ...extra: unknown[]): void => {
      lines.push({ level, message: String(message), extra: extra[0] });
    };
  return { lines, error: at('error'), warn: at('warn'), debug: at('debug'), info: at('info') };
}
