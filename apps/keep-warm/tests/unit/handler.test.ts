import { LambdaClient } from '@aws-sdk/client-lambda';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { payload, stubLambda, throttleError } from './lambdaStub';
import { createHandler, KEEP_WARM_METRICS } from '../../src/handler';
import type { LogSink } from '../../src/types';

const lambdaMock = stubLambda();

interface Logged {
  level: string;
  message: string;
  extra: object[];
}

function recordingLogger(): LogSink & { lines: Logged[] } {
  const lines: Logged[] = [];
  return {
    lines,
    info: (message, ...extra) => lines.push({ level: 'info', message, extra }),
    warn: (message, ...extra) => lines.push({ level: 'warn', message, extra }),
    error: (message, ...extra) => lines.push({ level: 'error', message, extra }),
  };
}

/** Captures the EMF documents Powertools writes to stdout. */
function captureEmf(): { docs: Record<string, unknown>[]; restore: () => void } {
  const docs: Record<string, unknown>[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    for (const line of text.split('\n')) {
      if (line.includes('"_aws"')) docs.push(JSON.parse(line) as Record<string, unknown>);
    }
    return true;
  });
  return { docs, restore: () => spy.mockRestore() };
}

/** The handler warming `concurrency` containers of `target`, logging to `logger`, metrics in BetBuilder's namespace. */
const keepWarm = (target: string, concurrency: number, logger: LogSink) =>
  createHandler({
    lambda: new LambdaClient({}),
    config: { targetFunctionName: target, concurrency, invokeTimeoutMs: 1000 },
    logger,
    metrics: new Metrics({ namespace: 'BetBuilder', serviceName: 'keep-warm' }),
  });

describe('keep-warm handler', () => {
  beforeEach(() => {
    lambdaMock.reset();
  });

  it('emits EMF metrics for warm containers, cold starts and failures in the BetBuilder namespace', async () => {
    // Prepare: 4 invocations, one throttled, three answers from two containers (one cold)
    lambdaMock
      .onInvoke()
      .rejectsOnce(throttleError())
      .resolvesOnce({ Payload: payload('{"warmed":true,"containerId":"a","coldStart":true}') })
      .resolves({
        Payload: payload('{"warmed":true,"containerId":"b","coldStart":false}'),
      });
    const emf = captureEmf();
    const handler = keepWarm('pricing:live', 4, recordingLogger());

    // Act
    try {
      await handler({});
    } finally {
      emf.restore();
    }

    // Assess
    expect(emf.docs).toHaveLength(1);
    const doc = emf.docs[0] as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Namespace: string }[] };
    };
    expect(doc._aws.CloudWatchMetrics[0]?.Namespace).toBe('BetBuilder');
    expect(doc[KEEP_WARM_METRICS.requested]).toBe(4);
    expect(doc[KEEP_WARM_METRICS.failures]).toBe(1);
    expect(doc[KEEP_WARM_METRICS.warmContainers]).toBe(2);
    expect(doc[KEEP_WARM_METRICS.coldStarts]).toBe(1);
  });

  it('logs a warning with the summary when some invocations failed, and still resolves', async () => {
    // Prepare
    lambdaMock.onInvoke().rejects(new Error('boom'));
    const logger = recordingLogger();
    const emf = captureEmf();
    const handler = keepWarm('f', 2, logger);

    // Act
    let summary;
    try {
      summary = await handler({});
    } finally {
      emf.restore();
    }

    // Assess
    expect(summary).toMatchObject({ failed: 2, succeeded: 0 });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({ level: 'warn', message: 'keep-warm run had failed invocations' });
  });

  it('logs at info level when every invocation answered', async () => {
    // Prepare
    lambdaMock.onInvoke().resolves({
      Payload: payload('{"warmed":true,"containerId":"a","coldStart":false}'),
    });
    const logger = recordingLogger();
    const emf = captureEmf();
    const handler = keepWarm('f', 1, logger);

    // Act
    try {
      await handler({});
    } finally {
      emf.restore();
    }

    // Assess
    expect(logger.lines.map((l) => l.level)).toEqual(['info']);
  });
});
