import type { Context } from 'aws-lambda';
import { lambdaEntry } from '../../src';

const context = { awsRequestId: 'r-1' } as Context;

describe('lambdaEntry', () => {
  const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
  });

  it('builds the handler on the first call outside Lambda, once, and reuses it', async () => {
    // Prepare
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    let builds = 0;
    const entry = lambdaEntry(() => {
      builds++;
      return (event: number) => Promise.resolve(event * 2);
    });
    const beforeFirstCall = builds;
    // Act
    const answers = [await entry(1, context), await entry(2, context)];
    // Assess
    expect(beforeFirstCall).toBe(0);
    expect(answers).toEqual([2, 4]);
    expect(builds).toBe(1);
  });

  it('builds the handler at once inside Lambda (during init), and only then', async () => {
    // Prepare
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'pricing-price';
    let builds = 0;
    // Act
    const entry = lambdaEntry(() => {
      builds++;
      return () => Promise.resolve('ok');
    });
    const atInit = builds;
    await entry(undefined, context);
    // Assess
    expect(atInit).toBe(1);
    expect(builds).toBe(1);
  });
});
