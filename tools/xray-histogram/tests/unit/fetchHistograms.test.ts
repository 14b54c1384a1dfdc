import {
  GetServiceGraphCommand,
  GetTimeSeriesServiceStatisticsCommand,
  XRayClient,
} from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fetchServiceGraphHistogram,
  fetchTimeSeriesHistogram,
  ServiceNotFoundError,
} from '../../src/fetchHistograms';
import { runXrayHistogram } from '../../src/run';

// aws-sdk-client-mock's types are built against another @smithy/types copy than the client's, so the
// stub is typed here by what the tests use (the runtime behaviour is the library's).
interface Chain {
  resolvesOnce(output: object): Chain;
}
interface XrayStub {
  on(command: unknown): Chain;
  reset(): void;
  commandCalls(command: unknown): { args: [{ input: Record<string, unknown> }] }[];
}
const stubXray = () => mockClient(XRayClient as never) as unknown as XrayStub;

// Recorded-shape responses: the fields and nesting X-Ray returns for an API Gateway stage → Lambda
// service graph (values trimmed).
const start = new Date('2026-12-05T15:00:00Z');
const end = new Date('2026-12-05T16:00:00Z');

const page1 = {
  StartTime: start,
  EndTime: end,
  ContainsOldGroupVersions: false,
  Services: [
    {
      ReferenceId: 0,
      Name: 'betbuilder-prod/prod',
      Names: ['betbuilder-prod/prod'],
      Root: true,
      Type: 'AWS::ApiGateway::Stage',
      State: 'active',
      StartTime: start,
      EndTime: end,
      Edges: [{ ReferenceId: 1, StartTime: start, EndTime: end, SummaryStatistics: { TotalCount: 100 } }],
      SummaryStatistics: { OkCount: 100, TotalCount: 100, TotalResponseTime: 1.9 },
      ResponseTimeHistogram: [
        { Value: 0.012, Count: 80 },
        { Value: 0.03, Count: 15 },
        { Value: 0.09, Count: 5 },
      ],
      DurationHistogram: [{ Value: 0.012, Count: 100 }],
    },
  ],
  NextToken: 'page-2',
};

const page2 = {
  StartTime: start,
  EndTime: end,
  Services: [
    {
      ReferenceId: 1,
      Name: 'pricing-price',
      Names: ['pricing-price'],
      Root: false,
      Type: 'AWS::Lambda::Function',
      State: 'active',
      SummaryStatistics: { OkCount: 100, TotalCount: 100 },
      ResponseTimeHistogram: [
        { Value: 0.004, Count: 90 },
        { Value: 0.02, Count: 10 },
      ],
    },
    {
      ReferenceId: 2,
      Name: 'pricing-price',
      Type: 'AWS::Lambda',
      ResponseTimeHistogram: [{ Value: 0.006, Count: 100 }],
    },
  ],
};

/** The service graph histogram of the test window, read through a client the stub answers. */
const serviceGraph = (o: { service: string | RegExp; type?: string }) =>
  fetchServiceGraphHistogram(new XRayClient({ region: 'eu-west-1' }), { start, end, ...o });

/** One X-Ray stub for the file, reset before every test. */
const xray = stubXray();
beforeEach(() => xray.reset());

