import { spawn } from 'node:child_process';
import { startCpuWindow } from '../../src/cpuUsage';

describe('startCpuWindow', () => {
  it('charges a busy child to its function role and this process to the load generator', async () => {
    // Prepare: a child that spins for 300 ms of CPU, named like a price container
    const cpu = startCpuWindow();
    const spin =
      'const t = process.cpuUsage(); while (process.cpuUsage(t).user < 300000) {} process.send("done"); setTimeout(() => {}, 5000);';
    const child = spawn(process.execPath, ['-e', spin], {
      env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: 'spinner' },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    await new Promise((r) => child.once('message', r));

    // Act
    const u = cpu.stop();
    child.kill('SIGKILL');

    // Assess: /proc counts in 10 ms ticks; the child's own spin is at least 0.3 s
    expect(u.byRole['fn:spinner']).toBeGreaterThanOrEqual(0.28);
    expect(u.byRole['load generator + API front']).toBeGreaterThanOrEqual(0);
    expect(u.runS).toBeGreaterThanOrEqual(u.byRole['fn:spinner']!);
    expect(u.machineBusyS).toBeGreaterThanOrEqual(u.runS - 0.05);
    expect(u.cores).toBeGreaterThanOrEqual(1);
    expect(u.wallS).toBeGreaterThan(0.25);
  });
});
