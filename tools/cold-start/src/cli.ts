// `npx nx run cold-start:bench [-- --runs 20 --out /tmp/cold-start]`: builds the Lambda bundles as deployed and
// prints their init times beside a hello-world bundle (a table, then one JSON line). Run it under
// `flock /tmp/bench.lock` on a shared machine and compare the ratios, not the milliseconds.
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runBench } from './runBench';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'betbuilder-cold-start') },
    baseline: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) {
  console.error(`--runs must be a whole number from 1 to 1000, got '${values.runs}'`);
  process.exit(2);
}

const GOALS: Record<string, number> = { price: 1024, opinion: 600 };

void runBench({
  runs,
  outDir: values.out,
  ...(values.baseline ? { baselineDir: values.baseline } : {}),
}).then(
  (rows) => {
    console.log(
      `cold start, ${runs} fresh node ${process.version} processes per bundle; init = process start to handler ready`,
    );
    console.log(
      'bundle           index.js KB  lazy KB  require p50 ms  init p50 ms  init p95 ms  ratio to hello  size goal',
    );
    for (const r of rows) {
      const goal = GOALS[r.name];
      console.log(
        `${r.name.padEnd(16)} ${String(r.bundleKb).padStart(11)}  ${String(r.lazyKb).padStart(7)}  ` +
          `${r.requireP50Ms.toFixed(1).padStart(14)}  ` +
          `${r.initP50Ms.toFixed(1).padStart(11)}  ${r.initP95Ms.toFixed(1).padStart(11)}  ` +
          `${r.ratioToHello.toFixed(2).padStart(14)}  ${goal ? `<= ${goal} KB ${r.bundleKb <= goal ? 'ok' : 'MISSED'}` : ''}`,
      );
    }
    console.log(JSON.stringify({ bench: 'cold-start', runs, node: process.version, rows }));
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
