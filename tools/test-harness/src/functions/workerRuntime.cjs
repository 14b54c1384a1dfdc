// A minimal stand-in for the Lambda Node.js runtime, one per local "container" process.
// Init phase: require the bundled handler (like Lambda loads the NodejsFunction bundle), then report
// "ready" with the init duration. Invoke phase: one event at a time over IPC, with a Lambda-like
// context and, when tracing, the per-invocation _X_AMZN_TRACE_ID the real runtime sets.
'use strict';
const { performance } = require('node:perf_hooks');
const { randomUUID } = require('node:crypto');

const handlerFile = process.env.LT_HANDLER_FILE;
const handlerName = process.env.LT_HANDLER_NAME || 'handler';
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME || 'local';
const timeoutMs = Number(process.env.LT_TIMEOUT_MS || 10000);

function send(msg) {
  if (process.connected) process.send(msg);
}

function errorInfo(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

// LT_V8_FLAGS (e.g. `--env LT_V8_FLAGS=--trace-gc`): V8 flags for the container, set before the handler loads (V8
// flags are not allowed in NODE_OPTIONS, and the pool starts containers without this process's flags).
if (process.env.LT_V8_FLAGS) require('node:v8').setFlagsFromString(process.env.LT_V8_FLAGS);

// LT_CPU_PROF_DIR (e.g. `--env LT_CPU_PROF_DIR=/tmp/prof`): profile the whole container, init included, and write
// <function>-<pid>.cpuprofile there when the pool stops it (--cpu-prof is not allowed in NODE_OPTIONS).
const profDir = process.env.LT_CPU_PROF_DIR;
let profiler;
if (profDir) {
  const inspector = require('node:inspector');
  profiler = new inspector.Session();
  profiler.connect();
  profiler.post('Profiler.enable');
  profiler.post('Profiler.start');
}

function exitAfterProfile() {
  if (!profiler) process.exit(0);
  profiler.post('Profiler.stop', (err, result) => {
    if (!err && result) {
      const { mkdirSync, writeFileSync } = require('node:fs');
      mkdirSync(profDir, { recursive: true });
      writeFileSync(`${profDir}/${functionName}-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    }
    process.exit(0);
  });
}

const t0 = performance.now();
let handler;
try {
  const mod = require(handlerFile);
  handler = mod[handlerName];
  if (typeof handler !== 'function') throw new Error(`${handlerFile} has no export '${handlerName}'`);
} catch (err) {
  send({ type: 'init-error', error: errorInfo(err) });
  setTimeout(() => process.exit(1), 50);
  return;
}
send({ type: 'ready', initMs: performance.now() - t0, pid: process.pid });

process.on('message', (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  const started = performance.now();
  if (msg.traceHeader) process.env._X_AMZN_TRACE_ID = msg.traceHeader;
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE || '1024',
    awsRequestId: msg.requestId || randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (performance.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  Promise.resolve()
    .then(() => handler(msg.event, context))
    .then(
      (result) =>
        send({ type: 'result', id: msg.id, ok: true, result, durationMs: performance.now() - started }),
      (err) =>
        send({
          type: 'result',
          id: msg.id,
          ok: false,
          error: errorInfo(err),
          durationMs: performance.now() - started,
        }),
    );
});
process.on('disconnect', exitAfterProfile);
if (profiler) process.on('SIGTERM', exitAfterProfile);
