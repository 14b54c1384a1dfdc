import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmtMs, renderLatencyChartSvg, svgToPng } from '@betbuilder/latency-chart';
import type { FaultReport, FaultWindow } from './types/faults';
import type { ConfigResult, GoalCheck, LoadTestReport } from './types/report';

/**
 * The pass/fail goals, each a ratio or a count measured in the same run (absolute milliseconds on a shared machine are
 * noise): C has zero errors, C's p95 ≤ 1.5 × the floor F's and ≤ 0.2 × A's, at most one build per (fixture,
 * inputsVersion) (not judged with `--faults`: without Redis each container builds what it prices); with `--faults`: no 5xx from the Redis faults, only 503 DEPENDENCY_UNAVAILABLE from the store fault,
 * at most the crashed container's own requests failing, p95 back to normal within 5 s of every fault, no lost write.
 * With verifications, no configuration accepts a stale quote (priced from older inputs at longer odds than the state
 * at verification). Goals whose configurations did not run are left out; a faulted C is not compared with A or F.
 *
 * @example
 * report.goals = evaluateGoals(report.configurations);
 */
export function evaluateGoals(configs: readonly ConfigResult[]): GoalCheck[] {
  const a = configs.find((c) => c.name === 'A');
  const c = configs.find((x) => x.name === 'C');
  const f = configs.find((x) => x.name === 'F');
  const goals: GoalCheck[] = scalingGoals(configs);
  for (const x of configs) {
    if (x.quotes === undefined || x.quotes.verified === 0) continue;
    goals.push({
      goal: `${x.name}: no accepted quote priced from older inputs at longer odds than the state at verification`,
      pass: x.quotes.staleAccepted === 0,
      detail: `${x.quotes.staleAccepted} of ${x.quotes.accepted} accepted (${x.quotes.acceptedAfterMove} after a newer version, checked against the model)`,
    });
  }
  if (c?.inPlay && c.inPlay.prices > 0) {
    goals.push({
      goal: 'C: no in-play price older than a write acknowledged before it was sent (no past-posting)',
      pass: c.inPlay.stale === 0,
      detail: `${c.inPlay.stale} stale of ${c.inPlay.prices} in-play prices; update to price p50 ${c.inPlay.updateToPrice.p50Ms} ms, p95 ${c.inPlay.updateToPrice.p95Ms} ms`,
    });
  }
  if (!c) return goals;
  // With Redis stopped or killed there is no shared cache to coordinate builds through: each container builds what it
  // prices (by design, the in-process fallback), so the one-build-per-version goal is judged only in runs without faults.
  if (c.computes !== null && !c.faults) {
    goals.push({
      goal: 'C: computes ≤ one per (fixture, inputsVersion)',
      pass: c.computes <= c.fixtureVersions,
      detail: `${c.computes} computes for ${c.fixtureVersions} (fixture, inputsVersion) pairs${sectionBuildsNote(c)}`,
    });
  }
  if (c.faults) {
    goals.push(...faultGoals(c.faults));
    return goals;
  }
  goals.push({ goal: 'C: zero errors', pass: c.errors === 0, detail: `${c.errors} errors` });
  if (f) {
    goals.push({
      goal: "C: p95 ≤ 1.5 × the floor F's p95",
      pass: c.p95Ms <= 1.5 * f.p95Ms,
      detail: `${c.p95Ms} ms vs 1.5 × ${f.p95Ms} ms = ${round(1.5 * f.p95Ms)} ms (ratio ${ratio(c.p95Ms, f.p95Ms)})${saturationNote(c)}${saturationNote(f)}`,
    });
  }
  if (a) {
    goals.push({
      goal: "C: p95 ≤ 0.2 × A's p95",
      pass: c.p95Ms <= 0.2 * a.p95Ms,
      detail: `${c.p95Ms} ms vs 0.2 × ${a.p95Ms} ms = ${round(0.2 * a.p95Ms)} ms (ratio ${ratio(c.p95Ms, a.p95Ms)})`,
    });
  }
  return goals;
}

const isScaling = (c: ConfigResult) => c.name.startsWith('C@');

/**
 * The builds of sections missing beside a cached core (ADR 0035), when the run reported any: not a version's build
 * again but the count tables a build on a price left out, each under its own lock.
 */
