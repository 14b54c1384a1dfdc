import { spawn } from 'node:child_process';

/**
 * What the child does: require the bundle (module evaluation plus the module-scope `createHandler(runtime)` a Lambda
 * container runs during init) and report how long that took, then exit without waiting for sockets to close.
 */
const CHILD = `
const { performance } = require('node:perf_hooks');
const started = performance.now();
const mod = require(process.argv[1]);
const ready = performance.now();
if (typeof mod.handler !== 'function') { process.stderr.write('no handler export'); process.exit(2); }
process.stdout.write(JSON.stringify({ requireMs: ready - started, readyMs: ready }));
process.exit(0);
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
}

/**
 * Starts a fresh Node process that requires `file` under `env` and returns its init times in milliseconds.
 * Throws with the child's stderr when it fails (a bundle that cannot even load must not produce a figure).
 *
 * @example
 * const ms = await measureInit('/tmp/cold-start/price/index.js', { AWS_LAMBDA_FUNCTION_NAME: 'bench', ... });
 */
export function measureInit(file: string, env: Record<string, string>): Promise<InitSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD, file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      resolve(JSON.parse(out) as InitSample);
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
