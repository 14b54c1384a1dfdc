import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH_HANDLERS, buildBundle, measureInit, quantile } from '../../src';

describe('quantile', () => {
  it('takes the nearest rank: p50 of 1..10 is 5 and p95 is 10', () => {
    // Prepare
    const values = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];

    // Act + Assess
    expect([quantile(values, 0.5), quantile(values, 0.95), quantile(values, 0)]).toEqual([5, 10, 1]);
  });

  it('refuses an empty sample', () => {
    // Act + Assess
    expect(() => quantile([], 0.5)).toThrow('quantile of no values');
  });
});

describe('cold-start measurement', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-start-test-'));
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('builds the hello-world bundle with the deployed settings, source map beside it', async () => {
    // Act
    const hello = await buildBundle('hello', BENCH_HANDLERS['hello']!, outDir);

    // Assess
    expect(fs.existsSync(`${hello.file}.map`)).toBe(true);
    expect(hello.bytes).toBeLessThan(4096);
  }, 60_000);

  it('times a fresh process from its start until the handler is exported', async () => {
    // Prepare
    const hello = await buildBundle('hello', BENCH_HANDLERS['hello']!, outDir);

    // Act
    const sample = await measureInit(hello.file, { PATH: process.env['PATH'] ?? '' });

    // Assess: the process had started before the require began
    expect(sample.requireMs).toBeGreaterThan(0);
    expect(sample.readyMs).toBeGreaterThan(sample.requireMs);
  }, 60_000);

  it("then times the handler's first invocation in the same process, with its answer and CPU", async () => {
    // Prepare
    const hello = await buildBundle('hello', BENCH_HANDLERS['hello']!, outDir);

    // Act
    const sample = await measureInit(hello.file, { PATH: process.env['PATH'] ?? '' }, {});

    // Assess: the hello handler answers 200; CPU counts from process start, so init's includes Node's own start
    expect(sample.firstStatus).toBe(200);
    expect(sample.firstMs).toBeGreaterThan(0);
    expect(sample.firstCpuMs).toBeGreaterThanOrEqual(0);
    expect(sample.initCpuMs).toBeGreaterThan(0);
  }, 60_000);

  it('fails, with the reason, for a bundle that cannot initialise', async () => {
    // Prepare
    const broken = path.join(outDir, 'broken.js');
    fs.writeFileSync(broken, "throw new Error('config: TABLE_NAME missing');");

    // Act + Assess
    await expect(measureInit(broken, { PATH: process.env['PATH'] ?? '' })).rejects.toThrow(
      /failed to initialise \(exit 1\).*TABLE_NAME missing/s,
    );
  }, 60_000);
});