function sectionBuildsNote(c: ConfigResult): string {
  return c.sectionBuilds ? ` (and ${c.sectionBuilds} builds of sections beside a cached core)` : '';
}

/**
 * Whether the machine ran out of CPU during a configuration's traffic (every core ≥ 95% busy, this run and other work
 * together): its latency is then queueing for a CPU, and a ratio against a configuration that fitted measures the
 * machine, not the design. A note for goal details, or '' when it fitted (or no CPU figures).
 */
export function saturationNote(c: ConfigResult): string {
  const u = c.cpu;
  if (u === undefined || u.wallS <= 0 || u.cores === 0) return '';
  const busy = u.machineBusyS / u.wallS;
  if (busy < 0.95 * u.cores) return '';
  const other = Math.max(0, u.machineBusyS - u.runS) / u.wallS;
  return `; ${c.name}'s machine was saturated (${busy.toFixed(2)} of ${u.cores} cores busy, ${other.toFixed(2)} of them other work)`;
}

/** The `--scaling` goals, as ratios within the run: bigger fixture sets and a deploy cost no warm-up storm. */
function scalingGoals(configs: readonly ConfigResult[]): GoalCheck[] {
  const rows = configs.filter(isScaling);
  if (rows.length === 0) return [];
  const sized = rows.filter((r) => !r.name.endsWith('deploy'));
  const smallest = sized[0]!;
  const largest = sized[sized.length - 1]!;
  const goals: GoalCheck[] = [];
  if (sized.length > 1) {
    goals.push({
      goal: `scaling: whole-run p95 at ${largest.name.slice(2)} fixtures ≤ 1.5 × at ${smallest.name.slice(2)}`,
      pass: largest.p95Ms <= 1.5 * smallest.p95Ms,
      detail: `${largest.p95Ms} ms vs ${smallest.p95Ms} ms (ratio ${ratio(largest.p95Ms, smallest.p95Ms)})${saturationNote(largest)}${saturationNote(smallest)}`,
    });
  }
  for (const r of rows) {
    const first = r.firstSeconds?.p95Ms ?? 0;
    const steady = r.steady?.p95Ms ?? 0;
    goals.push({
      goal: `scaling ${r.name}: first-${r.firstSeconds?.seconds ?? 5}-s p95 ≤ 3 × steady p95`,
      pass: first <= 3 * steady,
      detail: `${first} ms vs ${steady} ms (ratio ${ratio(first, steady)})${saturationNote(r)}`,
    });
    if (r.computes !== null) {
      goals.push({
        goal: `scaling ${r.name}: builds ≤ one per (fixture, version)`,
        pass: r.computes <= r.fixtureVersions,
        detail: `${r.computes} builds for ${r.fixtureVersions} pairs${sectionBuildsNote(r)}`,
      });
    }
  }
  return goals;
}

/** The fixture-scaling table (`--scaling`), or undefined when the run had none. */
export function renderScalingTable(configs: readonly ConfigResult[]): string | undefined {
  const rows = configs.filter(isScaling);
  if (rows.length === 0) return undefined;
  return [
    '| run | seeding | p95 whole run | p95 first 5 s | p95 steady | first / steady | p95 in the handler | builds / (fixture, version) | builds on request | store reads (DAX stand-in hits + misses) | cold starts |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map((r) => {
      const first = r.firstSeconds?.p95Ms ?? 0;
      const steady = r.steady?.p95Ms ?? 0;
      const reads = r.daxStandIn ? String(r.daxStandIn.hits + r.daxStandIn.misses) : 'n/a';
      return `| ${r.label} | ${((r.seedingMs ?? 0) / 1000).toFixed(1)} s | ${fmtMs(r.p95Ms)} | ${fmtMs(first)} | ${fmtMs(steady)} | ${ratio(first, steady)} | ${r.handlerMs ? fmtMs(r.handlerMs.p95Ms) : 'n/a'} | ${num(r.computes)}${r.sectionBuilds ? ` + ${r.sectionBuilds} sections` : ''} / ${r.fixtureVersions} | ${num(r.computesOnRequest)} | ${reads} | ${r.coldStarts} |`;
    }),
  ].join('\n');
}