describe('fetchServiceGraphHistogram', () => {
  it('reads every page and returns the matching service histogram', async () => {
    // Prepare
    xray.on(GetServiceGraphCommand).resolvesOnce(page1).resolvesOnce(page2);

    // Act
    const r = await serviceGraph({
      service: 'pricing-price',
      type: 'AWS::Lambda::Function',
    });

    // Assess
    const calls = xray.commandCalls(GetServiceGraphCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input).toEqual({ StartTime: start, EndTime: end, NextToken: 'page-2' });
    expect(r.services).toEqual([{ name: 'pricing-price', type: 'AWS::Lambda::Function' }]);
    expect(r.histogram).toEqual([
      { Value: 0.004, Count: 90 },
      { Value: 0.02, Count: 10 },
    ]);
  });

  it('merges every service a regex matches when no type is given', async () => {
    // Prepare
    xray.on(GetServiceGraphCommand).resolvesOnce(page1).resolvesOnce(page2);

    // Act
    const r = await serviceGraph({
      service: /^pricing-/,
    });

    // Assess
    expect(r.services).toHaveLength(2);
    expect(r.histogram.reduce((s, e) => s + e.Count, 0)).toBe(200);
  });

  it('names the services that exist when none matches', async () => {
    // Prepare
    xray.on(GetServiceGraphCommand).resolvesOnce(page1).resolvesOnce(page2);

    // Act
    const err = await serviceGraph({
      service: 'nope',
    }).catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(ServiceNotFoundError);
    expect((err as ServiceNotFoundError).available).toContain('pricing-price (AWS::Lambda::Function)');
  });
});

describe('fetchTimeSeriesHistogram', () => {
  it('merges the per-period histograms of every page', async () => {
    // Prepare
    xray
      .on(GetTimeSeriesServiceStatisticsCommand)
      .resolvesOnce({
        TimeSeriesServiceStatistics: [
          {
            Timestamp: start,
            ServiceSummaryStatistics: { TotalCount: 10 },
            ResponseTimeHistogram: [{ Value: 0.005, Count: 10 }],
          },
          {
            Timestamp: new Date(start.getTime() + 60_000),
            ResponseTimeHistogram: [
              { Value: 0.005, Count: 5 },
              { Value: 0.2, Count: 1 },
            ],
          },
        ],
        NextToken: 't2',
      })
      .resolvesOnce({
        TimeSeriesServiceStatistics: [
          { Timestamp: new Date(start.getTime() + 120_000), ResponseTimeHistogram: [] },
        ],
      });

    // Act
    const r = await fetchTimeSeriesHistogram(new XRayClient({ region: 'eu-west-1' }), {
      start,
      end,
      entitySelectorExpression: 'service("pricing-price")',
      periodS: 60,
    });

    // Assess
    expect(xray.commandCalls(GetTimeSeriesServiceStatisticsCommand)[0]!.args[0].input).toMatchObject({
      EntitySelectorExpression: 'service("pricing-price")',
      Period: 60,
    });
    expect(r.periods).toBe(3);
    expect(r.histogram).toEqual([
      { Value: 0.005, Count: 15 },
      { Value: 0.2, Count: 1 },
    ]);
  });
});

describe('runXrayHistogram', () => {
  it('computes the percentiles per window and writes the chart files', async () => {
    // Prepare
    xray
      .on(GetServiceGraphCommand)
      .resolvesOnce(page1)
      .resolvesOnce(page2)
      .resolvesOnce(page1)
      .resolvesOnce(page2);
    const out = mkdtempSync(join(tmpdir(), 'xh-'));

    try {
      // Act
      const r = await runXrayHistogram(
        {
          services: ['betbuilder-prod/prod'],
          windows: ['before=2026-12-05T15:00:00Z..2026-12-05T16:00:00Z', 'after=-1h'],
          source: 'graph',
          outDir: out,
          now: new Date('2026-12-06T12:00:00Z'),
        },
        new XRayClient({ region: 'eu-west-1' }),
      );

      // Assess
      expect(r.distributions.map((d) => d.label)).toEqual([
        'betbuilder-prod/prod before',
        'betbuilder-prod/prod after',
      ]);
      expect(r.distributions[0]).toMatchObject({ count: 100, p50Ms: 12, p95Ms: 30, p99Ms: 90, maxMs: 90 });
      expect(r.distributions[1]!.start).toBe('2026-12-06T11:00:00.000Z');
      expect(readFileSync(join(out, 'xray-histogram.svg'), 'utf8')).toContain('betbuilder-prod/prod before');
      expect(readFileSync(join(out, 'xray-histogram.png')).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
