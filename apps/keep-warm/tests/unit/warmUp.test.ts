import { LambdaClient } from '@aws-sdk/client-lambda';
import { payload, stubLambda, throttleError } from './lambdaStub';
import { parseWarmupPayload, warmUp, WARMUP_PAYLOAD } from '../../src/warmUp';

const lambdaMock = stubLambda();

function answer(body: unknown): { StatusCode: number; Payload: Uint8Array } {
  return { StatusCode: 200, Payload: payload(JSON.stringify(body)) };
}

describe('warmUp', () => {
  beforeEach(() => {
    lambdaMock.reset();
  });

  it('fires every warm-up invocation at once, as RequestResponse with the warm-up payload', async () => {
    // Prepare: each call stays in flight until all of them have arrived
    let inFlight = 0;
    let maxInFlight = 0;
    let n = 0;
    lambdaMock.onInvoke().callsFake(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      n += 1;
      const id = `c${n}`;
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      return answer({ warmed: true, containerId: id, coldStart: false });
    });

    // Act
    await warmUp({
      lambda: new LambdaClient({}),
      targetFunctionName: 'pricing:live',
      concurrency: 7,
      invokeTimeoutMs: 1000,
    });

    // Assess
    expect(maxInFlight).toBe(7);
    expect(lambdaMock.invokeCalls()).toHaveLength(7);
    const input = lambdaMock.invokeCalls()[0];
    expect(input?.FunctionName).toBe('pricing:live');
    expect(input?.InvocationType).toBe('RequestResponse');
    expect(new TextDecoder().decode(input?.Payload as Uint8Array)).toBe(WARMUP_PAYLOAD);
  });

  it('counts distinct containers and cold starts from the answers', async () => {
    // Prepare: 5 answers from 3 containers, two of which had just cold-started
    const answers = [
      { warmed: true, containerId: 'a', coldStart: true },
      { warmed: true, containerId: 'b', coldStart: false },
      { warmed: true, containerId: 'a', coldStart: true },
      { warmed: true, containerId: 'c', coldStart: true },
      { warmed: true, containerId: 'b', coldStart: false },
    ];
    let i = 0;
    lambdaMock.onInvoke().callsFake(() => answer(answers[i++ % answers.length]));

    // Act
    const summary = await warmUp({
      lambda: new LambdaClient({}),
      targetFunctionName: 'f',
      concurrency: 5,
      invokeTimeoutMs: 1000,
    });

    // Assess
    expect(summary).toMatchObject({
      requested: 5,
      succeeded: 5,
      failed: 0,
      distinctContainers: 3,
      coldStarts: 2,
    });
    expect(summary.containerIds).toEqual(['a', 'b', 'c']);
  });

  it('counts throttles, function errors and bad payloads as failures without throwing', async () => {
    // Prepare
    lambdaMock
      .onInvoke()
      .rejectsOnce(throttleError())
      .resolvesOnce({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: payload('{}'),
      })
      .resolvesOnce({ StatusCode: 200, Payload: payload('not json') })
      .resolvesOnce(answer({ statusCode: 200, body: '{}' }))
      .resolves(answer({ warmed: true, containerId: 'ok', coldStart: false }));

    // Act
    const summary = await warmUp({
      lambda: new LambdaClient({}),
      targetFunctionName: 'f',
      concurrency: 5,
      invokeTimeoutMs: 1000,
    });

    // Assess
    expect(summary).toMatchObject({ requested: 5, succeeded: 1, failed: 4, distinctContainers: 1 });
    expect(summary.failureReasons).toEqual(
      expect.arrayContaining([
        'TooManyRequestsException: Rate exceeded',
        'function error: Unhandled',
        'payload is not json',
        expect.stringContaining('not a warm-up answer'),
      ]),
    );
  });

  it('gives up on an invocation that does not answer within the timeout and counts it as failed', async () => {
    // Prepare: one call never settles
    lambdaMock
      .onInvoke()
      .callsFakeOnce(() => new Promise(() => undefined))
      .resolves(answer({ warmed: true, containerId: 'x', coldStart: false }));

    // Act
    const started = Date.now();
    const summary = await warmUp({
      lambda: new LambdaClient({}),
      targetFunctionName: 'f',
      concurrency: 3,
      invokeTimeoutMs: 150,
    });

    // Assess
    expect(Date.now() - started).toBeLessThan(2000);
    expect(summary).toMatchObject({ succeeded: 2, failed: 1 });
    expect(summary.failureReasons).toEqual(['TimeoutError: no answer within 150 ms']);
  });
});

describe('parseWarmupPayload', () => {
  it('rejects an answer with warmed false', () => {
    // Act
    const outcome = parseWarmupPayload(
      payload(JSON.stringify({ warmed: false, containerId: 'a', coldStart: false })),
    );

    // Assess
    expect(outcome).toEqual({ ok: false, reason: 'target answered warmed: false' });
  });

  it('rejects an empty payload', () => {
    // Act + Assess
    expect(parseWarmupPayload(new Uint8Array())).toEqual({ ok: false, reason: 'empty payload' });
  });
});