function faultGoals(r: FaultReport): GoalCheck[] {
  const fivexx = (w: FaultWindow) =>
    Object.entries({ ...w.during.byStatus })
      .concat(Object.entries(w.after.byStatus))
      .filter(([k]) => !(k === '200' || k === '422 NO_PRICE'))
      .reduce((n, [, v]) => n + v, 0);
  const goals: GoalCheck[] = [];
  const redis = r.windows.filter((w) => w.kind === 'redis-stop' || w.kind === 'redis-kill');
  const redisFailures = redis.reduce((n, w) => n + fivexx(w), 0);
  goals.push({
    goal: 'faults: no failed price from the Redis faults',
    pass: redisFailures === 0,
    detail: `${redisFailures} failed during or after ${redis.length} Redis faults`,
  });
  for (const w of r.windows.filter((x) => x.kind === 'dynamo-stop')) {
    const other = Object.entries(w.during.byStatus)
      .concat(Object.entries(w.after.byStatus))
      .filter(([k]) => !(k === '200' || k === '422 NO_PRICE' || k === '503 DEPENDENCY_UNAVAILABLE'))
      .reduce((n, [, v]) => n + v, 0);
    goals.push({
      goal: 'faults: a frozen store costs only bounded 503 DEPENDENCY_UNAVAILABLE',
      pass: other === 0,
      detail: `${w.during.byStatus['503 DEPENDENCY_UNAVAILABLE'] ?? 0} × 503 during, ${other} other failures; max ${w.during.maxMs} ms`,
    });
  }
  for (const w of r.windows.filter((x) => x.kind === 'container-kill')) {
    const failed = fivexx(w);
    goals.push({
      goal: 'faults: a crashed container fails only the request it was serving',
      pass: failed <= 1,
      detail: `${failed} failed (${JSON.stringify({ ...w.during.byStatus })})`,
    });
  }
  const slow = r.windows.filter((w) => w.recoveredAfterMs === null || w.recoveredAfterMs > 5000);
  goals.push({
    goal: 'faults: p95 back to normal within 5 s of every fault',
    pass: slow.length === 0,
    detail: r.windows
      .map((w) => `${w.kind} ${w.recoveredAfterMs === null ? '> 6 s' : `${w.recoveredAfterMs} ms`}`)
      .join(', '),
  });
  goals.push({
    goal: 'faults: no lost write (every acknowledged write stored and priced)',
    pass: r.lostWrites.lost === 0 && r.lostWrites.unpriced === 0,
    detail: `${r.lostWrites.lost} lost, ${r.lostWrites.unpriced} not priced, of ${r.lostWrites.acknowledged} fixtures written`,
  });
  return goals;
}

/** C's percentiles next to the floor F's, with the ratios (undefined when either did not run, or C ran with faults). */
export function renderFloorTable(configs: readonly ConfigResult[]): string | undefined {
  const c = configs.find((x) => x.name === 'C');
  const f = configs.find((x) => x.name === 'F');
  if (!c || !f || c.faults) return undefined;
  const rows = [
    ['p50', c.p50Ms, f.p50Ms],
    ['p95', c.p95Ms, f.p95Ms],
    ['p99', c.p99Ms, f.p99Ms],
  ] as const;
  const inHandler =
    c.handlerMs && f.handlerMs
      ? [
          `| p95 inside the price handler | ${fmtMs(c.handlerMs.p95Ms)} | ${fmtMs(f.handlerMs.p95Ms)} | ${ratio(c.handlerMs.p95Ms, f.handlerMs.p95Ms)} |`,
        ]
      : [];
  return [
    '| percentile | C | F (floor) | C / F |',
    '|---|--:|--:|--:|',
    ...rows.map(([p, cv, fv]) => `| ${p} | ${fmtMs(cv)} | ${fmtMs(fv)} | ${ratio(cv, fv)} |`),
    ...inHandler,
  ].join('\n');
}

