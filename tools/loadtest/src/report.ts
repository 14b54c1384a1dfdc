import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmtMs, renderLatencyChartSvg, svgToPng } from './chart';
import type { ConfigResult, GoalCheck, LoadTestReport } from './types/report';

/**
 * The issue's performance goals, checked on a finished report: configuration C has zero errors,
 * p95 ≤ 10 ms and ≤ 0.2 × A's p95, and at most one compute per (fixture, inputsVersion).
 * Goals whose configurations did not run are left out.
 *
 * @example
 * report.goals = evaluateGoals(report.configurations);
 */
export function evaluateGoals(configs: readonly ConfigResult[]): GoalCheck[] {
  const a = configs.find((c) => c.name === 'A');
  const c = configs.find((x) => x.name === 'C');
  const goals: GoalCheck[] = [];
  if (c) {
    goals.push({ goal: 'C: zero errors', pass: c.errors === 0, detail: `${c.errors} errors` });
    goals.push({ goal: 'C: p95 ≤ 10 ms', pass: c.p95Ms <= 10, detail: `p95 ${c.p95Ms} ms` });
    if (c.computes !== null) {
      goals.push({
        goal: 'C: computes ≤ one per (fixture, inputsVersion)',
        pass: c.computes <= c.fixtureVersions,
        detail: `${c.computes} computes for ${c.fixtureVersions} (fixture, inputsVersion) pairs`,
      });
    }
  }
  for (const x of configs) {
    if (x.quotes === undefined || x.quotes.verified === 0) continue;
    goals.push({
      goal: `${x.name}: no accepted quote priced from older inputs at longer odds than the state at verification`,
      pass: x.quotes.staleAccepted === 0,
      detail: `${x.quotes.staleAccepted} of ${x.quotes.accepted} accepted (${x.quotes.acceptedAfterMove} after a newer version, checked against the model)`,
    });
  }
  if (a && c) {
    goals.push({
      goal: "C: p95 ≤ 0.2 × A's p95",
      pass: c.p95Ms <= 0.2 * a.p95Ms,
      detail: `${c.p95Ms} ms vs 0.2 × ${a.p95Ms} ms = ${round(0.2 * a.p95Ms)} ms`,
    });
  }
  return goals;
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
