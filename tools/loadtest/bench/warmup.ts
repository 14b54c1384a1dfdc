/*
 * Warm-up benchmark (ADR 0033): what the price container's warm-up saves its first real prices. Each variant runs in a
 * fresh Node.js process (V8's compiled code and type feedback are per process): the warm-up prices the warm-up model
 * with `rounds` passes over the menu bets (0 = only the fixed warm-up bets and the menu, as before ADR 0033), then the
 * process prices the load test's traffic — 3,000 bets of seed 42 on 30 fixtures, Zipf-like popularity, each model
 * decoded from its record as a container reads it from the shared cache — and reports the traffic's CPU and wall
 * time, and how many V8 optimizations and deoptimizations happened during it (from --trace-opt / --trace-deopt).
 * Run: npx tsx tools/loadtest/bench/warmup.ts   (no services needed; ~1 min)
 * Prints a table, then one JSON line (last line) starting with {"bench":"warmup".
 * Variants are interleaved, three processes each: compare ratios within one run.
 */
import { spawnSync } from 'node:child_process';
import {
  buildFixtureModel,
  fromRecord,
  parseOpinion,
  parsePriceRequest,
  price,
  PricingError,
  toRecord,
  type FixtureModel,
} from '@betbuilder/pricing-model';
import { WARMUP_OPINION, warmUpPricing } from '@betbuilder/pricing-lambda/src/warmupFixture';
import { createRng } from '../src/random';
import { makeBet, makeOpinions } from '../src/traffic';

const FIXTURES = 30;
const BETS = 3000;
const MARK = 'WARMUP-BENCH-TRAFFIC';

function child(rounds: number): void {
  const warm = buildFixtureModel(WARMUP_OPINION);
  const priced = warmUpPricing(warm, 60_000, rounds);
  const rng = createRng('42');
  const opinions = makeOpinions(FIXTURES, rng.fork('fixtures'));
  const models: FixtureModel[] = opinions.map((o) => {
    const parsed = parseOpinion(o, o.fixtureId);
    if (!parsed.ok) throw new Error(`${o.fixtureId}: ${JSON.stringify(parsed.issues)}`);
    return fromRecord(toRecord(buildFixtureModel(parsed.value)));
  });
  const bodies: [FixtureModel, string][] = [];
  for (let i = 0; i < BETS; i++) {
    const k = Math.floor(rng.next() ** 2 * FIXTURES);
    bodies.push([models[k]!, JSON.stringify(makeBet(opinions[k]!, rng))]);
  }
  console.log(MARK);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const [model, body] of bodies) {
    const parsed = parsePriceRequest(JSON.parse(body));
    if (!parsed.ok) continue;
    try {
      price(model, parsed.value.legs);
    } catch (err) {
      if (!(err instanceof PricingError)) throw err;
    }
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ result: { priced, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 } }));
}

interface Run {
  rounds: number;
  priced: number;
  cpuMs: number;
  wallMs: number;
  optimized: number;
  deopts: number;
}

function run(rounds: number): Run {
  const out = spawnSync(
    process.execPath,
    [...process.execArgv, '--trace-opt', '--trace-deopt', __filename, 'child', String(rounds)],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (out.status !== 0) throw new Error(`variant ${rounds} failed: ${out.stderr}`);
  const after = out.stdout.slice(out.stdout.indexOf(MARK));
  const line = after.split('\n').find((l) => l.startsWith('{"result"'));
  if (!line) throw new Error(`variant ${rounds} printed no result`);
  const { result } = JSON.parse(line) as { result: { priced: number; cpuMs: number; wallMs: number } };
  return {
    rounds,
    ...result,
    optimized: after.split('[completed optimizing').length - 1,
    deopts: after.split('[bailout (kind: deopt').length - 1,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const variants = [0, 2];
  const runs: Run[] = [];
  for (let i = 0; i < 3; i++) for (const r of variants) runs.push(run(r));
  const summary = variants.map((rounds) => {
    const of = runs.filter((r) => r.rounds === rounds);
    return {
      rounds,
      warmUpBets: median(of.map((r) => r.priced)),
      trafficCpuMs: +median(of.map((r) => r.cpuMs)).toFixed(0),
      trafficWallMs: +median(of.map((r) => r.wallMs)).toFixed(0),
      optimizations: median(of.map((r) => r.optimized)),
      deopts: median(of.map((r) => r.deopts)),
    };
  });
  console.log(
    `${BETS} traffic bets on ${FIXTURES} decoded models after each warm-up (median of 3 processes):`,
  );
  console.log(
    '| menu rounds | warm-up menu bets | traffic CPU ms | traffic wall ms | optimizations | deopts |',
  );
  console.log('|--:|--:|--:|--:|--:|--:|');
  for (const s of summary)
    console.log(
      `| ${s.rounds} | ${s.warmUpBets} | ${s.trafficCpuMs} | ${s.trafficWallMs} | ${s.optimizations} | ${s.deopts} |`,
    );
  const [before, after] = summary as [(typeof summary)[0], (typeof summary)[0]];
  console.log(
    JSON.stringify({
      bench: 'warmup',
      bets: BETS,
      cpuMsWithout: before.trafficCpuMs,
      cpuMsWith: after.trafficCpuMs,
      cpuRatio: +(after.trafficCpuMs / before.trafficCpuMs).toFixed(2),
      optimizationsWithout: before.optimizations,
      optimizationsWith: after.optimizations,
      deoptsWithout: before.deopts,
      deoptsWith: after.deopts,
    }),
  );
}

if (process.argv[2] === 'child') child(Number(process.argv[3]));
else main();
