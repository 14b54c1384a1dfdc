import {
  GetServiceGraphCommand,
  GetTimeSeriesServiceStatisticsCommand,
  type Service,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { mergeHistograms } from './histogram';

/** Raised when no service in the graph matches: the message lists the names that exist. */
export class ServiceNotFoundError extends Error {
  override readonly name = 'ServiceNotFoundError';
  readonly code = 'SERVICE_NOT_FOUND';
  constructor(
    message: string,
    readonly available: string[],
  ) {
    super(message);
  }
}

/** Every page of a paginated X-Ray read, following NextToken. */
async function allPages<P extends { NextToken?: string | undefined }>(
  read: (token: string | undefined) => Promise<P>,
): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    pages.push(page);
    token = page.NextToken;
  } while (token);
  return pages;
}

export interface HistogramResult {
  /** Merged response-time histogram: value in seconds, count of traces. */
  histogram: { Value: number; Count: number }[];
  /** The X-Ray services (name/type) that contributed. */
  services: { name: string; type: string }[];
}

/**
 * Reads the service graph for a window (all pages) and merges the response-time histograms of the
 * services whose name matches (exact string, or a RegExp), optionally of one type
 * (`AWS::Lambda::Function`, `AWS::Lambda`, `AWS::ApiGateway::Stage`, ...).
 *
 * @example
 * const r = await fetchServiceGraphHistogram(new XRayClient({}), { start, end, service: /pricing-price/, type: 'AWS::Lambda::Function' });
 */
export async function fetchServiceGraphHistogram(
  client: XRayClient,
  o: { start: Date; end: Date; service: string | RegExp; type?: string; groupName?: string },
): Promise<HistogramResult> {
  const pages = await allPages((token) =>
    client.send(
      new GetServiceGraphCommand({
        StartTime: o.start,
        EndTime: o.end,
        ...(o.groupName ? { GroupName: o.groupName } : {}),
        ...(token ? { NextToken: token } : {}),
      }),
    ),
  );
  const services: Service[] = pages.flatMap((page) => page.Services ?? []);
  const matches = (s: Service) => {
    const names = [s.Name, ...(s.Names ?? [])].filter((n): n is string => typeof n === 'string');
    const nameOk = names.some((n) => (typeof o.service === 'string' ? n === o.service : o.service.test(n)));
    return nameOk && (o.type === undefined || s.Type === o.type);
  };
  const hit = services.filter(matches);
  if (hit.length === 0) {
    const available = [...new Set(services.map((s) => `${s.Name ?? '?'} (${s.Type ?? '?'})`))];
    throw new ServiceNotFoundError(
      `no service matching ${String(o.service)}${o.type ? ` of type ${o.type}` : ''} in the service graph between ${o.start.toISOString()} and ${o.end.toISOString()}; services: ${available.join(', ') || 'none'}`,
      available,
    );
  }
  return {
    histogram: mergeHistograms(...hit.map((s) => s.ResponseTimeHistogram)).map((p) => ({
      Value: p.value,
      Count: p.count,
    })),
    services: hit.map((s) => ({ name: s.Name ?? '?', type: s.Type ?? '?' })),
  };
}

/**
 * Reads GetTimeSeriesServiceStatistics for a window (all pages) and merges the per-period response-time
 * histograms. Select the service with an entity selector expression, e.g. `service("pricing-price")`,
 * or a group.
 *
 * @example
 * const r = await fetchTimeSeriesHistogram(client, { start, end, entitySelectorExpression: 'service("pricing-price")' });
 */
export async function fetchTimeSeriesHistogram(
  client: XRayClient,
  o: { start: Date; end: Date; entitySelectorExpression?: string; groupName?: string; periodS?: number },
): Promise<HistogramResult & { periods: number }> {
  const pages = await allPages((token) =>
    client.send(
      new GetTimeSeriesServiceStatisticsCommand({
        StartTime: o.start,
        EndTime: o.end,
        Period: o.periodS ?? 60,
        ...(o.entitySelectorExpression ? { EntitySelectorExpression: o.entitySelectorExpression } : {}),
        ...(o.groupName ? { GroupName: o.groupName } : {}),
        ...(token ? { NextToken: token } : {}),
      }),
    ),
  );
  const hists = pages.flatMap((page) =>
    (page.TimeSeriesServiceStatistics ?? []).map((s) => s.ResponseTimeHistogram ?? []),
  );
  return {
    histogram: mergeHistograms(...hists).map((p) => ({ Value: p.value, Count: p.count })),
    services: [{ name: o.entitySelectorExpression ?? o.groupName ?? 'all', type: 'selector' }],
    periods: hists.length,
  };
}
