import { parseArgs } from 'node:util';
import { runXrayHistogram } from './run';

const USAGE = `Usage: npm start -w @betbuilder/xray-histogram -- --service NAME [--service NAME ...] [--window SPEC ...] [flags]

Fetches the response-time histogram of a deployed service from X-Ray (default AWS credential chain),
prints p50/p90/p95/p99/max and writes xray-histogram.{json,svg,png} (the load test's chart).

  --service NAME       service name in the service graph, or /regex/ (repeatable); with --source timeseries
                       an entity selector expression, e.g. 'service("pricing-price")'
  --window SPEC        -1h | -30m..-10m | 2026-12-05T15:00Z..2026-12-05T17:00Z, optionally label=SPEC
                       (repeatable: before=...  after=...)                             (default -1h)
  --source graph|timeseries  GetServiceGraph or GetTimeSeriesServiceStatistics        (default graph)
  --type TYPE          only services of this type, e.g. AWS::Lambda::Function
  --group NAME         X-Ray group
  --period S           timeseries period in seconds (60 or a multiple of 300)          (default 60)
  --region R           AWS region (default: the credential chain's)
  --target-ms N        draw the latency target on the chart                            (default 100)
  --out DIR            output directory                                                (default .)
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      service: { type: 'string', multiple: true },
      window: { type: 'string', multiple: true },
      source: { type: 'string' },
      type: { type: 'string' },
      group: { type: 'string' },
      period: { type: 'string' },
      region: { type: 'string' },
      'target-ms': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.service?.length) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const source = values.source ?? 'graph';
  if (source !== 'graph' && source !== 'timeseries')
    throw new Error(`--source is graph or timeseries, got '${source}'`);
  const r = await runXrayHistogram({
    services: values.service,
    windows: values.window?.length ? values.window : ['-1h'],
    source,
    ...(values.type ? { type: values.type } : {}),
    ...(values.group ? { groupName: values.group } : {}),
    ...(values.period ? { periodS: Number(values.period) } : {}),
    ...(values.region ? { region: values.region } : {}),
    targetMs: Number(values['target-ms'] ?? 100),
    // npm runs scripts in the package directory; INIT_CWD is where the user typed the command.
    outDir: values.out ?? process.env.INIT_CWD ?? process.cwd(),
  });
  for (const d of r.distributions) {
    process.stdout.write(
      `${d.label}: n=${d.count} p50 ${d.p50Ms} ms, p90 ${d.p90Ms} ms, p95 ${d.p95Ms} ms, p99 ${d.p99Ms} ms, max ${d.maxMs} ms  [${d.services.join(', ')}; ${d.start} .. ${d.end}]\n`,
    );
  }
  process.stdout.write(`wrote ${r.files.join(', ')}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  },
);
