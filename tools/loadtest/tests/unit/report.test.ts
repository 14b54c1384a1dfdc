import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LatencyRecorder } from '../../src/LatencyRecorder';
import {
  evaluateGoals,
  renderCounters,
  renderCpuTable,
  renderMarkdown,
  saturationNote,
  renderTable,
  writeReport,
} from '../../src/report';
import type { ConfigResult, LoadTestReport } from '../../src/types/report';

function config(name: string, latenciesMs: number[], over: Partial<ConfigResult> = {}): ConfigResult {
  const rec = new LatencyRecorder(`${name}: test`);
  latenciesMs.forEach((v) => rec.record(v));
  const d = rec.summary();
  return {
    name,
    label: d.label,
    cacheMode: 'tiered',
    primer: name === 'C',
    requests: d.count,
    errors: 0,
    noPrice: 0,
    errorsByCode: {},
    p50Ms: d.p50Ms,
    p90Ms: d.p90Ms,
    p95Ms: d.p95Ms,
    p99Ms: d.p99Ms,
    maxMs: d.maxMs,
    meanMs: d.meanMs,
    computes: 10,
    computesOnRequest: 0,
    fixtureVersions: 10,
    containers: 2,
    coldStarts: 0,
    hits: { L1: 90, L2: 10, COMPUTED: 0, STALE: 0, UNKNOWN: 0 },
    hitRatio: 1,
    updates: 0,
    updateErrors: 0,
    primed: 10,
    primerErrors: 0,
    maxSendLagMs: 1,
    distribution: d,
    ...over,
  };
}

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

function report(configs: ConfigResult[]): LoadTestReport {
  return {
    tool: 'betbuilder-loadtest',
    generatedAt: '2026-12-01T00:00:00.000Z',
    command: 'npm run loadtest -- --duration 1',
    mode: 'local',
    params: {
      durationS: 1,
      ratePerSec: 100,
      fixtures: 10,
      containers: 2,
      warm: 2,
      seed: '42',
      updateRatePerSec: 1,
      arrival: 'poisson',
      zipfS: 1,
      configs: configs.map((c) => c.name),
    },
    machine: { cpus: 2, loadAvg1m: 1, node: 'v20', platform: 'linux-x64', note: 'shared machine' },
    configurations: configs,
    goals: evaluateGoals(configs),
  };
}

describe('evaluateGoals', () => {
  it('passes C when it has no errors, p95 ≤ 1.5 × F, ≤ 0.2 × A and one compute per version', () => {
    // Prepare
    const a = config(
      'A',
      range(100, (i) => 20 + i),
    );
    const c = config(
      'C',
      range(100, (i) => 1 + i / 100),
    );
    const f = config(
      'F',
      range(100, (i) => 1 + i / 100),
    );

    // Act
    const goals = evaluateGoals([a, c, f]);

    // Assess
    expect(goals).toHaveLength(4);
    expect(goals.every((g) => g.pass)).toBe(true);
  });

  it('fails each goal C misses, naming the numbers', () => {
    // Prepare
    const a = config(
      'A',
      range(100, () => 20),
    );
    const c = config(
      'C',
      range(100, () => 12),
      { errors: 3, computes: 11 },
    );
    const f = config(
      'F',
      range(100, () => 4),
    );

    // Act
    const goals = evaluateGoals([a, c, f]);

    // Assess
    expect(goals.filter((g) => !g.pass).map((g) => g.goal)).toEqual([
      'C: computes ≤ one per (fixture, inputsVersion)',
      'C: zero errors',
      "C: p95 ≤ 1.5 × the floor F's p95",
      "C: p95 ≤ 0.2 × A's p95",
    ]);
    expect(goals.find((g) => g.goal.includes('floor'))?.detail).toContain('ratio 3.00×');
    expect(goals.find((g) => g.goal === 'C: zero errors')?.detail).toBe('3 errors');
  });

  it('judges a faulted C by the fault goals, not by its errors or percentiles', () => {
    // Prepare: Redis faults cost nothing, the frozen store only 503s, the crash one 502, one window slow to recover
    const window = (kind: string, during: Record<string, number>, recoveredAfterMs: number | null) => ({
      fault: kind,
      kind,
      startS: 5,
      endS: 15,
      during: { requests: 10, byStatus: during, p95Ms: 5, maxMs: 9 },
      after: { requests: 10, byStatus: { '200': 10 }, p95Ms: 2, maxMs: 3 },
      recoveredAfterMs,
    });
    const c = config('C', [2, 3], {
      errors: 40,
      faults: {
        baseline: { requests: 100, p95Ms: 2 },
        windows: [
          window('redis-stop', { '200': 10 }, 0),
          window('redis-kill', { '200': 9, '422 NO_PRICE': 1 }, 250),
          window('dynamo-stop', { '200': 5, '503 DEPENDENCY_UNAVAILABLE': 5 }, 500),
          window('container-kill', { '200': 9, '502': 1 }, null),
        ],
        lostWrites: { acknowledged: 10, lost: 0, unpriced: 0, problems: [] },
      },
    });

    // Act
    const goals = evaluateGoals([c, config('F', [1, 1])]);

    // Assess
    // (no one-build-per-version goal: with Redis stopped each container builds what it prices, by design)
    expect(goals.map((g) => [g.goal, g.pass])).toEqual([
      ['faults: no failed price from the Redis faults', true],
      ['faults: a frozen store costs only bounded 503 DEPENDENCY_UNAVAILABLE', true],
      ['faults: a crashed container fails only the request it was serving', true],
      ['faults: p95 back to normal within 5 s of every fault', false],
      ['faults: no lost write (every acknowledged write stored and priced)', true],
    ]);
  });

  it('leaves out the comparison with A when A did not run', () => {
    const goals = evaluateGoals([config('C', [1, 2, 3])]);
    expect(goals.map((g) => g.goal)).not.toContain("C: p95 ≤ 0.2 × A's p95");
  });
});

