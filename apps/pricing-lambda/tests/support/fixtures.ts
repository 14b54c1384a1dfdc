import { createOpinionsTable } from '@betbuilder/test-harness';
import { CONTRACT_EXAMPLE_LEGS, CONTRACT_EXAMPLE_OPINION, type Opinion } from '@betbuilder/pricing-model';
import type { Context } from 'aws-lambda';

/**
 * The API contract's example opinion (a fresh copy each call) with a second player, Palmer (the contract's example has
 * Saka only); `overrides` replace top-level fields.
 */
export function contractOpinion(overrides: Partial<Opinion> = {}): Opinion {
  const example = structuredClone(CONTRACT_EXAMPLE_OPINION);
  return {
    ...example,
    players: [
      ...example.players,
      {
        playerId: 'palmer',
        name: 'Cole Palmer',
        team: 'AWAY',
        goalShare: 0.33,
        cardShare: 0.12,
        expectedMinutes: 90,
      },
    ],
    ...overrides,
  };
}

/** The contract's example price request. */
export const CONTRACT_LEGS = CONTRACT_EXAMPLE_LEGS;

/** The opinions table (the harness's one schema, shared with the local API and the load test), in eu-west-1. */
export const createOpinionTable = (endpoint: string, tableName: string): Promise<void> =>
  createOpinionsTable(endpoint, tableName, { region: 'eu-west-1' });

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
