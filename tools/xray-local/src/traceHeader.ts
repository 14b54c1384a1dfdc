import { randomBytes } from 'node:crypto';

/**
 * A sampled `_X_AMZN_TRACE_ID` value, as the Lambda runtime sets it per invocation
 * (`Root=1-<epoch hex>-<96-bit id>;Parent=<64-bit id>;Sampled=1`).
 *
 * @example
 * process.env._X_AMZN_TRACE_ID = newTraceHeader();
 */
export function newTraceHeader(nowMs = Date.now()): string {
  const epoch = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

/**
 * The environment that makes Powertools Tracer (and aws-xray-sdk-core under it) emit segments outside
 * Lambda: Tracer only enables itself when AWS_EXECUTION_ENV is set (and AWS_SAM_LOCAL is not);
 * LAMBDA_TASK_ROOT switches the X-Ray SDK into Lambda mode (facade segment from _X_AMZN_TRACE_ID,
 * every closed subsegment streamed); AWS_XRAY_DAEMON_ADDRESS points it at this daemon.
 * _X_AMZN_TRACE_ID must then be set per invocation (see {@link newTraceHeader}).
 *
 * @example
 * spawn('node', ['worker.js'], { env: { ...process.env, ...lambdaTracingEnv('127.0.0.1:2000') } });
 */
export function lambdaTracingEnv(daemonAddress: string): Record<string, string> {
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    LAMBDA_TASK_ROOT: process.cwd(),
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    POWERTOOLS_TRACE_ENABLED: 'true',
    _X_AMZN_TRACE_ID: newTraceHeader(),
  };
}
