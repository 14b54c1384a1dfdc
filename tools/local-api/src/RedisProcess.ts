import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

const live = new Set<ChildProcess>();
let exitHooked = false;

/**
 * A throwaway `redis-server` for `npm start`: loopback only, no persistence, killed when this process exits
 * however it exits, so Ctrl-C never leaves an orphan.
 *
 * @example
 * if (RedisProcess.isInstalled()) {
 *   const redis = await RedisProcess.start();
 *   console.log(redis.url); // redis://127.0.0.1:<free port>
 *   await redis.stop();
 * }
 */
export class RedisProcess {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  /** `redis://127.0.0.1:<port>` */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True when `redis-server --version` runs. */
  static isInstalled(binary = 'redis-server'): boolean {
    const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    return !r.error && r.status === 0;
  }

  /** Starts redis-server on a free loopback port and resolves once it answers PING. */
  static async start(opts: { binary?: string; startTimeoutMs?: number } = {}): Promise<RedisProcess> {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    args.push('--daemonize', 'no', '--loglevel', 'warning');
    const child = spawn(opts.binary ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-2000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const server = new RedisProcess(port, child);
    const deadline = Date.now() + (opts.startTimeoutMs ?? 10_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`redis-server exited during start on port ${port}: ${output.trim()}`);
      }
      if (await ping(port)) return server;
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.stop();
    throw new Error(`redis-server did not answer on port ${port} in time: ${output.trim()}`);
  }

  /** Stops the server (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. Safe to call twice. */
  async stop(): Promise<void> {
    const c = this.child;
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGCONT');
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const c of live) {
      try {
        c.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}
