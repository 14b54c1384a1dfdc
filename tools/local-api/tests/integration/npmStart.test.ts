import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Runs a shell command line (the banner's curl, continuation lines and all) and returns its stdout. */
function sh(command: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('bash', ['-c', command], { timeout: 30_000 }, (err, stdout) =>
      err ? reject(new Error(`${command} failed: ${err.message}`)) : resolve(stdout),
    ),
  );
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('prints a URL and curl examples that work as pasted, and stops cleanly on Ctrl-C', async () => {
    // Prepare
    const proc = spawn(process.execPath, [join(root, 'tools', 'local-api', 'bin', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: '0', REDIS_URL: '', DYNAMODB_ENDPOINT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

    // Act: wait for the banner, then paste its curl commands
    const started = Date.now();
    while (!out.includes('Ctrl-C to stop') && Date.now() - started < 45_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const startupMs = Date.now() - started;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const redisPort = Number(/Redis redis:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const curls = out
      .split('\n\n')
      .map((block) =>
        block
          .split('\n')
          .filter((l) => /^\s+(curl|-d|TOKEN=)/.test(l))
          .join('\n'),
      )
      .filter((cmd) => /^(curl|TOKEN=)/.test(cmd.trim()));
    const priced = JSON.parse(await sh(curls[0]!)) as { probability?: number; fixtureId?: string };
    const verified = JSON.parse(await sh(curls[1]!)) as { valid?: boolean };
    const menu = JSON.parse(await sh(curls[2]!)) as {
      fixtureId?: string;
      markets?: { market: string; selections: unknown[] }[];
    };
    const written = JSON.parse(await sh(curls[3]!)) as { inputsVersion?: number };
    proc.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(url).toBeDefined();
    expect(startupMs).toBeLessThan(45_000);
    expect(curls).toHaveLength(4);
    expect(verified.valid).toBe(true);
    expect(priced).toMatchObject({
      fixtureId: 'epl-2026-12-05-ars-che',
      probability: expect.any(Number) as unknown,
    });
    expect(menu.fixtureId).toBe('epl-2026-12-05-ars-che');
    expect(menu.markets?.[0]).toMatchObject({ market: 'MATCH_RESULT', period: 'FULL_TIME' });
    expect(written.inputsVersion).toBe(1);
    expect(code).toBe(0);
    expect(await portOpen(redisPort)).toBe(false);
  }, 90_000);
});
