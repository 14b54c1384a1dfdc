import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { LocalXrayDaemon } from '../../src/LocalXrayDaemon';
import { lambdaTracingEnv } from '../../src/traceHeader';

function runChild(
  env: Record<string, string>,
  invocations: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(__dirname, '..', 'fixtures', 'emitTracedInvocation.cjs'), String(invocations)],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('LocalXrayDaemon', () => {
  let daemon: LocalXrayDaemon | undefined;
  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
  });

  it('collects the subsegments Powertools Tracer emits in the documented Lambda-like environment', async () => {
    // Prepare
    daemon = await LocalXrayDaemon.start({ port: 0 });

    // Act: a separate process, like a local container, with only the documented variables
    const r = await runChild(lambdaTracingEnv(daemon.address), 5);
    await new Promise((res) => setTimeout(res, 100));

    // Assess
    expect(r.code).toBe(0);
    const rows = Object.fromEntries(daemon.stats.rows().map((x) => [x.name, x]));
    expect(rows['## price']?.count).toBe(5);
    expect(rows['opinion.get']?.count).toBe(5);
    expect(rows['model.goals']?.count).toBe(5);
    expect(rows['model.goals']!.p50Ms).toBeGreaterThanOrEqual(15);
    expect(daemon.badDatagrams).toBe(0);
    const slowest = daemon.stats.slowest(1)[0]!;
    expect(slowest.rootName).toBe('## price');
    expect(slowest.annotations.cacheSource).toBe('COMPUTED');
    expect(slowest.parts.map((p) => p.name)).toEqual(['opinion.get', 'cache.l1', 'model.goals']);
  });

  it('receives nothing when AWS_EXECUTION_ENV is missing (Tracer stays off outside Lambda)', async () => {
    // Prepare
    daemon = await LocalXrayDaemon.start({ port: 0 });
    const env = lambdaTracingEnv(daemon.address);
    delete env.AWS_EXECUTION_ENV;

    // Act
    const r = await runChild(env, 1);

    // Assess
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tracing is disabled');
    expect(daemon.datagrams).toBe(0);
  });

  it('counts datagrams that do not speak the protocol without failing', async () => {
    // Prepare
    daemon = await LocalXrayDaemon.start({ port: 0 });
    const sock = createSocket('udp4');

    // Act
    await new Promise<void>((res) => sock.send('garbage', daemon!.port, '127.0.0.1', () => res()));
    await new Promise<void>((res) =>
      sock.send(
        '{"format":"json","version":1}\n{"name":"cache.l1","id":"1","trace_id":"t","start_time":1,"end_time":1.001}',
        daemon!.port,
        '127.0.0.1',
        () => res(),
      ),
    );
    await new Promise((res) => setTimeout(res, 100));
    sock.close();

    // Assess
    expect(daemon.badDatagrams).toBe(1);
    expect(daemon.stats.rows()).toMatchObject([{ name: 'cache.l1', count: 1 }]);
  });
});
