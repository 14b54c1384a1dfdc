import { DaemonProtocolError, flattenSpans, parseDaemonMessage } from '../../src/parseDaemonMessage';

const HEADER = '{"format":"json","version":1}';

describe('parseDaemonMessage', () => {
  it('reads the segment after the protocol header line', () => {
    // Act
    const doc = parseDaemonMessage(
      Buffer.from(`${HEADER}\n{"name":"cache.l2","id":"a1","start_time":1.5,"end_time":1.502}`),
    );

    // Assess
    expect(doc).toEqual({ name: 'cache.l2', id: 'a1', start_time: 1.5, end_time: 1.502 });
  });

  it.each([
    ['no header line', '{"name":"x"}'],
    ['a header of another format', '{"format":"proto","version":1}\n{}'],
    ['a header of another version', '{"format":"json","version":2}\n{}'],
    ['a body that is not JSON', `${HEADER}\n{"name":`],
    ['a body that is not an object', `${HEADER}\n[1,2]`],
  ])('rejects a datagram with %s', (_what, text) => {
    expect(() => parseDaemonMessage(text)).toThrow(DaemonProtocolError);
  });
});

describe('flattenSpans', () => {
  it('walks nested subsegments, inheriting the trace id, and measures each in ms', () => {
    // Prepare: a full segment as a non-Lambda SDK sends it
    const doc = {
      name: 'pricing',
      id: 'root',
      trace_id: '1-abc-def',
      start_time: 100,
      end_time: 100.02,
      subsegments: [
        { name: 'opinion.get', id: 's1', start_time: 100.001, end_time: 100.003 },
        {
          name: 'compute',
          id: 's2',
          start_time: 100.004,
          end_time: 100.019,
          subsegments: [
            { name: 'model.goals', id: 's3', start_time: 100.004, end_time: 100.012, fault: true },
          ],
        },
      ],
    };

    // Act
    const spans = flattenSpans(doc);

    // Assess
    expect(spans.map((s) => s.name)).toEqual(['pricing', 'opinion.get', 'compute', 'model.goals']);
    expect(spans.every((s) => s.traceId === '1-abc-def')).toBe(true);
    expect(spans[3]!.parentId).toBe('s2');
    expect(spans[3]!.durationMs).toBeCloseTo(8, 6);
    expect(spans[3]!.error).toBe(true);
  });

  it('skips in-progress documents (their closed version follows)', () => {
    expect(flattenSpans({ name: 'x', start_time: 1, in_progress: true })).toEqual([]);
  });
});
