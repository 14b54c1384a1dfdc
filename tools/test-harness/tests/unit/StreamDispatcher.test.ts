import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  InProcessFunction,
  PRIMER_STREAM_MAPPING,
  StreamDispatcher,
  toStreamRecord,
  type DroppedBatch,
  type StreamMapping,
} from '../../src';

/** What the stand-in stream function does with one record: succeed, report it failed, or throw for the batch. */
type Verdict = 'ok' | 'report' | 'throw';

const idOf = (r: DynamoDBRecord): string => r.dynamodb!.Keys!.fixtureId!.S!;
const versionOf = (r: DynamoDBRecord): number => Number(r.dynamodb!.NewImage!.v!.N);
const record = (fixtureId: string, v = 1) => toStreamRecord({ fixtureId, v }, 'INSERT');

/**
 * A real stream handler run in process: it records every batch it sees (as `id@version` lists) and answers each record
 * by `verdictOf(id, how many times it has seen this record)`.
 */
function streamFunction(verdictOf: (label: string, seen: number) => Verdict) {
  const batches: string[][] = [];
  const seen = new Map<string, number>();
  const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const labels = event.Records.map((r) => `${idOf(r)}@${versionOf(r)}`);
    batches.push(labels);
    const failures: { itemIdentifier: string }[] = [];
    for (const [i, r] of event.Records.entries()) {
      const n = (seen.get(labels[i]!) ?? 0) + 1;
      seen.set(labels[i]!, n);
      const verdict = verdictOf(labels[i]!, n);
      if (verdict === 'throw') return Promise.reject(new Error(`cannot process ${labels[i]}`));
      if (verdict === 'report') failures.push({ itemIdentifier: r.dynamodb!.SequenceNumber! });
    }
    return Promise.resolve({ batchItemFailures: failures });
  };
  return { target: new InProcessFunction({ name: 'primer' }, handler), batches };
}

const ONE_LANE: StreamMapping = { ...PRIMER_STREAM_MAPPING, parallelizationFactor: 1 };
const noWait = () => Promise.resolve();

