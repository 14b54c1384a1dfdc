import { join } from 'node:path';
import { FunctionInvokeError, FunctionPool } from '../../src';

const bundleFile = join(__dirname, '..', 'fixtures', 'echoHandler.cjs');

interface Echo {
  pid: number;
  served: number;
  requestId: string;
  fn: string;
  env?: string;
  trace?: string;
}

describe('FunctionPool', () => {
  let pool: FunctionPool | undefined;
  // Every test's pool is stopped, whatever the test did to it.
  afterEach(() => pool?.stop().finally(() => (pool = undefined)));

  it('reuses an idle container and keeps its memory between invocations', async () => {
    // Prepare
    pool = new FunctionPool({ name: 'echo', bundleFile, env: { MARKER: 'm1' }, maxContainers: 4 });

    // Act
    const a = await pool.invoke({});
    const b = await pool.invoke({});

    // Assess
    const ra = a.result as Echo;
    const rb = b.result as Echo;
    expect(a.coldStart).toBe(true);
    expect(a.initMs).toBeGreaterThan(0);
    expect(b.coldStart).toBe(false);
    expect(rb.pid).toBe(ra.pid);
    expect(rb.served).toBe(2);
    expect(ra.env).toBe('m1');
    expect(ra.fn).toBe('echo');
    expect(pool.stats()).toMatchObject({ containers: 1, coldStarts: 1, invocations: 2 });
  });

  it('starts a new container, in its own process, when every container is busy', async () => {
    // Prepare
    pool = new FunctionPool({ name: 'echo', bundleFile, env: {}, maxContainers: 4 });

    // Act: three overlapping requests
    const results = await Promise.all([
      pool.invoke({ sleepMs: 300 }),
      pool.invoke({ sleepMs: 300 }),
      pool.invoke({ sleepMs: 300 }),
    ]);

    // Assess
    const pids = new Set(results.map((r) => (r.result as Echo).pid));
    expect(pids.size).toBe(3);
    expect(pids.has(process.pid)).toBe(false);
    expect(results.every((r) => r.coldStart)).toBe(true);
    expect(pool.size).toBe(3);
  });

  it('queues requests at the concurrency limit instead of starting more containers', async () => {
    // Prepare
    pool = new FunctionPool({ name: 'echo', bundleFile, env: {}, maxContainers: 2 });

    // Act
    const results = await Promise.all(Array.from({ length: 6 }, () => pool!.invoke({ sleepMs: 100 })));

    // Assess
    expect(new Set(results.map((r) => (r.result as Echo).pid)).size).toBe(2);
    expect(results.filter((r) => r.coldStart)).toHaveLength(2);
    expect(pool.stats().queued).toBe(4);
  });

  it('pays the init time on a cold start only', async () => {
    // Prepare: a module whose init takes 400 ms
    pool = new FunctionPool({ name: 'echo', bundleFile, env: { INIT_DELAY_MS: '400' }, maxContainers: 1 });

    // Act
    const cold = performance.now();
    const first = await pool.invoke({});
    const coldMs = performance.now() - cold;
    const warm = performance.now();
    await pool.invoke({});
    const warmMs = performance.now() - warm;

    // Assess
    expect(first.initMs).toBeGreaterThanOrEqual(400);
    expect(coldMs).toBeGreaterThanOrEqual(400);
    expect(warmMs).toBeLessThan(200);
  });

  it('reports a handler exception as a function error and keeps the container', async () => {
    // Prepare
    pool = new FunctionPool({ name: 'echo', bundleFile, env: {}, maxContainers: 1 });

    // Act
    const err = await pool.invoke({ throw: 'boom' }).catch((e: unknown) => e);
    const after = await pool.invoke({});

    // Assess
    expect(err).toBeInstanceOf(FunctionInvokeError);
    expect((err as FunctionInvokeError).code).toBe('HANDLER_ERROR');
    expect((err as Error).message).toContain('boom');
    expect((after.result as Echo).served).toBe(2);
  });

  it('replaces a container that crashed', async () => {
    // Prepare
    pool = new FunctionPool({ name: 'echo', bundleFile, env: {}, maxContainers: 1 });
    const before = (await pool.invoke({})).result as Echo;

    // Act
    const err = await pool.invoke({ exit: true }).catch((e: unknown) => e);
    const next = await pool.invoke({});

    // Assess
    expect((err as FunctionInvokeError).code).toBe('CONTAINER_DIED');
    expect(next.coldStart).toBe(true);
    expect((next.result as Echo).pid).not.toBe(before.pid);
  });

  it('kills a container mid-request on demand (a Lambda crash): that request fails, the next one gets a new container', async () => {
    // Prepare
    pool = new FunctionPool({ name: 'echo', bundleFile, env: {}, maxContainers: 1 });
    const idle = pool.killBusyContainer();
    const before = (await pool.invoke({})).result as Echo;
    const inFlight = pool.invoke({ sleepMs: 2000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));

    // Act
    const killed = pool.killBusyContainer();
    const err = await inFlight;
    const next = await pool.invoke({});

    // Assess
    expect(idle).toBeUndefined();
    expect(killed).toBe(1);
    expect((err as FunctionInvokeError).code).toBe('CONTAINER_DIED');
    expect(next.coldStart).toBe(true);
    expect((next.result as Echo).pid).not.toBe(before.pid);
  });

  it('passes each container line to onLine and a fresh trace header per invocation', async () => {
    // Prepare
    const lines: string[] = [];
    let n = 0;
    pool = new FunctionPool({
      name: 'echo',
      bundleFile,
      env: {},
      maxContainers: 1,
      onLine: (l) => lines.push(l),
      traceHeader: () => `Root=1-00000000-${String(++n).padStart(24, '0')};Sampled=1`,
    });

    // Act
    const a = await pool.invoke({ log: 'hello from the container' });
    const b = await pool.invoke({});
    await new Promise((r) => setTimeout(r, 50));

    // Assess
    expect(lines).toContain('hello from the container');
    expect((a.result as Echo).trace).toContain('000000000000000000000001');
    expect((b.result as Echo).trace).toContain('000000000000000000000002');
  });

  it('drops a queued request whose caller gave up, and still serves the next one', async () => {
    // Prepare: one container, busy for 300 ms
    pool = new FunctionPool({ name: 'echo', bundleFile, env: {}, maxContainers: 1 });
    const busy = pool.invoke({ sleepMs: 300 });

    // Act
    const err = await pool.invoke({}, { maxQueueMs: 50 }).catch((e: unknown) => e);
    await busy;
    const next = await pool.invoke({});

    // Assess
    expect((err as FunctionInvokeError).code).toBe('TIMEOUT');
    expect(pool.stats().queueTimeouts).toBe(1);
    expect((next.result as Echo).served).toBe(2);
  });

  it('warms n containers with concurrent warm-up invocations', async () => {
    // Prepare
    pool = new FunctionPool({ name: 'echo', bundleFile, env: { INIT_DELAY_MS: '100' }, maxContainers: 5 });

    // Act
    await pool.warm(3);
    const r = await pool.invoke({});

    // Assess
    expect(pool.size).toBe(3);
    expect(r.coldStart).toBe(false);
  });
});
