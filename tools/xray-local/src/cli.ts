import { parseArgs } from 'node:util';
import { LocalXrayDaemon } from './LocalXrayDaemon';
import { renderSlowest, renderSpanTable } from './SpanStats';

const USAGE = `Usage: npm start -w @betbuilder/xray-local -- [--port 2000] [--interval 10] [--slowest 5]

A local X-Ray daemon: prints per-subsegment latency (count, p50, p95, p99, max) of the segments the
handlers send. Run the handlers with:
  AWS_EXECUTION_ENV=AWS_Lambda_nodejs20.x LAMBDA_TASK_ROOT=$PWD AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000
  and _X_AMZN_TRACE_ID set per invocation (Root=1-...;Parent=...;Sampled=1).
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      interval: { type: 'string' },
      slowest: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const daemon = await LocalXrayDaemon.start({ port: Number(values.port ?? 2000) });
  const slowest = Number(values.slowest ?? 5);
  process.stdout.write(`xray-local listening on udp://${daemon.address} (Ctrl-C prints the final table)\n`);
  const print = () => {
    process.stdout.write(
      `\n${new Date().toISOString()}  ${daemon.datagrams} datagrams, ${daemon.stats.spanCount} spans, ${daemon.badDatagrams} unparseable\n`,
    );
    process.stdout.write(`${renderSpanTable(daemon.stats.rows())}\n`);
    if (slowest > 0 && daemon.stats.spanCount > 0)
      process.stdout.write(`slowest traces:\n${renderSlowest(daemon.stats.slowest(slowest))}\n`);
  };
  const timer = setInterval(print, Number(values.interval ?? 10) * 1000);
  process.once('SIGINT', () => {
    clearInterval(timer);
    print();
    void daemon.stop().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
});
