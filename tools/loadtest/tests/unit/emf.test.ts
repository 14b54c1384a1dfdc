import { MetricTotals, parseEmfLine } from '../../src/emf';

// The shape Powertools Metrics prints (one EMF document per publishStoredMetrics call).
const line = (metrics: Record<string, number | number[]>) =>
  JSON.stringify({
    _aws: {
      Timestamp: 1764200000000,
      CloudWatchMetrics: [
        {
          Namespace: 'BetBuilder',
          Dimensions: [['service']],
          Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    service: 'pricing',
    ...metrics,
  });

describe('parseEmfLine', () => {
  it('returns every data point of every metric of an EMF line', () => {
    expect(parseEmfLine(line({ CacheSourceL1: 1, ModelBuildTime: [12.5, 30] }))).toEqual({
      CacheSourceL1: [1],
      ModelBuildTime: [12.5, 30],
    });
  });

  it('ignores log lines that are not EMF', () => {
    expect(parseEmfLine('{"level":"WARN","message":"x"}')).toBeUndefined();
    expect(parseEmfLine('not json {"_aws"')).toBeUndefined();
    expect(parseEmfLine('')).toBeUndefined();
  });
});

describe('MetricTotals', () => {
  it('sums values and counts data points across lines', () => {
    // Prepare
    const t = new MetricTotals();

    // Act
    t.addLine(line({ CacheSourceL2: 1, PriceLatency: 3 }));
    t.addLine(line({ CacheSourceL2: 1, ModelBuildTime: [20, 22] }));
    const accepted = t.addLine('{"level":"INFO"}');

    // Assess
    expect(accepted).toBe(false);
    expect(t.sum('CacheSourceL2')).toBe(2);
    expect(t.count('ModelBuildTime')).toBe(2);
    expect(t.sum('ModelBuildTime')).toBe(42);
    expect(t.count('CacheSourceCOMPUTED')).toBe(0);
  });
});
