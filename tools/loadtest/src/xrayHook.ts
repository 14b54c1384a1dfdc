import {
  lambdaTracingEnv,
  LocalXrayDaemon,
  newTraceHeader,
  renderSlowest,
  renderSpanTable,
} from '@betbuilder/xray-local';
import type { XrayHook } from './experiment';

/**
 * `--xray`: one local X-Ray daemon per configuration; the containers get the Lambda-like environment
 * that makes Powertools Tracer emit, and a fresh `_X_AMZN_TRACE_ID` per invocation. On stop it prints
 * the per-subsegment table and the slowest requests, and returns them for the report.
 */
export function createXrayHook(log: (line: string) => void): XrayHook {
  return {
    async start(label) {
      const daemon = await LocalXrayDaemon.start({ port: 0 });
      let summary: Promise<unknown> | undefined;
      return {
        env: lambdaTracingEnv(daemon.address),
        traceHeader: () => newTraceHeader(),
        stop() {
          // Idempotent: the experiment stops it for the report and again in its cleanup.
          summary ??= finish();
          return summary;
        },
      };
      async function finish(): Promise<unknown> {
        // Subsegments are sent on close; give the last datagrams a moment to land.
        await new Promise((r) => setTimeout(r, 200));
        const rows = daemon.stats.rows();
        const slowest = daemon.stats.slowest(5);
        log(`\nX-Ray subsegments, ${label} (${daemon.datagrams} datagrams):\n${renderSpanTable(rows)}`);
        if (slowest.length > 0) log(`slowest requests:\n${renderSlowest(slowest)}`);
        await daemon.stop();
        return { subsegments: rows, slowest };
      }
    },
  };
}