/** One row per fault: statuses, p95 and max during it and after it, and the time to recover. */
export function renderFaultTable(r: FaultReport): string {
  const statuses = (b: Record<string, number>) =>
    Object.entries(b)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  return [
    `baseline (before the first fault): ${r.baseline.requests} requests, p95 ${fmtMs(r.baseline.p95Ms)}`,
    '',
    '| fault | at | during: requests by status | p95 / max during | after (5 s): requests by status | p95 / max after | recovered after |',
    '|---|--:|---|--:|---|--:|--:|',
    ...r.windows.map(
      (w) =>
        `| ${w.fault} | ${w.startS}–${w.endS} s | ${statuses(w.during.byStatus)} | ${fmtMs(w.during.p95Ms)} / ${fmtMs(w.during.maxMs)} | ${statuses(w.after.byStatus)} | ${fmtMs(w.after.p95Ms)} / ${fmtMs(w.after.maxMs)} | ${w.recoveredAfterMs === null ? '> 6 s' : `${w.recoveredAfterMs} ms`} |`,
    ),
    '',
    `lost writes: ${r.lostWrites.lost} of ${r.lostWrites.acknowledged} fixtures' last acknowledged writes missing from the table; ${r.lostWrites.unpriced} not priced at their stored version` +
      (r.lostWrites.slowestCatchUpMs !== undefined
        ? ` (the slowest fixture's prices caught up after ${(r.lostWrites.slowestCatchUpMs / 1000).toFixed(1)} s)`
        : '') +
      (r.lostWrites.problems.length > 0 ? `\n${r.lostWrites.problems.map((p) => `- ${p}`).join('\n')}` : ''),
  ].join('\n');
}

/**
 * CPU per request by role during each configuration's traffic (`cpu`), the run's total, and what else the machine ran
 * meanwhile (busy cores not used by this run): on a shared machine a configuration queues once its CPU per request times
 * the rate exceeds the cores left to it. Undefined when no configuration has CPU figures.
 */
export function renderCpuTable(configs: readonly ConfigResult[]): string | undefined {
  const rows = configs.filter((c) => c.cpu !== undefined && c.requests > 0);
  if (rows.length === 0) return undefined;
  const roles = [...new Set(rows.flatMap((c) => Object.keys(c.cpu!.byRole)))]
    .filter((k) => rows.some((c) => (1000 * (c.cpu!.byRole[k] ?? 0)) / c.requests >= 0.01))
    .sort(
      (x, y) =>
        rows.reduce((n, c) => n + (c.cpu!.byRole[y] ?? 0), 0) -
        rows.reduce((n, c) => n + (c.cpu!.byRole[x] ?? 0), 0),
    );
  const perReq = (c: ConfigResult, s: number) => ((1000 * s) / c.requests).toFixed(2);
  return [
    `| configuration | ${roles.join(' | ')} | this run, ms CPU per request | this run, cores busy | other work, cores busy |`,
    `|---|${roles.map(() => '--:|').join('')}--:|--:|--:|`,
    ...rows.map((c) => {
      const u = c.cpu!;
      const other = Math.max(0, u.machineBusyS - u.runS);
      return `| ${c.label} | ${roles.map((k) => perReq(c, u.byRole[k] ?? 0)).join(' | ')} | ${perReq(c, u.runS)} | ${(u.runS / u.wallS).toFixed(2)} | ${(other / u.wallS).toFixed(2)} of ${u.cores} |`;
    }),
  ].join('\n');
}

/**
 * The price handler's own counters per configuration (EMF, summed over the traffic): where heads came from (`Head*`),
 * L2's timeouts, errors and breaker trips, lock waits, builds and the mean L2 read — what decides a tail.
 */
