import { spawn } from 'node:child_process';

/** Prefixes the child's result line (the handlers' own logs go to stdout too). */
const MARK = '@@cold-start ';

/**
 * What the child does: require the bundle (module evaluation plus the module-scope `createHandler(runtime)` a Lambda
 * container runs during init) and time it, in wall-clock and in CPU (`process.cpuUsage()`, which counts from process
 * start, so it includes Node's own start like Lambda's init duration does). With an event in argv[2] it then invokes
 * the handler once, as the container's first request, and times that too. It exits without waiting for sockets to
 * close.
 */
const CHILD = `
const MARK = '${MARK}';
const { performance } = require('node:perf_hooks');
const cpuMs = (u) => (u.user + u.system) / 1000;
const started = performance.now();
const mod = require(process.argv[1]);
const ready = performance.now();
const readyCpu = process.cpuUsage();
if (typeof mod.handler !== 'function') { process.stderr.write('no handler export'); process.exit(2); }
const init = { requireMs: ready - started, readyMs: ready, initCpuMs: cpuMs(readyCpu) };
const report = (r) => process.stdout.write('\\n' + MARK + JSON.stringify(r) + '\\n');
if (!process.argv[2]) { report(init); process.exit(0); }
const event = JSON.parse(process.argv[2]);
const deadline = Date.now() + 29000;
const fail = () => { throw new Error('callback-style completion is not supported'); };
const context = {
  callbackWaitsForEmptyEventLoop: false, functionName: 'cold-start-bench', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:cold-start-bench', memoryLimitInMB: '1024',
  awsRequestId: 'cold-start-' + process.pid, logGroupName: '/aws/lambda/cold-start-bench', logStreamName: 'local',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done: fail, fail, succeed: fail,
};
const firstStarted = performance.now();
Promise.resolve(mod.handler(event, context)).then((res) => {
  const firstMs = performance.now() - firstStarted;
  const firstCpuMs = cpuMs(process.cpuUsage(readyCpu));
  const status = res && typeof res.statusCode === 'number' ? res.statusCode
    : res && res.warmed === true ? 'warmed'
    : res && Array.isArray(res.batchItemFailures) ? (res.batchItemFailures.length === 0 ? 'primed' : 'failed')
    : 'unknown';
  const body = res && typeof res.body === 'string' ? res.body.slice(0, 300) : JSON.stringify(res).slice(0, 300);
  report({ ...init, firstMs, firstCpuMs, firstStatus: status, firstBody: body });
  process.exit(0);
}, (err) => { process.stderr.write(String(err && err.stack || err)); process.exit(3); });
`;

/** One fresh process: how long the require took, and how long from process start until the handler was ready. */
export interface InitSample {
  /** require + module-scope init only. */
  readonly requireMs: number;
  /**
   * Process start (performance.timeOrigin) to handler ready: the local analogue of Lambda's init duration, which
   * includes the runtime's own start (about 118 ms for a published Node.js 22 arm64 hello world).
   */
  readonly readyMs: number;
  /** CPU (user + system, all threads) the process used from its start until the handler was ready. */
  readonly initCpuMs: number;
  /** With a first event: wall-clock time of that first invocation (from the end of init to its response). */
  readonly firstMs?: number;
  /** With a first event: CPU the process used during that invocation. */
  readonly firstCpuMs?: number;
  /**
   * With a first event: its response's `statusCode`, `'warmed'` for a warm-up answer, `'primed'` for a stream batch
   * with no failed record (`'failed'` with one).
   */
  readonly firstStatus?: number | string;
  /** With a first event: the start of its response body (to say why a status was unexpected). */
  readonly firstBody?: string;
}

/**
 * Starts a fresh Node process that requires `file` under `env` and returns its init times in milliseconds; with
 * `firstEvent`, the process then invokes the handler with it once (the container's first request) and times that.
 * Throws with the child's stderr when it fails (a bundle that cannot even load must not produce a figure).
 *
 * @example
 * const ms = await measureInit('/tmp/cold-start/price/index.js', { AWS_LAMBDA_FUNCTION_NAME: 'bench', ... });
 * const withFirst = await measureInit(file, env, { warmup: true }); // withFirst.firstMs, withFirst.firstStatus
 */
export function measureInit(
  file: string,
  env: Record<string, string>,
  firstEvent?: unknown,
): Promise<InitSample> {
  return new Promise((resolve, reject) => {
    const args = ['-e', CHILD, file, ...(firstEvent !== undefined ? [JSON.stringify(firstEvent)] : [])];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${file} failed to initialise (exit ${code}): ${err.slice(0, 500)}`));
        return;
      }
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (line === undefined) {
        reject(new Error(`${file} reported no result: ${out.slice(0, 500)}`));
        return;
      }
      resolve(JSON.parse(line.slice(MARK.length)) as InitSample);
    });
  });
}

/**
 * Runs the same child as {@link measureInit} under `valgrind --tool=cachegrind --cache-sim=no` and returns the
 * instructions the whole process executed (start to exit: init, and the first request when `firstEvent` is given)
 * with the child's own report. Instruction counts barely move with machine load, unlike every clock: on a shared
 * machine they are what tells two bundles apart. Needs valgrind on the PATH; about 50 times slower than a plain run.
 *
 * @example
 * const { instructions } = await measureInstructions(file, env); // 983_248_363
 */
export function measureInstructions(
  file: string,
  env: Record<string, string>,
  firstEvent?: unknown,
): Promise<{ instructions: number; sample: InitSample }> {
  return new Promise((resolve, reject) => {
    const args = [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '-e',
      CHILD,
      file,
      ...(firstEvent !== undefined ? [JSON.stringify(firstEvent)] : []),
    ];
    const child = spawn('valgrind', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new Error(`valgrind could not start (is it installed?): ${e.message}`)));
    child.on('close', (code) => {
      const refs = /I\s+refs:\s+([\d,]+)/.exec(err);
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || refs === null || line === undefined) {
        reject(new Error(`${file} under valgrind failed (exit ${code}): ${err.slice(-500)}`));
        return;
      }
      resolve({
        instructions: Number(refs[1]!.replace(/,/g, '')),
        sample: JSON.parse(line.slice(MARK.length)) as InitSample,
      });
    });
  });
}

/** The q-quantile (0..1) of `values` by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}
