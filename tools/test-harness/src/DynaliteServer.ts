import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { exited, track } from './children';
import { freePort } from './freePort';

export interface DynaliteServerOptions {
  /**
   * `inProcess` runs dynalite inside the test process (fastest start);
   * `process` runs it as a child process, so a fault test can SIGSTOP or kill it.
   * @default 'inProcess'
   */
  readonly mode?: 'inProcess' | 'process';
  /** Milliseconds to wait for a child process to listen. @default 10000 */
  readonly startTimeoutMs?: number;
}

/**
 * An in-memory DynamoDB-compatible server (dynalite) on a free loopback port.
 * Point a real `@aws-sdk/client-dynamodb` client at {@link endpoint} with any static credentials.
 *
 * @example
 * const ddb = await DynaliteServer.start();
 * const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'local', credentials: DynaliteServer.credentials });
 */
export class DynaliteServer {
  /** Dummy credentials: dynalite checks their presence, not their value. */
  static readonly credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

  private constructor(
    readonly port: number,
    readonly mode: 'inProcess' | 'process',
    private server: Server | undefined,
    private child: ChildProcess | undefined,
  ) {}

  /** `http://127.0.0.1:<port>` */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async start(opts: DynaliteServerOptions = {}): Promise<DynaliteServer> {
    const mode = opts.mode ?? 'inProcess';
    if (mode === 'inProcess') {
      const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      return new DynaliteServer((server.address() as AddressInfo).port, mode, server, undefined);
    }
    const port = await freePort();
    const child = spawn(process.execPath, [join(__dirname, 'dynaliteProcess.js'), String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`dynalite did not start on port ${port}: ${out}`)),
        opts.startTimeoutMs ?? 10_000,
      );
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`dynalite exited with ${code} during start: ${out}`));
      });
    });
    return new DynaliteServer(port, mode, undefined, child);
  }

  /** Sends a signal to the child process (mode `process` only): SIGSTOP freezes it, SIGCONT thaws it. */
  signal(sig: NodeJS.Signals): void {
    if (!this.child) throw new Error('signal() needs a dynalite started with mode "process"');
    this.child.kill(sig);
  }

  /** Stops the server and frees its port. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.server) {
      const s = this.server;
      this.server = undefined;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    if (this.child) {
      const c = this.child;
      this.child = undefined;
      c.kill('SIGCONT');
      c.kill('SIGKILL');
      await exited(c);
    }
  }
}
