import { KeepWarmConfigError } from '../../src/KeepWarmConfigError';
import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults WARM_CONCURRENCY to 5', () => {
    // Act
    const config = loadConfig({ TARGET_FUNCTION_NAME: 'pricing' });

    // Assess
    expect(config).toEqual({ targetFunctionName: 'pricing', concurrency: 5, invokeTimeoutMs: 5000 });
  });

  it('rejects a missing target function with a message naming the variable', () => {
    // Act + Assess
    expect(() => loadConfig({})).toThrow(KeepWarmConfigError);
    expect(() => loadConfig({})).toThrow(/TARGET_FUNCTION_NAME is not set/);
  });

  it('rejects a concurrency that is not a whole number', () => {
    // Act + Assess
    expect(() => loadConfig({ TARGET_FUNCTION_NAME: 'f', WARM_CONCURRENCY: '2.5' })).toThrow(
      "WARM_CONCURRENCY must be a whole number, got '2.5'",
    );
  });

  it('rejects a concurrency above the maximum and suggests provisioned concurrency', () => {
    // Act + Assess
    expect(() => loadConfig({ TARGET_FUNCTION_NAME: 'f', WARM_CONCURRENCY: '500' })).toThrow(
      /provisioned concurrency/,
    );
  });
});
