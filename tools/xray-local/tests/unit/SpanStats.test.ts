import { percentile, renderSlowest, renderSpanTable, SpanStats } from '../../src/SpanStats';
import type { Span } from '../../src/types/segment';

const span = (name: string, durationMs: number, traceId = 't', extra: Partial<Span> = {}): Span => ({
  name,
  traceId,
  id: `${name}-${durationMs}`,
  parentId: undefined,
  durationMs,
  startTime: 0,
  error: false,
  annotations: {},
  ...extra,
});

describe('percentile', () => {
  it('is the nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(v, 50), percentile(v, 95), percentile(v, 99), percentile(v, 100)]).toEqual([
      50, 95, 99, 100,
    ]);
    expect(percentile([], 50)).toBe(0);
    expect(percentile([7], 1)).toBe(7);
  });
});

describe('SpanStats', () => {
  it('reports count, p50 and p95 per subsegment name, contract names first', () => {
    // Prepare
    const stats = new SpanStats();

    // Act
    for (let i = 1; i <= 100; i++) stats.add(span('cache.l2', i / 10));
    for (let i = 1; i <= 20; i++) stats.add(span('model.goals', 10 + i, 't', { error: i === 1 }));
    stats.add(span('## price', 50));
    stats.add(span('opinion.get', 1));

    // Assess
    const rows = stats.rows();
    expect(rows.map((r) => r.name)).toEqual(['opinion.get', 'cache.l2', 'model.goals', '## price']);
    expect(rows[1]).toMatchObject({ count: 100, p50Ms: 5, p95Ms: 9.5, maxMs: 10 });
    expect(rows[2]).toMatchObject({ count: 20, p50Ms: 20, p95Ms: 29, errors: 1 });
    expect(renderSpanTable(rows).split('\n')).toHaveLength(6);
  });

  it('shows where the slowest requests spent their time', () => {
    // Prepare
    const stats = new SpanStats();
    stats.add(span('## price', 3, 'fast'));
    stats.add(span('cache.l1', 0.1, 'fast'));
    stats.add(span('## price', 40, 'slow', { annotations: { cacheSource: 'COMPUTED', fixtureId: 'f1' } }));
    stats.add(span('cache.l2', 1.5, 'slow', { startTime: 1 }));
    stats.add(span('model.goals', 30, 'slow', { startTime: 2 }));

    // Act
    const slowest = stats.slowest(1);

    // Assess
    expect(slowest).toEqual([
      {
        traceId: 'slow',
        rootName: '## price',
        totalMs: 40,
        annotations: { cacheSource: 'COMPUTED', fixtureId: 'f1' },
        parts: [
          { name: 'cache.l2', durationMs: 1.5 },
          { name: 'model.goals', durationMs: 30 },
        ],
      },
    ]);
    expect(renderSlowest(slowest)).toContain('cacheSource=COMPUTED');
  });

  it('bounds memory with a reservoir but keeps the true count', () => {
    // Prepare
    const stats = new SpanStats({ maxPerName: 50 });

    // Act
    for (let i = 0; i < 1000; i++) stats.add(span('cache.l1', 1, `t${i}`));

    // Assess
    expect(stats.rows()[0]!.count).toBe(1000);
    expect(stats.spanCount).toBe(1000);
  });
});
