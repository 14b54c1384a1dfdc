import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { MissingServiceError } from './errors';
import { freePort } from './freePort';
import { exited, track } from './children';

export interface RedisServerOptions {
  /** Path or name of the binary. @default process.env.REDIS_SERVER_BIN ?? 'redis-server' */
  readonly binary?: string;
  /** Milliseconds to wait for the server to accept connections. @default 10000 */
  readonly startTimeoutMs?: number;
  /** Extra `--flag value` arguments passed to redis-server. */
  readonly extraArgs?: readonly string[];
}

const INSTALL_HINT =
  'redis-server is required by the tests but was not found on PATH. Install it: ' +
  '`sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), ' +
  'or set REDIS_SERVER_BIN to its path.';

/** Throws {@link MissingServiceError} with install instructions when redis-server is absent. */
export function assertRedisInstalled(binary = process.env.REDIS_SERVER_BIN ?? 'redis-server'): void {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new MissingServiceError(INSTALL_HINT);
}

/**
 * A throwaway redis-server on a free loopback port, with no persistence.
 * Exposes the process so fault tests can kill it, pause it (SIGSTOP) and restart it on the same port.
 *
 * @example
 * const redis = await RedisServer.start();
 * const client = new Redis(redis.url);
 * // ...
 * await redis.stop();
 */
export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly binary: string,
    private readonly opts: RedisServerOptions,
  ) {}

  /** `redis://127.0.0.1:<port>` */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  static async start(opts: RedisServerOptions = {}): Promise<RedisServer> {
    const binary = opts.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
    assertRedisInstalled(binary);
    // A port can be taken between freePort() and bind; retry a few times.
    let lastErr: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(await freePort(), binary, opts);
      try {
        await server.launch();
        return server;
      } catch (err) {
        lastErr = err;
        await server.stop();
      }
    }
    throw lastErr instanceof Error ? lastErr : new Error(String(lastErr));
  }

  /** Starts the server again on the same port (after {@link kill} or {@link stop}). */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.launch();
  }

  /** Sends a signal without waiting (SIGKILL to crash it, SIGSTOP to freeze it, SIGCONT to thaw). */
  signal(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  /** Crashes the server (SIGKILL) and waits for it to be gone. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || !this.running) return;
    c.kill('SIGCONT');
    c.kill('SIGKILL');
    await exited(c);
  }

  /** Stops the server and waits for the process to exit. Safe to call twice. */
  async stop(): Promise<void> {
    const c = this.child;
    if (!c || !this.running) return;
    c.kill('SIGCONT'); // a paused server cannot handle SIGTERM
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
    await exited(c);
    clearTimeout(timer);
  }

  private async launch(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
      ...(this.opts.extraArgs ?? []),
    ];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    track(child);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 10_000);
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`redis-server exited during start on port ${this.port}: ${output}`);
      if (await pingRedis(this.port)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`redis-server did not accept connections on port ${this.port} in time: ${output}`);
  }
}

/** One raw RESP PING over TCP; true on +PONG. */
function pingRedis(port: number): Promise<boolean> {
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
