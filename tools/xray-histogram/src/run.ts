import { XRayClient } from '@aws-sdk/client-xray';
import { renderLatencyChartSvg, svgToPng, type LatencyDistribution } from '@betbuilder/latency-chart';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchServiceGraphHistogram, fetchTimeSeriesHistogram } from './fetchHistograms';
import { histogramToDistribution } from './histogram';
import { parseWindow } from './window';

export interface XrayHistogramOptions {
  /** Service names (or /regex/) in the service graph; with `source: 'timeseries'`, entity selector expressions. */
  services: string[];
  /** Windows, `label=spec` or `spec` (see parseWindow). */
  windows: string[];
  source: 'graph' | 'timeseries';
  type?: string;
  groupName?: string;
  periodS?: number;
  outDir: string;
  basename?: string;
  region?: string;
  targetMs?: number;
  now?: Date;
}

/**
 * Fetches one histogram per (service, window), computes p50/p90/p95/p99, writes
 * `<basename>.json` / `.svg` / `.png` (the load test's chart) and returns the distributions.
 *
 * @example
 * await runXrayHistogram({ services: ['pricing-price'], windows: ['-1h'], source: 'graph', outDir: '.' }, new XRayClient({}));
 */
export async function runXrayHistogram(
  o: XrayHistogramOptions,
  client: XRayClient = new XRayClient(o.region ? { region: o.region } : {}),
): Promise<{
  distributions: (LatencyDistribution & { services: string[]; start: string; end: string })[];
  files: string[];
}> {
  const out: (LatencyDistribution & { services: string[]; start: string; end: string })[] = [];
  const multiWindow = o.windows.length > 1;
  for (const w of o.windows) {
    const eq = w.indexOf('=');
    const wLabel = eq > 0 ? w.slice(0, eq) : w;
    const { start, end } = parseWindow(eq > 0 ? w.slice(eq + 1) : w, o.now);
    for (const svc of o.services) {
      const regex = /^\/(.+)\/$/.exec(svc);
      const r =
        o.source === 'graph'
          ? await fetchServiceGraphHistogram(client, {
              start,
              end,
              service: regex ? new RegExp(regex[1]!) : svc,
              ...(o.type ? { type: o.type } : {}),
              ...(o.groupName ? { groupName: o.groupName } : {}),
            })
          : await fetchTimeSeriesHistogram(client, {
              start,
              end,
              entitySelectorExpression: svc,
              ...(o.groupName ? { groupName: o.groupName } : {}),
              ...(o.periodS ? { periodS: o.periodS } : {}),
            });
      const label = multiWindow ? `${svc} ${wLabel}` : svc;
      out.push({
        ...histogramToDistribution(label, r.histogram),
        services: r.services.map((s) => `${s.name} (${s.type})`),
        start: start.toISOString(),
        end: end.toISOString(),
      });
    }
  }
  mkdirSync(o.outDir, { recursive: true });
  const base = join(o.outDir, o.basename ?? 'xray-histogram');
  const svg = renderLatencyChartSvg(out, {
    title: 'Response time from X-Ray',
    subtitle: `${o.source === 'graph' ? 'GetServiceGraph' : 'GetTimeSeriesServiceStatistics'} · ${o.windows.join(' · ')}`,
    ...(o.targetMs !== undefined ? { targetMs: o.targetMs } : {}),
  });
  writeFileSync(
    `${base}.json`,
    JSON.stringify({ generatedAt: new Date().toISOString(), source: o.source, distributions: out }, null, 2) +
      '\n',
  );
  writeFileSync(`${base}.svg`, svg + '\n');
  writeFileSync(`${base}.png`, svgToPng(svg));
  return { distributions: out, files: [`${base}.json`, `${base}.svg`, `${base}.png`] };
}