describe('renderTable and renderMarkdown', () => {
  it('have one row per configuration with its percentiles and counts', () => {
    // Prepare
    const r = report([
      config('A', [30, 40]),
      config('C', [2, 3], { errors: 1, errorsByCode: { '503 DEPENDENCY_UNAVAILABLE': 1 } }),
    ]);

    // Act
    const table = renderTable(r.configurations);
    const md = renderMarkdown(r);

    // Assess
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('A: test');
    expect(md).toContain(`| A: test | 2 | 0 | 0 | ${r.configurations[0]!.p50Ms} |`);
    expect(md).toContain('503 DEPENDENCY_UNAVAILABLE: 1');
    expect(md).toContain('![latency histogram](loadtest-report.png)');
    expect(md).toMatch(/\| C: zero errors \| FAIL \| 1 errors \|/);
  });
});

describe('renderCpuTable and renderCounters', () => {
  it('give CPU per request by process, the run against other work, and the handler counters', () => {
    // Prepare: 2 requests; the price containers used 4 ms of CPU, the harness 2 ms, other work 10 s of a 2-core machine
    const c = config('C', [2, 3], {
      cpu: {
        wallS: 10,
        byRole: { 'fn:pricing-price': 0.004, 'load generator + API front': 0.002 },
        runS: 0.006,
        machineBusyS: 10.006,
        cores: 2,
      },
      handlerMetrics: {
        CacheL2Slow: { sum: 3, count: 3 },
        CacheL2ReadTime: { sum: 9, count: 3 },
        HeadPointerFresh: { sum: 5, count: 5 },
        ModelBuildTime: { sum: 80, count: 2 },
        PriceLatency: { sum: 5, count: 2 },
      },
    });

    // Act
    const cpu = renderCpuTable([c])!;
    const counters = renderCounters([c])!;

    // Assess
    expect(cpu.split('\n')[0]).toBe(
      '| configuration | fn:pricing-price | load generator + API front | this run, ms CPU per request | this run, cores busy | other work, cores busy |',
    );
    expect(cpu.split('\n')[2]).toBe('| C: test | 2.00 | 1.00 | 3.00 | 0.00 | 1.00 of 2 |');
    expect(counters).toBe(
      '- C: test: CacheL2Slow 3, CacheL2ReadTime mean 3.00 ms (3), HeadPointerFresh 5, builds 2 (mean 40 ms)',
    );
    expect(renderCpuTable([config('F', [1])])).toBeUndefined();
    expect(saturationNote(c)).toBe('');
    const busy = { ...c, cpu: { ...c.cpu!, machineBusyS: 19.6 } };
    expect(saturationNote(busy)).toBe(
      "; C's machine was saturated (1.96 of 2 cores busy, 1.96 of them other work)",
    );
  });
});

describe('writeReport', () => {
  it('writes the JSON, Markdown, SVG and a real PNG', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'lt-report-'));
    const r = report([config('A', [30, 40, 50]), config('C', [2, 3, 4])]);

    try {
      // Act
      const files = writeReport(r, dir);

      // Assess
      const json = JSON.parse(readFileSync(files.json, 'utf8')) as LoadTestReport;
      for (const c of json.configurations) {
        for (const k of [
          'p50Ms',
          'p95Ms',
          'p99Ms',
          'maxMs',
          'errors',
          'requests',
          'computes',
          'containers',
        ] as const) {
          expect(typeof c[k]).toBe('number');
        }
      }
      expect(readFileSync(files.md, 'utf8')).toContain('# Load test report');
      expect(readFileSync(files.svg, 'utf8')).toContain('</svg>');
      const png = readFileSync(files.png);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.length).toBeGreaterThan(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
