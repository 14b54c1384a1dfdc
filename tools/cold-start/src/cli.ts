// `npx nx run cold-start:bench [-- --runs 20 --out /tmp/cold-start]`: builds the Lambda bundles as deployed and
// prints their init times beside a hello-world bundle, and each one's first request after init (a table, then one
// JSON line). Run it under `flock /tmp/bench.lock` on a shared machine and compare the ratios, not the milliseconds.
//   --variant label=DIR   also measure the bundles in DIR (`<handler>/index.js`) as `<handler>@label` (repeatable)
//   --baseline DIR        the same, labelled `baseline`
//   --only price,opinion  only these handlers (hello world is always measured)
//   --build-only          build the bundles into --out and stop (to keep them as a variant for a later run)
//   --no-first            init only, no first request
//   --instructions        instead: count instructions under valgrind (--runs per bundle; load-proof, ~50x slower)
//   --profile price       instead: CPU-profile that bundle's require --runs times (mean ms by source and by caller);
//                         --profile-dir DIR profiles DIR/<handler>/index.js instead of a fresh build
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildBenchBundles,
  profileBench,
  runBench,
  runInstructionBench,
  type BenchVariant,
} from './runBench';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'betbuilder-cold-start') },
    baseline: { type: 'string' },
    variant: { type: 'string', multiple: true, default: [] },
    only: { type: 'string' },
    'build-only': { type: 'boolean', default: false },
    'no-first': { type: 'boolean', default: false },
    profile: { type: 'string' },
    instructions: { type: 'boolean', default: false },
    'profile-dir': { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) {
  console.error(`--runs must be a whole number from 1 to 1000, got '${values.runs}'`);
  process.exit(2);
}
const variants: BenchVariant[] = [];
for (const v of values.variant) {
  const eq = v.indexOf('=');
  if (eq < 1 || eq === v.length - 1) {
    console.error(`--variant must be label=DIR, got '${v}'`);
    process.exit(2);
  }
  variants.push({ label: v.slice(0, eq), dir: path.resolve(v.slice(eq + 1)) });
}
const handlers = values.only?.split(',').map((h) => h.trim());

const GOALS: Record<string, number> = { price: 1024, opinion: 600 };

const fmt = (n: number | undefined, width: number) => (n === undefined ? '-' : n.toFixed(1)).padStart(width);

if (values.profile !== undefined) {
  void profileBench({
    handler: values.profile,
    runs,
    outDir: values.out,
    ...(values['profile-dir'] ? { dir: path.resolve(values['profile-dir']) } : {}),
  }).then(
    (p) => {
      console.log(
        `${values.profile}: require profiled in ${runs} fresh processes, mean sampled ${p.totalMs} ms`,
      );
      console.log('self time by source (ms):');
      for (const r of p.bySource.filter((r) => r.ms >= 0.3))
        console.log(`  ${r.ms.toFixed(1).padStart(6)}  ${r.source}`);
      console.log('self time in packages by the repo file that called them (ms):');
      for (const r of p.byCaller.filter((r) => r.ms >= 0.3)) {
        console.log(`  ${r.ms.toFixed(1).padStart(6)}  ${r.caller} → ${r.source}`);
      }
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
} else if (values.instructions) {
  void runInstructionBench({
    runs,
    outDir: values.out,
    ...(values.baseline ? { baselineDir: values.baseline } : {}),
    variants,
    ...(handlers ? { handlers } : {}),
  }).then(
    (rows) => {
      console.log(
        `cold start in instructions (valgrind), median of ${runs} runs per bundle; init = process start to handler ready`,
      );
      console.log(
        'bundle               index.js KB  init Minstr  ratio to hello  first Minstr  init+first Minstr',
      );
      for (const r of rows) {
        console.log(
          `${r.name.padEnd(20)} ${String(r.bundleKb).padStart(11)}  ${fmt(r.initMinstr, 11)}  ` +
            `${r.ratioToHello.toFixed(2).padStart(14)}  ${fmt(r.firstMinstr, 12)}  ${fmt(r.initPlusFirstMinstr, 17)}`,
        );
      }
      console.log(JSON.stringify({ bench: 'cold-start-instructions', runs, node: process.version, rows }));
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
} else if (values['build-only']) {
  void buildBenchBundles(values.out, handlers).then(
    (bundles) => {
      for (const b of bundles)
        console.log(`${b.name.padEnd(12)} ${Math.round(b.bytes / 1024)} KB  ${b.file}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
} else {
  void runBench({
    runs,
    outDir: values.out,
    ...(values.baseline ? { baselineDir: values.baseline } : {}),
    variants,
    ...(handlers ? { handlers } : {}),
    firstRequest: !values['no-first'],
  }).then(
    (rows) => {
      console.log(
        `cold start, ${runs} fresh node ${process.version} processes per bundle; init = process start to handler ready; ` +
          'first = the first request after init; cpu = user + system CPU of the process',
      );
      console.log(
        'bundle               index.js KB  lazy KB  require p50  init p50  init p95  ratio to hello  init cpu p50' +
          '  first p50  init+first p50  init+first cpu p50  size goal',
      );
      for (const r of rows) {
        const goal = GOALS[r.name];
        console.log(
          `${r.name.padEnd(20)} ${String(r.bundleKb).padStart(11)}  ${String(r.lazyKb).padStart(7)}  ` +
            `${fmt(r.requireP50Ms, 11)}  ${fmt(r.initP50Ms, 8)}  ${fmt(r.initP95Ms, 8)}  ` +
            `${r.ratioToHello.toFixed(2).padStart(14)}  ${fmt(r.initCpuP50Ms, 12)}  ${fmt(r.firstP50Ms, 9)}  ` +
            `${fmt(r.initPlusFirstP50Ms, 14)}  ${fmt(r.initPlusFirstCpuP50Ms, 18)}  ` +
            `${goal ? `<= ${goal} KB ${r.bundleKb <= goal ? 'ok' : 'MISSED'}` : ''}`,
        );
      }
      console.log(JSON.stringify({ bench: 'cold-start', runs, node: process.version, rows }));
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