export function renderCounters(configs: readonly ConfigResult[]): string | undefined {
  const lines = configs
    .filter((c) => c.handlerMetrics !== undefined)
    .map((c) => {
      const m = c.handlerMetrics!;
      const parts = Object.entries(m)
        .filter(([k]) => /^(Head|CacheL2|CacheLock)/.test(k))
        .map(([k, v]) =>
          k.endsWith('Time')
            ? `${k} mean ${(v.sum / Math.max(1, v.count)).toFixed(2)} ms (${v.count})`
            : `${k} ${v.sum}`,
        );
      const builds = m.ModelBuildTime;
      if (builds)
        parts.push(`builds ${builds.count} (mean ${(builds.sum / Math.max(1, builds.count)).toFixed(0)} ms)`);
      return parts.length > 0 ? `- ${c.label}: ${parts.join(', ')}` : undefined;
    })
    .filter((x): x is string => x !== undefined);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function ratio(x: number, y: number): string {
  return y > 0 ? `${(x / y).toFixed(2)}×` : 'n/a';
}

const num = (v: number | null): string => (v === null ? 'n/a' : String(v));
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** The console table: one row per configuration. */
export function renderTable(configs: readonly ConfigResult[]): string {
  const header = [
    'config',
    'requests',
    'errors',
    'p50',
    'p90',
    'p95',
    'p99',
    'max',
    'p95 steady',
    'hit ratio',
    'L1',
    'L2',
    'computed',
    'stale',
    'computes',
    'containers',
    'cold starts',
  ];
  const rows = configs.map((c) => [
    c.label,
    String(c.requests),
    String(c.errors),
    fmtMs(c.p50Ms),
    fmtMs(c.p90Ms),
    fmtMs(c.p95Ms),
    fmtMs(c.p99Ms),
    fmtMs(c.maxMs),
    c.steady ? `${fmtMs(c.steady.p95Ms)} (${c.steady.fromSecond}s+)` : 'n/a',
    pct(c.hitRatio),
    String(c.hits.L1),
    String(c.hits.L2),
    String(c.hits.COMPUTED),
    String(c.hits.STALE),
    num(c.computes),
    String(c.containers),
    String(c.coldStarts),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i] as number)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The Markdown report: parameters, the results table, the goals and the chart. */
export function renderMarkdown(r: LoadTestReport, chartFile = 'loadtest-report.png'): string {
  const p = r.params;
  const out: string[] = [];
  out.push(`# Load test report`, '');
  out.push(
    `Generated ${r.generatedAt} by \`${r.command}\` (${r.mode === 'target' ? `target ${r.target}` : 'local Lambda-like pool'}).`,
    '',
    `- traffic: ${p.ratePerSec} req/s (${p.arrival} arrivals, open loop) for ${p.durationS} s, ${p.fixtures} fixtures with Zipf(s=${p.zipfS}) popularity, 1–8 legs per bet, seed \`${p.seed}\``,
    `- opinion updates: ${p.updateRatePerSec} per second in the background`,
    `- opinion reads: ${p.daxItemTtlMs !== undefined && p.daxItemTtlMs > 0 ? `through a local DAX stand-in (item cache, ${p.daxItemTtlMs} ms TTL, writes bypass it) in front of dynalite` : r.mode === 'target' ? 'the deployed store' : 'dynalite directly (no DAX stand-in)'}`,
    `- containers: up to ${p.containers} per configuration, ${p.warm} warmed before the run (keep-warm)` +
      (p.containerEnv && Object.keys(p.containerEnv).length > 0
        ? `; extra environment ${Object.entries(p.containerEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`
        : ''),
    `- machine: ${r.machine.cpus} CPUs, load average ${r.machine.loadAvg1m.toFixed(2)} at the end, Node ${r.machine.node}. ${r.machine.note}`,
    '',
    '| configuration | requests | errors | no price (422) | p50 ms | p90 ms | p95 ms | p99 ms | max ms | p95 ms after warm-up | hit ratio | L1 | L2 | computed | stale | computes | (fixture, version) pairs | containers | cold starts | updates | primed |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const c of r.configurations) {
    out.push(
      `| ${c.label} | ${c.requests} | ${c.errors} | ${c.noPrice} | ${c.p50Ms} | ${c.p90Ms} | ${c.p95Ms} | ${c.p99Ms} | ${c.maxMs} | ${c.steady ? `${c.steady.p95Ms} (from ${c.steady.fromSecond} s)` : 'n/a'} | ${pct(c.hitRatio)} | ${c.hits.L1} | ${c.hits.L2} | ${c.hits.COMPUTED} | ${c.hits.STALE} | ${num(c.computes)} | ${c.fixtureVersions} | ${c.containers} | ${c.coldStarts} | ${c.updates} | ${c.primed} |`,
    );
  }
  const errs = r.configurations.filter((c) => c.errors > 0 || c.updateErrors > 0 || c.primerErrors > 0);
  if (errs.length > 0) {
    out.push('', '## Errors', '');
    for (const c of errs) {
      const codes = Object.entries(c.errorsByCode)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      out.push(
        `- ${c.label}: ${c.errors} price errors (${codes || 'none'}), ${c.updateErrors} update errors, ${c.primerErrors} primer errors`,
      );
    }
  }
  const verified = r.configurations.filter((c) => c.quotes !== undefined);
  if (verified.length > 0) {
    const q0 = verified[0]!.quotes!;
    out.push(
      '',
      '## Quote verification (bet placement)',
      '',
      `${pct(q0.share)} of priced bets had their quote verified (\`POST /v1/quotes/verify\`) ${q0.delayMs} ms after the price, as a bet delay would. "Stale accepted" counts acceptances of a quote whose inputs were older than a version acknowledged before the verification was sent, where no version the service can have read offers odds at least as long (the pricing model recomputes them): it must be 0.`,
      '',
      '| configuration | verified | accepted | accepted after a newer version | price changed | expired | suspended | other | stale accepted |',
      '|---|--:|--:|--:|--:|--:|--:|---|--:|',
    );
    for (const c of verified) {
      const q = c.quotes!;
      const other = Object.entries(q.otherByCode)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      out.push(
        `| ${c.label} | ${q.verified} | ${q.accepted} | ${q.acceptedAfterMove} | ${q.priceChanged} | ${q.expired} | ${q.suspended} | ${other || '0'} | ${q.staleAccepted} |`,
      );
    }
  }
  const live = r.configurations.filter((c) => c.inPlay !== undefined);
  if (live.length > 0) {
    out.push(
      '',
      '## In-play fixtures',
      '',
      `${live[0]!.inPlay!.fixtures} fixtures in play (the most popular), each with a state update every few seconds through the opinion handler (\`PUT\` with \`If-Match\`). "Stale" counts 200s whose \`inputsVersion\` is older than a write acknowledged before the price request was sent (past-posting: must be 0 in C); "update to price" is the time from a write's acknowledgement to the first price answered on it (it includes the wait for the next price request of that fixture).`,
      '',
      '| configuration | updates | refused | in-play prices | stale | update to price p50 / p95 / max (ms) | writes no price saw |',
      '|---|--:|--:|--:|--:|---|--:|',
    );
    for (const c of live) {
      const x = c.inPlay!;
      const u = x.updateToPrice;
      out.push(
        `| ${c.label} | ${x.updates} | ${x.updateErrors} | ${x.prices} | ${x.stale} | ${u.p50Ms} / ${u.p95Ms} / ${u.maxMs} (${u.count}) | ${x.unobserved} |`,
      );
    }
  }
  const floor = renderFloorTable(r.configurations);
  if (floor) out.push('', '## C against its floor F', '', floor);
  const scaling = renderScalingTable(r.configurations);
  if (scaling) out.push('', '## Fixture scaling (configuration C)', '', scaling);
  const counters = renderCounters(r.configurations);
  if (counters) out.push('', '## Price handler counters', '', counters);
  const cpu = renderCpuTable(r.configurations);
  if (cpu) out.push('', '## CPU during the traffic (ms per price request, by process)', '', cpu);
  for (const c of r.configurations) {
    if (c.faults) out.push('', `## Faults (${c.label})`, '', renderFaultTable(c.faults));
  }
  if (r.goals.length > 0) {
    out.push('', '## Goals', '', '| goal | result | detail |', '|---|---|---|');
    for (const g of r.goals) out.push(`| ${g.goal} | ${g.pass ? 'PASS' : 'FAIL'} | ${g.detail} |`);
  }
  out.push('', '## Latency distribution', '', `![latency histogram](${chartFile})`, '');
  return out.join('\n');
}

export interface WrittenReport {
  json: string;
  md: string;
  svg: string;
  png: string;
}

/**
 * Writes `loadtest-report.json`, `.md`, `.svg` and `.png` into `outDir`.
 *
 * @example
 * const files = writeReport(report, process.cwd());
 */
export function writeReport(r: LoadTestReport, outDir: string, basename = 'loadtest-report'): WrittenReport {
  mkdirSync(outDir, { recursive: true });
  const files: WrittenReport = {
    json: join(outDir, `${basename}.json`),
    md: join(outDir, `${basename}.md`),
    svg: join(outDir, `${basename}.svg`),
    png: join(outDir, `${basename}.png`),
  };
  const svg = renderLatencyChartSvg(
    r.configurations.map((c) => c.distribution),
    {
      title: 'POST /v1/price latency by cache configuration',
      subtitle: `${r.params.ratePerSec} req/s open loop, ${r.params.durationS} s, ${r.params.fixtures} fixtures (Zipf), ${r.params.updateRatePerSec} updates/s, ≤ ${r.params.containers} containers, seed ${r.params.seed}`,
      targetMs: 100,
    },
  );
  writeFileSync(files.json, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(files.md, renderMarkdown(r, `${basename}.png`));
  writeFileSync(files.svg, svg + '\n');
  writeFileSync(files.png, svgToPng(svg));
  return files;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
