import { parseLoadTestArgs, USAGE, UsageError } from './args';
import { runLoadTest, type XrayHook } from './experiment';
import {
  renderCounters,
  renderCpuTable,
  renderFaultTable,
  renderFloorTable,
  renderScalingTable,
  renderTable,
  writeReport,
} from './report';
import { SeedVerificationError } from './seed';
import { createXrayHook } from './xrayHook';

/** Exit codes: 0 ok, 1 request errors, 2 usage, 3 seeding not verified, 4 crashed. */
export async function main(argv: string[]): Promise<number> {
  let o;
  try {
    o = parseLoadTestArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if ('help' in o) {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let xray: XrayHook | undefined;
  if (o.xray && !o.target) xray = createXrayHook(log);
  try {
    const report = await runLoadTest(o, {
      log,
      progressStream: process.stderr,
      command: `npm run loadtest -- ${argv.join(' ')}`.trim(),
      ...(xray ? { xray } : {}),
    });
    log('');
    log(renderTable(report.configurations));
    const floor = renderFloorTable(report.configurations);
    if (floor) log(`\n${floor}`);
    const scaling = renderScalingTable(report.configurations);
    if (scaling) log(`\n${scaling}`);
    const counters = renderCounters(report.configurations);
    if (counters) log(`\nprice handler counters:\n${counters}`);
    const cpu = renderCpuTable(report.configurations);
    if (cpu) log(`\nCPU during the traffic, ms per price request:\n${cpu}`);
    for (const c of report.configurations)
      if (c.faults) log(`\nfaults, ${c.label}:\n${renderFaultTable(c.faults)}`);
    for (const g of report.goals) log(`${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.detail}`);
    const files = writeReport(report, o.outDir);
    log(`\nwrote ${files.json}, ${files.md}, ${files.svg}, ${files.png}`);
    // Last line: one JSON summary for machines (CI, scripts).
    log(
      JSON.stringify({
        configurations: report.configurations.map((c) => ({
          name: c.name,
          p50Ms: c.p50Ms,
          p95Ms: c.p95Ms,
          p99Ms: c.p99Ms,
          maxMs: c.maxMs,
          errors: c.errors,
          requests: c.requests,
          computes: c.computes,
          containers: c.containers,
          coldStarts: c.coldStarts,
          ...(c.inPlay !== undefined
            ? {
                inPlay: {
                  prices: c.inPlay.prices,
                  stale: c.inPlay.stale,
                  updateToPriceP50Ms: c.inPlay.updateToPrice.p50Ms,
                  updateToPriceP95Ms: c.inPlay.updateToPrice.p95Ms,
                },
              }
            : {}),
          ...(c.quotes !== undefined
            ? {
                quotes: {
                  verified: c.quotes.verified,
                  accepted: c.quotes.accepted,
                  priceChanged: c.quotes.priceChanged,
                  expired: c.quotes.expired,
                  staleAccepted: c.quotes.staleAccepted,
                },
              }
            : {}),
          ...(c.faults
            ? {
                faults: c.faults.windows.map((w) => ({
                  kind: w.kind,
                  during: w.during.byStatus,
                  after: w.after.byStatus,
                  p95DuringMs: w.during.p95Ms,
                  p95AfterMs: w.after.p95Ms,
                  recoveredAfterMs: w.recoveredAfterMs,
                })),
                lostWrites: c.faults.lostWrites.lost,
                unpriced: c.faults.lostWrites.unpriced,
              }
            : {}),
        })),
        goals: report.goals.map((g) => ({ goal: g.goal, pass: g.pass })),
      }),
    );
    // A faulted run fails on its goals, not on the errors the faults were meant to cause.
    const errors = report.configurations.filter((c) => !c.faults).reduce((s, c) => s + c.errors, 0);
    const failedFaultGoals = o.faults && report.goals.some((g) => g.goal.startsWith('faults:') && !g.pass);
    if (failedFaultGoals) {
      process.stderr.write('a fault goal failed: exiting with status 1\n');
      return 1;
    }
    if (errors > 0) {
      process.stderr.write(`${errors} request errors: exiting with status 1\n`);
      return 1;
    }
    const stale = report.configurations.reduce((s, c) => s + (c.quotes?.staleAccepted ?? 0), 0);
    if (stale > 0) {
      process.stderr.write(`${stale} stale quotes accepted: exiting with status 1\n`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof SeedVerificationError) {
      process.stderr.write(
        `\nrefusing to run: ${err.message}\n${err.problems
          .slice(0, 20)
          .map((p) => `  - ${p}`)
          .join('\n')}\n`,
      );
      return 3;
    }
    process.stderr.write(`\nload test failed: ${(err as Error).stack ?? String(err)}\n`);
    return 4;
  }
}

if (require.main === module) {
  // Exit through process.exit so the 'exit' hooks stop redis-server and dynalite; containers exit
  // when their IPC channel closes.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(4);
    },
  );
}
