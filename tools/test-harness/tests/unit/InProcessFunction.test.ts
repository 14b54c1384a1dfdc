import type { Context } from 'aws-lambda';
import { FunctionInvokeError, InProcessFunction } from '../../src';

describe('InProcessFunction', () => {
  it('runs the handler with a Lambda context: the first invocation is the cold start', async () => {
    // Prepare
    const contexts: Context[] = [];
    const fn = new InProcessFunction({ name: 'local-price', timeoutMs: 5_000 }, (event: number, context) => {
      contexts.push(context);
      return Promise.resolve(event * 2);
    });

    // Act
    const a = await fn.invoke(2);
    const b = await fn.invoke(3);

    // Assess
    expect([a.result, b.result]).toEqual([4, 6]);
    expect([a.coldStart, b.coldStart]).toEqual([true, false]);
    expect(fn.name).toBe('local-price');
    expect(contexts[0]!.functionName).toBe('local-price');
    expect(contexts[0]!.getRemainingTimeInMillis()).toBeLessThanOrEqual(5_000);
    expect(contexts[0]!.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(contexts[0]!.awsRequestId).not.toBe(contexts[1]!.awsRequestId);
  });

  it("reports a handler's throw as HANDLER_ERROR, as FunctionPool does, and refuses work once stopped", async () => {
    // Prepare
    const fn = new InProcessFunction({ name: 'primer' }, () => Promise.reject(new TypeError('bad record')));

    // Act
    const thrown = await fn.invoke({}).catch((e: unknown) => e);
    await fn.stop();
    const afterStop = await fn.invoke({}).catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(FunctionInvokeError);
    expect(thrown).toMatchObject({
      code: 'HANDLER_ERROR',
      message: 'primer handler threw TypeError: bad record',
    });
    expect(afterStop).toMatchObject({ code: 'POOL_STOPPED' });
  });
});