describe('StreamDispatcher', () => {
  it('delivers a record, and batches what is published while a batch runs (at most batchSize)', async () => {
    // Prepare
    const fn = streamFunction(() => 'ok');
    const stream = new StreamDispatcher({ target: fn.target, mapping: { ...ONE_LANE, batchSize: 3 } });

    // Act
    const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => stream.publish(record(id))));

    // Assess
    expect(outcomes).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
    expect(fn.batches).toEqual([['a@1'], ['b@1', 'c@1', 'd@1'], ['e@1']]);
    expect(stream.stats()).toMatchObject({
      published: 5,
      delivered: 5,
      dropped: 0,
      invocations: 3,
      retries: 0,
    });
  });

  it('retries from the first reported batch item failure: earlier records are done, the rest go again in order', async () => {
    // Prepare: b fails once (reported), then succeeds
    const fn = streamFunction((label, seen) => (label === 'b@1' && seen === 1 ? 'report' : 'ok'));
    const stream = new StreamDispatcher({ target: fn.target, mapping: ONE_LANE, sleep: noWait });

    // Act
    const first = stream.publish(record('x'));
    const rest = ['a', 'b', 'c'].map((id) => stream.publish(record(id)));
    await Promise.all([first, ...rest]);

    // Assess
    expect(fn.batches).toEqual([['x@1'], ['a@1', 'b@1', 'c@1'], ['b@1', 'c@1']]);
    expect(stream.stats()).toMatchObject({ delivered: 4, retries: 1, bisections: 0, dropped: 0 });
  });

  it('bisects a batch on a function error until the poison record is alone, then drops it after its last attempt', async () => {
    // Prepare
    const dropped: DroppedBatch[] = [];
    const fn = streamFunction((label) => (label === 'c@1' ? 'throw' : 'ok'));
    const stream = new StreamDispatcher({
      target: fn.target,
      mapping: ONE_LANE,
      sleep: noWait,
      onDropped: (d) => dropped.push(d),
    });

    // Act
    const head = stream.publish(record('head'));
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((id) => stream.publish(record(id))));
    await head;

    // Assess: [a b c d] → [a b] ok, [c d] → [c] × the remaining attempts, then [d]
    expect(outcomes).toEqual(['delivered', 'delivered', 'dropped', 'delivered']);
    expect(fn.batches.slice(1, 4)).toEqual([
      ['a@1', 'b@1', 'c@1', 'd@1'],
      ['a@1', 'b@1'],
      ['c@1', 'd@1'],
    ]);
    const attemptsOnC = fn.batches.filter((b) => b.includes('c@1')).length;
    expect(attemptsOnC).toBe(1 + PRIMER_STREAM_MAPPING.retryAttempts);
    expect(fn.batches.at(-1)).toEqual(['d@1']);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.records.map(idOf)).toEqual(['c']);
    expect(dropped[0]!.attempts).toBe(1 + PRIMER_STREAM_MAPPING.retryAttempts);
    expect(dropped[0]!.reason).toContain('cannot process c@1');
  });

  it('without bisection retries the whole batch and drops all of it when the attempts run out', async () => {
    // Prepare
    const dropped: DroppedBatch[] = [];
    const fn = streamFunction((label) => (label === 'b@1' ? 'throw' : 'ok'));
    const stream = new StreamDispatcher({
      target: fn.target,
      mapping: { ...ONE_LANE, bisectBatchOnError: false, retryAttempts: 2 },
      sleep: noWait,
      onDropped: (d) => dropped.push(d),
    });

    // Act
    const head = stream.publish(record('head'));
    const outcomes = await Promise.all(['a', 'b'].map((id) => stream.publish(record(id))));
    await head;

    // Assess
    expect(outcomes).toEqual(['dropped', 'dropped']);
    expect(fn.batches.slice(1)).toEqual([
      ['a@1', 'b@1'],
      ['a@1', 'b@1'],
      ['a@1', 'b@1'],
    ]);
    expect(dropped.map((d) => [d.records.map(idOf), d.attempts])).toEqual([[['a', 'b'], 3]]);
    expect(stream.stats()).toMatchObject({ delivered: 1, dropped: 2, retries: 2, invocations: 4 });
  });

  it("keeps each key's order: a later version waits for the earlier one's retries, and never overtakes it", async () => {
    // Prepare: version 1 of f fails twice (reported) before it succeeds
    const fn = streamFunction((label, seen) => (label === 'f@1' && seen <= 2 ? 'report' : 'ok'));
    const stream = new StreamDispatcher({ target: fn.target, sleep: noWait });

    // Act
    await Promise.all([1, 2, 3].map((v) => stream.publish(record('f', v))));

    // Assess
    const order = fn.batches.flat().filter((l) => l.startsWith('f@'));
    const lastOfV1 = order.lastIndexOf('f@1');
    expect(order.indexOf('f@2')).toBeGreaterThan(lastOfV1);
    expect(order.indexOf('f@3')).toBeGreaterThan(order.indexOf('f@2'));
    expect(stream.stats()).toMatchObject({ delivered: 3, retries: 2, dropped: 0 });
  });

  it('runs different keys in up to parallelizationFactor concurrent batches', async () => {
    // Prepare: a handler that holds each batch until two are in flight (or gives up after a bounded wait)
    let inFlight = 0;
    let maxInFlight = 0;
    let bothInFlight: () => void = () => undefined;
    const both = new Promise<void>((r) => (bothInFlight = r));
    const target = new InProcessFunction({ name: 'primer' }, async (_event: DynamoDBStreamEvent) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (inFlight === 2) bothInFlight();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([both, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
      inFlight--;
      return { batchItemFailures: [] };
    });
    const stream = new StreamDispatcher({
      target,
      mapping: { ...PRIMER_STREAM_MAPPING, parallelizationFactor: 2 },
    });
    // Keys that hash to both lanes of two.
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];

    // Act
    await Promise.all(keys.map((k) => stream.publish(record(k))));

    // Assess
    expect(maxInFlight).toBe(2);
    expect(stream.stats().delivered).toBe(keys.length);
  });

  it('refuses a mapping it cannot run', () => {
    // Prepare
    const fn = streamFunction(() => 'ok');

    // Act
    const make = () => new StreamDispatcher({ target: fn.target, mapping: { ...ONE_LANE, batchSize: 0 } });

    // Assess
    expect(make).toThrow(RangeError);
  });
});
