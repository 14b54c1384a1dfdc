import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';

/** Counters of the stand-in: item-cache hits and misses (eventually consistent GetItem), passed-through requests. */
export interface DaxStandInStats {
  readonly hits: number;
  readonly misses: number;
  readonly passes: number;
  readonly errors: number;
}

/**
 * A local stand-in for DAX's item cache in front of dynalite (`daxStandIn.cjs`, its own process): eventually
 * consistent `GetItem`s are answered from memory for `itemTtlMs` after a read, everything else (writes, consistent
 * reads) goes to dynalite, as writes bypass DAX in the deployed design. Point `DYNAMODB_ENDPOINT` at {@link endpoint}.
 *
 * @example
 * const dax = await DaxStandIn.start(dynamo.endpoint, 1000);
 * env.DYNAMODB_ENDPOINT = dax.endpoint;
 * console.log(await dax.stats()); // { hits: 9120, misses: 2210, passes: 310, errors: 0 }
 * await dax.stop();
 */
export class DaxStandIn {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(upstream: string, itemTtlMs: number, startTimeoutMs = 10_000): Promise<DaxStandIn> {
    const child = spawn(process.execPath, [join(__dirname, 'daxStandIn.cjs'), upstream, String(itemTtlMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the DAX stand-in did not start: ${out}`));
      }, startTimeoutMs);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /\{"port":(\d+)\}/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the DAX stand-in exited with ${code} during start: ${out}`));
      });
    });
    return new DaxStandIn(child, port);
  }

  /** The stand-in's counters since it started. */
  stats(): Promise<DaxStandInStats> {
    return new Promise((resolve, reject) => {
      get(`${this.endpoint}/__stats`, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as DaxStandInStats);
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      }).on('error', reject);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await gone;
  }
}
